import type { IncomingMessage } from 'node:http'
import type { TLSSocket } from 'node:tls'
import { parseQuery, type HeaderMap, type MultiMap } from '../lib/multi-map.ts'
import { lastRawHeader, RawHeaderMap } from '../lib/raw-headers.ts'
import type { AnswerSink } from '../gateway/answer-sink.ts'
import type { StreamedBody } from '../gateway/streamed-body.ts'
import { DISABLED_LOG } from '../gateway/execution-log-sink.ts'
import type { VpcEndpoint } from '../config-vpce.ts'
import type { ClientCertIdentity, GatewayError, MethodPlan, RequestContext, RequestTrace, RuntimePlan, SentRequest } from '../gateway/types.ts'

export interface RequestIds {
  requestId: string
  extendedRequestId: string
}

/** Where a request resolved to: resolve.ts's `stage` resolution has this shape and is passed as is. */
export interface ResolvedStage {
  readonly plan: RuntimePlan
  readonly apiId: string
  readonly stageName: string
  /** the path after the stage as sent */
  readonly rawPath: string
  /** the custom domain's base path that matched */
  readonly basePathMatched?: string
  /** through a PRIVATE custom domain */
  readonly privateDomain?: { readonly arn: string }
}

/** The request as it came, whatever carried it. */
export interface ContextInput {
  sent: SentRequest
  sink: AnswerSink
  ids: RequestIds
  receivedAt: { epochMs: number; perfMs: number }
  rawQuery: string
  /** the body, when it came whole with the request (`inject()`); a socket's is read by the request phase */
  body?: Buffer
  /** `$context.identity.sourceIp`, when not the peer's address (TestInvokeMethod's placeholder) */
  sourceIp?: string
  /** `$context.domainName`, when not the Host the client used (TestInvokeMethod's placeholder) */
  domainName?: string
  /** the verified client certificate of a mutual TLS domain */
  clientCert?: ClientCertIdentity
  /** the VPC endpoint listener the request came through */
  vpce?: VpcEndpoint
}

export { firstRawHeader, lastRawHeader } from '../lib/raw-headers.ts'

const OVERRIDABLE = new Set(['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'])
const EMPTY_BODY = Buffer.alloc(0)

/** A node:http request as a SentRequest: its body is read from it by the request phase. */
export function sentOverSocket(req: IncomingMessage): SentRequest {
  return {
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    rawHeaders: req.rawHeaders,
    httpVersion: req.httpVersion,
    remoteAddress: req.socket.remoteAddress ?? '',
    secure: (req.socket as Partial<TLSSocket>).encrypted === true,
    incoming: req,
  }
}

/**
 * The typed per-request state, built once the API and stage are known. Two arguments, not one
 * merged object: spreading the resolution into the input cost more per request than the rest of it.
 */
export function createRequestContext(input: ContextInput, stage: ResolvedStage): RequestContext {
  return new RequestState(input, stage)
}

/**
 * `query` is parsed on first use, and `headers` reads rawHeaders until something lists them
 * all: an HTTP_PROXY request forwards the raw headers and query string and never needs either
 * map, and a MOCK request asks for a header or two.
 */
class RequestState implements RequestContext {
  readonly sent: SentRequest
  readonly sink: AnswerSink
  readonly requestId: string
  readonly extendedRequestId: string
  readonly requestTimeEpoch: number
  readonly startedAt: number
  readonly httpMethod: string
  readonly path: string
  readonly rawPath: string
  readonly rawQuery: string
  body: Buffer = EMPTY_BODY
  bodyStream: StreamedBody | undefined = undefined
  readonly sourceIp: string
  readonly protocol: string
  readonly domainName: string
  readonly basePathMatched: string | undefined
  readonly clientCert: ClientCertIdentity | undefined
  readonly vpce: VpcEndpoint | undefined
  readonly viaDomainArn: string | undefined
  readonly apiId: string
  readonly stageName: string
  readonly stageVariables: Readonly<Record<string, string>>
  readonly plan: RuntimePlan
  route: MethodPlan | undefined = undefined
  pathParameters: Record<string, string> = {}
  error: GatewayError | undefined = undefined
  integration: { status?: number; latencyMs?: number; error?: string } | undefined = undefined
  authorizer: Record<string, unknown> | undefined = undefined
  identity: Record<string, string | null> | undefined = undefined
  authorization: RequestContext['authorization'] = undefined
  apiKey: { id: string; value: string } | undefined = undefined
  cacheStatus: RequestContext['cacheStatus'] = undefined
  onAnswer: RequestContext['onAnswer'] = undefined
  trace: RequestTrace | undefined = undefined
  untracedTraceId: string | undefined = undefined
  log: string[]
  #query: HeaderMap | undefined = undefined
  #headers: RawHeaderMap | undefined = undefined

