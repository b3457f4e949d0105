import { logging } from '../gateway/execution-log-sink.ts'
import type { PipelineStage, RequestContext } from '../gateway/types.ts'
import { HeaderMap } from '../lib/multi-map.ts'
import { DEFAULT_TIMEOUT_MS, type Integration } from '../model/index.ts'
import type { CompiledEndpointUri } from './endpoint-uri.ts'
import { callEndpoint } from './endpoint-call.ts'
import { originOf } from './vpc-link.ts'
import { completedWith, configurationError, dotSegmentInPath } from './errors.ts'
import { exchangeOf, type EndpointRequest } from './exchange.ts'
import { formatBody, formatMap } from './execution-log.ts'
import { DROPPED_AFTER_MAPPING } from './remapped-headers.ts'
import type { UpstreamPools } from './upstream-pools.ts'

/** AWS's payload limit applies to what a non-proxy integration buffers (Developer Guide limits: 10 MB). */
export const MAX_ENDPOINT_RESPONSE_BYTES = 10 * 1024 * 1024

const NO_BODY_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export interface HttpIntegrationOptions {
  integration: Integration
  uri: CompiledEndpointUri
  upstream: UpstreamPools
  maxResponseBytes?: number
}

/**
 * The HTTP (non-proxy) integration: sends the endpoint request the integration request stage
 * built, buffers the endpoint response (bounded) for the integration response stage.
 *
 * What the backend sees (AWS-recorded, LocalStack `TestApiGatewayHeaderRemapping[HTTP]`): only
 * the mapped headers, plus `Accept: application/json` and `User-Agent: AmazonAPIGateway_<apiId>`
 * unless mapped, `X-Amzn-Apigateway-Api-Id`, and the client's Content-Type for verbs with a body.
 */
export function httpIntegration(options: HttpIntegrationOptions): PipelineStage {
  const { integration, uri, upstream } = options
  const maxBytes = options.maxResponseBytes ?? MAX_ENDPOINT_RESPONSE_BYTES
  const insecureTls = integration.tlsConfig?.insecureSkipVerification === true
  const timeoutMs = integration.timeoutInMillis > 0 ? integration.timeoutInMillis : DEFAULT_TIMEOUT_MS
  const fixedMethod = integration.httpMethod !== undefined && integration.httpMethod !== 'ANY' ? integration.httpMethod.toUpperCase() : undefined

  if (!uri.ok) {
    const address = uri.uri
    return function httpIntegration(ctx) {
      ctx.log.push(`Endpoint request URI: ${address}`)
      ctx.log.push('Execution failed due to configuration error: Invalid endpoint address')
      return completedWith(ctx, configurationError())
    }
  }
  const endpoint = uri.uri

  return async function httpIntegration(ctx) {
    const exchange = exchangeOf(ctx)
    const request = exchange.request ?? { pathParams: {}, query: [], headers: new HeaderMap(), body: ctx.body }
    const method = fixedMethod ?? ctx.httpMethod
    const path = endpoint.pathAndQuery(request.pathParams, request.query)
    if (path === undefined) return dotSegmentInPath(ctx)
    const origin = originOf(ctx, endpoint)
    if (origin === undefined) return completedWith(ctx, configurationError())
    const headers = outgoingHeaders(ctx, request, method)
    if (endpoint.vpcLink !== undefined) headers.host = endpoint.vpcLink.host
    const body = NO_BODY_METHODS.has(method) ? null : request.body
    const url = origin + path
    if (logging(ctx)) {
      ctx.log.push(`Endpoint request URI: ${url}`)
      ctx.log.push(`Endpoint request headers: ${formatMap(pairs(headers))}`)
      ctx.log.push(`Endpoint request body after transformations: ${formatBody(body ?? '')}`)
      ctx.log.push(`Sending request to ${url}`)
    }

    const result = await callEndpoint(ctx, { upstream: upstream.get(origin, insecureTls), origin, path, method, headers, body, timeoutMs, maxBytes })
    if ('kind' in result) return result
    exchange.response = result
    return undefined
  }
}

function outgoingHeaders(ctx: RequestContext, request: EndpointRequest, method: string): Record<string, string> {
  const out: Record<string, string> = {}
  const seen = new Set<string>()
  for (const [name, values] of request.headers.entries()) {
    const lower = name.toLowerCase()
    if (DROPPED_AFTER_MAPPING.has(lower)) continue
    out[name] = values[values.length - 1]!
    seen.add(lower)
  }
  if (!seen.has('accept')) out['Accept'] = 'application/json'
  if (!seen.has('user-agent')) out['User-Agent'] = `AmazonAPIGateway_${ctx.apiId}`
  if (!seen.has('content-type') && !NO_BODY_METHODS.has(method)) {
    const contentType = ctx.headers.get('content-type')
    if (contentType !== undefined) out['Content-Type'] = contentType
  }
  out['X-Amzn-Apigateway-Api-Id'] = ctx.apiId
  return out
}

function pairs(headers: Record<string, string>): Array<[string, string]> {
  return Object.entries(headers)
}
