import { validateHeaderName, validateHeaderValue } from 'node:http'
import { performance } from 'node:perf_hooks'
import { bufferAnswerSink, type BufferAnswerSink, type BufferedAnswer } from './buffer-answer-sink.ts'
import { resolveLimits, type DataPlaneLimits } from './limits.ts'
import { runPipeline, type PipelineOptions } from './pipeline.ts'
import type { PlanRegistry } from './plan-registry.ts'
import { createRequestContext, firstRawHeader, type RequestIds } from './request-context.ts'
import { clientRequestId, requestIds } from './request-ids.ts'
import { requestPhase } from './request-phase.ts'
import { endpointRefusal, resolveThrough } from './private-endpoints.ts'
import { asForwarded } from './edge-headers.ts'
import type { VpcEndpoint } from '../config-vpce.ts'
import { checkLimits, splitTarget, unresolved } from './server.ts'
import type { MethodPlan, PipelineStage, RequestContext, RuntimePlan, SentRequest } from '../gateway/types.ts'

/** A request for `inject()`: what a client would send, without a socket. */
export interface InjectRequest {
  /** default GET */
  method?: string
  /**
   * The request target: path and query as a client sends them, e.g.
   * `/_aws/execute-api/{apiId}/{stage}/pets?limit=2`, or `/{stage}/pets` with a `Host` of
   * `{apiId}.execute-api.{anything}`
   */
  path: string
  /** names as they should arrive; an array is one header line per value */
  headers?: Readonly<Record<string, string | readonly string[]>>
  body?: string | Buffer
  /** the client's address, `$context.identity.sourceIp`; default 127.0.0.1 */
  remoteAddress?: string
  /** as if through this VPC endpoint (a `--vpce-listener`): the only way to PRIVATE APIs */
  vpce?: VpcEndpoint
}

/** What a client would have received. */
export interface InjectResponse {
  readonly statusCode: number
  /** by lower-case name; a header sent more than once is an array */
  readonly headers: Readonly<Record<string, string | string[]>>
  /** names and values alternating, in the order and spelling sent */
  readonly rawHeaders: readonly string[]
  readonly body: Buffer
  /** the body as UTF-8 text */
  text(): string
  /** the body parsed as JSON */
  json(): unknown
}

export type Inject = (request: InjectRequest) => Promise<InjectResponse>

export interface InjectorOptions {
  registry: PlanRegistry
  /** the same bounds as the listener's: body, URL and header sizes apply */
  limits?: Partial<DataPlaneLimits>
  /** an exception a stage threw (the answer is a 500); default: console.error */
  onError?: PipelineOptions['onError']
  /** the most bytes of a streamed answer (HTTP_PROXY) collected; past them inject() rejects. Default 10 MB */
  maxAnswerBytes?: number
}

/** AWS's payload limit: a streamed answer held in memory grows no larger */
export const DEFAULT_MAX_ANSWER_BYTES = 10 * 1024 * 1024

const EMPTY = Buffer.alloc(0)

/**
 * `inject()`: a request through the same limits, resolution, request phase and pipeline as one
 * that arrives on a socket, with the answer collected in memory (buffer-answer-sink.ts), as
 * Fastify's `inject` and Hono's `app.request` do. Like a client, it sends `Host: localhost`
 * and a `Content-Length` for a body unless told otherwise. Rejects when the request cannot be
 * sent (an invalid header) or its answer was cut off (a backend failing mid-body, a streamed
 * answer past `maxAnswerBytes`).
 */
export function createInjector(options: InjectorOptions): Inject {
  const limits = resolveLimits(options.limits)
  const { registry } = options
  const requestStages = requestPhase(limits.maxBodyBytes)
  const pipelineOptions: PipelineOptions = options.onError ? { onError: options.onError } : {}
  const maxAnswerBytes = options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES

  return function inject(request) {
    try {
      const receivedAt = { epochMs: Date.now(), perfMs: performance.now() }
      const body = request.body === undefined ? EMPTY : typeof request.body === 'string' ? Buffer.from(request.body) : request.body
      const sent = injectedRequest({ method: request.method ?? 'GET', url: request.path, rawHeaders: clientHeaders(request.headers, body.length), remoteAddress: request.remoteAddress })
      const ids = requestIds(clientRequestId(sent.rawHeaders))
      const sink = bufferAnswerSink({ ids, maxStreamedBytes: maxAnswerBytes, bodiless: sent.method === 'HEAD' })

      const refusal = checkLimits(sent.url, sent.rawHeaders, limits)
      if (refusal) {
        sink.closeAfterAnswer()
        sink.send(refusal)
        return answered(sink)
      }
      const target = splitTarget(sent.url, firstRawHeader(sent.rawHeaders, 'host'))
      const resolution = resolveThrough(registry.table(), target.host, target.pathname, sent.rawHeaders, request.vpce)
      if (resolution.kind !== 'stage') {
        sink.send(unresolved(resolution))
        return answered(sink)
      }
      const endpointRefused = endpointRefusal(resolution, request.vpce, target.host, sent.remoteAddress)
      if (endpointRefused) {
        sink.send(endpointRefused)
        return answered(sink)
      }
      const ctx = createRequestContext(
        { sent: asForwarded(sent, resolution), sink, ids, receivedAt, rawQuery: target.rawQuery, body, ...(request.vpce !== undefined && { vpce: request.vpce }) },
        resolution,
      )
      const pending = runPipeline(ctx, requestStages, pipelineOptions)
      return pending === undefined ? answered(sink) : pending.then(() => answered(sink))
    } catch (error) {
      return Promise.reject(error as Error)
    }
  }
}

