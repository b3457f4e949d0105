import type { Expression, ForeachNode, MacroCallNode, Node, SetNode, TemplateAst } from './ast.ts'
import type { TemplateLimits } from './limits.ts'
import { conditionOf, memberAccess, renderReference, referenceValue, valueOf, type FunctionBuilder } from './codegen-expression.ts'
import { collectRoots } from './reference-roots.ts'
import { HIDDEN } from './member-access.ts'

const q = JSON.stringify

/**
 * Compiles a template's AST to the source of one JS module body:
 * hoisted macro / #define / string-template functions, then `return function render(C)`.
 * Every function has the shape `(C: RenderContext, S: Scope) => string` and appends to a
 * local `o`. Limits are inlined as constants so the hot path only compares numbers.
 */
export interface CodegenOptions {
  limits: Readonly<TemplateLimits>
  blankNulls: boolean
}

export function generateModule(ast: TemplateAst, options: CodegenOptions): string {
  const module = new ModuleBuilder(ast, options.limits, options.blankNulls)
  const render = module.fn('render', ast.body, 'top')
  return `"use strict";\nconst OP = Object.prototype;\n${module.constants.join('\n')}\n${module.hoisted.join('\n')}\nreturn ${render};`
}

type FunctionKind = 'top' | 'macro' | 'block'

class ModuleBuilder {
  readonly hoisted: string[] = []
  readonly constants: string[] = []
  readonly macroNames = new Map<string, string>()
  readonly roots: Set<string>
  private counter = 0

  constructor(readonly ast: TemplateAst, readonly limits: Readonly<TemplateLimits>, readonly blankNulls: boolean) {
    this.roots = collectRoots(ast)
    for (const name of ast.macros.keys()) this.macroNames.set(name, `M${this.counter++}_${name.replace(/[^a-zA-Z0-9_]/g, '_')}`)
    for (const [name, def] of ast.macros) this.hoisted.push(this.fn(this.macroNames.get(name)!, def.body, 'macro'))
  }

  nextName(prefix: string): string { return `${prefix}${this.counter++}` }

  fn(name: string, body: Node[], kind: FunctionKind): string {
    const g = new FunctionGenerator(this, kind === 'top')
    const code = g.nodes(body)
    const temps = g.temps > 0 ? `, ${Array.from({ length: g.temps }, (_, i) => `t${i}`).join(', ')}` : ''
    const head = kind === 'top' ? `function render(C) {\nconst S = C, V = C.vars;\nlet o = ""${temps};` : `function ${name}(C, S) {\nlet o = ""${temps};`
    if (!this.ast.usesStop) return `${head}\n${code}\nreturn o;\n}`
    const handler = kind === 'top'
      ? 'if (e instanceof R.StopSignal) return o + e.partial; throw e;'
      : 'throw R.unwind(e, o);'
    return `${head}\ntry {\n${code}\n} catch (e) { ${handler} }\nreturn o;\n}`
  }
}

class FunctionGenerator implements FunctionBuilder {
  temps = 0
  private readonly loops: string[] = []
  readonly maxOutput: number
  readonly blankNulls: boolean

  constructor(private readonly module: ModuleBuilder, private readonly topLevel: boolean) {
    this.maxOutput = module.limits.maxOutputBytes
    this.blankNulls = module.blankNulls
  }

  /** Top-level code owns the variable store (`V`); macro and block bodies go through their scope. */
  readVar(name: string): string {
    return this.topLevel && !HIDDEN.has(name) ? `V${memberAccess(name)}` : `S.get(${q(name)})`
  }

  private writeVar(name: string, value: string): string {
    return this.topLevel && !HIDDEN.has(name) ? `V${memberAccess(name)} = ${value};` : `S.set(${q(name)}, ${value});`
  }

  private restoreVar(name: string, saved: string): string {
    return this.topLevel && !HIDDEN.has(name) ? `V${memberAccess(name)} = ${saved};` : `R.restore(S, ${q(name)}, ${saved});`
  }

  temp(): string { return `t${this.temps++}` }

  constant(init: string): string {
    const name = this.module.nextName('K')
    this.module.constants.push(`const ${name} = ${init};`)
    return name
  }

  hoistTemplate(nodes: Node[]): string {
    const name = this.module.nextName('T')
    this.module.hoisted.push(this.module.fn(name, nodes, 'block'))
    return name
  }

  private checkOutput(): string {
    return `if (o.length > ${this.maxOutput}) R.limitOutput(${this.maxOutput});`
  }

  nodes(nodes: Node[]): string {
    return nodes.map((n) => this.node(n)).join('\n')
  }

