import type { RequestContext } from '../gateway/types.ts'
import { DEFAULT_ACCOUNT_ID, formatRequestTime } from '../vtl/aws/context.ts'
import { callerIdentity } from '../vtl/aws/identity.ts'
import type { BinaryMediaTypeTest } from './content-handling.ts'

/**
 * The Lambda proxy event of a REST API (payload format 1.0), field by field as AWS sends it.
 * Sources: the aws-lambda-go sample `events/testdata/apigw-request.json`, the Developer Guide
 * (set-up-lambda-proxy-integrations.md), and events recorded from real AWS in LocalStack's
 * `test_lambda_aws_proxy_integration` snapshot, which settle the details the samples leave open:
 * - `headers` holds the last value of each header, `multiValueHeaders` all of them, both with
 *   the client's spelling, except `authorization` and `user-agent`, which arrive as
 *   `Authorization` / `User-Agent` (AWS's CloudFront front end recases them); `Content-Length`
 *   and `Connection` are not passed;
 * - `queryStringParameters` holds the last value of each name; both query maps,
 *   `pathParameters` and `stageVariables` are `null` when empty; `body` is `null` when empty;
 * - `requestContext` has no `authorizer` key without an authorizer, and `identity`
 *   (vtl/aws/identity.ts, shared with `$context.identity`) has `apiKey`/`apiKeyId` only when an
 *   API key was used (the recorded event has neither; the sample, made with a key and an
 *   authorizer, has both);
 * - `isBase64Encoded` is true, and `body` base64, when the request's Content-Type matches the
 *   API's binaryMediaTypes (set-up-lambda-proxy-integrations: "isBase64Encoded … true when the
 *   request payload is binary").
 * Lambda authorizer context values keep their JSON types here (`"clientId": 1` in the sample),
 * unlike `$context.authorizer.*` in templates, which are strings.
 */
export interface ProxyEventV1 {
  resource: string
  path: string
  httpMethod: string
  headers: Record<string, string>
  multiValueHeaders: Record<string, string[]>
  queryStringParameters: Record<string, string> | null
  multiValueQueryStringParameters: Record<string, string[]> | null
  pathParameters: Record<string, string> | null
  stageVariables: Record<string, string> | null
  requestContext: ProxyRequestContextV1
  body: string | null
  isBase64Encoded: boolean
}

export interface ProxyRequestContextV1 {
  accountId: string
  apiId: string
  authorizer?: Record<string, unknown>
  deploymentId: string
  domainName: string
  domainPrefix: string
  extendedRequestId: string
  httpMethod: string
  identity: Record<string, unknown>
  path: string
  protocol: string
  requestId: string
  requestTime: string
  requestTimeEpoch: number
  resourceId: string | null
  resourcePath: string | null
  stage: string
}

export interface ProxyEventOptions {
  /** `requestContext.accountId`; Portico has no AWS account, so a fixed id by default */
  accountId?: string
  /** the API's binaryMediaTypes as a test on the request's Content-Type */
  isBinary: BinaryMediaTypeTest
}

