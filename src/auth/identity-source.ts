import type { RequestContext } from '../gateway/types.ts'
import type { AuthorizerType } from '../model/index.ts'

/**
 * An authorizer's `identitySource`, compiled once per method: the comma-separated mapping
 * expressions `method.request.header.X`, `method.request.querystring.X`, `stageVariables.X` and
 * `context.X`. Their values are the decision cache key, and AWS refuses the request with 401
 * without calling the authorizer when any of them is missing or empty ("verifying all of the
 * identity-related request parameters are present, not null and non-empty", Authorizer
 * identitySource in the API reference). Path parameters cannot be identity sources.
 */
export type IdentitySource = (ctx: RequestContext) => string | undefined

export class IdentitySourceError extends Error {
  override name = 'IdentitySourceError'
}

/** The `context.*` variables an identity source can name (the request-time ones of `$context`). */
const CONTEXT_VARIABLES: Readonly<Record<string, (ctx: RequestContext) => string | undefined>> = {
  apiId: (ctx) => ctx.apiId,
  domainName: (ctx) => ctx.domainName,
  httpMethod: (ctx) => ctx.httpMethod,
  path: (ctx) => `/${ctx.stageName}${ctx.path}`,
  protocol: (ctx) => ctx.protocol,
  requestId: (ctx) => ctx.requestId,
  resourceId: (ctx) => ctx.route?.resourceId,
  resourcePath: (ctx) => ctx.route?.resourcePath,
  stage: (ctx) => ctx.stageName,
  'identity.sourceIp': (ctx) => ctx.sourceIp,
  'identity.userAgent': (ctx) => ctx.headers.get('user-agent'),
}

/** Parses `identitySource` (possibly empty); throws IdentitySourceError on an expression AWS does not accept. */
export function compileIdentitySources(identitySource: string | undefined): IdentitySource[] {
  if (identitySource === undefined || identitySource.trim() === '') return []
  return identitySource.split(',').map((part) => compileOne(part.trim()))
}

/**
 * An authorizer's identity sources by its type: TOKEN and COGNITO_USER_POOLS read one header
 * (`method.request.header.X`), REQUEST any list. Throws IdentitySourceError.
 */
export function compileAuthorizerIdentitySources(type: AuthorizerType, identitySource: string | undefined): IdentitySource[] {
  if (type === 'REQUEST') return compileIdentitySources(identitySource)
  if (identitySource === undefined || !/^method\.request\.header\.[^,\s]+$/.test(identitySource.trim())) {
    throw new IdentitySourceError(`Invalid identity source ${JSON.stringify(identitySource ?? '')}: a ${type} authorizer's identity source is one header, e.g. method.request.header.Authorization`)
  }
  return compileIdentitySources(identitySource)
}

/** Each source's value, in order; undefined when one is missing or empty (→ 401 without invoking). */
export function identityValues(sources: readonly IdentitySource[], ctx: RequestContext): string[] | undefined {
  const values: string[] = []
  for (const source of sources) {
    const value = source(ctx)
    if (value === undefined || value === '') return undefined
    values.push(value)
  }
  return values
}

function compileOne(expression: string): IdentitySource {
  const header = /^method\.request\.header\.(.+)$/.exec(expression)
  if (header) {
    const name = header[1]!
    return (ctx) => ctx.headers.get(name)
  }
  const query = /^method\.request\.querystring\.(.+)$/.exec(expression)
  if (query) {
    const name = query[1]!
    return (ctx) => ctx.query.get(name)
  }
  const stageVariable = /^stageVariables\.(.+)$/.exec(expression)
  if (stageVariable) {
    const name = stageVariable[1]!
    return (ctx) => ctx.stageVariables[name]
  }
  const context = /^context\.(.+)$/.exec(expression)
  if (context) {
    const read = CONTEXT_VARIABLES[context[1]!]
    if (read) return read
    throw new IdentitySourceError(`Invalid identity source: context variable ${context[1]} is not supported (supported: ${Object.keys(CONTEXT_VARIABLES).join(', ')})`)
  }
  throw new IdentitySourceError(`Invalid identity source specified: ${JSON.stringify(expression)}`)
}
