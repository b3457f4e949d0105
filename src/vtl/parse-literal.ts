import type { Expression } from './ast.ts'
import { SourceCursor } from './source-cursor.ts'
import { parseReference } from './parse-reference.ts'
import { parseNodes } from './parser.ts'

/** Whitespace of the DIRECTIVE / REFMOD2 lexer states. */
export function skipSpace(cur: SourceCursor): void {
  const src = cur.src
  let p = cur.pos
  for (;;) {
    const c = src.charCodeAt(p)
    if (c === 32 || c === 9 || c === 10 || c === 13) p++
    else break
  }
  cur.pos = p
}

const INTEGER_BEFORE_RANGE = /-?\d+(?=\.\.)/y
const FLOAT = /-?(?:\d+\.\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+)/y
const INTEGER = /-?\d+/y

export function startsNumber(cur: SourceCursor): boolean {
  let c = cur.peek()
  if (c === '-') c = cur.peek(1) === '.' ? cur.peek(2) : cur.peek(1)
  else if (c === '.') c = cur.peek(1)
  return c >= '0' && c <= '9'
}

/** Integer or floating-point literal; JavaCC takes the longest match, and `1..` is an integer. */
export function parseNumber(cur: SourceCursor): Expression {
  const start = cur.pos
  const beforeRange = cur.match(INTEGER_BEFORE_RANGE)
  if (beforeRange === null) {
    const float = cur.match(FLOAT)
    if (float !== null) {
      cur.pos = start + float[0].length
      return { kind: 'float', value: Number(float[0]) }
    }
  }
  const int = beforeRange ?? cur.match(INTEGER)
  if (int === null) cur.fail('expected a number')
  cur.pos = start + int[0].length
  return { kind: 'integer', value: Number(int[0]) }
}

/** A string literal: `"…"` is interpolated as a template, `'…'` is not. */
export function parseString(cur: SourceCursor): Expression {
  const start = cur.pos
  const quote = cur.peek()
  const src = cur.src
  let p = start + 1
  for (;;) {
    const q = src.indexOf(quote, p)
    if (q < 0) cur.fail('unterminated string literal', start)
    if (src.charAt(q + 1) === quote) { p = q + 2; continue }
    p = q
    break
  }
  cur.pos = p + 1
  let image = src.slice(start + 1, p)
  if (quote === '"') image = unescapeUnicode(cur, image, start)
  image = image.split(quote + quote).join(quote)
  if (quote === "'" || (image.indexOf('$') < 0 && image.indexOf('#') < 0)) {
    return { kind: 'string', value: image, template: null, trimLast: false }
  }
  // Velocity parses the literal as a template with a space appended (unless it holds `##`),
  // then drops the last character of the output.
  const hasLineComment = image.includes('##')
  const { line, column } = cur.location(start + 1)
  const sub = new SourceCursor(hasLineComment ? image : image + ' ', cur.session, line, column)
  sub.depth = cur.depth
  sub.enter(0)
  const nodes = parseNodes(sub, false).nodes
  return { kind: 'string', value: image, template: nodes, trimLast: !hasLineComment }
}

function unescapeUnicode(cur: SourceCursor, image: string, start: number): string {
  if (!image.includes('\\u')) return image
  return image.replace(/\\u(.{0,4})/g, (_all, hex: string) => {
    if (!/^[0-9a-fA-F]{4}$/.test(hex)) cur.fail('invalid \\u escape in string literal', start)
    return String.fromCharCode(parseInt(hex, 16))
  })
}

/** `Parameter()`: an argument of a method, an element of a list or map literal. */
export function parseParameter(cur: SourceCursor): Expression {
  skipSpace(cur)
  const value = parseParameterValue(cur)
  skipSpace(cur)
  return value
}

function parseParameterValue(cur: SourceCursor): Expression {
  const c = cur.peek()
  if (c === '"' || c === "'") return parseString(cur)
  if (c === '$') {
    const ref = parseReference(cur)
    if (ref === null) cur.fail('expected a reference')
    return ref
  }
  if (c === '[') return parseBracket(cur)
  if (c === '{') return parseMap(cur)
  if (startsNumber(cur)) return parseNumber(cur)
  const bool = cur.match(/(true|false)(?![a-zA-Z0-9_-])/y)
  if (bool !== null) {
    cur.pos += bool[0].length
    return { kind: 'boolean', value: bool[0] === 'true' }
  }
  return cur.fail('expected a value')
}

/** `[a..b]` (a range) or `[x, y]` (a list). */
export function parseBracket(cur: SourceCursor): Expression {
  const start = cur.pos
  cur.enter()
  cur.pos++
  const range = tryRange(cur)
  if (range !== null) { cur.leave(); return range }
  cur.pos = start + 1
  const items: Expression[] = []
  skipSpace(cur)
  if (cur.peek() === ']') cur.pos++
  else {
    for (;;) {
      items.push(parseParameter(cur))
      const c = cur.peek()
      cur.pos++
      if (c === ']') break
      if (c !== ',') cur.fail('expected "," or "]" in list literal', cur.pos - 1)
    }
  }
  cur.leave()
  return { kind: 'list', items }
}

function tryRange(cur: SourceCursor): Expression | null {
  skipSpace(cur)
  const from = rangeBound(cur)
  if (from === null) return null
  skipSpace(cur)
  if (!cur.startsWith('..')) return null
  cur.pos += 2
  skipSpace(cur)
  const to = rangeBound(cur)
  if (to === null) cur.fail('expected an integer or reference in range')
  skipSpace(cur)
  if (cur.peek() !== ']') cur.fail('expected "]" to close range')
  cur.pos++
  return { kind: 'range', from, to }
}

function rangeBound(cur: SourceCursor): Expression | null {
  if (cur.peek() === '$') return parseReference(cur)
  const int = cur.match(INTEGER)
  if (int === null) return null
  const next = cur.src.charAt(cur.pos + int[0].length)
  if (next === '.' && cur.src.charAt(cur.pos + int[0].length + 1) !== '.') return null
  if (next === 'e' || next === 'E') return null
  cur.pos += int[0].length
  return { kind: 'integer', value: Number(int[0]) }
}

export function parseMap(cur: SourceCursor): Expression {
  cur.enter()
  cur.pos++
  const entries: [Expression, Expression][] = []
  skipSpace(cur)
  if (cur.peek() === '}') cur.pos++
  else {
    for (;;) {
      const key = parseParameter(cur)
      if (cur.peek() !== ':') cur.fail('expected ":" in map literal')
      cur.pos++
      const value = parseParameter(cur)
      entries.push([key, value])
      const c = cur.peek()
      cur.pos++
      if (c === '}') break
      if (c !== ',') cur.fail('expected "," or "}" in map literal', cur.pos - 1)
    }
  }
  cur.leave()
  return { kind: 'map', entries }
}
