/** The cursor shared by the JSONPath parser and its filter-expression parser. */

export class JsonPathError extends Error {
  override name = 'JsonPathError'
}

export class Scanner {
  constructor(
    readonly text: string,
    public pos: number,
  ) {}
  done(): boolean {
    return this.pos >= this.text.length
  }
  peek(offset = 0): string {
    return this.text[this.pos + offset] ?? ''
  }
  startsWith(token: string): boolean {
    return this.text.startsWith(token, this.pos)
  }
  skipSpaces(): void {
    while (this.peek() === ' ') this.pos++
  }
  fail(message: string): never {
    throw new JsonPathError(`${message} at position ${this.pos} in path ${this.text}`)
  }
}

export function readQuoted(s: Scanner): string {
  const quote = s.peek()
  s.pos++
  let out = ''
  while (!s.done() && s.peek() !== quote) {
    if (s.peek() === '\\' && s.pos + 1 < s.text.length) s.pos++
    out += s.peek()
    s.pos++
  }
  if (s.done()) s.fail('Unterminated quoted name')
  s.pos++
  return out
}

