/**
 * Parameter-mapping expressions (`requestParameters`, `responseParameters`), compiled once.
 *
 * Sources, from request-response-data-mappings ("Integration request data mapping expressions",
 * "Method response header mapping expressions"):
 * - request side: `method.request.{path,querystring,multivaluequerystring,header,multivalueheader}.NAME`,
 *   `method.request.body`, `method.request.body.JSONPath` (the `$.` prefix omitted);
 * - response side: `integration.response.{header,multivalueheader}.NAME`,
 *   `integration.response.body`, `integration.response.body.JSONPath`;
 * - both: `stageVariables.NAME`, `context.NAME` (a supported context variable), `'STATIC'`.
 * NAME must match `^[a-zA-Z0-9._$-]+$` and "must have been defined before it can be
 * referenced": pass the method's declared parameters to get AWS's error for undeclared ones.
 * Gateway responses map from `method.request.*` parameters, `context`, `stageVariables`, static.
 * Error text as AWS writes it: `Invalid mapping expression specified: Validation Result:
 * warnings : [], errors : [Invalid mapping expression specified: true]` (AWS-recorded, LocalStack
 * `test_apigateway_api` snapshot) and `… errors : [Invalid mapping expression parameter
 * specified: method.request.path.proxy]` (AWS re:Post, api-gateway-proxy-path-parameter-error).
 * Multi-valued sources join with `,` (LocalStack; unsure for query strings, which LocalStack
 * sends as repeated parameters: use `evaluateAll`). A source's `request`/`integrationResponse`
 * object should not change its body once evaluated: the parsed body is kept per object.
 */
import type { MultiMap } from '../../lib/multi-map.ts'
import { compileJsonPath, JsonPathError, type JsonPath } from './json-path.ts'
import { NOT_JSON, parseMappedBody, presentedBody } from './json-body.ts'
import { CONTEXT_VARIABLE_NAMES, readContextVariable } from './context.ts'
export { interpolateStageVariables, undefinedStageVariables } from './stage-variable-template.ts'

export type MappingSide = 'request' | 'response' | 'gatewayResponse'

export class MappingExpressionError extends Error {
  override name = 'MappingExpressionError'
  constructor(readonly detail: string) {
    super(`Invalid mapping expression specified: Validation Result: warnings : [], errors : [${detail}]`)
  }
}

/** The body a `*.body` expression reads is JSON-looking but not JSON. */
export class MappingBodyError extends Error {
  override name = 'MappingBodyError'
  constructor(readonly side: MappingSide) {
    super(side === 'response' ? 'Internal server error' : 'Invalid JSON in request body')
  }
}

export interface MappingSource {
  /** the `$context` object of the request */
  context?: Record<string, unknown>
  stageVariables?: Readonly<Record<string, string>>
  request?: { pathParameters: Readonly<Record<string, string>>; query: MultiMap; headers: MultiMap; body: string }
  integrationResponse?: { headers: MultiMap; body: string }
}

export interface MappingExpression {
  readonly source: string
  /** one value (multi-valued sources joined with `,`); undefined when the source has none */
  evaluate(source: MappingSource): string | undefined
  /** every value, for targets that take several (query strings, headers) */
  evaluateAll(source: MappingSource): string[] | undefined
}

export interface MappingCompileOptions {
  /** declared method request parameters, e.g. `method.request.path.petId`; omit to skip the check */
  declaredParameters?: ReadonlySet<string>
}

const PARAM_NAME = /^[a-zA-Z0-9._$-]+$/
/** where `method.request.<location>.x` must have been declared */
const DECLARED_AS: Partial<Record<string, string>> = {
  path: 'path',
  querystring: 'querystring',
  multivaluequerystring: 'querystring',
  header: 'header',
  multivalueheader: 'header',
}

type Reader = (source: MappingSource) => string[] | undefined

export function compileMappingExpression(
  expr: string,
  side: MappingSide,
  options: MappingCompileOptions = {},
): MappingExpression {
  const read = compileReader(expr, side, options)
  return {
    source: expr,
    evaluate: (source) => read(source)?.join(','),
    evaluateAll: read,
  }
}

