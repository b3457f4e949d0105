import { performance } from 'node:perf_hooks'
import type { Dispatcher } from 'undici'
import { HeaderMap } from '../lib/multi-map.ts'
import type { Readable } from 'node:stream'
import { logging } from '../gateway/execution-log-sink.ts'
import type { StreamedBody } from '../gateway/streamed-body.ts'
import { tooLarge } from '../gateway/request-too-large.ts'
import type { AnswerStream } from '../gateway/answer-sink.ts'
import type { GatewayError, HttpAnswer, PipelineStage, RequestContext, SentAnswer } from '../gateway/types.ts'
import { DEFAULT_TIMEOUT_MS, type Integration } from '../model/index.ts'
import type { CompiledEndpointUri, EndpointUri } from './endpoint-uri.ts'
import { originOf } from './vpc-link.ts'
import { completedWith, configurationError, defaultStatusOf, dotSegmentInPath, invalidJsonBody } from './errors.ts'
import { formatBody, formatMap, logMethodRequest } from './execution-log.ts'
import { MAX_ENDPOINT_RESPONSE_BYTES } from './http.ts'
import { BodyCollector, ClientClosed, dispatchProxy, type BodySink } from './proxy-dispatch.ts'
import { addTraceHeaders } from './trace-headers.ts'
import type { MappedRequest, RequestParameterMapping } from './parameter-mapping.ts'
import { MappingBodyError } from './template-bindings.ts'
import { DROPPED_AFTER_MAPPING, DROPPED_REQUEST_HEADERS, proxyResponseHeaderFate, type ResponseHeaderFate } from './remapped-headers.ts'
import { failureOrShed, shedCall, startDeadline, upstreamFailure } from './upstream-failure.ts'
import type { UpstreamPools } from './upstream-pools.ts'
import { admissionBudgetMs } from './upstream-admission.ts'

const NO_BODY_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
const NO_HEADERS = new HeaderMap()

export interface HttpProxyOptions {
  integration: Integration
  uri: CompiledEndpointUri
  /** requestParameters still apply to HTTP_PROXY (AWS-validated, LocalStack integration_request.py) */
  mapping: RequestParameterMapping
  upstream: UpstreamPools
  /**
   * answer with the whole response (an `http` answer) instead of streaming it: the response
   * cache needs it to store a miss
   */
  buffered?: boolean
  /** the bound of a response body, streamed or buffered; MAX_ENDPOINT_RESPONSE_BYTES (10 MB) unless given */
  maxResponseBytes?: number
  /**
   * HTTP APIs: the request as their parameter mapping left it (integrations/http-api/), sent
   * instead of the client's headers and query string and REST's `mapping`
   */
  request?: (ctx: RequestContext) => ProxiedRequest
  /** HTTP APIs: the backend's status and head after their response mapping and CORS, before it goes out */
  responseHead?: (ctx: RequestContext, statusCode: number, head: Array<[string, string]>) => { statusCode: number; head: Array<[string, string]> }
  /** what becomes of each backend response header (lower-case name); REST's remapping (`x-amzn-Remapped-*`) unless given */
  responseHeaderFate?: (lowerName: string) => ResponseHeaderFate
  /**
   * whether the backend gets `X-Amzn-Apigateway-Api-Id` (default true: REST's, AWS-recorded);
   * HTTP APIs pass false: the header is recorded for REST and WebSocket APIs only
   */
  apiIdHeader?: boolean
  /**
   * HTTP APIs: the integration's `tlsConfig.serverNameToVerify`, the name an HTTPS backend's
   * certificate must carry (and the SNI sent) instead of the URI's host
   */
  serverNameToVerify?: string
}

/** What an HTTP API's HTTP_PROXY integration sends instead of the client's request as it came. */
export interface ProxiedRequest {
  /** header names and values alternating, as rawHeaders */
  rawHeaders: readonly string[]
  query: Array<[string, string]>
  /** the values of the URI's `{name}` placeholders */
  pathParams: Record<string, string>
  /** another form of the integration's URI (same origin) for this request */
  uri?: EndpointUri
  /** sent as `Forwarded`, in place of any `Forwarded` and `X-Forwarded-*` in `rawHeaders` (HTTP APIs fold them into it) */
  forwarded?: string
}

