import type { PipelineStage, RequestContext } from '../../gateway/types.ts'
import { HeaderMap } from '../../lib/multi-map.ts'
import { DEFAULT_TIMEOUT_MS, type Integration } from '../../model/index.ts'
import { interpolateStageVariables } from '../../vtl/aws/stage-variable-template.ts'
import { compileEndpointUri, type EndpointUri } from '../endpoint-uri.ts'
import { callEndpoint } from '../endpoint-call.ts'
import { completedWith, configurationError, dotSegmentInPath } from '../errors.ts'
import { exchangeOf } from '../exchange.ts'
import { formatBody, formatMap } from '../execution-log.ts'
import { MAX_ENDPOINT_RESPONSE_BYTES } from '../http.ts'
import { DROPPED_AFTER_MAPPING } from '../remapped-headers.ts'
import type { UpstreamPools } from '../upstream-pools.ts'
import { jsonProtocolOf } from './json-protocol.ts'
import type { AwsCredentials, AwsServiceOptions } from './options.ts'
import { compileAwsServiceUri } from './service-uri.ts'
import { signRequest } from '../../lib/sigv4/sign.ts'

const NO_BODY_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export interface AwsServiceIntegrationOptions {
  integration: Integration
  stageVariables: Readonly<Record<string, string>>
  services: AwsServiceOptions
  upstream: UpstreamPools
  where: string
  /** placeholders filled from the resource's greedy parameter (endpoint-uri.ts greedyPlaceholders) */
  multiSegment?: ReadonlySet<string>
  maxResponseBytes?: number
}

/**
 * The AWS integration with an AWS service: the endpoint request the integration request stage
 * built (mapped path, query string and headers, template output as body) is sent, SigV4-signed,
 * to the endpoint configured for the URI's service (options.ts); the response is buffered for
 * the integration response, which selects on its status code as for HTTP.
 * - path style: `{endpoint}/{path}`; action style: `{endpoint}/?Action={Action}` plus the mapped
 *   query string; JSON-protocol services (json-protocol.ts) get `X-Amz-Target` and their
 *   content type unless mapped;
 * - sent like an HTTP integration: `Accept: application/json` and `User-Agent:
 *   AmazonAPIGateway_{apiId}` unless mapped, the client's Content-Type for verbs with a body;
 * - unreachable endpoint, timeout, oversize response: as for HTTP (upstream-failure.ts).
 */
export function awsServiceIntegration(options: AwsServiceIntegrationOptions): PipelineStage {
  const { integration, services, upstream, where } = options
  const uri = compileAwsServiceUri(integration.uri, options.stageVariables, where)
  const config = Object.prototype.hasOwnProperty.call(services.services, uri.service) ? services.services[uri.service] : undefined
  const method = (integration.httpMethod ?? 'POST').toUpperCase()
  const timeoutMs = integration.timeoutInMillis > 0 ? integration.timeoutInMillis : DEFAULT_TIMEOUT_MS
  const maxBytes = options.maxResponseBytes ?? MAX_ENDPOINT_RESPONSE_BYTES
  const role = integration.credentials === undefined ? undefined : interpolateStageVariables(integration.credentials, options.stageVariables)

  const failure = (reason: string): PipelineStage =>
    function awsServiceIntegration(ctx) {
      ctx.log.push(`Execution failed due to configuration error: ${reason}`)
      return completedWith(ctx, configurationError())
    }
  if (config === undefined) return failure(`no endpoint is configured for AWS service ${JSON.stringify(uri.service)}`)
  const credentials = resolveCredentials(services, config, role)
  if (credentials === undefined) {
    return failure(role !== undefined ? `no credentials are configured for role ${role}` : `no credentials are configured for AWS service ${uri.service}`)
  }
  const base = config.endpoint.replace(/\/+$/, '')
  const compiled =
    uri.kind === 'path'
      ? compileEndpointUri(`${base}/${uri.path}`, {}, where, options.multiSegment)
      : compileEndpointUri(`${base}/?${[['Action', uri.path], ...uri.actionParams].map(([n, v]) => `${n}=${v}`).join('&')}`, {}, where)
  if (!compiled.ok) return failure(`Invalid endpoint address ${compiled.uri}`)
  const endpoint: EndpointUri = compiled.uri
  const protocol = uri.kind === 'action' ? jsonProtocolOf(uri.service) : undefined
  const signing = { service: config.signingName ?? uri.service, region: config.region ?? (uri.region || 'us-east-1'), ...credentials }

  return async function awsServiceIntegration(ctx) {
    const exchange = exchangeOf(ctx)
    const request = exchange.request ?? { pathParams: {}, query: [], headers: new HeaderMap(), body: ctx.body }
    const path = endpoint.pathAndQuery(request.pathParams, request.query)
    if (path === undefined) return dotSegmentInPath(ctx)
    const url = endpoint.origin + path
    const body = NO_BODY_METHODS.has(method) ? null : request.body
    const unsigned = outgoingHeaders(ctx, request.headers, method, protocol?.contentType)
    if (protocol !== undefined && !request.headers.has('x-amz-target')) unsigned['X-Amz-Target'] = `${protocol.targetPrefix}.${uri.path}`
    const headers = signed(method, url, unsigned, body, signing)
    ctx.log.push(`Endpoint request URI: ${url}`)
    ctx.log.push(`Endpoint request headers: ${formatMap(Object.entries(headers).map(([n, v]) => (n === 'authorization' ? ['Authorization', maskSignature(v)] : [n, v])))}`)
    ctx.log.push(`Endpoint request body after transformations: ${formatBody(body ?? '')}`)
    ctx.log.push(`Sending request to ${url}`)

    const { host: _host, ...wire } = headers
    const result = await callEndpoint(ctx, {
      upstream: upstream.get(endpoint.origin, false),
      origin: endpoint.origin,
      path: url.slice(endpoint.origin.length),
      method,
      headers: wire,
      body,
      timeoutMs,
      maxBytes,
    })
    if ('kind' in result) return result
    exchange.response = result
    return undefined
  }
}