function compileReader(expr: string, side: MappingSide, options: MappingCompileOptions): Reader {
  const invalid = (): never => {
    throw new MappingExpressionError(`Invalid mapping expression specified: ${expr}`)
  }
  if (expr.length >= 2 && expr.startsWith("'") && expr.endsWith("'")) {
    const value = expr.slice(1, -1)
    return () => [value]
  }
  if (expr.endsWith('.')) invalid()
  const [head, rest] = splitFirst(expr, '.')
  if (head === 'stageVariables') {
    if (!/^[A-Za-z0-9_]+$/.test(rest)) invalid()
    return (s) => one(s.stageVariables && Object.hasOwn(s.stageVariables, rest) ? s.stageVariables[rest] : undefined)
  }
  if (head === 'context') {
    if (!CONTEXT_VARIABLE_NAMES.has(rest) && !/^authorizer\.[^.]+/.test(rest)) invalid()
    return (s) => one(scalar(readContextVariable(s.context, rest)))
  }
  if (expr.startsWith('method.request.') && side !== 'response') {
    return methodRequestReader(expr, side, options, invalid)
  }
  if (expr.startsWith('integration.response.') && side === 'response') {
    return integrationResponseReader(expr, invalid)
  }
  return invalid()
}

function methodRequestReader(expr: string, side: MappingSide, options: MappingCompileOptions, invalid: () => never): Reader {
  const [location, name] = splitFirst(expr.slice('method.request.'.length), '.')
  if (location === 'body' && side === 'request') {
    return bodyReader(name, side, (s) => s.request, invalid)
  }
  const declaredAs = DECLARED_AS[location]
  if (!declaredAs || !PARAM_NAME.test(name)) return invalid()
  const declared = options.declaredParameters
  if (declared && !declared.has(`method.request.${declaredAs}.${name}`)) {
    throw new MappingExpressionError(`Invalid mapping expression parameter specified: ${expr}`)
  }
  switch (location) {
    case 'path':
      return (s) => one(s.request && Object.hasOwn(s.request.pathParameters, name) ? s.request.pathParameters[name] : undefined)
    case 'querystring':
      return (s) => one(s.request?.query.get(name))
    case 'multivaluequerystring':
      return (s) => many(s.request?.query.getAll(name))
    case 'header':
      return (s) => one(s.request?.headers.get(name))
    default:
      return (s) => many(s.request?.headers.getAll(name))
  }
}

function integrationResponseReader(expr: string, invalid: () => never): Reader {
  const [location, name] = splitFirst(expr.slice('integration.response.'.length), '.')
  if (location === 'body') return bodyReader(name, 'response', (s) => s.integrationResponse, invalid)
  if (!PARAM_NAME.test(name)) return invalid()
  if (location === 'header') return (s) => one(s.integrationResponse?.headers.get(name))
  if (location === 'multivalueheader') return (s) => many(s.integrationResponse?.headers.getAll(name))
  return invalid()
}

type BodyHolder = { body: string }

// on the holder, not in a WeakMap: V8 (Node 20) keeps a WeakMap's young keys alive through minor GCs
const kParsed = Symbol('parsed body')

/** Several `*.body.<JSONPath>` mappings of one request read one body: parse it once per holder. */
function parsedBody(holder: BodyHolder | undefined): unknown {
  if (!holder) return parseMappedBody('')
  const cached = holder as BodyHolder & { [kParsed]?: { value: unknown } }
  if (!Object.isExtensible(cached)) return parseMappedBody(holder.body)
  if (cached[kParsed] === undefined) Object.defineProperty(cached, kParsed, { value: { value: parseMappedBody(holder.body) } })
  return cached[kParsed]!.value
}

function bodyReader(
  path: string,
  side: MappingSide,
  holderOf: (s: MappingSource) => BodyHolder | undefined,
  invalid: () => never,
): Reader {
  if (path === '') return (s) => one(presentedBody(holderOf(s)?.body ?? ''))
  let compiled: JsonPath
  try {
    compiled = compileJsonPath(`$.${path}`)
  } catch (err) {
    if (err instanceof JsonPathError) return invalid()
    throw err
  }
  return (s) => {
    const root = parsedBody(holderOf(s))
    if (root === NOT_JSON) throw new MappingBodyError(side)
    return one(scalar(compiled.evaluate(root)))
  }
}

function splitFirst(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator)
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)]
}

/** A mapped value as header/query text: objects and lists as JSON. */
function scalar(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined
  return typeof value === 'object' ? JSON.stringify(value) : String(value)
}

function one(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : [value]
}

function many(values: readonly string[] | undefined): string[] | undefined {
  return values && values.length > 0 ? [...values] : undefined
}
