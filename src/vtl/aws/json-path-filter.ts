/**
 * Filter expressions inside `[?( … )]`, Jayway-style: `@.price < 10`, `@.isbn` (exists),
 * `@.author =~ /.*Tolkien/i`, `@.a == 'x' && !(@.b)`, `$.limit` paths to the document root.
 * A missing operand never compares equal or ordered (so `!=` is true for it).
 */
import { readQuoted, type Scanner } from './json-path-scanner.ts'
import { hasNestedRepetition } from '../regex-repetition.ts'
import type { RenderBudget } from '../render-budget.ts'

export interface FilterExpression {
  /** `budget` pays for the paths the filter evaluates */
  test(item: unknown, root: unknown, budget: RenderBudget): boolean
}

/** Reads an `@…` or `$…` path at the cursor; returns its evaluator. Supplied by json-path.ts. */
export type OperandReader = (s: Scanner) => Operand

type Operand = (current: unknown, root: unknown, budget: RenderBudget) => unknown
type Comparator = '==' | '!=' | '<' | '<=' | '>' | '>=' | '=~'

/** Parses `( … )` starting at the opening parenthesis, leaving the cursor after the closing one. */
export function parseFilter(s: Scanner, readPath: OperandReader): FilterExpression {
  const expression = parseParenthesised(s, readPath)
  return { test: (item, root, budget) => expression(item, root, budget) }
}

type Predicate = (current: unknown, root: unknown, budget: RenderBudget) => boolean

function parseParenthesised(s: Scanner, readPath: OperandReader): Predicate {
  s.pos++ // (
  const inner = parseOr(s, readPath)
  s.skipSpaces()
  if (s.peek() !== ')') s.fail("Expected ')' in filter")
  s.pos++
  return inner
}

function parseOr(s: Scanner, readPath: OperandReader): Predicate {
  const terms = [parseAnd(s, readPath)]
  for (s.skipSpaces(); s.startsWith('||'); s.skipSpaces()) {
    s.pos += 2
    terms.push(parseAnd(s, readPath))
  }
  return terms.length === 1 ? terms[0]! : (c, r, b) => terms.some((t) => t(c, r, b))
}

function parseAnd(s: Scanner, readPath: OperandReader): Predicate {
  const terms = [parseUnary(s, readPath)]
  for (s.skipSpaces(); s.startsWith('&&'); s.skipSpaces()) {
    s.pos += 2
    terms.push(parseUnary(s, readPath))
  }
  return terms.length === 1 ? terms[0]! : (c, r, b) => terms.every((t) => t(c, r, b))
}

function parseUnary(s: Scanner, readPath: OperandReader): Predicate {
  s.skipSpaces()
  if (s.peek() === '!' && s.peek(1) !== '=') {
    s.pos++
    const inner = parseUnary(s, readPath)
    return (c, r, b) => !inner(c, r, b)
  }
  if (s.peek() === '(') return parseParenthesised(s, readPath)
  return parseComparison(s, readPath)
}

function parseComparison(s: Scanner, readPath: OperandReader): Predicate {
  const left = parseOperand(s, readPath)
  s.skipSpaces()
  const op = readComparator(s)
  if (!op) return (c, r, b) => exists(left(c, r, b))
  s.skipSpaces()
  if (op === '=~') {
    const regex = readRegex(s)
    return (c, r, b) => {
      const value = left(c, r, b)
      if (typeof value !== 'string') return false
      b.spendChars(value.length)
      return regex.test(value)
    }
  }
  const right = parseOperand(s, readPath)
  return (c, r, b) => compare(left(c, r, b), op, right(c, r, b), b)
}

function readComparator(s: Scanner): Comparator | undefined {
  for (const op of ['==', '!=', '<=', '>=', '=~', '<', '>'] as const) {
    if (s.startsWith(op)) {
      s.pos += op.length
      return op
    }
  }
  return undefined
}

function parseOperand(s: Scanner, readPath: OperandReader): Operand {
  const c = s.peek()
  if (c === '@' || c === '$') return readPath(s)
  if (c === "'" || c === '"') {
    const text = readQuoted(s)
    return () => text
  }
  const rest = s.text.slice(s.pos)
  const number = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(rest)
  if (number) {
    s.pos += number[0].length
    const value = Number(number[0])
    return () => value
  }
  for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
    if (rest.startsWith(word)) {
      s.pos += word.length
      return () => value
    }
  }
  return s.fail('Expected a path or a literal in filter')
}

function readRegex(s: Scanner): RegExp {
  if (s.peek() !== '/') s.fail("Expected a /regex/ after '=~'")
  const end = s.text.indexOf('/', s.pos + 1)
  if (end < 0) s.fail('Unterminated regex in filter')
  const body = s.text.slice(s.pos + 1, end)
  s.pos = end + 1
  let flags = ''
  for (; /[ims]/.test(s.peek()); s.pos++) flags += s.peek()
  if (hasNestedRepetition(body)) {
    s.fail(`Regex /${body}/ repeats a group that itself repeats without bound (catastrophic backtracking); not supported`)
  }
  try {
    return new RegExp(body, flags)
  } catch {
    return s.fail(`Invalid regex /${body}/`)
  }
}

function exists(value: unknown): boolean {
  return value !== undefined
}

function compare(left: unknown, op: Comparator, right: unknown, budget: RenderBudget): boolean {
  if (op === '!=') return !compare(left, '==', right, budget)
  if (left === undefined || right === undefined) return false
  if (op === '==') return equal(left, right, budget)
  const bothNumbers = typeof left === 'number' && typeof right === 'number'
  const bothStrings = typeof left === 'string' && typeof right === 'string'
  if (!bothNumbers && !bothStrings) return false
  const l = left as number | string
  const r = right as number | string
  switch (op) {
    case '<':
      return l < r
    case '<=':
      return l <= r
    case '>':
      return l > r
    default:
      return l >= r
  }
}

function equal(left: unknown, right: unknown, budget: RenderBudget): boolean {
  if (left === null || typeof left !== 'object') return left === right
  const l = JSON.stringify(left)
  const r = JSON.stringify(right)
  budget.spendChars(l.length + r.length)
  return l === r
}
