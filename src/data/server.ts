import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { createServer as createHttpsServer } from 'node:https'
import type { TLSSocket } from 'node:tls'
import type { TlsContexts } from './tls-contexts.ts'
import { clientCertIdentity, refuseTls } from './tls-peer.ts'
import type { Duplex } from 'node:stream'
import { performance } from 'node:perf_hooks'
import { resolveLimits, type DataPlaneLimits } from './limits.ts'
import type { AnswerSink } from '../gateway/answer-sink.ts'
import { nodeAnswerSink } from './node-answer-sink.ts'
import { runPipeline } from './pipeline.ts'
import type { PlanRegistry } from './plan-registry.ts'
import { createRequestContext, firstRawHeader, sentOverSocket, type RequestIds } from './request-context.ts'
import { clientRequestId, requestIds } from './request-ids.ts'
import { requestPhase } from './request-phase.ts'
import { signedService } from '../lib/sigv4/credential-scope.ts'
import type { Resolution } from './resolve.ts'
import type { HttpAnswer, PipelineStage, RequestContext } from '../gateway/types.ts'
import { LISTENER_REFUSALS, refusalAnswer, signedForAnotherService } from './listener-refusals.ts'
import { EventLoopLag } from './event-loop-lag.ts'
import { endpointRefusal, resolveThrough } from './private-endpoints.ts'
import { healthAnswer } from './health-check.ts'
import { asForwarded } from './edge-headers.ts'
import type { VpcEndpoint } from '../config-vpce.ts'

export interface DataPlaneHooks {
  /** an exception a stage (or the listener itself, ctx undefined) threw; the client got a 500. Default: console.error */
  onError?: (error: unknown, ctx: RequestContext | undefined) => void
}

export interface DataPlaneServerOptions {
  registry: PlanRegistry
  limits?: Partial<DataPlaneLimits>
  hooks?: DataPlaneHooks
  /**
   * The management API sharing the listener: it answers what is meant for it, a request that
   * is no execute-api URL form and is signed for service `apigateway` or not signed at all (it
   * answers those AWS's 403). Without it, and for requests signed for another service (an
   * IAM-signed API call with the wrong URL), the listener answers 404 explaining both forms.
   */
  fallback?: (req: IncomingMessage, res: ServerResponse) => void
}

/** What a listener answers. */
export type ListenerServes =
  /** the data plane, and the management API (`fallback`) for what is meant for it: the default */
  | 'shared'
  /** the data plane only: a URL in no execute-api form answers 404 */
  | 'data'
  /** the management API (`fallback`) only */
  | 'management'

export interface Listener {
  port: number
  host?: string
  /** HTTPS: the certificates by SNI (the default one, each custom domain's) and mutual TLS */
  tls?: TlsContexts
  /** `shared` unless given */
  serves?: ListenerServes
  /** a VPC endpoint listener (`--vpce-listener`): the only way to PRIVATE APIs, and only to them */
  vpce?: VpcEndpoint
}

export interface DataPlaneServer {
  /** the first listener's server */
  readonly server: Server
  /** every listener's server, in the order listened on */
  readonly servers: readonly Server[]
  readonly limits: DataPlaneLimits
  /** one shared listener */
  listen(port: number, host?: string): Promise<AddressInfo>
  /** several listeners; when one cannot listen, those already listening are closed and the error thrown */
  listen(listeners: readonly Listener[]): Promise<AddressInfo[]>
  /** stops accepting, lets requests in flight finish (at most `graceMs`), then closes every socket */
  close(graceMs?: number): Promise<void>
}

export { NOT_EXECUTE_API_MESSAGE } from './listener-refusals.ts'

