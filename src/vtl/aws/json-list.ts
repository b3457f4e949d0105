/**
 * Lists from `$input.path` print as JSON, maps as Java's `{k=v}`: AWS renders
 * `$input.path('$.json')` as `[{"foo":"bar"}]` for a list, `{foo=bar}` for a map and
 * `{foo=[{"nested":"bar"}]}` for a map holding a list (AWS-recorded, LocalStack
 * `test_input_path_template_formatting` snapshot, 2025-06-18): the lists behave like
 * json-smart's `JSONArray`, whose `toString()` is its JSON text.
 * A `JsonList` is an ordinary array (Velocity's List methods work on it) that carries that
 * `toString()`; the engine prints an array through its own `toString` when it has one.
 */
import { mapPut } from '../java-map.ts'
import type { RenderBudget } from '../render-budget.ts'

export class JsonList extends Array<unknown> {
  override toString(): string {
    return JSON.stringify(this)
  }
}

/** A fresh copy of parsed JSON in which every list is a JsonList; each value copied costs a step of `budget`. */
export function toTemplateValue(value: unknown, budget: RenderBudget): unknown {
  budget.spend(1)
  if (Array.isArray(value)) {
    const list = new JsonList()
    for (const item of value) list.push(toTemplateValue(item, budget))
    return list
  }
  if (typeof value === 'object' && value !== null) {
    const map: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) mapPut(map, key, toTemplateValue(item, budget))
    return map
  }
  return value
}
