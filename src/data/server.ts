import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { performance } from 'node:perf_hooks'
import { resolveLimits, type DataPlaneLimits } from './limits.ts'
import type { AnswerSink } from './answer-sink.ts'
import { jsonError } from './json-error.ts'
import { nodeAnswerSink } from './node-answer-sink.ts'
import { runPipeline } from './pipeline.ts'
import type { PlanRegistry } from './plan-registry.ts'
import { createRequestContext, firstRawHeader, sentOverSocket } from './request-context.ts'
import { clientRequestId, requestIds } from './request-ids.ts'
import { requestPhase } from './request-phase.ts'
import { resolveRequest, type Resolution } from './resolve.ts'
import type { HttpAnswer, PipelineStage, RequestContext } from './types.ts'

export interface DataPlaneHooks {
  /** an exception a stage (or the listener itself, ctx undefined) threw; the client got a 500. Default: console.error */
  onError?: (error: unknown, ctx: RequestContext | undefined) => void
}

export interface DataPlaneServerOptions {
  registry: PlanRegistry
  limits?: Partial<DataPlaneLimits>
  hooks?: DataPlaneHooks
  /** answers requests that are not for execute-api (the management API on the same port) */
  fallback?: (req: IncomingMessage, res: ServerResponse) => void
}

export interface DataPlaneServer {
  readonly server: Server
  readonly limits: DataPlaneLimits
  listen(port: number, host?: string): Promise<AddressInfo>
  /** stops accepting, lets requests in flight finish (at most `graceMs`), then closes every socket */
  close(graceMs?: number): Promise<void>
}

export const NOT_EXECUTE_API_MESSAGE =
  'No API matches this URL. Invoke a stage as http://{apiId}.execute-api.{any-domain}:{port}/{stage}/{path} ' +
  'or http://{host}:{port}/_aws/execute-api/{apiId}/{stage}/{path}'

/** The REST data-plane listener: limits → resolve API + stage → request context → pipeline. */
export function createDataPlaneServer(options: DataPlaneServerOptions): DataPlaneServer {
  const limits = resolveLimits(options.limits)
  const { registry } = options
  const requestStages: readonly PipelineStage[] = requestPhase(limits.maxBodyBytes)
  const pipelineOptions = options.hooks?.onError ? { onError: options.hooks.onError } : {}

  const server = createServer(
    {
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: limits.headersTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: limits.connectionsCheckingIntervalMs,
      maxHeaderSize: limits.maxHeaderSize,
    },
    function handleRequest(req: IncomingMessage, res: ServerResponse) {
      const receivedAt = { epochMs: Date.now(), perfMs: performance.now() }
      const ids = requestIds(clientRequestId(req.rawHeaders))
      const sink = nodeAnswerSink(res, ids)

      // nothing thrown here may reach Node's listener: an exception there would end the process
      try {
        const refusal = checkLimits(req.url ?? '', req.rawHeaders, limits)
        if (refusal) return refuse(req, sink, refusal)

        const target = splitTarget(req.url ?? '/', firstRawHeader(req.rawHeaders, 'host'))
        const resolution = resolveRequest(registry, target.host, target.pathname)
        if (resolution.kind === 'not-execute-api' && options.fallback) {
          res.setHeader('x-amzn-RequestId', ids.requestId)
          res.setHeader('x-amz-apigw-id', ids.extendedRequestId)
          return options.fallback(req, res)
        }
        if (resolution.kind !== 'stage') return refuse(req, sink, unresolved(resolution), false)

        const ctx = createRequestContext({
          sent: sentOverSocket(req),
          sink,
          ids,
          receivedAt,
          plan: resolution.plan,
          apiId: resolution.apiId,
          stageName: resolution.stageName,
          rawPath: resolution.rawPath,
          rawQuery: target.rawQuery,
        })
        void runPipeline(ctx, requestStages, pipelineOptions)
      } catch (error) {
        if (options.hooks?.onError) options.hooks.onError(error, undefined)
        else console.error('portico: request listener failed:', error)
        refuse(req, sink, jsonError(500, 'Internal server error', 'InternalServerErrorException'))
      }
    },
  )
  server.timeout = limits.idleTimeoutMs
  server.on('clientError', answerClientError)
  // `Expect: 100-continue`: invite the body only when it may fit; otherwise readBody answers 413 unread
  server.on('checkContinue', function checkContinue(req: IncomingMessage, res: ServerResponse) {
    if (Number(req.headers['content-length'] ?? 0) <= limits.maxBodyBytes) res.writeContinue()
    server.emit('request', req, res)
  })

  return {
    server,
    limits,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject)
        server.listen(port, host, () => {
          server.off('error', reject)
          resolve(server.address() as AddressInfo)
        })
      })
    },
    close(graceMs = 5_000) {
      return new Promise((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), graceMs)
        force.unref()
        server.close(() => {
          clearTimeout(force)
          resolve()
        })
        server.closeIdleConnections()
      })
    },
  }
}

