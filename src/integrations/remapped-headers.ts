/**
 * Headers API Gateway will not pass between client and backend as they are.
 *
 * Sources: the Developer Guide's known-issues list of headers that "may be remapped to
 * x-amzn-Remapped-HEADER when sent to your integration endpoint or sent back by your integration
 * endpoint" (awsdocs/amazon-api-gateway-developer-guide, api-gateway-known-issues.md), narrowed
 * per direction and integration type by responses recorded against real AWS in LocalStack's
 * `TestApiGatewayHeaderRemapping` and `test_http_integration_with_lambda[HTTP_PROXY]` snapshots
 * (Dec 2024 / Aug 2024).
 */

/** Client request headers never forwarded, proxy or not (plus `Host`: the backend's is used). */
const DROPPED_FROM_REQUEST = [
  'connection',
  'content-length',
  'content-md5',
  'expect',
  'max-forwards',
  'proxy-authenticate',
  'server',
  'te',
  'transfer-encoding',
  'trailer',
  'upgrade',
  'www-authenticate',
  'host',
  // HTTP_PROXY: AWS-recorded backend views lack it although the client sent it
  'via',
  // hop-by-hop (RFC 9110 §7.6.1); undici refuses some of them outright
  'keep-alive',
  'proxy-connection',
]
export const DROPPED_REQUEST_HEADERS: ReadonlySet<string> = new Set(DROPPED_FROM_REQUEST)

/**
 * Dropped from the endpoint request after mapping and overrides (HTTP/HTTP_PROXY): AWS removes
 * these even when requestParameters set them. `upgrade`/`connection`/`keep-alive`/`trailer` are
 * also refused by undici.
 */
export const DROPPED_AFTER_MAPPING: ReadonlySet<string> = new Set([
  'expect',
  'proxy-authenticate',
  'te',
  'via',
  'connection',
  'keep-alive',
  'upgrade',
  'transfer-encoding',
  'content-length',
  'host',
])

/**
 * Integration request headers a mapping may not set: AWS fails the call with 500 ("… header
 * already present") — AWS-recorded for Content-Length and Transfer-Encoding.
 */
export const ILLEGAL_MAPPED_REQUEST_HEADERS: ReadonlySet<string> = new Set([
  'content-length',
  'transfer-encoding',
  'x-amzn-trace-id',
  'x-amzn-apigateway-api-id',
])

/** HTTP_PROXY: backend response headers renamed `x-amzn-Remapped-<Name>` (AWS-recorded). */
const REMAPPED_PROXY_RESPONSE = ['Connection', 'Content-Length', 'Date', 'Server', 'x-amzn-RequestId']
/** HTTP_PROXY: backend response headers dropped. */
const DROPPED_PROXY_RESPONSE = new Set(['transfer-encoding', 'via', 'keep-alive', 'proxy-connection', 'x-amz-apigw-id'])

/** Non-proxy: method response headers (from responseParameters/overrides) renamed (AWS-recorded). */
const REMAPPED_METHOD_RESPONSE = [
  'Authorization',
  'Connection',
  'Content-Length',
  'Content-MD5',
  'Date',
  'Expect',
  'Host',
  'Max-Forwards',
  'Proxy-Authenticate',
  'Server',
  'Trailer',
  'Upgrade',
  'User-Agent',
  'WWW-Authenticate',
]
const DROPPED_METHOD_RESPONSE = new Set(['transfer-encoding'])

function byLowerName(names: string[]): ReadonlyMap<string, string> {
  return new Map(names.map((n) => [n.toLowerCase(), `x-amzn-Remapped-${n}`]))
}
const PROXY_RESPONSE_REMAP = byLowerName(REMAPPED_PROXY_RESPONSE)
const METHOD_RESPONSE_REMAP = byLowerName(REMAPPED_METHOD_RESPONSE)

export type ResponseHeaderFate = { action: 'keep' } | { action: 'drop' } | { action: 'rename'; name: string }

const KEEP: ResponseHeaderFate = { action: 'keep' }
const DROP: ResponseHeaderFate = { action: 'drop' }

/** every backend response header HTTP_PROXY does not keep as is, by lower-case name: one lookup per header */
const PROXY_RESPONSE_FATES: ReadonlyMap<string, ResponseHeaderFate> = new Map<string, ResponseHeaderFate>([
  ...[...DROPPED_PROXY_RESPONSE].map((name): [string, ResponseHeaderFate] => [name, DROP]),
  ...[...PROXY_RESPONSE_REMAP].map(([lower, name]): [string, ResponseHeaderFate] => [lower, { action: 'rename', name }]),
])

/** What happens to one backend response header on its way back through an HTTP_PROXY integration. */
export function proxyResponseHeaderFate(lowerName: string): ResponseHeaderFate {
  return PROXY_RESPONSE_FATES.get(lowerName) ?? KEEP
}

/**
 * An HTTP API's HTTP_PROXY: the backend's headers pass as they are ([DG:http-api-develop-integrations-http]:
 * no `x-amzn-Remapped-*`, which is REST's), except the hop-by-hop ones, the backend's framing
 * (the answer is framed by the gateway, with the backend's Content-Length when it sent one) and
 * its `Date` (the gateway's own goes out).
 */
const DROPPED_HTTP_API_PROXY_RESPONSE = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'content-length', 'date'])

export function httpApiProxyResponseHeaderFate(lowerName: string): ResponseHeaderFate {
  return DROPPED_HTTP_API_PROXY_RESPONSE.has(lowerName) ? DROP : KEEP
}

/** What happens to one mapped method response header of a non-proxy integration. */
export function methodResponseHeaderFate(lowerName: string): ResponseHeaderFate {
  if (DROPPED_METHOD_RESPONSE.has(lowerName)) return DROP
  const renamed = METHOD_RESPONSE_REMAP.get(lowerName)
  return renamed === undefined ? KEEP : { action: 'rename', name: renamed }
}
