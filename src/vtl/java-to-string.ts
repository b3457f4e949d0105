import { JavaDouble, javaDoubleToString, javaIntegerToString } from './java-double.ts'
import { MapEntry, isPlainMap, mapKeys, mapGet } from './java-map.ts'
import { VtlLimitError, VtlRuntimeError } from './errors.ts'
import { currentBudget } from './render-budget.ts'

/** Deep enough for real data, shallow enough to stop a self-referencing structure. */
const MAX_NESTING = 1000
/** Values visited by one toString: a list holding the same list twice, 40 levels deep, is 2^40. */
const MAX_VISITS = 5_000_000
let visits = 0

/** Anything that renders itself (a `#define` block, a block macro body). */
export interface Renderable { renderToString(): string }

export function isRenderable(value: unknown): value is Renderable {
  return typeof value === 'object' && value !== null && typeof (value as Renderable).renderToString === 'function'
}

/** `String.valueOf(value)` as Java would print it: `[a, b]`, `{k=v}`, `1.0E10`, `null`. */
export function javaToString(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number') {
    if ((value | 0) === value) return '' + value // int32 fast path (also -0 → "0")
    return Number.isInteger(value) ? javaIntegerToString(value) : javaDoubleToString(value)
  }
  visits = 0
  const text = stringify(value, 0, null)
  currentBudget()?.spend(visits)
  return text
}

function stringify(value: unknown, depth: number, container: unknown): string {
  switch (typeof value) {
    case 'string': return value
    case 'number': return Number.isInteger(value) ? javaIntegerToString(value) : javaDoubleToString(value)
    case 'boolean': return value ? 'true' : 'false'
    case 'undefined': return 'null'
    case 'bigint': return value.toString()
    case 'symbol': return value.toString()
    case 'function': return 'null'
  }
  if (value === null) return 'null'
  if (depth > MAX_NESTING) throw new VtlRuntimeError('structure nested too deeply to print (cycle?)')
  if (++visits > MAX_VISITS) throw new VtlLimitError(`structure too large to print (more than ${MAX_VISITS} values)`)
  if (value instanceof JavaDouble) return javaDoubleToString(value.value)
  if (Array.isArray(value)) {
    // a list type from a binding may print itself (AWS's $input.path lists print as JSON)
    if (value.toString !== Array.prototype.toString) return String(value.toString())
    if (value.length === 0) return '[]'
    let s = '['
    for (let i = 0; i < value.length; i++) {
      if (i > 0) s += ', '
      const item = value[i]
      s += item === value ? '(this Collection)' : stringify(item, depth + 1, value)
    }
    return s + ']'
  }
  if (value instanceof Map || isPlainMap(value as object)) {
    const map = value as Record<string, unknown> | Map<unknown, unknown>
    const parts: string[] = []
    for (const k of mapKeys(map)) {
      const v = mapGet(map, k)
      parts.push(`${k === value ? '(this Map)' : stringify(k, depth + 1, value)}=${v === value ? '(this Map)' : stringify(v, depth + 1, value)}`)
    }
    return `{${parts.join(', ')}}`
  }
  if (value instanceof MapEntry) return `${stringify(value.key, depth + 1, container)}=${stringify(value.value, depth + 1, container)}`
  if (value instanceof Set) return stringify([...value], depth, container)
  if (isRenderable(value)) return value.renderToString()
  const own = (value as { toString?: unknown }).toString
  if (typeof own === 'function' && own !== Object.prototype.toString) return String(own.call(value))
  return `${(value as object).constructor?.name ?? 'Object'}@${hashHex(value as object)}`
}

const ids = new WeakMap<object, number>()
let nextId = 0x1b6d3586
function hashHex(o: object): string {
  let id = ids.get(o)
  if (id === undefined) { id = nextId = (nextId * 31 + 7) >>> 0; ids.set(o, id) }
  return id.toString(16)
}
