/**
 * Java Maps are plain JS objects (prototype Object.prototype or null) or JS `Map`s.
 * Plain-object keys are strings, so a key is stored under its Java toString.
 */
export type PlainMap = Record<string, unknown>

export function isPlainMap(value: object): value is PlainMap {
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

export function isJavaMap(value: unknown): value is PlainMap | Map<unknown, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && (value instanceof Map || isPlainMap(value))
}

export function newMap(): PlainMap {
  return Object.create(null) as PlainMap
}

export function keyString(key: unknown): string {
  return typeof key === 'string' ? key : String(key)
}

export function mapGet(map: PlainMap | Map<unknown, unknown>, key: unknown): unknown {
  if (map instanceof Map) return map.get(key) ?? null
  const k = keyString(key)
  return Object.hasOwn(map, k) ? (map[k] ?? null) : null
}

export function mapHas(map: PlainMap | Map<unknown, unknown>, key: unknown): boolean {
  return map instanceof Map ? map.has(key) : Object.hasOwn(map, keyString(key))
}

/** Writes a key the way Map.put does; never touches a prototype (`__proto__` is a key like any other). */
export function mapPut(map: PlainMap | Map<unknown, unknown>, key: unknown, value: unknown): unknown {
  const previous = mapGet(map, key)
  if (map instanceof Map) map.set(key, value)
  else {
    const k = keyString(key)
    if (k === '__proto__' || !Object.hasOwn(map, k)) {
      Object.defineProperty(map, k, { value, writable: true, enumerable: true, configurable: true })
    } else map[k] = value
  }
  return previous
}

export function mapRemove(map: PlainMap | Map<unknown, unknown>, key: unknown): unknown {
  const previous = mapGet(map, key)
  if (map instanceof Map) map.delete(key)
  else delete map[keyString(key)]
  return previous
}

export function mapKeys(map: PlainMap | Map<unknown, unknown>): unknown[] {
  return map instanceof Map ? [...map.keys()] : Object.keys(map)
}

export function mapValues(map: PlainMap | Map<unknown, unknown>): unknown[] {
  return map instanceof Map ? [...map.values()] : Object.values(map)
}

export function mapSize(map: PlainMap | Map<unknown, unknown>): number {
  return map instanceof Map ? map.size : Object.keys(map).length
}

/** A `Map.Entry`: `$e.key`/`$e.value` and `$e.getKey()`/`$e.getValue()`. */
export class MapEntry {
  constructor(readonly key: unknown, public value: unknown, private readonly map: PlainMap | Map<unknown, unknown>) {}
  getKey(): unknown { return this.key }
  getValue(): unknown { return this.value }
  setValue(value: unknown): unknown {
    const previous = this.value
    this.value = value
    mapPut(this.map, this.key, value)
    return previous
  }
}

export function mapEntries(map: PlainMap | Map<unknown, unknown>): MapEntry[] {
  return mapKeys(map).map((k) => new MapEntry(k, mapGet(map, k), map))
}
