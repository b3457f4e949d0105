import type { MultiMap } from '../lib/multi-map.ts'
import type { RequestContext } from '../gateway/types.ts'
import { compileProgram, type Template, type TemplateProgram } from '../vtl/index.ts'
import { AWS_TEMPLATE_OPTIONS } from '../vtl/aws/template-options.ts'
import { buildTemplateContext, installOverrides, readOverrides, type TemplateContext } from '../vtl/aws/context.ts'
import { TemplateInput } from '../vtl/aws/input.ts'
import { templateUtil } from '../vtl/aws/util.ts'
import { compileMappingExpression, MappingExpressionError, type MappingSource } from '../vtl/aws/mapping-expression.ts'
import { IntegrationConfigError } from './errors.ts'
import { processTemplateLimits } from './template-limits.ts'
import { exchangeOf, type EndpointResponse, type Exchange } from './exchange.ts'

/**
 * Where the integrations meet the VTL engine and its AWS bindings (`$input`, `$util`,
 * `$context`, overrides, mapping expressions). Compile-time failures become
 * IntegrationConfigError.
 */

export interface MappingTemplate {
  /** the template reads `$context`: pass the request's shared one to `render` (templateContextOf) */
  readonly readsContext: boolean
  /**
   * the template may write `$context.requestOverride` / `responseOverride`: it names them, or
   * reaches `$context` other than through plain member names (`$context.get(…)`, `$context`
   * passed whole). One that can't renders with plain override maps, and nothing reads them back.
   */
  readonly writesOverrides: boolean
  /** renders with `$input` over `body` and the request's shared `$context` (undefined when not read) */
  render(ctx: RequestContext, body: string, templateContext: TemplateContext | undefined): string
}

/**
 * Compiled templates by source, shared by every method whose template has that text (an API
 * often repeats one, e.g. `$input.json('$')` or a CORS mock's), and by a deploy's two compiles
 * of each (the deploy check, then the stage's plan); most redeploys change few of them, so each
 * compile after the first is a lookup. Programs are immutable, so plans can share them; each
 * method names its own (its errors name it). Bounded by source size.
 */
const compiledPrograms = new Map<string, TemplateProgram>()
const CACHE_MAX_SOURCE_CHARS = 8 * 1024 * 1024
let cachedSourceChars = 0

function cachedCompile(source: string, name: string): Template {
  const hit = compiledPrograms.get(source)
  if (hit) return hit.named(name)
  const compiled = compileProgram(source, { name, ...AWS_TEMPLATE_OPTIONS, limits: processTemplateLimits() })
  compiledPrograms.set(source, compiled)
  cachedSourceChars += source.length
  // evict oldest first until back under the bound
  for (const [oldSource] of compiledPrograms) {
    if (cachedSourceChars <= CACHE_MAX_SOURCE_CHARS) break
    compiledPrograms.delete(oldSource)
    cachedSourceChars -= oldSource.length
  }
  return compiled.named(name)
}

export function compileMappingTemplate(source: string, name: string): MappingTemplate {
  let compiled: Template
  try {
    compiled = cachedCompile(source, name)
  } catch (err) {
    throw new IntegrationConfigError(`Invalid mapping template (${name}): ${(err as Error).message}`, { cause: err })
  }
  // a variable the template never names is not built: most templates read one or two of them
  const readsInput = compiled.roots.has('input')
  const readsStageVariables = compiled.roots.has('stageVariables')
  const readsContext = compiled.roots.has('context')
  return {
    readsContext,
    writesOverrides: readsContext && mayWriteOverrides(source),
    render(ctx, body, templateContext) {
      return compiled.render({
        input: readsInput ? TemplateInput.fromRequest(ctx, body) : undefined,
        util: templateUtil,
        context: templateContext,
        stageVariables: readsStageVariables ? { ...ctx.stageVariables } : undefined,
      })
    },
  }
}

/**
 * The request's `$context`, built once and shared by its request and response templates (and
 * mapping expressions). `overrides`: the caller may write the override maps, which then count
 * writes from now on (no template could have written them before: see `writesOverrides`).
 */
export function templateContextOf(ctx: RequestContext, exchange: Exchange = exchangeOf(ctx), overrides = true): TemplateContext {
  const built = exchange.templateContext as TemplateContext | undefined
  if (built === undefined) {
    exchange.overridesRecorded = overrides
    return (exchange.templateContext = buildTemplateContext(ctx, { overrides }))
  }
  if (overrides && exchange.overridesRecorded !== true) {
    installOverrides(built)
    exchange.overridesRecorded = true
  }
  return built
}