/**
 * The request headers, SigV4-signed. Headers the AWS SDKs never sign (User-Agent, hop-by-hop,
 * …) are sent unsigned, so that a proxy or emulator that rewrites them breaks nothing.
 */
export function signed(
  method: string,
  url: string,
  headers: Record<string, string>,
  body: Buffer | null,
  signing: { service: string; region: string } & AwsCredentials,
): Record<string, string> {
  const toSign: Record<string, string> = {}
  const unsigned: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase()
    if (UNSIGNED.has(lower) || lower.startsWith('proxy-') || lower.startsWith('sec-')) unsigned[lower] = value
    else toSign[lower] = value
  }
  const { service, region, accessKeyId, secretAccessKey, sessionToken } = signing
  const out = signRequest({ method, url, headers: toSign, body: body ?? undefined, service, region, accessKeyId, secretAccessKey, ...(sessionToken === undefined ? {} : { sessionToken }) })
  return { ...out.headers, ...unsigned }
}

/** What the AWS SDKs leave unsigned (@smithy/signature-v4 ALWAYS_UNSIGNABLE_HEADERS). */
const UNSIGNED = new Set([
  'authorization', 'cache-control', 'connection', 'expect', 'from', 'keep-alive', 'max-forwards', 'pragma',
  'referer', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'user-agent', 'x-amzn-trace-id',
])

/** Keys for a call: the integration's role in `roles`, else the service's own, else the default. */
export function resolveCredentials(options: AwsServiceOptions, config: AwsServiceOptions['services'][string], role: string | undefined): AwsCredentials | undefined {
  if (role !== undefined && role !== '' && options.roles !== undefined && Object.prototype.hasOwnProperty.call(options.roles, role)) {
    return options.roles[role]
  }
  if (config.accessKeyId !== undefined && config.secretAccessKey !== undefined) {
    return { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey, sessionToken: config.sessionToken }
  }
  return options.defaultCredentials
}

/** `contentType`: what a JSON-protocol action is sent as unless a Content-Type is mapped. */
function outgoingHeaders(ctx: RequestContext, mapped: HeaderMap, method: string, contentType: string | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  const seen = new Set<string>()
  for (const [name, values] of mapped.entries()) {
    const lower = name.toLowerCase()
    if (DROPPED_AFTER_MAPPING.has(lower) || lower === 'authorization' || lower.startsWith('x-amz-date')) continue
    out[name] = values[values.length - 1]!
    seen.add(lower)
  }
  if (!seen.has('accept')) out['Accept'] = 'application/json'
  if (!seen.has('user-agent')) out['User-Agent'] = `AmazonAPIGateway_${ctx.apiId}`
  if (!seen.has('content-type') && !NO_BODY_METHODS.has(method)) {
    const type = contentType ?? ctx.headers.get('content-type')
    if (type !== undefined) out['Content-Type'] = type
  }
  return out
}

/** AWS logs the Authorization header as stars ending in the signature's last six characters. */
function maskSignature(value: string): string {
  return '*'.repeat(Math.max(0, Math.min(value.length - 6, 100))) + value.slice(-6)
}
