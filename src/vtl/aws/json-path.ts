/**
 * The JSONPath dialect of `$input.path`, `$input.json`, `method.request.body.<JSONPath>` and
 * `integration.response.body.<JSONPath>`.
 *
 * AWS names its dialect by linking to Goessner's article and to Jayway JsonPath
 * (api-gateway-mapping-template-reference, "$input Variables"), so Jayway's rules apply:
 * - a path that does not start with `$` or `@` gets `$.` prepended (`id` ≡ `$.id`);
 * - a *definite* path (names and single indices only) yields one value, or `undefined` when a
 *   step is missing;
 * - an *indefinite* path (`*`, `..`, slices, unions, filters) yields an array of every match,
 *   missing branches left out;
 * - a trailing `['a','b']` on an object yields one object holding the keys that exist.
 * Supported: `$`, `.name`, `['name']`, `["name"]`, `[n]`, `[-n]`, `[*]`, `.*`, `..name`, `..*`,
 * `..[…]`, `[a,b]`, `[start:end]`, and filters `[?(…)]` with `@`/`$` paths, literals,
 * `== != < <= > >= =~ /re/flags`, `&& || !` and parentheses. Jayway's functions (`.length()`…)
 * and script expressions `[(…)]` are rejected, and so are filter regexes that repeat a group
 * holding an unbounded repetition (`/(a+)+$/`: exponential backtracking, see regex-repetition.ts).
 * Evaluation is paid for from a RenderBudget: one step per node visited and per match.
 */
import { parseFilter, type FilterExpression, type OperandReader } from './json-path-filter.ts'
import { JsonPathError, Scanner, readQuoted } from './json-path-scanner.ts'
import { mapPut } from '../java-map.ts'
import { activeBudget, type RenderBudget } from '../render-budget.ts'
import { isObject } from '../../lib/is-object.ts'

export { JsonPathError }

export type Selector =
  | { kind: 'name'; name: string }
  | { kind: 'names'; names: string[] }
  | { kind: 'index'; index: number }
  | { kind: 'indices'; indices: number[] }
  | { kind: 'slice'; start: number | undefined; end: number | undefined }
  | { kind: 'wildcard' }
  | { kind: 'filter'; filter: FilterExpression }
  | { kind: 'deep'; then: Selector }

export interface JsonPath {
  readonly source: string
  /** true when the path yields one value rather than a list of matches */
  readonly definite: boolean
  readonly selectors: readonly Selector[]
  /**
   * The matched value (definite) or list of matches (indefinite); undefined when missing.
   * Every node visited and every match costs one step of `budget` (default: the running
   * render's, else a fresh one with the default limits).
   */
  evaluate(root: unknown, budget?: RenderBudget): unknown
}

const cache = new Map<string, JsonPath>()
const CACHE_LIMIT = 1000

/** Compiles (and caches) a path; throws JsonPathError when it is outside the dialect. */
export function compileJsonPath(source: string): JsonPath {
  const hit = cache.get(source)
  if (hit) return hit
  const compiled = parse(source)
  if (cache.size >= CACHE_LIMIT) cache.clear()
  cache.set(source, compiled)
  return compiled
}

export function evaluateJsonPath(root: unknown, path: string): unknown {
  return compileJsonPath(path).evaluate(root)
}

function parse(source: string): JsonPath {
  const text = source.trim()
  if (text === '') throw new JsonPathError('Path must not be null or empty')
  const full = text.startsWith('$') || text.startsWith('@') ? text : `$.${text}`
  const scanner = new Scanner(full, 1)
  const selectors: Selector[] = []
  while (!scanner.done()) selectors.push(readSelector(scanner))
  const definite = isDefinite(selectors)
  return {
    source,
    definite,
    selectors,
    evaluate: (root, budget = activeBudget()) => run(selectors, definite, root, root, budget),
  }
}

/** Jayway: names and single indices are definite, and so is a trailing `['a','b']` (it merges into one map). */
function isDefinite(selectors: readonly Selector[]): boolean {
  return selectors.every(
    (s, i) => s.kind === 'name' || s.kind === 'index' || (s.kind === 'names' && i === selectors.length - 1),
  )
}

function run(selectors: readonly Selector[], definite: boolean, start: unknown, root: unknown, budget: RenderBudget): unknown {
  let nodes: unknown[] = [start]
  for (const selector of selectors) nodes = apply(selector, nodes, root, budget)
  return definite ? nodes[0] : nodes
}

/** A path inside a filter: `@` (the item) or `$` (the document), then selectors. */
const readOperandPath: OperandReader = (s) => {
  const relative = s.peek() === '@'
  s.pos++
  const selectors: Selector[] = []
  while (s.peek() === '.' || s.peek() === '[') selectors.push(readSelector(s))
  const definite = isDefinite(selectors)
  return (current, root, budget) => run(selectors, definite, relative ? current : root, root, budget)
}

function readSelector(s: Scanner): Selector {
  if (s.startsWith('..')) {
    s.pos += 2
    if (s.peek() === '[') return { kind: 'deep', then: readBracket(s) }
    return { kind: 'deep', then: readDotName(s) }
  }
  if (s.peek() === '.') {
    s.pos++
    return readDotName(s)
  }
  if (s.peek() === '[') return readBracket(s)
  return s.fail(`Unexpected character '${s.peek()}'`)
}

