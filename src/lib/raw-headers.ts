/** Readers of Node's rawHeaders (names and values alternating, as sent): no header map is built. */

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
