/** A case-insensitive multi-valued map that remembers the first spelling of each name. */
export interface MultiMap {
  /** last value (AWS's single-value view), or undefined */
  get(name: string): string | undefined
  getAll(name: string): string[]
  has(name: string): boolean
  /** [original-case name, values] in first-seen order */
  entries(): Iterable<[string, string[]]>
}

/**
 * Case-insensitive multi-valued map that keeps the first spelling of each name, for headers
 * (and, with `caseSensitive`, query strings, whose names AWS treats case-sensitively).
 */
export class HeaderMap implements MultiMap {
  /** made on the first name added: most maps built per request (parameter mappings without headers) stay empty */
  #entries: Map<string, [string, string[]]> | undefined = undefined
  readonly #fold: (name: string) => string

  constructor(caseSensitive = false) {
    this.#fold = caseSensitive ? sameName : lowerName
  }

  /** From Node's rawHeaders ([name, value, name, value, …]). */
  static fromRaw(raw: readonly string[]): HeaderMap {
    const map = new HeaderMap()
    for (let i = 0; i + 1 < raw.length; i += 2) map.append(raw[i]!, raw[i + 1]!)
    return map
  }

  append(name: string, value: string): void {
    const key = this.#fold(name)
    const entries = (this.#entries ??= new Map())
    const entry = entries.get(key)
    if (entry) entry[1].push(value)
    else entries.set(key, [name, [value]])
  }

  set(name: string, value: string): void {
    const key = this.#fold(name)
    const entries = (this.#entries ??= new Map())
    const entry = entries.get(key)
    if (entry) entry[1] = [value]
    else entries.set(key, [name, [value]])
  }

  delete(name: string): void {
    this.#entries?.delete(this.#fold(name))
  }

  get(name: string): string | undefined {
    const values = this.#entries?.get(this.#fold(name))?.[1]
    return values?.[values.length - 1]
  }

  getAll(name: string): string[] {
    return this.#entries?.get(this.#fold(name))?.[1] ?? []
  }

  has(name: string): boolean {
    return this.#entries?.has(this.#fold(name)) === true
  }

  /** no names yet */
  get empty(): boolean {
    return this.#entries === undefined || this.#entries.size === 0
  }

  *entries(): Iterable<[string, string[]]> {
    if (this.#entries === undefined) return
    for (const [name, values] of this.#entries.values()) yield [name, values]
  }
}

function sameName(name: string): string {
  return name
}

function lowerName(name: string): string {
  return name.toLowerCase()
}

/** Parses a raw query string (no `?`) into a case-sensitive multi-map, decoding `+` and %XX. */
export function parseQuery(raw: string): HeaderMap {
  const map = new HeaderMap(true)
  if (raw === '') return map
  for (const pair of raw.split('&')) {
    if (pair === '') continue
    const eq = pair.indexOf('=')
    const name = decodeComponent(eq < 0 ? pair : pair.slice(0, eq))
    const value = eq < 0 ? '' : decodeComponent(pair.slice(eq + 1))
    map.append(name, value)
  }
  return map
}

function decodeComponent(s: string): string {
  const plus = s.includes('+') ? s.replace(/\+/g, ' ') : s
  if (!plus.includes('%')) return plus
  try {
    return decodeURIComponent(plus)
  } catch {
    return plus
  }
}
