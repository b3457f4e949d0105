import { VOID } from './java-list-methods.ts'
import { javaEquals } from './java-equals.ts'
import { javaToString } from './java-to-string.ts'
import {
  type PlainMap, mapEntries, mapGet, mapHas, mapKeys, mapPut, mapRemove, mapSize, mapValues,
} from './java-map.ts'

/** java.util.LinkedHashMap's methods. Returns undefined when Map has no such method/arity. */
export function callMapMethod(map: PlainMap | Map<unknown, unknown>, name: string, args: unknown[]): unknown {
  const n = args.length
  const a = args[0]
  const b = args[1]
  switch (name) {
    case 'get': return n === 1 ? mapGet(map, a) : undefined
    case 'getOrDefault': return n === 2 ? (mapHas(map, a) ? mapGet(map, a) : b) : undefined
    case 'put': return n === 2 ? mapPut(map, a, b) : undefined
    case 'putIfAbsent': {
      if (n !== 2) return undefined
      const current = mapGet(map, a)
      if (current == null) mapPut(map, a, b)
      return current
    }
    case 'containsKey': return n === 1 ? mapHas(map, a) : undefined
    case 'containsValue': return n === 1 ? mapValues(map).some((v) => javaEquals(v, a)) : undefined
    case 'keySet': return n === 0 ? mapKeys(map) : undefined
    case 'values': return n === 0 ? mapValues(map) : undefined
    case 'entrySet': return n === 0 ? mapEntries(map) : undefined
    case 'size': return n === 0 ? mapSize(map) : undefined
    case 'isEmpty': return n === 0 ? mapSize(map) === 0 : undefined
    case 'remove': return n === 1 ? mapRemove(map, a) : undefined
    case 'putAll': {
      if (n !== 1 || typeof a !== 'object' || a === null || Array.isArray(a)) return undefined
      const source = a as PlainMap | Map<unknown, unknown>
      for (const k of mapKeys(source)) mapPut(map, k, mapGet(source, k))
      return VOID
    }
    case 'clear':
      if (n !== 0) return undefined
      for (const k of mapKeys(map)) mapRemove(map, k)
      return VOID
    case 'toString': return n === 0 ? javaToString(map) : undefined
    case 'equals': return n === 1 ? javaEquals(map, a) : undefined
  }
  return undefined
}
