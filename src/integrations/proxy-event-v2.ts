import type { MultiMap } from '../lib/multi-map.ts'
import { DEFAULT_ACCOUNT_ID, formatRequestTime } from '../vtl/aws/context.ts'

/**
 * The Lambda proxy event of an HTTP API, payload format 2.0 (Developer Guide
 * http-api-develop-integrations-lambda.md), built for the HTTP API data plane to come:
 * - header names lower-cased, repeated headers joined with `,`; every `Cookie` header goes to
 *   `cookies` (split on `; `) instead;
 * - `queryStringParameters` joins repeated names with `,`; `rawQueryString` as sent;
 * - `cookies`, `queryStringParameters`, `pathParameters`, `stageVariables` and `body` are left
 *   out when empty (the doc's sample shows them all; absent-when-empty follows the doc's
 *   "Format 2.0 … doesn't include" wording and the Lambda runtime types, unsure);
 * - `requestContext.time` is CLF, `timeEpoch` milliseconds, `http.path` the path as sent.
 */
export interface ProxyEventV2 {
  version: '2.0'
  routeKey: string
  rawPath: string
  rawQueryString: string
  cookies?: string[]
  headers: Record<string, string>
  queryStringParameters?: Record<string, string>
  requestContext: {
    accountId: string
    apiId: string
    authentication?: { clientCert: Record<string, unknown> }
    authorizer?: Record<string, unknown>
    domainName: string
    domainPrefix: string
    http: { method: string; path: string; protocol: string; sourceIp: string; userAgent: string }
    requestId: string
    routeKey: string
    stage: string
    time: string
    timeEpoch: number
  }
  body?: string
  pathParameters?: Record<string, string>
  isBase64Encoded: boolean
  stageVariables?: Record<string, string>
}

export interface ProxyEventV2Input {
  routeKey: string
  httpMethod: string
  /** the path as sent, percent-encoded, including the stage prefix unless `$default` */
  rawPath: string
  rawQuery: string
  query: MultiMap
  headers: MultiMap
  body: Buffer
  /** the body is binary (Content-Type not text-like): it goes base64 */
  binary: boolean
  pathParameters: Readonly<Record<string, string>>
  stageVariables: Readonly<Record<string, string>>
  apiId: string
  stage: string
  requestId: string
  requestTimeEpoch: number
  domainName: string
  sourceIp: string
  protocol: string
  accountId?: string
  /** `{jwt: {claims, scopes}}`, `{lambda: {…}}` or `{iam: {…}}` */
  authorizer?: Record<string, unknown>
  clientCert?: Record<string, unknown>
}

export function buildProxyEventV2(input: ProxyEventV2Input): ProxyEventV2 {
  const headers: Record<string, string> = {}
  let cookies: string[] | undefined
  for (const [name, values] of input.headers.entries()) {
    const lower = name.toLowerCase()
    if (lower === 'cookie') {
      cookies ??= []
      for (const value of values) for (const c of value.split(/;\s*/)) if (c !== '') cookies.push(c)
      continue
    }
    headers[lower] = headers[lower] === undefined ? values.join(',') : `${headers[lower]},${values.join(',')}`
  }
  let query: Record<string, string> | undefined
  for (const [name, values] of input.query.entries()) {
    query ??= {}
    query[name] = values.join(',')
  }

  const event: ProxyEventV2 = {
    version: '2.0',
    routeKey: input.routeKey,
    rawPath: input.rawPath,
    rawQueryString: input.rawQuery,
    headers,
    requestContext: {
      accountId: input.accountId ?? DEFAULT_ACCOUNT_ID,
      apiId: input.apiId,
      domainName: input.domainName,
      domainPrefix: input.domainName.split('.')[0] ?? input.domainName,
      http: {
        method: input.httpMethod,
        path: input.rawPath,
        protocol: input.protocol,
        sourceIp: input.sourceIp,
        userAgent: input.headers.get('user-agent') ?? '',
      },
      requestId: input.requestId,
      routeKey: input.routeKey,
      stage: input.stage,
      time: formatRequestTime(input.requestTimeEpoch),
      timeEpoch: input.requestTimeEpoch,
    },
    isBase64Encoded: input.body.length > 0 && input.binary,
  }
  if (cookies !== undefined) event.cookies = cookies
  if (query !== undefined) event.queryStringParameters = query
  if (input.clientCert !== undefined) event.requestContext.authentication = { clientCert: input.clientCert }
  if (input.authorizer !== undefined) event.requestContext.authorizer = input.authorizer
  if (input.body.length > 0) event.body = input.binary ? input.body.toString('base64') : input.body.toString('utf8')
  if (Object.keys(input.pathParameters).length > 0) event.pathParameters = { ...input.pathParameters }
  if (Object.keys(input.stageVariables).length > 0) event.stageVariables = { ...input.stageVariables }
  return event
}