/**
 * HTTP_PROXY: the client's request goes to the backend nearly as sent and the backend's answer
 * comes back as is, through undici's `pool.dispatch()` straight into the answer sink's stream
 * (proxy-dispatch.ts).
 *
 * - verb: the integration's httpMethod, or the client's when it is ANY;
 * - URI: `{name}` placeholders from `integration.request.path.*` mappings only (AWS-exported
 *   proxy APIs always carry `integration.request.path.proxy: method.request.path.proxy`;
 *   LocalStack's AWS-validated emulation does not substitute unmapped placeholders either);
 * - query string: the client's, then mapped `integration.request.querystring.*` appended; a
 *   mapped name that yields a value replaces the client's parameter of that name, so `city` ← `method.request.querystring.city`
 *   goes out once, as AWS sends it (issue 19's AWS recording; mapped headers win the same way);
 * - headers: the client's minus the ones AWS never forwards (remapped-headers.ts), mapped
 *   headers win, `Host` is the backend's, `X-Amzn-Apigateway-Api-Id` added (AWS-recorded;
 *   not for HTTP APIs, `apiIdHeader`);
 * - response: status and headers as sent, except `Connection`, `Content-Length`, `Date`,
 *   `Server` and the backend's `x-amzn-RequestId` which come back as `x-amzn-Remapped-*`, and
 *   `Transfer-Encoding`/`Via` which are dropped (AWS-recorded, LocalStack
 *   `test_http_integration_with_lambda[HTTP_PROXY]`, `TestApiGatewayHeaderRemapping[HTTP_PROXY]`);
 * - the response body is bounded by AWS's 10 MB payload limit, as HTTP's endpoint response is:
 *   a larger `Content-Length` is refused before the head (500, as HTTP answers); a body that
 *   grows past it while streaming is cut off (failedCall).
 */
export function httpProxyIntegration(options: HttpProxyOptions): PipelineStage {
  const { integration, uri, mapping, upstream } = options
  const buffered = options.buffered === true
  const maxBytes = options.maxResponseBytes ?? MAX_ENDPOINT_RESPONSE_BYTES
  const fate = options.responseHeaderFate ?? proxyResponseHeaderFate
  const apiIdHeader = options.apiIdHeader !== false
  const insecureTls = integration.tlsConfig?.insecureSkipVerification === true
  const timeoutMs = integration.timeoutInMillis > 0 ? integration.timeoutInMillis : DEFAULT_TIMEOUT_MS
  const fixedMethod = integration.httpMethod !== undefined && integration.httpMethod !== 'ANY' ? integration.httpMethod.toUpperCase() : undefined
  const illegalHeader = mapping.illegalHeader

  if (!uri.ok || illegalHeader !== undefined) {
    const reason = !uri.ok ? 'Invalid endpoint address' : `${illegalHeader} header already present`
    return function httpProxyIntegration(ctx) {
      if (logging(ctx)) logMethodRequest(ctx)
      ctx.log.push(`Execution failed due to configuration error: ${reason}`)
      return completedWith(ctx, configurationError())
    }
  }
  const endpoint = uri.uri

  return async function httpProxyIntegration(ctx) {
    const log = logging(ctx)
    if (log) logMethodRequest(ctx)
    const method = fixedMethod ?? ctx.httpMethod
    let mapped: MappedRequest
    const rewritten = options.request?.(ctx)
    try {
      mapped = rewritten !== undefined ? { pathParams: rewritten.pathParams, query: rewritten.query, headers: NO_HEADERS } : mapping.apply(ctx)
    } catch (err) {
      if (err instanceof MappingBodyError) return invalidJsonBody(ctx)
      throw err
    }
    // an HTTP API's rewritten request carries its whole query string; REST's is the client's, then the mapped
    const query = rewritten !== undefined ? rewritten.query : clientThenMappedQuery(ctx, mapped.query)
    const path = (rewritten?.uri ?? endpoint).pathAndQuery(mapped.pathParams, query)
    if (path === undefined) return dotSegmentInPath(ctx)
    const streamed = ctx.bodyStream
    const bodiless = NO_BODY_METHODS.has(method)
    if (bodiless && streamed !== undefined) {
      // the body is not sent on, but a body past the limit is still refused, as a buffered one was
      if (await drain(streamed)) return bodyTooLarge(ctx)
      if (streamed.clientGone) return { kind: 'sent', statusCode: 499 }
    }
    const origin = originOf(ctx, endpoint)
    if (origin === undefined) return completedWith(ctx, configurationError())
    const target = upstream.get(origin, insecureTls, undefined, options.serverNameToVerify)
    // before the client's body is taken: a shed call leaves it unread, as any early answer does
    const ticket = target.admit(admissionBudgetMs(ctx.startedAt, timeoutMs))
    if (ticket.shed !== undefined) return shedCall(ctx, origin, ticket.shed)
    let body: Buffer | Readable | null
    if (bodiless) body = null
    else if (streamed !== undefined) body = streamed.stream
    else body = ctx.body.length === 0 ? null : ctx.body
    const headers = proxyRequestHeaders(ctx, rewritten?.rawHeaders ?? ctx.sent.rawHeaders, mapped.headers, body !== null, apiIdHeader, rewritten?.forwarded)
    if (streamed !== undefined && body !== null && streamed.declaredLength !== undefined) headers['content-length'] = streamed.declaredLength
    addTraceHeaders(ctx, headers)
    if (endpoint.vpcLink !== undefined) headers.host = endpoint.vpcLink.host === '' ? new URL(origin).host : endpoint.vpcLink.host
    const url = origin + path
    if (log) {
      ctx.log.push(`Endpoint request URI: ${url}`)
      ctx.log.push(`Endpoint request headers: ${formatMap(Object.entries(headers))}`)
      ctx.log.push(`Endpoint request body after transformations: ${formatBody(body instanceof Buffer ? body : '')}`)
      ctx.log.push(`Sending request to ${url}`)
    }

    const collector = buffered ? new BodyCollector() : undefined
    let head: Record<string, string | string[]> = {}
    const deadline = startDeadline(timeoutMs)
    const started = performance.now()
    let statusCode = 0
    try {
      const turn = ticket.turn(deadline)
      if (turn !== undefined) await turn
      await dispatchProxy(target.pool, {
        path,
        method: method as Dispatcher.HttpMethod,
        headers,
        body,
        deadline,
        maxBytes,
        onHead(status, backendHead): BodySink {
          statusCode = status
          let raw = backendHead
          if (options.responseHead !== undefined) {
            const pairs: Array<[string, string]> = []
            for (let i = 0; i + 1 < backendHead.length; i += 2) pairs.push([backendHead[i]!, backendHead[i + 1]!])
            const changed = options.responseHead(ctx, status, pairs)
            raw = changed.head.flat()
            statusCode = changed.statusCode
          }
          const latencyMs = Math.round(performance.now() - started)
          ctx.integration = { status, latencyMs }
          if (log) ctx.log.push(`Received response. Status: ${statusCode}, Integration latency: ${latencyMs} ms`)
          if (collector !== undefined) {
            head = proxyHeadRecord(ctx, raw, fate)
            return { kind: 'collect', collector }
          }
          return { kind: 'answer', stream: streamProxyHead(ctx, statusCode, raw, fate) }
        },
      })
    } catch (err) {
      ticket.release()
      deadline.clear()
      streamed?.release()
      return failedCall(ctx, err, deadline.timedOut(), statusCode, streamed)
    }
    ticket.release()
    deadline.clear()
    streamed?.release()
    ctx.log.push('Successfully completed execution')
    ctx.log.push(`Method completed with status: ${statusCode}`)
    if (collector !== undefined) return { kind: 'http', statusCode, headers: head, body: collector.body() } satisfies HttpAnswer
    return { kind: 'sent', statusCode }
  }
}

