/** Readers of Node's rawHeaders (names and values alternating, as sent): no header map is built. */
import { HeaderMap, type MultiMap } from './multi-map.ts'

/** The first value of a header, as `req.headers` keeps it for `host` and `content-length`. */
export function firstRawHeader(raw: readonly string[], lowerName: string): string | undefined {
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!
    if (name.length === lowerName.length && name.toLowerCase() === lowerName) return raw[i + 1]
  }
  return undefined
}

/** The last value of a header, as `HeaderMap.get` would return it. */
export function lastRawHeader(raw: readonly string[], lowerName: string): string | undefined {
  let value: string | undefined
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!
    if (name.length === lowerName.length && name.toLowerCase() === lowerName) value = raw[i + 1]
  }
  return value
}

/**
 * Request headers as a MultiMap read straight from rawHeaders: `get`, `getAll` and `has` scan the
 * list (a request has a handful of headers, and most requests ask for one or two), and the
 * HeaderMap of `entries()` is built only when something lists them all.
 */
export class RawHeaderMap implements MultiMap {
  readonly #raw: readonly string[]
  #map: HeaderMap | undefined = undefined

  constructor(raw: readonly string[]) {
    this.#raw = raw
  }

  get(name: string): string | undefined {
    return lastRawHeader(this.#raw, name.toLowerCase())
  }

  getAll(name: string): string[] {
    const lower = name.toLowerCase()
    const raw = this.#raw
    const values: string[] = []
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const each = raw[i]!
      if (each.length === lower.length && each.toLowerCase() === lower) values.push(raw[i + 1]!)
    }
    return values
  }

  has(name: string): boolean {
    return firstRawHeader(this.#raw, name.toLowerCase()) !== undefined
  }

  entries(): Iterable<[string, string[]]> {
    return (this.#map ??= HeaderMap.fromRaw(this.#raw)).entries()
  }
}
