import type { Expression, MacroDefinition, Node, ReferenceNode, TemplateAst } from './ast.ts'
import { BRACKETED_WORD, SourceCursor, WORD, type ParseSession } from './source-cursor.ts'
import { parseReference } from './parse-reference.ts'
import { parseExpression, skipDirectiveSpace } from './parse-expression.ts'
import { parseBracket, parseMap, parseNumber, parseString, startsNumber } from './parse-literal.ts'

/**
 * Velocity 1.7's parser (Parser.jjt), hand-written. The whitespace rules it reproduces:
 * a `)` closing a directive eats trailing spaces/tabs plus one newline, as do `#end` and
 * `#else`; `#set(` also eats the spaces/tabs in front of it when they start a token (at
 * the start of the template, after another directive, a comment or a reference), while
 * indentation after plain text belongs to that text and is printed.
 */

/** Directives Velocity 1.7 knows (runtime/defaults/directive.properties, plus the grammar's own). */
const DIRECTIVES = new Set(['if', 'else', 'elseif', 'end', 'set', 'foreach', 'include', 'parse', 'macro',
  'literal', 'evaluate', 'break', 'define', 'stop'])
const SET_DIRECTIVE = /[ \t]*(?:#set|#\{set\}) *\(/y
const EAT_NEWLINE = /[ \t]*(?:\r\n|\n|\r)/y
const SPACE_THEN_PAREN = /[ \t\r\n]*\(/y

type Terminator = 'end' | 'else' | 'elseif' | 'eof'

export function parseTemplate(src: string, name: string | undefined, maxDepth: number): TemplateAst {
  const session: ParseSession = { name, maxDepth, macros: new Map(), usesStop: false }
  const cur = new SourceCursor(src, session)
  const { nodes } = parseNodes(cur, false)
  return { body: nodes, macros: session.macros, usesStop: session.usesStop }
}

/** Statements up to `#end`/`#else`/`#elseif` (inside a block) or the end of the source. */
export function parseNodes(cur: SourceCursor, inBlock: boolean): { nodes: Node[]; terminator: Terminator } {
  const nodes: Node[] = []
  const src = cur.src
  let text = ''
  const flush = (): void => { if (text !== '') { nodes.push({ kind: 'text', text }); text = '' } }
  while (cur.pos < src.length) {
    const c = src.charCodeAt(cur.pos)
    if ((c === 32 || c === 9 || c === 35) && cur.match(SET_DIRECTIVE) !== null) {
      flush()
      nodes.push(parseSet(cur))
      continue
    }
    if (c === 36 || c === 92) { // $ or \
      const start = cur.pos
      let slashes = 0
      while (src.charCodeAt(start + slashes) === 92) slashes++
      const next = src.charAt(start + slashes)
      if (next === '$') {
        const ref = parseReference(cur)
        if (ref !== null) { flush(); nodes.push(ref); continue }
        text += src.slice(start, start + slashes + 1)
        cur.pos = start + slashes + 1
        continue
      }
      text += next === '#' ? escapedHash(cur, slashes) : src.slice(start, start + slashes)
      cur.pos = Math.max(cur.pos, start + slashes)
      continue
    }
    if (c === 35) { // #
      const before = nodes.length
      flush()
      const result = parseHash(cur, nodes, inBlock)
      if (typeof result === 'string') {
        if (result !== 'eof') return { nodes, terminator: result }
        continue
      }
      if (result === null) {
        // plain text after all: merge back into the pending text
        if (nodes.length > before && nodes[nodes.length - 1]!.kind === 'text') {
          text = (nodes.pop() as { text: string }).text
        }
        text += '#'
        cur.pos++
      }
      continue
    }
    let end = cur.pos + 1
    while (end < src.length) {
      const d = src.charCodeAt(end)
      if (d === 36 || d === 35 || d === 92) break
      end++
    }
    text += src.slice(cur.pos, end)
    cur.pos = end
  }
  flush()
  if (inBlock) cur.fail('missing #end')
  return { nodes, terminator: 'eof' }
}

/** Backslashes in front of `#`: `\#if` prints `#if`, `\\#if` prints `\` and runs the #if. */
function escapedHash(cur: SourceCursor, slashes: number): string {
  const src = cur.src
  const hashAt = cur.pos + slashes
  WORD.lastIndex = hashAt + 1
  BRACKETED_WORD.lastIndex = hashAt + 1
  const word = WORD.exec(src) ?? BRACKETED_WORD.exec(src)
  const tag = word === null ? '' : (word[1] ?? word[0])
  const known = word !== null && (DIRECTIVES.has(tag) || cur.session.macros.has(tag))
  if (slashes % 2 === 1) {
    if (word === null) return src.slice(cur.pos, hashAt)
    cur.pos = hashAt + 1 + word[0].length
    return known ? '\\'.repeat(slashes >> 1) + '#' + word[0] : src.slice(hashAt - slashes, cur.pos)
  }
  // even count: DOUBLE_ESCAPE tokens, halved only when a directive follows
  SET_DIRECTIVE.lastIndex = hashAt
  const isSet = SET_DIRECTIVE.test(src)
  const control = known && !isSet && !(word !== null && word[0].startsWith('{') && !['if', 'else', 'elseif', 'end'].includes(tag))
  return '\\'.repeat(control ? slashes >> 1 : slashes)
}

/**
 * Handles `#` at the cursor. Returns a terminator, `true` when it consumed something,
 * or null when the `#` is plain text.
 */
function parseHash(cur: SourceCursor, nodes: Node[], inBlock: boolean): Terminator | true | null {
  const src = cur.src
  const start = cur.pos
  if (src.startsWith('##', start)) {
    const rest = src.slice(start).search(/\r\n|\n|\r/)
    cur.pos = rest < 0 ? src.length : start + rest + (src.startsWith('\r\n', start + rest) ? 2 : 1)
    return true
  }
  if (src.startsWith('#[[', start)) {
    const end = src.indexOf(']]#', start + 3)
    if (end < 0) cur.fail('unterminated #[[ block')
    nodes.push({ kind: 'text', text: src.slice(start + 3, end) })
    cur.pos = end + 3
    return true
  }
  if (src.startsWith('#*', start)) {
    const end = src.indexOf('*#', start + 2)
    if (end < 0) cur.fail('unterminated #* comment')
    cur.pos = end + 2
    return true
  }
  WORD.lastIndex = start + 1
  BRACKETED_WORD.lastIndex = start + 1
  const word = WORD.exec(src) ?? BRACKETED_WORD.exec(src)
  if (word === null) return null
  const name = word[1] ?? word[0]
  cur.pos = start + 1 + word[0].length
  switch (name) {
    case 'end':
    case 'else':
      if (!inBlock) cur.fail(`#${name} without a matching block`, start)
      cur.lastTerminatorAt = start
      eatNewline(cur)
      return name
    case 'elseif':
      if (!inBlock) cur.fail('#elseif without #if', start)
      return 'elseif'
    case 'if':
      nodes.push(parseIf(cur))
      return true
    case 'foreach':
      nodes.push(parseForeach(cur, start))
      return true
    case 'macro':
      parseMacroDefinition(cur, start)
      return true
    case 'define':
      nodes.push(parseDefine(cur, start))
      return true
    case 'break':
    case 'stop':
      if (hasParen(cur)) parseDirectiveArgs(cur)
      if (name === 'stop') cur.session.usesStop = true
      nodes.push({ kind: name })
      return true
    case 'literal':
      if (hasParen(cur)) {
        parseDirectiveArgs(cur)
        const bodyStart = cur.pos
        parseBody(cur, start)
        nodes.push({ kind: 'text', text: src.slice(bodyStart, cur.lastTerminatorAt) })
        return true
      }
      break
    case 'include':
    case 'parse':
    case 'evaluate':
      if (hasParen(cur)) parseDirectiveArgs(cur)
      nodes.push({ kind: 'unsupported', name, ...cur.location(start) })
      return true
  }
  const isBlock = name.startsWith('@')
  if (!hasParen(cur)) {
    if (isBlock) { cur.pos = start + 1; return null }
    nodes.push({ kind: 'macroCall', name, args: [], body: null, literal: src.slice(start, cur.pos) })
    return true
  }
  const args = parseDirectiveArgs(cur)
  let body: Node[] | null = null
  if (isBlock) body = parseBody(cur, start)
  nodes.push({ kind: 'macroCall', name: isBlock ? name.slice(1) : name, args, body, literal: src.slice(start, cur.pos) })
  return true
}

function eatNewline(cur: SourceCursor): void {
  const m = cur.match(EAT_NEWLINE)
  if (m !== null) cur.pos += m[0].length
}

function hasParen(cur: SourceCursor): boolean {
  const m = cur.match(SPACE_THEN_PAREN)
  if (m === null) return false
  cur.pos += m[0].length
  return true
}

/** `)` closing a directive eats trailing spaces and one newline. */
function closeParen(cur: SourceCursor): void {
  skipDirectiveSpace(cur)
  if (cur.peek() !== ')') cur.fail('expected ")"')
  cur.pos++
  eatNewline(cur)
}

function parseBody(cur: SourceCursor, start: number): Node[] {
  cur.enter(start)
  const { nodes, terminator } = parseNodes(cur, true)
  if (terminator !== 'end') cur.fail(`unexpected #${terminator}`)
  cur.leave()
  return nodes
}

function parseSet(cur: SourceCursor): Node {
  const start = cur.pos
  cur.pos += cur.match(SET_DIRECTIVE)![0].length
  skipDirectiveSpace(cur)
  const target = parseReference(cur)
  if (target === null) cur.fail('#set needs a reference on the left', start)
  skipDirectiveSpace(cur)
  if (cur.peek() !== '=' || cur.peek(1) === '=') cur.fail('expected "=" in #set')
  cur.pos++
  const value = parseExpression(cur)
  closeParen(cur)
  return { kind: 'set', target, value }
}

function parseCondition(cur: SourceCursor, what: string): Expression {
  if (!hasParen(cur)) cur.fail(`expected "(" after ${what}`)
  const condition = parseExpression(cur)
  closeParen(cur)
  return condition
}

function parseIf(cur: SourceCursor): Node {
  const start = cur.pos
  cur.enter(start)
  const branches: { condition: Expression; body: Node[] }[] = []
  let condition = parseCondition(cur, '#if')
  let otherwise: Node[] | null = null
  for (;;) {
    const { nodes, terminator } = parseNodes(cur, true)
    branches.push({ condition, body: nodes })
    if (terminator === 'elseif') { condition = parseCondition(cur, '#elseif'); continue }
    if (terminator === 'else') {
      const rest = parseNodes(cur, true)
      if (rest.terminator !== 'end') cur.fail(`unexpected #${rest.terminator} after #else`)
      otherwise = rest.nodes
    }
    break
  }
  cur.leave()
  return { kind: 'if', branches, otherwise }
}

/** `DirectiveArg()`s, optionally comma-separated, up to and including the closing `)`. */
function parseDirectiveArgs(cur: SourceCursor): Expression[] {
  const args: Expression[] = []
  for (;;) {
    skipDirectiveSpace(cur)
    if (cur.peek() === ')') break
    if (cur.peek() === ',') { cur.pos++; skipDirectiveSpace(cur) }
    args.push(parseDirectiveArg(cur))
  }
  closeParen(cur)
  return args
}

function parseDirectiveArg(cur: SourceCursor): Expression {
  const c = cur.peek()
  if (c === '$') {
    const ref = parseReference(cur)
    if (ref === null) cur.fail('expected a reference')
    return ref
  }
  if (c === '"' || c === "'") return parseString(cur)
  if (c === '[') return parseBracket(cur)
  if (c === '{') return parseMap(cur)
  if (startsNumber(cur)) return parseNumber(cur)
  const word = cur.match(WORD)
  if (word === null) cur.fail('expected a directive argument')
  cur.pos += word[0].length
  if (word[0] === 'true' || word[0] === 'false') return { kind: 'boolean', value: word[0] === 'true' }
  return { kind: 'word', name: word[0] }
}

function simpleReference(arg: Expression | undefined): arg is ReferenceNode {
  return arg !== undefined && arg.kind === 'reference' && arg.parts.length === 0
}

function parseForeach(cur: SourceCursor, start: number): Node {
  if (!hasParen(cur)) cur.fail('expected "(" after #foreach', start)
  const args = parseDirectiveArgs(cur)
  const [variable, keyword, iterable] = args
  if (args.length !== 3 || !simpleReference(variable) || keyword?.kind !== 'word' || keyword.name !== 'in'
    || iterable === undefined || iterable.kind === 'word') {
    cur.fail('#foreach needs ($item in $list)', start)
  }
  return { kind: 'foreach', variable: variable.root, iterable, body: parseBody(cur, start) }
}

function parseDefine(cur: SourceCursor, start: number): Node {
  if (!hasParen(cur)) cur.fail('expected "(" after #define', start)
  const args = parseDirectiveArgs(cur)
  if (args.length !== 1 || !simpleReference(args[0])) cur.fail('#define needs one reference', start)
  return { kind: 'define', variable: args[0].root, body: parseBody(cur, start) }
}

function parseMacroDefinition(cur: SourceCursor, start: number): void {
  if (!hasParen(cur)) cur.fail('a macro declaration requires at least a name argument', start)
  const args = parseDirectiveArgs(cur)
  const [name, ...params] = args
  if (name === undefined || name.kind !== 'word') cur.fail('#macro needs a name as its first argument', start)
  const names: string[] = []
  for (const param of params) {
    if (!simpleReference(param)) cur.fail('macro parameters must be references', start)
    names.push(param.root)
  }
  const body = parseBody(cur, start)
  const definition: MacroDefinition = { name: name.name, params: names, body }
  // velocimacro.permissions.allow.inline.to.replace.global = false: the first definition wins
  if (!cur.session.macros.has(definition.name)) cur.session.macros.set(definition.name, definition)
}