/** URL length (414) and total header-value bytes (431), before anything else is looked at. */
export function checkLimits(url: string, raw: readonly string[], limits: DataPlaneLimits): HttpAnswer | undefined {
  if (url.length > limits.maxUrlLength) return jsonError(414, 'Request-URI Too Long', 'RequestUriTooLongException')
  let headerBytes = 0
  for (let i = 1; i < raw.length; i += 2) headerBytes += Buffer.byteLength(raw[i]!)
  if (headerBytes > limits.maxHeaderValueBytes) {
    return jsonError(431, 'Request Header Fields Too Large', 'RequestHeaderFieldsTooLargeException')
  }
  return undefined
}

export function unresolved(resolution: Exclude<Resolution, { kind: 'stage' }>): HttpAnswer {
  switch (resolution.kind) {
    case 'unknown-api':
      return jsonError(403, 'Forbidden', 'ForbiddenException')
    case 'unknown-stage':
      return jsonError(403, 'Missing Authentication Token', 'MissingAuthenticationTokenException')
    case 'not-execute-api':
      return jsonError(404, NOT_EXECUTE_API_MESSAGE, 'NotFoundException')
  }
}

/** Answers without a plan. `close`: the request may be hostile, do not read on. */
function refuse(req: IncomingMessage, sink: AnswerSink, answer: HttpAnswer, close = true): void {
  if (close || !req.complete) sink.closeAfterAnswer()
  sink.send(answer)
}

/** Request target → host, raw path and raw query; absolute-form targets carry their own host. */
export function splitTarget(url: string, hostHeader: string | undefined): { host: string | undefined; pathname: string; rawQuery: string } {
  let host = hostHeader
  let rest = url
  const scheme = /^https?:\/\//i.exec(url)
  if (scheme) {
    const afterScheme = url.slice(scheme[0].length)
    const slash = afterScheme.search(/[/?]/)
    host = slash < 0 ? afterScheme : afterScheme.slice(0, slash)
    rest = slash < 0 ? '/' : afterScheme.slice(slash)
    if (!rest.startsWith('/')) rest = '/' + rest
  }
  const q = rest.indexOf('?')
  return { host, pathname: q < 0 ? rest : rest.slice(0, q), rawQuery: q < 0 ? '' : rest.slice(q + 1) }
}

/**
 * Malformed HTTP (400), headers over Node's parser cap (431) and slow clients (408) are answered
 * on the raw socket and the connection is closed. A socket already answering is just closed.
 */
function answerClientError(err: Error & { code?: string }, socket: Duplex): void {
  const inFlight = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage
  if (err.code === 'ECONNRESET' || !socket.writable || inFlight) {
    socket.destroy()
    return
  }
  const [status, message, errorType] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'RequestHeaderFieldsTooLargeException']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'RequestTimeoutException']
        : [400, 'Bad Request', 'BadRequestException']
  const ids = requestIds(undefined)
  const body = JSON.stringify({ message })
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n' +
      `x-amzn-RequestId: ${ids.requestId}\r\n` +
      `x-amz-apigw-id: ${ids.extendedRequestId}\r\n` +
      `x-amzn-ErrorType: ${errorType}\r\n\r\n` +
      body,
  )
}