/** The REST data-plane listener: limits → resolve API + stage → request context → pipeline. */
export function createDataPlaneServer(options: DataPlaneServerOptions): DataPlaneServer {
  const limits = resolveLimits(options.limits)
  const { registry } = options
  const requestStages: readonly PipelineStage[] = requestPhase(limits.maxBodyBytes)
  const pipelineOptions = options.hooks?.onError ? { onError: options.hooks.onError } : {}
  const lag = new EventLoopLag(limits.maxEventLoopLagMs)

  const handlerFor = ({ serves = 'shared', tls, vpce }: Listener) =>
    function handleRequest(req: IncomingMessage, res: ServerResponse) {
      const receivedAt = { epochMs: Date.now(), perfMs: performance.now() }
      const ids = requestIds(clientRequestId(req.rawHeaders))
      const sink = nodeAnswerSink(res, ids)
      ;(res as AnsweredResponse)[ANSWER_IDS] = ids

      // nothing thrown here may reach Node's listener: an exception there would end the process
      try {
        const refusal = checkRequest(req, limits)
        if (refusal) return refuse(req, sink, refusal)
        if (serves === 'management') return toManagement(req, res, ids)

        const target = splitTarget(req.url ?? '/', firstRawHeader(req.rawHeaders, 'host'))
        const table = registry.table()
        const domain = target.host === undefined ? undefined : table.domainFor(target.host)
        const peer = tls === undefined ? undefined : tls.inspect(req.socket as TLSSocket)
        const sniDomain = domain?.mutualTls && peer?.servername !== undefined ? table.domainFor(peer.servername) : undefined
        const tlsRefusal = refuseTls(domain, peer, sniDomain)
        if (tlsRefusal) return refuse(req, sink, tlsRefusal)
        const resolution = resolveThrough(table, target.host, target.pathname, req.rawHeaders, vpce)
        if (resolution.kind === 'not-execute-api' && serves === 'shared' && options.fallback && !resolution.forExecuteApi && meantForManagement(req, target.rawQuery)) {
          return toManagement(req, res, ids)
        }
        if (resolution.kind === 'not-execute-api' && !resolution.forExecuteApi) {
          const service = signedService(firstRawHeader(req.rawHeaders, 'authorization'), target.rawQuery)
          if (service !== undefined && service !== 'apigateway') return refuse(req, sink, signedForAnotherService(service), false)
        }
        if (resolution.kind !== 'stage') return refuse(req, sink, unresolved(resolution), false)
        const endpointRefused = endpointRefusal(resolution, vpce, target.host, req.socket.remoteAddress ?? '')
        if (endpointRefused) return refuse(req, sink, endpointRefused, false)
        // before the body is read, templates rendered or anything logged: the cheapest answer there is
        lag.arrived()
        if (lag.saturated) {
          resolution.plan.observe?.shedByListener?.(LISTENER_REFUSALS.OVERLOADED.statusCode, 'event-loop-lag')
          return shed(req, sink)
        }

        const ctx = createRequestContext(
          {
            sent: asForwarded(sentOverSocket(req), resolution),
            sink,
            ids,
            receivedAt,
            rawQuery: target.rawQuery,
            clientCert: domain?.mutualTls && peer?.peer !== undefined ? clientCertIdentity(peer.peer) : undefined,
            ...(vpce !== undefined && { vpce }),
          },
          resolution,
        )
        void runPipeline(ctx, requestStages, pipelineOptions)
      } catch (error) {
        if (options.hooks?.onError) options.hooks.onError(error, undefined)
        else console.error('portico: request listener failed:', error)
        refuse(req, sink, refusalAnswer('INTERNAL_ERROR'))
      }
    }

  /** The management API answers with node:http itself: the request ids go on the response first. */
  const toManagement = (req: IncomingMessage, res: ServerResponse, ids: RequestIds): void => {
    res.setHeader('x-amzn-RequestId', ids.requestId)
    res.setHeader('x-amz-apigw-id', ids.extendedRequestId)
    options.fallback!(req, res)
  }

  const newServer = (tls?: TlsContexts): Server => {
    const serverOptions = {
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: limits.headersTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: limits.connectionsCheckingIntervalMs,
      maxHeaderSize: limits.maxHeaderSize,
      // Node would answer a missing Host itself, bare; checkRequest answers it as every other 400
      requireHostHeader: false,
    }
    const server = tls === undefined ? createServer(serverOptions) : createHttpsServer({ ...serverOptions, ...tls.defaultPair, SNICallback: tls.sniCallback(), handshakeTimeout: limits.handshakeTimeoutMs })
    if (tls !== undefined) {
      // a failed or timed-out handshake (a stalled client): nothing to answer over, close it
      server.on('tlsClientError', (_error: Error, socket: Duplex) => socket.destroy())
      // a new default certificate (SIGHUP) serves handshakes from now on; open connections keep theirs
      const off = tls.onDefault((pair) => (server as ReturnType<typeof createHttpsServer>).setSecureContext({ ...pair }))
      server.once('close', off)
    }
    server.timeout = limits.idleTimeoutMs
    server.on('timeout', closeIdleSocket)
    server.on('clientError', answerClientError)
    // `Expect: 100-continue`: invite the body only when it may fit; otherwise readBody answers 413 unread
    server.on('checkContinue', function checkContinue(req: IncomingMessage, res: ServerResponse) {
      if (Number(req.headers['content-length'] ?? 0) <= limits.maxBodyBytes) res.writeContinue()
      server.emit('request', req, res)
    })
    return server
  }
  // the first exists before listen(): callers may watch its events
  const servers: Server[] = [newServer()]

  const listenOn = async (server: Server, listener: Listener): Promise<AddressInfo> => {
    const serves = listener.serves ?? 'shared'
    if (serves === 'management' && !options.fallback) throw new Error('a management listener needs the management API (fallback)')
    server.on('request', handlerFor(listener))
    lag.start()
    return new Promise((resolve, reject) => {
      server.once('error', reject)
      server.listen({ port: listener.port, host: listener.host, backlog: limits.listenBacklog }, () => {
        server.off('error', reject)
        resolve(server.address() as AddressInfo)
      })
    })
  }

  const close = (graceMs = 5_000): Promise<void> => {
    lag.stop()
    return Promise.all(servers.filter((server) => server.listening).map((server) => closeServer(server, graceMs))).then(() => undefined)
  }

  async function listenAll(listeners: readonly Listener[]): Promise<AddressInfo[]> {
    const addresses: AddressInfo[] = []
    try {
      for (const [i, listener] of listeners.entries()) {
        // the first server exists before listen(): an HTTPS listener replaces it with its own
        if (listener.tls !== undefined && (servers[i] === undefined || !servers[i]!.listening)) servers[i] = newServer(listener.tls)
        addresses.push(await listenOn((servers[i] ??= newServer()), listener))
      }
    } catch (error) {
      await close(0)
      throw error
    }
    return addresses
  }

  return {
    get server() {
      return servers[0]!
    },
    servers,
    limits,
    listen: ((portOrListeners: number | readonly Listener[], host?: string) =>
      typeof portOrListeners === 'number'
        ? listenAll([{ port: portOrListeners, ...(host !== undefined && { host }) }]).then((addresses) => addresses[0]!)
        : listenAll(portOrListeners)) as DataPlaneServer['listen'],
    close,
  }
}