/**
 * How a backend call that failed is answered. Before the head was sent, as HTTP answers the
 * same failure (upstream-failure.ts). After it, the status cannot change: the client's socket
 * is destroyed, so the client sees a broken response rather than a short one, and the request
 * is recorded — log, metrics, `$context.error` — with the status HTTP would have answered.
 */
function failedCall(ctx: RequestContext, err: unknown, timedOut: boolean, statusSent: number, streamed: StreamedBody | undefined): GatewayError | SentAnswer {
  const message = (err as Error)?.message ?? String(err)
  if (streamed?.clientGone === true) return { kind: 'sent', statusCode: 499 }
  if (!ctx.sink.started) {
    if (streamed?.overflowed === true) return bodyTooLarge(ctx)
    return failureOrShed(ctx, err, timedOut)
  }
  ctx.sink.abort()
  ctx.integration = { ...ctx.integration, error: message }
  // the client's doing (it left, or sent a body past the limit), not the backend's
  if (err instanceof ClientClosed) return { kind: 'sent', statusCode: statusSent }
  if (streamed?.overflowed === true) return { kind: 'sent', statusCode: 413 }
  const { answer, log: line } = upstreamFailure(err, timedOut)
  ctx.log.push(`${line}, after the response had started with status ${statusSent}: the client's connection was cut`)
  ctx.error = answer
  completedWith(ctx, answer)
  return { kind: 'sent', statusCode: defaultStatusOf(answer) }
}

/** Reads a streamed body to its end; true when it passed the size limit. */
async function drain(streamed: StreamedBody): Promise<boolean> {
  try {
    for await (const chunk of streamed.stream) void chunk
  } catch {
    return streamed.overflowed
  }
  return false
}

/** REQUEST_TOO_LARGE (413), as readBody answers a buffered body past the limit. */
function bodyTooLarge(ctx: RequestContext): GatewayError {
  return tooLarge(ctx)
}

