import type { Expression, Node, ReferenceNode } from './ast.ts'
import { HIDDEN } from './member-access.ts'

/** What expression generation needs from the statement generator (codegen.ts). */
export interface FunctionBuilder {
  temp(): string
  constant(init: string): string
  /** Compiles a string literal's sub-template to a hoisted `(C, S) => string`; returns its name. */
  hoistTemplate(nodes: Node[]): string
  readonly maxOutput: number
  /** Print null references as nothing (AWS) instead of their source text (Velocity). */
  readonly blankNulls: boolean
  /** JS expression reading a template variable. */
  readVar(name: string): string
}

const q = JSON.stringify

/** `$foreach.x` read straight from the loop's ForeachScope (`$` stands for the scope). */
const FOREACH_PROPERTIES: Record<string, string> = {
  index: '$.position', count: '($.position + 1)', hasNext: '$.more', first: '($.position === 0)', last: '!$.more',
}

/** `.name` when `name` is a JS identifier, `["na-me"]` otherwise. */
export function memberAccess(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `[${q(name)}]`
}

/** `(t = S.get("a"), t = t == null ? null : R.prop(t, "b"), t)`: null once any step is null. */
export function referenceValue(f: FunctionBuilder, ref: ReferenceNode): { code: string; temp: string } {
  const t = f.temp()
  let code = `(${t} = ${f.readVar(ref.root)}`
  for (const part of ref.parts) {
    let step: string
    if (part.kind === 'property') {
      // plain-object (Map) properties are read inline so each site gets its own inline cache
      const loop = ref.root === 'foreach' && part === ref.parts[0] ? FOREACH_PROPERTIES[part.name] : undefined
      step = loop !== undefined
        ? `${t} instanceof R.ForeachScope ? ${loop.replace(/\$/g, t)} : R.prop(${t}, ${q(part.name)})`
        : HIDDEN.has(part.name)
        ? `R.prop(${t}, ${q(part.name)})`
        : `Object.getPrototypeOf(${t}) === OP ? ${t}${memberAccess(part.name)} : R.prop(${t}, ${q(part.name)})`
    }
    else if (part.kind === 'method') step = `R.call(${t}, ${q(part.name)}, [${part.args.map((a) => valueOf(f, a)).join(', ')}])`
    else step = `R.index(${t}, ${valueOf(f, part.arg)})`
    code += `, ${t} = ${t} == null ? null : ${step}`
  }
  return { code: code + `, ${t})`, temp: t }
}

/** The text a reference prints (ASTReference.render), including Velocity's escape rules. */
export function renderReference(f: FunctionBuilder, ref: ReferenceNode): string {
  const { code, temp: t } = referenceValue(f, ref)
  const esc = ref.escapePrefix
  if (ref.escaped) return `(${code} == null ? ${q(esc + '\\' + ref.literal)} : ${q(esc + ref.literal)})`
  const nullText = esc + esc + (ref.quiet || f.blankNulls ? '' : ref.literal)
  const text = `(typeof ${t} === "string" ? ${t} : R.str(${t}))`
  return `(${code} == null ? ${q(nullText)} : ${esc === '' ? text : `${q(esc)} + ${text}`})`
}