/** Stops accepting, lets requests in flight finish (at most `graceMs`), then closes every socket. */
function closeServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), graceMs)
    force.unref()
    server.close(() => {
      clearTimeout(force)
      resolve()
    })
    server.closeIdleConnections()
  })
}

/** Signed for the management API (`apigateway`), or not signed: the management API answers either. */
function meantForManagement(req: IncomingMessage, rawQuery: string): boolean {
  const service = signedService(firstRawHeader(req.rawHeaders, 'authorization'), rawQuery)
  return service === undefined || service === 'apigateway'
}

/**
 * An HTTP/1.1 request without Host (400, RFC 9112 §3.2), URL length (414) and total
 * header-value bytes (431), before anything else is looked at.
 */
function checkRequest(req: IncomingMessage, limits: DataPlaneLimits): HttpAnswer | undefined {
  if (req.httpVersion === '1.1' && !firstRawHeader(req.rawHeaders, 'host')) return refusalAnswer('BAD_REQUEST')
  return checkLimits(req.url ?? '', req.rawHeaders, limits)
}

/** URL length (414) and total header-value bytes (431): the listener's and inject()'s check. */
export function checkLimits(url: string, raw: readonly string[], limits: DataPlaneLimits): HttpAnswer | undefined {
  if (url.length > limits.maxUrlLength) return refusalAnswer('URI_TOO_LONG')
  let chars = 0
  for (let i = 1; i < raw.length; i += 2) chars += raw[i]!.length
  // a UTF-16 unit is at most 3 UTF-8 bytes: only a long head needs counting
  if (chars * 3 <= limits.maxHeaderValueBytes) return undefined
  let headerBytes = 0
  for (let i = 1; i < raw.length; i += 2) headerBytes += Buffer.byteLength(raw[i]!)
  return headerBytes > limits.maxHeaderValueBytes ? refusalAnswer('HEADERS_TOO_LARGE') : undefined
}

export function unresolved(resolution: Exclude<Resolution, { kind: 'stage' }>): HttpAnswer {
  switch (resolution.kind) {
    case 'unknown-api':
      return refusalAnswer('UNKNOWN_API')
    case 'unknown-stage':
      return refusalAnswer('UNKNOWN_STAGE')
    case 'not-execute-api':
      return refusalAnswer('NOT_EXECUTE_API')
    case 'unserved':
      return refusalAnswer('WEBSOCKET_API_NOT_SERVED')
    case 'health':
      return healthAnswer()
  }
}