  constructor(input: ContextInput, stage: ResolvedStage) {
    const { sent } = input
    const { plan, rawPath } = stage
    const raw = sent.rawHeaders
    this.sent = sent
    this.sink = input.sink
    // an HTTP API's request id is the short base64-like one (`BitA2hMuNjMEPFQ=`): `apigw-requestid`,
    // `requestContext.requestId` and `$context.requestId` carry it; REST's is a UUID
    this.requestId = plan.protocol === 'HTTP' ? input.ids.extendedRequestId : input.ids.requestId
    this.extendedRequestId = input.ids.extendedRequestId
    this.requestTimeEpoch = input.receivedAt.epochMs
    this.startedAt = input.receivedAt.perfMs
    this.httpMethod = effectiveMethod(sent.method, lastRawHeader(raw, 'x-http-method-override'))
    this.path = decodePath(collapseLeadingSlashes(rawPath))
    this.rawPath = rawPath
    this.rawQuery = input.rawQuery
    this.sourceIp = input.sourceIp ?? sourceIp(sent.remoteAddress)
    this.protocol = sent.httpVersion === '1.1' ? 'HTTP/1.1' : `HTTP/${sent.httpVersion}`
    this.domainName = input.domainName ?? hostWithoutPort(lastRawHeader(raw, 'host') ?? '')
    this.basePathMatched = stage.basePathMatched
    this.clientCert = input.clientCert
    this.vpce = input.vpce
    this.viaDomainArn = stage.privateDomain?.arn
    this.apiId = stage.apiId
    this.stageName = stage.stageName
    this.stageVariables = plan.stageVariables
    this.plan = plan
    this.log = plan.executionLog === true ? [] : DISABLED_LOG
    if (input.body !== undefined) this.body = input.body
  }

  get query(): HeaderMap {
    return (this.#query ??= parseQuery(this.rawQuery))
  }

  get headers(): MultiMap {
    return (this.#headers ??= new RawHeaderMap(this.sent.rawHeaders))
  }
}

/** `X-HTTP-Method-Override` replaces the verb (AWS known issues); only real verbs are honoured. */
export function effectiveMethod(method: string, override: string | undefined): string {
  const upper = override?.trim().toUpperCase()
  return upper !== undefined && OVERRIDABLE.has(upper) ? upper : method.toUpperCase()
}

/**
 * `//pets` is `/pets`: AWS routes a path whose resource part starts with several slashes as if it
 * had one (LocalStack's AWS-recorded test_lambda_aws_proxy_integration,
 * invocation-payload-with-prepended-slash and invocation-hardcoded). Doubled slashes further on
 * are kept (`/a//b` reaches `{proxy+}` as `a//b`).
 */
export function collapseLeadingSlashes(rawPath: string): string {
  return rawPath.startsWith('//') ? rawPath.replace(/^\/+/, '/') : rawPath
}

/** Percent-decodes each segment; a segment with invalid encoding is kept as sent. */
export function decodePath(rawPath: string): string {
  if (rawPath === '' || rawPath === '/') return '/'
  if (!rawPath.includes('%')) return rawPath
  return rawPath
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

export function sourceIp(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address
}

function hostWithoutPort(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1)
  const colon = host.lastIndexOf(':')
  return colon < 0 ? host : host.slice(0, colon)
}
