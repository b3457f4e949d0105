import type { Expression, Node, TemplateAst } from './ast.ts'

/**
 * Every variable name a template reads, including inside macros and string literals.
 * The compiler uses it to skip maintaining `$velocityCount`, `$velocityHasNext` and
 * `$foreach` in loops of templates that never read them.
 */
export function collectRoots(ast: TemplateAst): Set<string> {
  const roots = new Set<string>()
  const expr = (e: Expression): void => {
    switch (e.kind) {
      case 'reference':
        roots.add(e.root)
        for (const p of e.parts) {
          if (p.kind === 'method') p.args.forEach(expr)
          else if (p.kind === 'index') expr(p.arg)
        }
        return
      case 'string': if (e.template !== null) nodes(e.template); return
      case 'list': e.items.forEach(expr); return
      case 'map': for (const [k, v] of e.entries) { expr(k); expr(v) } return
      case 'range': expr(e.from); expr(e.to); return
      case 'binary': expr(e.left); expr(e.right); return
      case 'not': expr(e.operand); return
      case 'group': expr(e.expression); return
    }
  }
  const nodes = (list: Node[]): void => {
    for (const n of list) {
      switch (n.kind) {
        case 'reference': expr(n); break
        case 'set': expr(n.target); expr(n.value); break
        case 'if': for (const b of n.branches) { expr(b.condition); nodes(b.body) } if (n.otherwise) nodes(n.otherwise); break
        case 'foreach': expr(n.iterable); nodes(n.body); break
        case 'macroCall': n.args.forEach(expr); if (n.body) nodes(n.body); break
        case 'define': nodes(n.body); break
      }
    }
  }
  nodes(ast.body)
  for (const m of ast.macros.values()) nodes(m.body)
  return roots
}
