import type { Expression, ReferenceNode, ReferencePart } from './ast.ts'
import { IDENTIFIER, SourceCursor } from './source-cursor.ts'
import { parseNumber, parseParameter, parseString, skipSpace, startsNumber } from './parse-literal.ts'

const REFERENCE_START = /(\\*)\$(!?)(\{?)([a-zA-Z_][a-zA-Z0-9_-]*)/y

/**
 * `\\$!{a.b(1)[0]}`: leading backslashes, quiet `!`, formal braces, then the chain of
 * properties, methods and indexes. Returns null (cursor unmoved) when the text at the
 * cursor is not a reference, which in template text means it is printed as is.
 */
export function parseReference(cur: SourceCursor): ReferenceNode | null {
  const start = cur.pos
  const m = cur.match(REFERENCE_START)
  if (m === null) return null
  const slashes = m[1]!.length
  const formal = m[3] === '{'
  const { line, column } = cur.location(start + slashes)
  cur.pos = start + m[0].length
  cur.enter(start)
  const parts: ReferencePart[] = []
  parseIndexes(cur, parts)
  const src = cur.src
  while (src.charAt(cur.pos) === '.' && /[a-zA-Z]/.test(src.charAt(cur.pos + 1))) {
    cur.pos++
    const id = cur.match(IDENTIFIER)!
    cur.pos += id[0].length
    if (src.charAt(cur.pos) === '(') {
      cur.pos++
      parts.push({ kind: 'method', name: id[0], args: parseArguments(cur) })
    } else {
      parts.push({ kind: 'property', name: id[0] })
    }
    parseIndexes(cur, parts)
  }
  if (formal) {
    if (src.charAt(cur.pos) !== '}') cur.fail('expected "}" to close ${…} reference')
    cur.pos++
  }
  cur.leave()
  return {
    kind: 'reference',
    root: m[4]!,
    parts,
    literal: src.slice(start + slashes, cur.pos),
    quiet: m[2] === '!',
    escaped: slashes % 2 === 1,
    escapePrefix: '\\'.repeat(slashes >> 1),
    line,
    column,
  }
}

function parseArguments(cur: SourceCursor): Expression[] {
  const args: Expression[] = []
  if (cur.peek() === ')') { cur.pos++; return args }
  for (;;) {
    args.push(parseParameter(cur))
    const c = cur.peek()
    cur.pos++
    if (c === ')') return args
    if (c !== ',') cur.fail('expected "," or ")" in method arguments', cur.pos - 1)
  }
}

function parseIndexes(cur: SourceCursor, parts: ReferencePart[]): void {
  while (cur.peek() === '[') {
    cur.pos++
    skipSpace(cur)
    const arg = parseIndexArgument(cur)
    skipSpace(cur)
    if (cur.peek() !== ']') cur.fail('expected "]" to close index')
    cur.pos++
    parts.push({ kind: 'index', arg })
  }
}

function parseIndexArgument(cur: SourceCursor): Expression {
  const c = cur.peek()
  if (c === '"' || c === "'") return parseString(cur)
  if (c === '$') {
    const ref = parseReference(cur)
    if (ref !== null) return ref
  }
  if (startsNumber(cur)) {
    const n = parseNumber(cur)
    if (n.kind === 'integer') return n
  }
  const bool = cur.match(/(true|false)(?![a-zA-Z0-9_-])/y)
  if (bool !== null) {
    cur.pos += bool[0].length
    return { kind: 'boolean', value: bool[0] === 'true' }
  }
  return cur.fail('expected a string, integer, boolean or reference as index')
}
