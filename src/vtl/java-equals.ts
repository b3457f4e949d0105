import { JavaDouble, isJavaNumber, numberValue } from './java-double.ts'
import { isJavaMap, mapGet, mapHas, mapKeys } from './java-map.ts'
import { javaToString } from './java-to-string.ts'
import { VtlLimitError } from './errors.ts'

type JavaClass = 'null' | 'string' | 'integer' | 'double' | 'boolean' | 'list' | 'map' | 'object'

function classOf(v: unknown): JavaClass {
  if (v == null) return 'null'
  if (typeof v === 'string') return 'string'
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'double'
  if (v instanceof JavaDouble) return 'double'
  if (typeof v === 'boolean') return 'boolean'
  if (Array.isArray(v)) return 'list'
  if (isJavaMap(v)) return 'map'
  return 'object'
}

/** Values compared by one equals(): shared sublists make naive deep equality exponential. */
const MAX_VISITS = 5_000_000
let visits = 0

/** `Object.equals`: what `List.contains`, `Map.containsValue` and `.equals()` use. */
export function javaEquals(a: unknown, b: unknown, depth = 0): boolean {
  if (a === b) return true
  if (depth === 0) visits = 0
  else if (++visits > MAX_VISITS) throw new VtlLimitError(`structures too large to compare (more than ${MAX_VISITS} values)`)
  const ca = classOf(a)
  if (ca !== classOf(b)) return false
  switch (ca) {
    case 'null': return true
    case 'integer':
    case 'double': return numberValue(a as number) === numberValue(b as number)
    case 'list': {
      const x = a as unknown[]
      const y = b as unknown[]
      if (x.length !== y.length || depth > 1000) return false
      for (let i = 0; i < x.length; i++) if (!javaEquals(x[i], y[i], depth + 1)) return false
      return true
    }
    case 'map': {
      const x = a as Record<string, unknown>
      const y = b as Record<string, unknown>
      const keys = mapKeys(x)
      if (keys.length !== mapKeys(y).length || depth > 1000) return false
      for (const k of keys) if (!mapHas(y, k) || !javaEquals(mapGet(x, k), mapGet(y, k), depth + 1)) return false
      return true
    }
    default: return false
  }
}

/**
 * Velocity's `==` (ASTEQNode): numbers compare by value across Integer/Double, values of
 * the same class use equals(), anything else compares toString(); null equals only null.
 */
export function velocityEquals(a: unknown, b: unknown): boolean {
  if (isJavaNumber(a) && isJavaNumber(b)) return numberValue(a) === numberValue(b) || (Number.isNaN(numberValue(a)) && Number.isNaN(numberValue(b)))
  if (a == null || b == null) return a == null && b == null
  const ca = classOf(a)
  if (ca === classOf(b) && ca !== 'object') return javaEquals(a, b)
  if (ca === 'object' && typeof a === 'object' && typeof b === 'object' && Object.getPrototypeOf(a) === Object.getPrototypeOf(b)) {
    return a === b
  }
  return javaToString(a) === javaToString(b)
}