export function valueOf(f: FunctionBuilder, e: Expression): string {
  switch (e.kind) {
    case 'reference': return referenceValue(f, e).code
    case 'string': return e.template === null ? q(e.value) : interpolation(f, e.template, e.trimLast)
    case 'integer': return e.value < 0 ? `(${e.value})` : String(e.value)
    case 'float': return Number.isInteger(e.value) ? f.constant(`R.double(${e.value})`) : `(${e.value})`
    case 'boolean': return String(e.value)
    case 'list': return `[${e.items.map((i) => valueOf(f, i)).join(', ')}]`
    case 'map': return `R.map([${e.entries.map(([k, v]) => `${valueOf(f, k)}, ${valueOf(f, v)}`).join(', ')}])`
    case 'range': return `R.range(${valueOf(f, e.from)}, ${valueOf(f, e.to)})`
    case 'group': return valueOf(f, e.expression)
    case 'not': return `!${conditionOf(f, e.operand)}`
    case 'word': return `R.badArgument(${q(e.name)}, "")`
    case 'binary': {
      const a = valueOf(f, e.left)
      const b = valueOf(f, e.right)
      switch (e.op) {
        case '+': return f.blankNulls ? `R.add(${a}, ${b}, "", "")` : `R.add(${a}, ${b}, ${q(e.leftLiteral)}, ${q(e.rightLiteral)})`
        case '-': return `R.sub(${a}, ${b})`
        case '*': return `R.mul(${a}, ${b})`
        case '/': return `R.div(${a}, ${b})`
        case '%': return `R.mod(${a}, ${b})`
        default: return conditionOf(f, e)
      }
    }
  }
}

/** A boolean JS expression with Velocity's `evaluate()` semantics. */
export function conditionOf(f: FunctionBuilder, e: Expression): string {
  switch (e.kind) {
    case 'reference': {
      const { code, temp } = referenceValue(f, e)
      return `(${code} != null && ${temp} !== false)`
    }
    case 'boolean': return String(e.value)
    case 'group': return conditionOf(f, e.expression)
    case 'not': return `!${conditionOf(f, e.operand)}`
    case 'binary':
      switch (e.op) {
        case '&&': return `(${conditionOf(f, e.left)} && ${conditionOf(f, e.right)})`
        case '||': return `(${conditionOf(f, e.left)} || ${conditionOf(f, e.right)})`
        case '==': return `${eq(f)}(${valueOf(f, e.left)}, ${valueOf(f, e.right)})`
        case '!=': return `!${eq(f)}(${valueOf(f, e.left)}, ${valueOf(f, e.right)})`
        case '<': return `(R.cmp(${valueOf(f, e.left)}, ${valueOf(f, e.right)}) < 0)`
        case '>': return `(R.cmp(${valueOf(f, e.left)}, ${valueOf(f, e.right)}) > 0)`
        case '<=': return `(R.cmp(${valueOf(f, e.left)}, ${valueOf(f, e.right)}) <= 0)`
        case '>=': return `(R.cmp(${valueOf(f, e.left)}, ${valueOf(f, e.right)}) >= 0)`
        default: return 'false' // arithmetic, like literals, never evaluates to true in #if
      }
    default: return 'false'
  }
}

function eq(f: FunctionBuilder): string {
  return f.blankNulls ? 'R.eqBlank' : 'R.eq'
}

/** `"Hello $name"`: inline concatenation when it holds only text and references. */
function interpolation(f: FunctionBuilder, nodes: Node[], trimLast: boolean): string {
  const simple = nodes.every((n) => n.kind === 'text' || n.kind === 'reference')
  if (!simple) {
    const call = `${f.hoistTemplate(nodes)}(C, S)`
    return trimLast ? `R.trimLast(${call})` : call
  }
  const pieces: string[] = []
  let trimmed = !trimLast
  nodes.forEach((n, i) => {
    if (n.kind === 'text') {
      let text = n.text
      if (!trimmed && i === nodes.length - 1 && text.endsWith(' ')) { text = text.slice(0, -1); trimmed = true }
      if (text !== '') pieces.push(q(text))
    } else if (n.kind === 'reference') pieces.push(renderReference(f, n))
  })
  let code = pieces.length === 0 ? '""' : pieces.length === 1 && nodes[0]?.kind === 'text' ? pieces[0]! : `("" + ${pieces.join(' + ')})`
  if (!trimmed) code = `R.trimLast(${code})`
  return nodes.some((n) => n.kind === 'reference') ? `R.checkLength(${code}, ${f.maxOutput})` : code
}
