/** The syntax tree of a Velocity 1.7 template, as produced by parser.ts. */

export type Node =
  | TextNode
  | ReferenceNode
  | SetNode
  | IfNode
  | ForeachNode
  | MacroCallNode
  | DefineNode
  | BreakNode
  | StopNode
  | UnsupportedNode

export interface TextNode { kind: 'text'; text: string }

export type ReferencePart =
  | { kind: 'property'; name: string }
  | { kind: 'method'; name: string; args: Expression[] }
  | { kind: 'index'; arg: Expression }

/** `$a.b(1)[0]`, `${a}`, `$!a`, with the backslashes that were in front of it. */
export interface ReferenceNode {
  kind: 'reference'
  root: string
  parts: ReferencePart[]
  /** Source text without the leading backslashes: what an unresolved reference prints. */
  literal: string
  quiet: boolean
  /** An odd number of backslashes: `\$a` prints `$a` (or `\$a` when `$a` is null). */
  escaped: boolean
  /** Half of the leading backslashes, printed before the value. */
  escapePrefix: string
  line: number
  column: number
}

export interface SetNode { kind: 'set'; target: ReferenceNode; value: Expression }

export interface IfNode { kind: 'if'; branches: { condition: Expression; body: Node[] }[]; otherwise: Node[] | null }

export interface ForeachNode { kind: 'foreach'; variable: string; iterable: Expression; body: Node[] }

/** `#name(args)` or `#@name(args)…#end`; also any unknown `#word(…)`. */
export interface MacroCallNode {
  kind: 'macroCall'
  name: string
  args: Expression[]
  body: Node[] | null
  /** What prints when no macro of this name exists. */
  literal: string
}

export interface DefineNode { kind: 'define'; variable: string; body: Node[] }
export interface BreakNode { kind: 'break' }
export interface StopNode { kind: 'stop' }
/** `#include`, `#parse`, `#evaluate`: no resource loader here, so rendering one fails. */
export interface UnsupportedNode { kind: 'unsupported'; name: string; line: number; column: number }

export interface MacroDefinition { name: string; params: string[]; body: Node[] }

export type BinaryOperator =
  | '+' | '-' | '*' | '/' | '%'
  | '==' | '!=' | '<' | '>' | '<=' | '>='
  | '&&' | '||'

export type Expression =
  | ReferenceNode
  | { kind: 'string'; value: string; template: Node[] | null; trimLast: boolean }
  | { kind: 'integer'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'list'; items: Expression[] }
  | { kind: 'map'; entries: [Expression, Expression][] }
  | { kind: 'range'; from: Expression; to: Expression }
  | { kind: 'binary'; op: BinaryOperator; left: Expression; right: Expression; leftLiteral: string; rightLiteral: string }
  | { kind: 'not'; operand: Expression }
  | { kind: 'group'; expression: Expression }
  | { kind: 'word'; name: string }

export interface TemplateAst {
  body: Node[]
  macros: Map<string, MacroDefinition>
  usesStop: boolean
}