/** The response once the sink's answer is complete: at once when the pipeline ran synchronously. */
function answered(sink: BufferAnswerSink): Promise<InjectResponse> {
  const complete = sink.complete
  if (complete !== undefined) return Promise.resolve(new InjectedResponse(complete))
  return sink.collected().then(injectResponse)
}

/** One request on one plan, for callers that chose the method themselves (TestInvokeMethod). */
export interface PlanInjection {
  plan: RuntimePlan
  sent: SentRequest
  body: Buffer
  ids: RequestIds
  /** the path after the stage as sent (percent-encoded), and the query string */
  rawPath: string
  rawQuery: string
  /** the method to run, with its path parameters; routing is then skipped */
  route: MethodPlan
  pathParameters: Record<string, string>
  /** `$context.identity.sourceIp` and `$context.domainName` placeholders */
  sourceIp?: string
  domainName?: string
  /** add the request ids to the answer's head, as a socket's answer has them */
  idsInHead: boolean
  maxAnswerBytes?: number
  onError?: PipelineOptions['onError']
}

const NO_STAGES: readonly PipelineStage[] = Object.freeze([])

/** Runs `route`'s stages through the pipeline with the answer collected in memory; the context is returned for its log. */
export async function injectIntoPlan(injection: PlanInjection): Promise<{ answer: BufferedAnswer & { body: Buffer }; ctx: RequestContext }> {
  const { plan } = injection
  const sink = bufferAnswerSink({
    ...(injection.idsInHead && { ids: injection.ids }),
    maxStreamedBytes: injection.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES,
  })
  const ctx = createRequestContext(
    {
      sent: injection.sent,
      sink,
      ids: injection.ids,
      receivedAt: { epochMs: Date.now(), perfMs: performance.now() },
      rawQuery: injection.rawQuery,
      body: injection.body,
      ...(injection.sourceIp !== undefined && { sourceIp: injection.sourceIp }),
      ...(injection.domainName !== undefined && { domainName: injection.domainName }),
    },
    { plan, apiId: plan.apiId, stageName: plan.stageName, rawPath: injection.rawPath },
  )
  ctx.route = injection.route
  ctx.pathParameters = injection.pathParameters
  await runPipeline(ctx, NO_STAGES, injection.onError ? { onError: injection.onError } : {})
  const answer = await sink.collected()
  return { answer: { ...answer, body: typeof answer.body === 'string' ? Buffer.from(answer.body) : answer.body }, ctx }
}

/** A request that came whole, with no connection behind it. */
export function injectedRequest(request: { method: string; url: string; rawHeaders: readonly string[]; remoteAddress?: string | undefined }): SentRequest {
  return {
    method: request.method.toUpperCase(),
    url: request.url,
    rawHeaders: request.rawHeaders,
    httpVersion: '1.1',
    remoteAddress: request.remoteAddress ?? '127.0.0.1',
    secure: false,
    incoming: undefined,
  }
}

/** The headers as a client sends them: checked as node:http checks them, Host and Content-Length added when missing. */
function clientHeaders(headers: InjectRequest['headers'], bodyLength: number): string[] {
  const raw: string[] = []
  for (const name in headers) {
    const value = headers[name]!
    validateHeaderName(name)
    for (const one of typeof value === 'string' ? [value] : value) {
      validateHeaderValue(name, one)
      raw.push(name, one)
    }
  }
  if (firstRawHeader(raw, 'host') === undefined) raw.push('Host', 'localhost')
  if (bodyLength > 0 && firstRawHeader(raw, 'content-length') === undefined && firstRawHeader(raw, 'transfer-encoding') === undefined) {
    raw.push('Content-Length', String(bodyLength))
  }
  return raw
}

function injectResponse(answer: BufferedAnswer): InjectResponse {
  return new InjectedResponse(answer)
}

class InjectedResponse implements InjectResponse {
  readonly statusCode: number
  readonly rawHeaders: readonly string[]
  #body: Buffer | string
  #headers: Record<string, string | string[]> | undefined = undefined

  constructor(answer: BufferedAnswer) {
    this.statusCode = answer.statusCode
    this.rawHeaders = answer.rawHeaders
    this.#body = answer.body
  }

  get body(): Buffer {
    const body = this.#body
    return typeof body === 'string' ? (this.#body = Buffer.from(body)) : body
  }

  get headers(): Readonly<Record<string, string | string[]>> {
    if (this.#headers !== undefined) return this.#headers
    const headers: Record<string, string | string[]> = {}
    const raw = this.rawHeaders
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = raw[i]!.toLowerCase()
      const previous = headers[name]
      headers[name] = previous === undefined ? raw[i + 1]! : [...(Array.isArray(previous) ? previous : [previous]), raw[i + 1]!]
    }
    return (this.#headers = headers)
  }

  text(): string {
    const body = this.#body
    return typeof body === 'string' ? body : body.toString('utf8')
  }

  json(): unknown {
    return JSON.parse(this.text())
  }
}
