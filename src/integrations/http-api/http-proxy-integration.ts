import type { PipelineStage, RequestContext } from '../../gateway/types.ts'
import { compileEndpointUri } from '../endpoint-uri.ts'
import { httpProxyIntegration, type HttpProxyOptions, type ProxiedRequest } from '../http-proxy.ts'
import { compileRequestParameters } from '../parameter-mapping.ts'
import { httpApiProxyResponseHeaderFate } from '../remapped-headers.ts'
import type { UpstreamPools } from '../upstream-pools.ts'
import type { VpcLinkTargets } from '../../gateway/vpc-link-targets.ts'
import { viaVpcLink } from '../vpc-link.ts'
import { forwardedHeader } from './forwarding.ts'
import type { HttpApiRequestMapping } from './parameter-mapping.ts'

export interface HttpApiProxyOptions {
  integrationUri: string
  /** `integrationMethod`; ANY or absent: the client's verb */
  integrationMethod?: string
  timeoutMs: number
  stageVariables: Readonly<Record<string, string>>
  /** the route's path (`/pets/{proxy+}`); undefined for the `$default` route */
  routePath: string | undefined
  mapping: HttpApiRequestMapping
  upstream: UpstreamPools
  /** the backend's head finished (response mapping, CORS) before its body streams; absent when `buffered`, or when neither applies (the head goes out as it came) */
  responseHead?: HttpProxyOptions['responseHead']
  /**
   * answer with the whole response (an `http` answer) for the response mapping to finish: a
   * mapping that reads `$response.body` needs the body before the head goes out
   */
  buffered?: boolean
  where: string
  /**
   * a private integration: the request goes through this VPC link to the local URL its target
   * (the integration's listener or Cloud Map ARN) maps to, answered per call (`integrationUri`
   * is then that ARN, not a URL)
   */
  vpcLink?: { id: string; targets: VpcLinkTargets }
  /** `tlsConfig.serverNameToVerify`: an HTTPS backend's certificate is verified against it, and it is sent as SNI */
  serverNameToVerify?: string
}

/** What a private integration's URI compiles as: no path of its own, so the request's path is sent; the origin is the link's target, per call. */
const PRIVATE_URI = 'http://vpc-link.invalid'

/** the placeholder the request's own path fills (`$default` route, `overwrite:path`) */
const PATH_PLACEHOLDER = '__request_path__'
const GREEDY = /\{([^{}/]+)\+\}$/

/**
 * HTTP_PROXY on an HTTP API (payload 1.0; Developer Guide http-api-develop-integrations-http.md),
 * through REST's HTTP_PROXY code (http-proxy.ts: the connection pools, admission, timeouts, the
 * dot-segment refusal, streaming both ways):
 * - URI: `${stageVariables.x}` filled per stage; `{name}` placeholders filled from the route's
 *   path parameters, a greedy `{proxy+}` keeping its slashes; the `$default` route appends the
 *   whole request path (`/store/checkout` → `https://backend/store/checkout`); `overwrite:path`
 *   replaces the URI's path with the mapped one;
 * - the client's query string and headers after parameter mapping; the client's
 *   `X-Forwarded-*` are folded into one RFC 7239 `Forwarded` with this hop added (in
 *   http-proxy.ts's one pass over the headers: `ProxiedRequest.forwarded`); no
 *   `X-Amzn-Apigateway-Api-Id` (REST's);
 * - the response's status and head pass `responseHead` (response mapping, CORS) and its body
 *   streams, or, `buffered` (a mapping reads `$response.body`), the whole response is the
 *   answer and the plan finishes it; the backend's headers come back as they are, not remapped
 *   as REST's (httpApiProxyResponseHeaderFate);
 * - a private integration (`vpcLink`) sends the request's path (as the `$default` route does)
 *   to its link's target, with that target's Host;
 * - `serverNameToVerify`: an HTTPS backend's certificate is verified against that name (sent as
 *   SNI) rather than the URL's host; a mismatch fails the call as a configuration error (500).
 */