/** Not passed to the function (AWS-recorded events lack them). */
const NOT_PASSED = new Set(['content-length', 'connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'te', 'upgrade'])
/** Arrive with this spelling whatever the client sent (AWS-recorded). */
const RECASED: Readonly<Record<string, string>> = { authorization: 'Authorization', 'user-agent': 'User-Agent' }

type Entries = Iterable<[string, readonly string[]]>

/** `headers` and `multiValueHeaders` of a 1.0 event from a request's headers (also after an HTTP API's parameter mapping). */
export function proxyEventHeaders(entries: Entries): Pick<ProxyEventV1, 'headers' | 'multiValueHeaders'> {
  const headers: Record<string, string> = {}
  const multiValueHeaders: Record<string, string[]> = {}
  for (const [name, values] of entries) {
    const lower = name.toLowerCase()
    if (NOT_PASSED.has(lower)) continue
    const key = RECASED[lower] ?? name
    headers[key] = values[values.length - 1]!
    multiValueHeaders[key] = [...values]
  }
  return { headers, multiValueHeaders }
}

/** `queryStringParameters` and `multiValueQueryStringParameters` of a 1.0 event (`null` when empty). */
export function proxyEventQuery(entries: Entries): Pick<ProxyEventV1, 'queryStringParameters' | 'multiValueQueryStringParameters'> {
  let query: Record<string, string> | null = null
  let multiQuery: Record<string, string[]> | null = null
  for (const [name, values] of entries) {
    query ??= {}
    multiQuery ??= {}
    query[name] = values[values.length - 1]!
    multiQuery[name] = [...values]
  }
  return { queryStringParameters: query, multiValueQueryStringParameters: multiQuery }
}

export function buildProxyEventV1(ctx: RequestContext, options: ProxyEventOptions): ProxyEventV1 {
  const binary = ctx.body.length > 0 && options.isBinary(ctx.headers.get('content-type'))
  const body = ctx.body.length === 0 ? null : binary ? ctx.body.toString('base64') : ctx.body.toString('utf8')

  return {
    resource: ctx.route?.resourcePath ?? ctx.path,
    path: sentPath(ctx),
    httpMethod: ctx.httpMethod,
    ...proxyEventHeaders(ctx.headers.entries()),
    ...proxyEventQuery(ctx.query.entries()),
    pathParameters: Object.keys(ctx.pathParameters).length === 0 ? null : sentPathParameters(ctx),
    stageVariables: Object.keys(ctx.stageVariables).length === 0 ? null : { ...ctx.stageVariables },
    requestContext: requestContextV1(ctx, options.accountId ?? DEFAULT_ACCOUNT_ID),
    body,
    isBase64Encoded: binary,
  }
}

/**
 * The event's `path` is the path as the client sent it, percent-escapes kept (`test%2Balias`),
 * leading slashes collapsed; `requestContext.path` keeps even those (`/stage//proxy-value`).
 * AWS-recorded: LocalStack's test_lambda_aws_proxy_integration (with-path-encoded-email,
 * with-prepended-slash).
 */
function sentPath(ctx: RequestContext): string {
  const raw = ctx.rawPath || ctx.path
  return raw.startsWith('//') ? raw.replace(/^\/+/, '/') : raw
}

/**
 * A greedy `{name+}` parameter as sent, percent-escapes kept, as AWS passes it
 * (with-path-encoded-email: `proxy-value/api/user/test%2Balias@gmail.com/…`); the others as matched.
 */
function sentPathParameters(ctx: RequestContext): Record<string, string> {
  const params = { ...ctx.pathParameters }
  const resourcePath = ctx.route?.resourcePath
  const greedy = resourcePath === undefined ? undefined : /\{([^}]+)\+\}$/.exec(resourcePath)
  if (!greedy || params[greedy[1]!] === undefined || !ctx.rawPath?.includes('%')) return params
  const depth = resourcePath!.split('/').length - 2
  const segments = sentPath(ctx).split('/').slice(1)
  const tail = segments.slice(depth).join('/')
  params[greedy[1]!] = tail.endsWith('/') ? tail.slice(0, -1) : tail
  return params
}

function requestContextV1(ctx: RequestContext, accountId: string): ProxyRequestContextV1 {
  const out: ProxyRequestContextV1 = {
    accountId,
    apiId: ctx.apiId,
    deploymentId: ctx.plan.deploymentId,
    domainName: ctx.domainName,
    domainPrefix: ctx.domainName.split('.')[0] ?? ctx.domainName,
    extendedRequestId: ctx.extendedRequestId,
    httpMethod: ctx.httpMethod,
    identity: callerIdentity(ctx, { unsetAsNull: false }),
    path: `/${ctx.stageName}${ctx.rawPath || ctx.path}`,
    protocol: ctx.protocol,
    requestId: ctx.requestId,
    requestTime: formatRequestTime(ctx.requestTimeEpoch),
    requestTimeEpoch: ctx.requestTimeEpoch,
    resourceId: ctx.route?.resourceId ?? null,
    resourcePath: ctx.route?.resourcePath ?? null,
    stage: ctx.stageName,
  }
  if (ctx.authorizer !== undefined) out.authorizer = { ...ctx.authorizer }
  return out
}
