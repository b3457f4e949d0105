import type { RequestContext } from '../../gateway/types.ts'
import { DEFAULT_ACCOUNT_ID, formatRequestTime } from '../../vtl/aws/context.ts'

/**
 * An HTTP API request's `$context` (Developer Guide http-api-logging-variables.md) as a plain
 * object: what parameter mapping's `$context.x` values read. Built on demand; only the variables
 * known when the integration is called are set.
 */
export function httpApiContext(ctx: RequestContext, accountId = DEFAULT_ACCOUNT_ID): Record<string, unknown> {
  const userAgent = ctx.headers.get('user-agent') ?? ''
  return {
    accountId,
    apiId: ctx.apiId,
    domainName: ctx.domainName,
    domainPrefix: ctx.domainName.split('.')[0] ?? ctx.domainName,
    httpMethod: ctx.httpMethod,
    path: stagePath(ctx),
    // AWS: always HTTP/1.1, whatever the client spoke
    protocol: 'HTTP/1.1',
    requestId: ctx.requestId,
    extendedRequestId: ctx.requestId,
    requestTime: formatRequestTime(ctx.requestTimeEpoch),
    requestTimeEpoch: ctx.requestTimeEpoch,
    routeKey: ctx.route?.routeKey,
    stage: ctx.stageName,
    // an AWS_IAM route's caller (accessKey, accountId, caller, user, userArn), then the client
    identity: { ...ctx.identity, sourceIp: ctx.sourceIp, userAgent },
    authorizer: authorizerVariables(ctx.authorizer),
    integrationErrorMessage: ctx.integration?.error,
    integrationStatus: ctx.integration?.status,
    integrationLatency: ctx.integration?.latencyMs,
  }
}

/**
 * `$context.authorizer.*`: a JWT authorizer's `claims.{name}` and `scopes`, a Lambda
 * authorizer's context keys (2.0: `lambda`, flattened here as AWS documents `$context.authorizer.{key}`).
 */
function authorizerVariables(authorizer: Record<string, unknown> | undefined): Record<string, unknown> {
  if (authorizer === undefined) return {}
  const jwt = authorizer['jwt'] as { claims?: unknown; scopes?: unknown } | undefined
  if (jwt !== undefined) return { claims: jwt.claims, scopes: jwt.scopes }
  const lambda = authorizer['lambda'] as Record<string, unknown> | undefined
  return lambda !== undefined ? { ...lambda } : authorizer
}

/**
 * The request path as HTTP APIs report it (`rawPath`, `$context.path`): a named stage's prefix
 * is kept, the `$default` stage has none (Developer Guide http-api-develop-routes.md; powertools
 * issue 621). Still percent-encoded.
 */
export function stagePath(ctx: RequestContext): string {
  const rest = ctx.rawPath ?? ctx.path
  if (ctx.stageName === '$default') return rest === '' ? '/' : rest
  return rest === '' || rest === '/' ? `/${ctx.stageName}` : `/${ctx.stageName}${rest}`
}