function readDotName(s: Scanner): Selector {
  if (s.peek() === '*') {
    s.pos++
    return { kind: 'wildcard' }
  }
  const start = s.pos
  while (!s.done() && !'.[ ()=!<>&|,]'.includes(s.peek())) s.pos++
  if (s.pos === start) s.fail('Path must not end with a dot')
  if (s.peek() === '(') s.fail('Functions are not supported')
  return { kind: 'name', name: s.text.slice(start, s.pos) }
}

function readBracket(s: Scanner): Selector {
  s.pos++ // [
  s.skipSpaces()
  let selector: Selector
  const c = s.peek()
  if (c === '*') {
    s.pos++
    selector = { kind: 'wildcard' }
  } else if (c === '?') {
    s.pos++
    if (s.peek() !== '(') s.fail("Expected '(' after '?'")
    selector = { kind: 'filter', filter: parseFilter(s, readOperandPath) }
  } else if (c === "'" || c === '"') {
    const names = [readQuoted(s)]
    s.skipSpaces()
    while (s.peek() === ',') {
      s.pos++
      s.skipSpaces()
      names.push(readQuoted(s))
      s.skipSpaces()
    }
    selector = names.length === 1 ? { kind: 'name', name: names[0]! } : { kind: 'names', names }
  } else if (c === '(') {
    s.fail('Script expressions are not supported')
  } else {
    selector = readIndexOrSlice(s)
  }
  s.skipSpaces()
  if (s.peek() !== ']') s.fail("Expected ']'")
  s.pos++
  return selector
}

function readInt(s: Scanner): number | undefined {
  s.skipSpaces()
  const m = /^-?\d+/.exec(s.text.slice(s.pos))
  if (!m) return undefined
  s.pos += m[0].length
  s.skipSpaces()
  return Number(m[0])
}

function readIndexOrSlice(s: Scanner): Selector {
  const first = readInt(s)
  if (s.peek() === ':') {
    s.pos++
    const end = readInt(s)
    return { kind: 'slice', start: first, end }
  }
  if (first === undefined) return s.fail('Expected an index, a slice, a name or a filter')
  const indices = [first]
  while (s.peek() === ',') {
    s.pos++
    const next = readInt(s)
    if (next === undefined) s.fail('Expected an index')
    indices.push(next)
  }
  return indices.length === 1 ? { kind: 'index', index: first } : { kind: 'indices', indices }
}

function has(object: Record<string, unknown>, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, name)
}

/** Jayway counts a negative index from the end; -1 when out of range */
function position(list: readonly unknown[], index: number): number {
  const i = index < 0 ? list.length + index : index
  return i >= 0 && i < list.length ? i : -1
}

function apply(selector: Selector, nodes: unknown[], root: unknown, budget: RenderBudget): unknown[] {
  const out: unknown[] = []
  for (const node of nodes) select(selector, node, root, out, budget)
  return out
}

/** Adds `value` to the matches: each one costs a step, so no path can materialise more than the budget. */
function emit(out: unknown[], value: unknown, budget: RenderBudget): void {
  budget.spend(1)
  out.push(value)
}

function select(selector: Selector, node: unknown, root: unknown, out: unknown[], budget: RenderBudget): void {
  switch (selector.kind) {
    case 'name':
      if (isObject(node) && has(node, selector.name)) emit(out, node[selector.name], budget)
      return
    case 'names': {
      if (!isObject(node)) return
      const picked: Record<string, unknown> = {}
      for (const name of selector.names) if (has(node, name)) mapPut(picked, name, node[name])
      emit(out, picked, budget)
      return
    }
    case 'index':
    case 'indices':
      if (!Array.isArray(node)) return
      for (const index of selector.kind === 'index' ? [selector.index] : selector.indices) {
        const i = position(node, index)
        if (i >= 0) emit(out, node[i], budget)
      }
      return
    case 'slice': {
      if (!Array.isArray(node)) return
      for (const item of node.slice(selector.start ?? 0, selector.end ?? node.length)) emit(out, item, budget)
      return
    }
    case 'wildcard':
      if (Array.isArray(node)) for (const item of node) emit(out, item, budget)
      else if (isObject(node)) for (const item of Object.values(node)) emit(out, item, budget)
      return
    case 'filter': {
      const candidates = Array.isArray(node) ? node : isObject(node) ? [node] : []
      for (const item of candidates) {
        budget.spend(1)
        if (selector.filter.test(item, root, budget)) emit(out, item, budget)
      }
      return
    }
    case 'deep':
      deepScan(selector.then, node, root, out, budget)
      return
  }
}

/**
 * `..x` (Jayway's ScanPathToken): `x` applied to the node and to each of its descendants, in
 * document order (pre-order). Jayway applies the rest of the path to each match, so a second
 * `..` scans again below every match of the first (`$..a..a` on `{"a":{"a":{"a":1}}}` is
 * `[{"a":1}, 1, 1]`): the results are Jayway's, and their cost is paid step by step. Iterative,
 * so a deeply nested document cannot overflow the stack.
 */
function deepScan(then: Selector, node: unknown, root: unknown, out: unknown[], budget: RenderBudget): void {
  const pending: unknown[] = [node]
  while (pending.length > 0) {
    const each = pending.pop()
    budget.spend(1)
    select(then, each, root, out, budget)
    if (Array.isArray(each)) {
      for (let i = each.length - 1; i >= 0; i--) pending.push(each[i])
    } else if (isObject(each)) {
      const children = Object.values(each)
      for (let i = children.length - 1; i >= 0; i--) pending.push(children[i])
    }
  }
}
