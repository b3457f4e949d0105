import type { BinaryOperator, Expression } from './ast.ts'
import { SourceCursor, WORD } from './source-cursor.ts'
import { parseReference } from './parse-reference.ts'
import { parseBracket, parseMap, parseNumber, parseString, startsNumber } from './parse-literal.ts'

/** Whitespace and comments between the tokens of a directive's expression. */
export function skipDirectiveSpace(cur: SourceCursor): void {
  const src = cur.src
  for (;;) {
    const c = src.charCodeAt(cur.pos)
    if (c === 32 || c === 9 || c === 10 || c === 13) { cur.pos++; continue }
    if (c === 35 && src.charCodeAt(cur.pos + 1) === 35) {
      const nl = src.slice(cur.pos).search(/\r\n|\n|\r/)
      cur.pos = nl < 0 ? src.length : cur.pos + nl + (src.startsWith('\r\n', cur.pos + nl) ? 2 : 1)
      continue
    }
    if (c === 35 && src.charCodeAt(cur.pos + 1) === 42) {
      const end = src.indexOf('*#', cur.pos + 2)
      if (end < 0) cur.fail('unterminated #* comment')
      cur.pos = end + 2
      continue
    }
    return
  }
}

const WORD_OPERATORS: Record<string, BinaryOperator | '!'> = {
  and: '&&', or: '||', eq: '==', ne: '!=', lt: '<', gt: '>', le: '<=', ge: '>=', not: '!',
}
const LEVELS: BinaryOperator[][] = [
  ['||'], ['&&'], ['==', '!='], ['<', '>', '<=', '>='], ['+', '-'], ['*', '/', '%'],
]

/** Peeks the binary operator at the cursor: returns it and its length, or null. */
function peekOperator(cur: SourceCursor): [BinaryOperator | '!' | '=', number] | null {
  const src = cur.src
  const two = src.substr(cur.pos, 2)
  if (two === '&&' || two === '||' || two === '==' || two === '!=' || two === '<=' || two === '>=') return [two, 2]
  const c = src.charAt(cur.pos)
  if (c === '-' && startsNumber(cur)) return null // `-1` lexes as a negative literal, as in JavaCC
  if (c === '<' || c === '>' || c === '+' || c === '-' || c === '*' || c === '/' || c === '%' || c === '!' || c === '=') {
    return [c, 1]
  }
  const word = cur.match(WORD)
  if (word !== null) {
    const op = WORD_OPERATORS[word[0]]
    if (op !== undefined) return [op, word[0].length]
  }
  return null
}

/** More operators than this in one #if/#set expression is not a template, it is an attack. */
const MAX_OPERATORS = 1000

export function parseExpression(cur: SourceCursor): Expression {
  const outermost = cur.operatorBudget === 0
  if (outermost) cur.operatorBudget = MAX_OPERATORS
  try {
    return parseLevel(cur, 0)
  } finally {
    if (outermost) cur.operatorBudget = 0
  }
}

function parseLevel(cur: SourceCursor, level: number): Expression {
  if (level === LEVELS.length) return parseUnary(cur)
  const start = cur.pos
  let left = parseLevel(cur, level + 1)
  let leftEnd = cur.pos
  for (;;) {
    skipDirectiveSpace(cur)
    const op = peekOperator(cur)
    if (op === null || !(LEVELS[level] as string[]).includes(op[0])) return left
    if (--cur.operatorBudget <= 0) cur.fail(`more than ${MAX_OPERATORS} operators in one expression`)
    cur.pos += op[1]
    const rightStart = cur.pos
    const right = parseLevel(cur, level + 1)
    left = {
      kind: 'binary',
      op: op[0] as BinaryOperator,
      left,
      right,
      leftLiteral: cur.src.slice(start, leftEnd).trim(),
      rightLiteral: cur.src.slice(rightStart, cur.pos).trim(),
    }
    leftEnd = cur.pos
  }
}

function parseUnary(cur: SourceCursor): Expression {
  skipDirectiveSpace(cur)
  const op = peekOperator(cur)
  if (op !== null && op[0] === '!' && cur.src.charAt(cur.pos + 1) !== '=') {
    cur.enter()
    cur.pos += op[1]
    const operand = parseUnary(cur)
    cur.leave()
    return { kind: 'not', operand }
  }
  const value = parsePrimary(cur)
  skipDirectiveSpace(cur)
  return value
}

function parsePrimary(cur: SourceCursor): Expression {
  const c = cur.peek()
  if (c === '"' || c === "'") return parseString(cur)
  if (c === '$') {
    const ref = parseReference(cur)
    if (ref === null) cur.fail('expected a reference')
    return ref
  }
  if (startsNumber(cur)) return parseNumber(cur)
  if (c === '[') return parseBracket(cur)
  if (c === '{') return parseMap(cur)
  if (c === '(') {
    cur.enter()
    cur.pos++
    const expression = parseExpression(cur)
    skipDirectiveSpace(cur)
    if (cur.peek() !== ')') cur.fail('expected ")"')
    cur.pos++
    cur.leave()
    return { kind: 'group', expression }
  }
  const word = cur.match(WORD)
  if (word !== null && (word[0] === 'true' || word[0] === 'false')) {
    cur.pos += word[0].length
    return { kind: 'boolean', value: word[0] === 'true' }
  }
  return cur.fail('expected an expression')
}