/**
 * A socket's timeout (the keep-alive timeout after an answer, `idleTimeoutMs` otherwise), in
 * place of Node's immediate destroy. A timer is due in the event loop's timers phase, which runs
 * before the poll phase that reads sockets: a loop that ran late (a saturated process) wakes to
 * the timer first, and Node destroyed connections whose next request had already arrived unread,
 * so their clients saw a reset for a request sent in time. The socket is closed one turn later,
 * after that poll, and only if nothing was read from it meanwhile; a request that arrived
 * re-arms its timeouts as usual. (No request or response here listens for 'timeout', so Node
 * would have destroyed every socket that reaches this.)
 */
function closeIdleSocket(socket: Socket): void {
  const readBefore = socket.bytesRead
  setImmediate(() => {
    if (!socket.destroyed && socket.bytesRead === readBefore) socket.destroy()
  })
}

/** Answers without a plan. `close`: the request may be hostile, do not read on. */
function refuse(req: IncomingMessage, sink: AnswerSink, answer: HttpAnswer, close = true): void {
  if (close || !req.complete) sink.closeAfterAnswer()
  sink.send(answer)
}

/**
 * The overload answer. A request without a body keeps its connection: closing it would cost a
 * reconnect when the process can least afford one (Node reports a bodiless request incomplete
 * until after this handler, so `refuse` would close it). One with a body is closed, not read.
 */
function shed(req: IncomingMessage, sink: AnswerSink): void {
  if (req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] ?? '0') !== '0') sink.closeAfterAnswer()
  sink.send(refusalAnswer('OVERLOADED'))
}

/** Request target → host, raw path and raw query; absolute-form targets carry their own host. */
export function splitTarget(url: string, hostHeader: string | undefined): { host: string | undefined; pathname: string; rawQuery: string } {
  let host = hostHeader
  let rest = url
  // origin-form (`/path`), the usual one, has no scheme to look for
  const scheme = url.startsWith('/') ? null : /^https?:\/\//i.exec(url)
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
 * on the raw socket and the connection is closed. A request whose body breaks off mid-way (bad
 * chunk framing, a stall) already has its response object, not yet written: it is answered
 * under that response's request id. A socket whose response has begun is just closed.
 */
function answerClientError(err: Error & { code?: string }, socket: Duplex): void {
  const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage ?? undefined
  if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy()
    return
  }
  const { statusCode, message, errorType } =
    LISTENER_REFUSALS[err.code === 'HPE_HEADER_OVERFLOW' ? 'HEADERS_TOO_LARGE' : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'REQUEST_TIMEOUT' : 'BAD_REQUEST']
  const body = JSON.stringify({ message })
  socket.end(
    `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode]}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n' +
      idLines(inFlight) +
      `x-amzn-ErrorType: ${errorType}\r\n\r\n` +
      body,
  )
}

/**
 * Each data-plane response's request ids: its sink writes them with the head, not on `res` first.
 * A property of the response rather than a WeakMap entry, which cost more per request.
 */
const ANSWER_IDS = Symbol('portico.answerIds')
type AnsweredResponse = ServerResponse & { [ANSWER_IDS]?: RequestIds }

/** The request ids the in-flight response carries (the management API's has no x-amz-apigw-id), else new ones. */
function idLines(inFlight: ServerResponse | undefined): string {
  const known = inFlight && (inFlight as AnsweredResponse)[ANSWER_IDS]
  if (known && inFlight.getHeader('x-amzn-RequestId') === undefined) {
    return `x-amzn-RequestId: ${known.requestId}\r\nx-amz-apigw-id: ${known.extendedRequestId}\r\n`
  }
  const requestId = inFlight?.getHeader('x-amzn-RequestId')
  if (inFlight && typeof requestId === 'string') {
    const extendedId = inFlight.getHeader('x-amz-apigw-id')
    return `x-amzn-RequestId: ${requestId}\r\n` + (typeof extendedId === 'string' ? `x-amz-apigw-id: ${extendedId}\r\n` : '')
  }
  const ids = requestIds(undefined)
  return `x-amzn-RequestId: ${ids.requestId}\r\nx-amz-apigw-id: ${ids.extendedRequestId}\r\n`
}