  private node(n: Node): string {
    switch (n.kind) {
      case 'text': return `o += ${q(n.text)};`
      case 'reference': return `o += ${renderReference(this, n)};\n${this.checkOutput()}`
      case 'set': return this.set(n)
      case 'if': {
        const branches = n.branches.map((b, i) => `${i === 0 ? 'if' : ' else if'} (${conditionOf(this, b.condition)}) {\n${this.nodes(b.body)}\n}`)
        return branches.join('') + (n.otherwise === null ? '' : ` else {\n${this.nodes(n.otherwise)}\n}`)
      }
      case 'foreach': return this.foreach(n)
      case 'macroCall': return this.macroCall(n)
      case 'define': return this.writeVar(n.variable, `R.define(${this.hoistTemplate(n.body)}, C, S)`)
      case 'break': return this.loops.length > 0 ? `break ${this.loops[this.loops.length - 1]};` : 'return o;'
      case 'stop': return 'R.stop();'
      case 'unsupported': return `R.unsupported(${q(n.name)}, ${n.line}, ${n.column});`
    }
  }

  /** RHS first; a null RHS leaves the target alone (directive.set.null.allowed = false). */
  private set(n: SetNode): string {
    const v = this.temp()
    const value = `${v} = ${valueOf(this, n.value)};`
    const target = n.target
    if (target.parts.length === 0) return `${value}\nif (${v} != null) ${this.writeVar(target.root, v)}`
    const last = target.parts[target.parts.length - 1]!
    const owner = referenceValue(this, { ...target, parts: target.parts.slice(0, -1) })
    let assign: string
    if (last.kind === 'property') assign = `R.setProp(${owner.temp}, ${q(last.name)}, ${v})`
    else if (last.kind === 'index') assign = `R.setIndex(${owner.temp}, ${valueOf(this, last.arg)}, ${v})`
    else return value
    return `${value}\nif (${v} != null && ${owner.code} != null) ${assign};`
  }

  private foreach(n: ForeachNode): string {
    const roots = this.module.roots
    const { maxForeachIterations: perLoop, maxTotalIterations: total } = this.module.limits
    const items = this.temp()
    const size = this.temp()
    const i = this.temp()
    const label = this.module.nextName('L')
    const saved: [string, string][] = [[n.variable, this.temp()]]
    const counters = ['velocityCount', 'velocityHasNext', 'foreach'].filter((name) => roots.has(name))
    for (const name of counters) saved.push([name, this.temp()])
    const scope = roots.has('foreach') ? this.temp() : null
    const lines: string[] = [`${items} = R.iterable(${valueOf(this, n.iterable)});`, `if (${items} !== null) {`]
    for (const [name, t] of saved) lines.push(`${t} = ${this.readVar(name)};`)
    if (scope !== null) lines.push(`${scope} = new R.ForeachScope(${saved.find(([name]) => name === 'foreach')![1]});`, this.writeVar('foreach', scope))
    lines.push(
      `${size} = ${items}.length;`,
      `${label}: for (${i} = 0; ${i} < ${size}; ${i}++) {`,
      `if (${items}.length !== ${size}) R.modified();`,
      `if (${i} >= ${perLoop}) R.limitLoop(${perLoop});`,
      `if (++C.iterations > ${total}) R.limitTotal(${total});`,
      'C.budget.spend(1);',
    )
    if (roots.has('velocityCount')) lines.push(this.writeVar('velocityCount', `${i} + 1`))
    if (roots.has('velocityHasNext')) lines.push(this.writeVar('velocityHasNext', `${i} + 1 < ${size}`))
    if (scope !== null) lines.push(`${scope}.position = ${i}; ${scope}.more = ${i} + 1 < ${size};`)
    lines.push(this.writeVar(n.variable, `${items}[${i}]`))
    this.loops.push(label)
    lines.push(this.nodes(n.body))
    this.loops.pop()
    lines.push(this.checkOutput(), '}')
    for (const [name, t] of saved) lines.push(this.restoreVar(name, t))
    lines.push('}')
    return lines.join('\n')
  }

  private macroCall(n: MacroCallNode): string {
    const fn = this.module.macroNames.get(n.name)
    const def = this.module.ast.macros.get(n.name)
    if (fn === undefined || def === undefined) return `o += ${q(n.literal)};`
    const frame = this.temp()
    const lines = [`${frame} = new R.MacroFrame(C);`]
    def.params.forEach((param, index) => {
      const arg: Expression | undefined = n.args[index]
      if (arg === undefined) return
      if (arg.kind === 'word') lines.push(`R.badArgument(${q(arg.name)}, ${q(n.name)});`)
      else if (arg.kind === 'integer' || arg.kind === 'float' || arg.kind === 'boolean') {
        lines.push(`${frame}.locals.set(${q(param)}, ${valueOf(this, arg)});`)
      } else {
        lines.push(`${frame}.proxies.set(${q(param)}, () => ${valueOf(this, arg)});`)
      }
    })
    for (const arg of n.args.slice(def.params.length)) {
      if (arg.kind === 'word') lines.push(`R.badArgument(${q(arg.name)}, ${q(n.name)});`)
    }
    if (n.body !== null) lines.push(`${frame}.locals.set("bodyContent", R.define(${this.hoistTemplate(n.body)}, C, S));`)
    lines.push(`o += R.callMacro(C, ${fn}, ${frame});`, this.checkOutput())
    return lines.join('\n')
  }
}