/** The client's query parameters, less those the mapping sets, then the mapped ones. */
function clientThenMappedQuery(ctx: RequestContext, mappedQuery: ReadonlyArray<[string, string]>): Array<[string, string]> {
  const query: Array<[string, string]> = []
  if (ctx.rawQuery !== '') {
    const replaced = mappedQuery.length === 0 ? undefined : new Set(mappedQuery.map(([name]) => name))
    for (const [name, values] of ctx.query.entries()) if (replaced?.has(name) !== true) for (const value of values) query.push([name, value])
  }
  for (const pair of mappedQuery) query.push(pair)
  return query
}

/**
 * The client's headers in one pass over rawHeaders, minus the ones AWS never forwards;
 * repeated names are joined with `,` under their first spelling. Mapped headers win, then
 * `X-Amzn-Apigateway-Api-Id` when `apiId` (REST).
 */
function proxyRequestHeaders(ctx: RequestContext, raw: readonly string[], mapped: HeaderMap, withBody: boolean, apiId: boolean, forwarded: string | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  const names = new Map<string, string>()
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!
    const lower = name.toLowerCase()
    if (DROPPED_REQUEST_HEADERS.has(lower)) continue
    if (forwarded !== undefined && FORWARDING_HEADERS.has(lower)) continue
    // AWS-recorded: dropped on a bodiless request; kept with a body, whose bytes go out unchanged
    if (lower === 'content-encoding' && !withBody) continue
    const first = names.get(lower)
    // duplicate headers reach the backend joined, as AWS and LocalStack do
    if (first !== undefined) out[first] += ',' + raw[i + 1]!
    else {
      names.set(lower, name)
      out[name] = raw[i + 1]!
    }
  }
  if (forwarded !== undefined) putHeader(out, names, 'Forwarded', forwarded)
  if (!mapped.empty) {
    for (const [name, values] of mapped.entries()) {
      if (DROPPED_AFTER_MAPPING.has(name.toLowerCase())) continue
      putHeader(out, names, name, values[values.length - 1]!)
    }
  }
  if (apiId) putHeader(out, names, 'X-Amzn-Apigateway-Api-Id', ctx.apiId)
  return out
}

/** Sets `name` in `out`, replacing a header of that name in any spelling (`names`: lower case → spelling in `out`). */
function putHeader(out: Record<string, string>, names: Map<string, string>, name: string, value: string): void {
  const lower = name.toLowerCase()
  const previous = names.get(lower)
  if (previous !== undefined && previous !== name) delete out[previous]
  names.set(lower, name)
  out[name] = value
}

const DIGITS = /^\d+$/
/** what a `forwarded` replaces */
const FORWARDING_HEADERS = new Set(['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-port', 'x-forwarded-host', 'forwarded'])

/** The backend's head with AWS's remapping, into the answer sink (which adds the request ids). */
function streamProxyHead(ctx: RequestContext, statusCode: number, raw: readonly string[], fate: (lowerName: string) => ResponseHeaderFate): AnswerStream {
  const head: string[] = []
  let contentLength: string | undefined
  remapProxyHead(
    ctx,
    raw,
    fate,
    (name, value) => head.push(name, value),
    (length) => (contentLength = length),
  )
  return ctx.sink.stream(statusCode, head, contentLength)
}

/** The backend's head with AWS's remapping as a buffered answer's headers (writeAnswer frames the length). */
function proxyHeadRecord(ctx: RequestContext, raw: readonly string[], fate: (lowerName: string) => ResponseHeaderFate): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {}
  remapProxyHead(ctx, raw, fate, (name, value) => {
    const previous = headers[name]
    headers[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value]
  })
  return headers
}

/** One pass over the backend's raw head: each header kept, renamed or dropped as AWS does. */
function remapProxyHead(
  ctx: RequestContext,
  raw: readonly string[],
  fateOf: (lowerName: string) => ResponseHeaderFate,
  append: (name: string, value: string) => void,
  contentLength?: (value: string) => void,
): void {
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!
    const value = raw[i + 1]!
    const lower = name.toLowerCase()
    // the body passes through byte for byte, so the backend's length frames ours too
    if (contentLength !== undefined && lower === 'content-length' && DIGITS.test(value)) contentLength(value)
    const fate = fateOf(lower)
    if (fate.action === 'drop') continue
    append(fate.action === 'rename' ? fate.name : name, value)
  }
  if (logging(ctx)) {
    const logged: Array<[string, string]> = []
    for (let i = 0; i + 1 < raw.length; i += 2) logged.push([raw[i]!, raw[i + 1]!])
    ctx.log.push(`Endpoint response headers: ${formatMap(logged)}`)
  }
}
