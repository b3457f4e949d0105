/**
 * `$input`: the payload and the method request's parameters, as a Java bean for the VTL engine
 * (`$input.body` reads the property, `$input.json('$.a')` calls the method).
 *
 * Verified against AWS (api-gateway-mapping-template-reference, "$input Variables",
 * docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html):
 * - `json(x)` returns the JSONPath result as a JSON string (strings come back quoted);
 * - `path(x)` returns the result as a native Map/List/String/Number usable in VTL;
 * - `params(x)` searches path, then query string, then header;
 * - `params()` is a map of `path`, `header`, `querystring` maps (the doc's example output lists
 *   them in that order).
 * Recorded against AWS (LocalStack `test_input_path_template_formatting` snapshot, 2025-06-18):
 * `$input.path` of a missing path, or of a JSON `null`, renders blank and compares equal to both
 * `$null` and `""`; we return `null` and leave blank rendering to the engine.
 * Not recorded (LocalStack emulation, unsure): `$input.json` of a missing path is `""`.
 * A missing `params(x)` is the empty string: templates in the wild guard it with
 * `#if($p && $p.length() != 0)` (qiita.com/hellscare/items/e0ba2e971be71f49ad54).
 */
import type { MultiMap } from '../../lib/multi-map.ts'
import type { RequestContext } from '../../gateway/types.ts'
import { mapPut } from '../java-map.ts'
import { activeBudget, type RenderBudget } from '../render-budget.ts'
import { VtlLimitError } from '../errors.ts'
import { compileJsonPath } from './json-path.ts'
import { NOT_JSON, parseJsonBody, presentedBody } from './json-body.ts'
import { toTemplateValue } from './json-list.ts'

export interface TemplateParams {
  path: Record<string, string>
  header: Record<string, string>
  querystring: Record<string, string>
}

export class TemplateInput {
  /** the raw payload; an empty payload reads as `{}` */
  readonly body: string
  readonly #raw: string
  #params: TemplateParams | (() => TemplateParams)
  #root: unknown = undefined
  #parsed = false

  /** `params`, or a function that builds them on the first `params()` call */
  constructor(body: string, params: TemplateParams | (() => TemplateParams)) {
    this.#raw = body
    this.body = presentedBody(body)
    this.#params = params
  }

  /** The method request's parameters: path parameters, last value of each query and header. */
  static fromRequest(ctx: RequestContext, body: string): TemplateInput {
    // most templates never call params(): copy the request's maps only when one does
    return new TemplateInput(body, () => requestParams(ctx))
  }

  /** JSONPath → JSON text; `""` when nothing matches. */
  json(path: string): string {
    const budget = activeBudget()
    const value = this.#evaluate(path, budget)
    return value === undefined ? '""' : jsonText(value, budget)
  }

  /** JSONPath → native value (a fresh copy for maps and lists); null when nothing matches. */
  path(path: string): unknown {
    const budget = activeBudget()
    const value = this.#evaluate(path, budget)
    return value === undefined ? null : toTemplateValue(value, budget)
  }

  params(): TemplateParams
  params(name: string): string
  params(name?: string): TemplateParams | string {
    if (typeof this.#params === 'function') this.#params = this.#params()
    const p = this.#params
    if (name === undefined || name === null) {
      return { path: { ...p.path }, header: { ...p.header }, querystring: { ...p.querystring } }
    }
    const key = String(name)
    return own(p.path, key) ?? own(p.querystring, key) ?? own(p.header, key) ?? headerIgnoringCase(p.header, key) ?? ''
  }

  #evaluate(path: string, budget: RenderBudget): unknown {
    if (!this.#parsed) {
      budget.spendChars(this.#raw.length)
      this.#root = parseJsonBody(this.#raw)
      this.#parsed = true
    }
    const compiled = compileJsonPath(String(path ?? '$'))
    if (this.#root === NOT_JSON) return undefined
    return compiled.evaluate(this.#root, budget)
  }
}

/**
 * `JSON.stringify(value)`, held to the render's maxOutputBytes as it grows: a list of matches
 * (`$..*` lists every subtree, each holding the next) is written match by match, so its text
 * stops at the bound instead of being built whole.
 */
function jsonText(value: unknown, budget: RenderBudget): string {
  if (!Array.isArray(value)) return budget.string(JSON.stringify(value))
  const max = budget.limits.maxOutputBytes
  let text = '['
  for (let i = 0; i < value.length; i++) {
    const item = JSON.stringify(value[i]) ?? 'null'
    budget.spendChars(item.length)
    if (text.length + item.length + 2 > max) throw new VtlLimitError(`$input.json result longer than ${max} characters`)
    text += (i === 0 ? '' : ',') + item
  }
  return text + ']'
}

function own(map: Record<string, string>, key: string): string | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined
}

/** Headers are case-insensitive in HTTP; an exact match wins, then any spelling (unsure for AWS). */
function headerIgnoringCase(headers: Record<string, string>, name: string): string | undefined {
  const lower = name.toLowerCase()
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === lower) return value
  return undefined
}

export function requestParams(ctx: RequestContext): TemplateParams {
  return { path: { ...ctx.pathParameters }, header: lastValues(ctx.headers), querystring: lastValues(ctx.query) }
}

function lastValues(map: MultiMap): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, values] of map.entries()) mapPut(out, name, values[values.length - 1] ?? '')
  return out
}