/** every `$context.a.b` (any of VTL's spellings) that is a plain member path, not a method call */
const PLAIN_CONTEXT_PATH = /\$!?\{?context(?:\.[A-Za-z_][\w-]*)+(?![\w(-])/g
const CONTEXT_REFERENCE = /\$!?\{?context\b/

/** See MappingTemplate.writesOverrides: true unless every use of `$context` is a plain member path away from the overrides. */
function mayWriteOverrides(source: string): boolean {
  if (source.includes('Override')) return true
  return CONTEXT_REFERENCE.test(source.replace(PLAIN_CONTEXT_PATH, ''))
}

export interface Overrides {
  request: { path: Array<[string, string]>; querystring: Array<[string, string]>; header: Array<[string, string]> }
  response: { status: number | undefined; header: Array<[string, string]> }
  /** parameters overridden twice: AWS answers 5XX ("Overrides are final") */
  conflicts: string[]
}

export function readTemplateOverrides(templateContext: Record<string, unknown>): Overrides {
  const o = readOverrides(templateContext)
  const pairs = (map: Record<string, string[]>, join: boolean): Array<[string, string]> => {
    const out: Array<[string, string]> = []
    for (const [name, values] of Object.entries(map)) {
      if (join) out.push([name, values.join(',')])
      else for (const v of values) out.push([name, v])
    }
    return out
  }
  return {
    request: {
      path: Object.entries(o.request.path),
      querystring: pairs(o.request.querystring, false),
      // a list-valued header override reaches the endpoint joined with `,` (override doc example)
      header: pairs(o.request.header, true),
    },
    response: { status: o.response.status, header: pairs(o.response.header, true) },
    conflicts: o.conflicts,
  }
}

/** A request-side mapping expression: one value, or all values for multi-valued targets. */
export type RequestValue = (ctx: RequestContext) => string[] | undefined
/** A response-side mapping expression. */
export type ResponseValue = (ctx: RequestContext, response: EndpointResponse) => string | undefined

export function compileRequestValue(expression: string, where: string, multi: boolean): RequestValue {
  const compiled = compile(expression, 'request', where)
  const needsContext = expression.startsWith('context.')
  return (ctx) => {
    const source: MappingSource = { stageVariables: ctx.stageVariables, request: new MethodRequestView(ctx) }
    if (needsContext) source.context = templateContextOf(ctx, exchangeOf(ctx), false)
    if (multi) return compiled.evaluateAll(source)
    const one = compiled.evaluate(source)
    return one === undefined ? undefined : [one]
  }
}

export function compileResponseValue(expression: string, where: string): ResponseValue {
  const compiled = compile(expression, 'response', where)
  const needsContext = expression.startsWith('context.')
  return (ctx, response) => {
    const source: MappingSource = { stageVariables: ctx.stageVariables, integrationResponse: new EndpointResponseView(response) }
    if (needsContext) source.context = templateContextOf(ctx, exchangeOf(ctx), false)
    return compiled.evaluate(source)
  }
}

/**
 * The method request as mapping expressions read it. A class, not an object literal with
 * getters: per-request literals with accessor closures kept request objects alive through minor
 * GCs under load (HTTP_PROXY's scavenges went from ~1 ms to 10–20 ms). The query and header maps
 * are only parsed when an expression reads them.
 */
class MethodRequestView {
  readonly #ctx: RequestContext
  constructor(ctx: RequestContext) {
    this.#ctx = ctx
  }
  get pathParameters(): Readonly<Record<string, string>> {
    return this.#ctx.pathParameters
  }
  get query(): MultiMap {
    return this.#ctx.query
  }
  get headers(): MultiMap {
    return this.#ctx.headers
  }
  get body(): string {
    return this.#ctx.body.toString('utf8')
  }
}

class EndpointResponseView {
  readonly #response: EndpointResponse
  constructor(response: EndpointResponse) {
    this.#response = response
  }
  get headers(): MultiMap {
    return this.#response.headers
  }
  get body(): string {
    return this.#response.body.toString('utf8')
  }
}

function compile(expression: string, side: 'request' | 'response', where: string) {
  try {
    return compileMappingExpression(expression, side)
  } catch (err) {
    if (err instanceof MappingExpressionError) throw new IntegrationConfigError(`${err.message} (${where})`, { cause: err })
    throw err
  }
}

export { MappingBodyError } from '../vtl/aws/mapping-expression.ts'