export function httpApiProxyIntegration(options: HttpApiProxyOptions): PipelineStage {
  const { mapping, routePath, where } = options
  const greedy = routePath === undefined ? undefined : GREEDY.exec(routePath)?.[1]
  const multiSegment = new Set<string>(greedy === undefined ? [PATH_PLACEHOLDER] : [greedy, PATH_PLACEHOLDER])
  const link = options.vpcLink
  const compile = link === undefined ? (uri: string) => compileEndpointUri(uri, options.stageVariables, where, multiSegment) : (uri: string) => viaVpcLink(compileEndpointUri(uri, {}, where, multiSegment), link.id, '', link.targets)
  const uri = link === undefined ? options.integrationUri : PRIVATE_URI
  const routed = compile(routePath === undefined || link !== undefined ? withPathPlaceholder(uri, false) : uri)
  // a mapped path replaces the URI's own
  const overwritten = compile(withPathPlaceholder(uri, true))
  const integration = {
    type: 'HTTP_PROXY' as const,
    httpMethod: options.integrationMethod ?? 'ANY',
    uri: options.integrationUri,
    timeoutInMillis: options.timeoutMs,
  }
  options.upstream.prepare(link === undefined ? options.integrationUri : undefined)
  const common = {
    integration,
    mapping: compileRequestParameters(undefined, where),
    upstream: options.upstream,
    ...(options.responseHead !== undefined && { responseHead: options.responseHead }),
    ...(options.buffered === true && { buffered: true }),
    responseHeaderFate: httpApiProxyResponseHeaderFate,
    // recorded on REST and WebSocket backends only; HTTP APIs document only `Forwarded` (api-gateway-known-issues)
    apiIdHeader: false,
    ...(options.serverNameToVerify !== undefined && { serverNameToVerify: options.serverNameToVerify }),
  }

  const sendsRequestPath = routePath === undefined || link !== undefined
  const withPath = (ctx: RequestContext, mappedPath: string | undefined): Record<string, string> => {
    const requestPath = mappedPath ?? (sendsRequestPath ? (ctx.rawPath ?? ctx.path) : undefined)
    const pathParams: Record<string, string> = { ...ctx.pathParameters }
    if (requestPath !== undefined) pathParams[PATH_PLACEHOLDER] = decodeSegments(withoutLeadingSlashes(requestPath))
    return pathParams
  }

  const mappedRequest = (ctx: RequestContext): ProxiedRequest => {
    const mapped = mapping.apply(ctx)
    const rawHeaders: string[] = []
    for (const [name, values] of mapped.headers.entries()) for (const value of values) rawHeaders.push(name, value)
    const query: Array<[string, string]> = []
    for (const [name, values] of mapped.query.entries()) for (const value of values) query.push([name, value])
    return { rawHeaders, forwarded: forwardedHeader(ctx), query, pathParams: withPath(ctx, mapped.path), ...(mapped.path !== undefined && overwritten.ok && { uri: overwritten.uri }) }
  }

  // no parameter mapping: the client's headers and query go out as they came, read straight from
  // rawHeaders and the parsed query, with no header maps built per request (bench/README.md)
  const unmappedRequest = (ctx: RequestContext): ProxiedRequest => {
    const query: Array<[string, string]> = []
    // grouped by name, as the mapped request's query map lists them
    if (ctx.rawQuery !== '') for (const [name, values] of ctx.query.entries()) for (const value of values) query.push([name, value])
    return { rawHeaders: ctx.sent.rawHeaders, forwarded: forwardedHeader(ctx), query, pathParams: withPath(ctx, undefined) }
  }

  const request = mapping.empty ? unmappedRequest : mappedRequest

  return httpProxyIntegration({ ...common, uri: routed, request })
}

/**
 * The URI with the request path's placeholder: appended to its path (`$default` route), or in
 * place of its path (`replace`, for `overwrite:path`). The query part, if any, stays after it.
 */
function withPathPlaceholder(uri: string, replace: boolean): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(uri)
  const afterScheme = scheme === null ? 0 : scheme[0].length
  let authorityEnd = uri.length
  for (const stop of ['/', '?', '#']) {
    const at = uri.indexOf(stop, afterScheme)
    if (at >= 0 && at < authorityEnd) authorityEnd = at
  }
  const queryAt = uri.indexOf('?', authorityEnd)
  const pathEnd = queryAt < 0 ? uri.length : queryAt
  const path = replace ? '' : uri.slice(authorityEnd, pathEnd).replace(/\/+$/, '')
  return `${uri.slice(0, authorityEnd)}${path}/{${PATH_PLACEHOLDER}}${uri.slice(pathEnd)}`
}

function withoutLeadingSlashes(path: string): string {
  let start = 0
  while (path.charCodeAt(start) === 47 /* / */) start++
  return start === 0 ? path : path.slice(start)
}

/** The path as sent is percent-encoded; the placeholder's value is encoded again when filled. */
function decodeSegments(path: string): string {
  if (!path.includes('%')) return path
  return path
    .split('/')
    .map((segment) => {
      try {
        return decodeURIComponent(segment)
      } catch {
        return segment
      }
    })
    .join('/')
}
