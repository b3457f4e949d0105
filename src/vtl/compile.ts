import { VtlLimitError, VtlRuntimeError, VtlSyntaxError } from './errors.ts'
import { resolveLimits, type TemplateLimits } from './limits.ts'
import { parseTemplate } from './parser.ts'
import { generateModule } from './codegen.ts'
import { collectRoots } from './reference-roots.ts'
import { RenderContext, runtime, type Runtime } from './runtime.ts'
import { runWithBudget } from './render-budget.ts'

export interface Template {
  readonly source: string
  /** every variable the template can read (`$input` → `input`); #evaluate is unsupported, so nothing else */
  readonly roots: ReadonlySet<string>
  render(vars: Record<string, unknown>): string
}

export interface CompileOptions {
  /** Shown in error messages. */
  name?: string
  limits?: Partial<TemplateLimits>
  /**
   * How a reference that is null or does not resolve prints. `'literal'` (default) is
   * Velocity 1.7: its source text (`$missing`). `'empty'` prints nothing, as API Gateway
   * does, and also makes `null == ""` true.
   */
  nullReferences?: 'literal' | 'empty'
}

type CompiledRender = (ctx: RenderContext) => string

/**
 * A source compiled with its options but not yet named: templates of the same source and
 * options can share one (`named` is cheap; parsing and `new Function` are not). Only error
 * messages differ between names, and a source that fails to compile fails for each name anew.
 */
export interface TemplateProgram {
  readonly source: string
  named(name: string | undefined): Template
}

/** Parses once and compiles to a JS function (see codegen.ts); `render` runs it per request. */
export function compileTemplate(source: string, options: CompileOptions = {}): Template {
  return compileProgram(source, options).named(options.name)
}

/** compileTemplate without the name (`options.name` only names a syntax error): see TemplateProgram. */
export function compileProgram(source: string, options: CompileOptions = {}): TemplateProgram {
  const limits = resolveLimits(options.limits)
  if (source.length > limits.maxTemplateBytes || Buffer.byteLength(source, 'utf8') > limits.maxTemplateBytes) {
    throw new VtlSyntaxError(`template is larger than ${limits.maxTemplateBytes} bytes`, 1, 1, options.name)
  }
  const ast = parseTemplate(source, options.name, limits.maxDepth)
  // text only (`{"statusCode": 200}`, the usual MOCK request template): its output is its text,
  // and it needs no generated function (`new Function` is most of a template's compile time)
  if (ast.macros.size === 0 && ast.body.every((node) => node.kind === 'text')) {
    const text = ast.body.map((node) => (node as { text: string }).text).join('')
    if (text.length <= limits.maxOutputBytes && Buffer.byteLength(text, 'utf8') <= limits.maxOutputBytes) {
      const template: Template = { source, roots: new Set(), render: () => text }
      return { source, named: () => template }
    }
  }
  let compiled: CompiledRender
  try {
    const code = generateModule(ast, { limits, blankNulls: options.nullReferences === 'empty' })
    compiled = (new Function('R', code) as (r: Runtime) => CompiledRender)(runtime)
  } catch (e) {
    // only reachable for pathological input (a stack overflow while generating or parsing JS)
    throw new VtlSyntaxError(`template too complex to compile: ${(e as Error).message}`, 1, 1, options.name)
  }
  const roots = collectRoots(ast)

  return {
    source,
    named: (name) => ({
      source,
      roots,
      render: function render(vars: Record<string, unknown>): string {
        let out: string
        try {
          const ctx = new RenderContext(vars ?? {}, limits)
          out = runWithBudget(ctx.budget, () => compiled(ctx))
        } catch (e) {
          throw asRuntimeError(e, name)
        }
        const max = limits.maxOutputBytes
        if (out.length > max || (out.length * 3 > max && Buffer.byteLength(out, 'utf8') > max)) {
          throw new VtlLimitError(`output exceeds ${max} bytes`)
        }
        return out
      },
    }),
  }
}

function asRuntimeError(e: unknown, name: string | undefined): VtlRuntimeError {
  if (e instanceof VtlRuntimeError) return e
  const where = name ? ` in ${name}` : ''
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    return new VtlRuntimeError(`template recursion too deep${where}`, { cause: e })
  }
  const message = e instanceof Error ? e.message : String(e)
  return new VtlRuntimeError(`error while rendering template${where}: ${message}`, { cause: e })
}
