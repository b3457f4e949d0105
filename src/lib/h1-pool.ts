import { connect, type Socket } from 'node:net'
import type { Readable } from 'node:stream'
import { whenTurnEnds, type TurnEnd } from './turn-end.ts'

/**
 * A keep-alive HTTP/1.1 client for one plain-HTTP origin, one request per connection at a time,
 * with undici's dispatch-handler protocol (onConnect, onHeaders, onData, onComplete, onError), so
 * a handler written for `Pool.dispatch` drives either.
 *
 * Why not undici for every backend: a gateway's backend call is the narrow case of HTTP/1.1 — one
 * request in flight per socket, a head of known-valid parts, small answers framed by
 * Content-Length — and undici's generality (its request queue and kQueue bookkeeping, its wasm
 * parser's per-header callbacks, the header processing of a public API) was about an eighth of
 * an HTTP_PROXY request's CPU in `bench/profile.ts`. This client builds the request head as one
 * string and parses the answer's head with string operations; bodies are framed by RFC 9112
 * §6.3 (Content-Length, chunked, close-delimited, none for HEAD/1xx/204/304). HTTPS origins stay
 * on undici (TLS options, client certificates).
 *
 * Refused as undici refuses them (code `UND_ERR_INVALID_ARG`): a header name that is not a token,
 * a value with CR, LF or NUL, a path with a space or control character, `transfer-encoding`,
 * `keep-alive`, `upgrade` or `expect` among the request's headers. A malformed answer fails the
 * call (code `HPE_INVALID`), and its connection is not reused. An idempotent request whose
 * reused connection closes before any byte of the answer is sent again once on a new connection
 * (RFC 9110 §9.2.2): the race of a keep-alive socket the server closes as it is picked. Idle
 * sockets are closed after `keepAliveTimeout`, or a second before the server's
 * `Keep-Alive: timeout=N`, whichever is sooner.
 */
export interface H1Request {
  path: string
  method: string
  headers?: Record<string, string | readonly string[] | undefined> | null
  body?: Buffer | Uint8Array | string | Readable | null
}

export interface H1Handler {
  onConnect?(abort: (reason?: Error) => void): void
  /**
   * the final head (1xx heads are skipped), names and values alternating (strings here; undici
   * gives Buffers); false pauses the socket until `resume`
   */
  onHeaders?(statusCode: number, rawHeaders: Array<string | Buffer>, resume: () => void, statusText: string): boolean
  /** false pauses the socket until `resume` (given to onHeaders) is called */
  onData?(chunk: Buffer): boolean
  onComplete?(trailers: string[] | null): void
  onError?(error: Error): void
}

export interface H1PoolOptions {
  /** sockets open at once; more requests wait in order (default 128) */
  connections?: number
  /** idle sockets are closed after this long (default 60 s) */
  keepAliveTimeout?: number
  /** a connection not made in this long fails with UND_ERR_CONNECT_TIMEOUT (default 10 s) */
  connectTimeout?: number
  /** the longest answer head (default 16 KiB, Node's --max-http-header-size) */
  maxHeaderSize?: number
}

export class H1Error extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message)
    this.name = 'H1Error'
  }
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
const INVALID_VALUE = /[^\t\x20-\x7e\x80-\xff]/
const INVALID_PATH = /[^\u0021-\u00ff]/
const HEAD_END = Buffer.from('\r\n\r\n', 'latin1')
const WITH_PAYLOAD = new Set(['POST', 'PUT', 'PATCH', 'QUERY', 'PROPFIND', 'PROPPATCH'])
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE'])
const SWEEP_MS = 500

export class H1Pool {
  readonly #connectHost: string
  readonly #port: number
  readonly #hostHeader: string
  readonly #connections: number
  readonly #keepAliveTimeout: number
  readonly #connectTimeout: number
  readonly #maxHeaderSize: number
  /** idle connections, the most recently used last */
  readonly #idle: Connection[] = []
  readonly #busy = new Set<Connection>()
  readonly #queue: Exchange[] = []
  #queueHead = 0
  #open = 0
  #closed = false
  #sweeper: NodeJS.Timeout | undefined
  #drained: (() => void) | undefined

  constructor(origin: string, options: H1PoolOptions = {}) {
    const url = new URL(origin)
    if (url.protocol !== 'http:') throw new H1Error(`H1Pool serves http: origins only, not ${url.protocol}`, 'UND_ERR_INVALID_ARG')
    this.#connectHost = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname
    this.#port = url.port === '' ? 80 : Number(url.port)
    this.#hostHeader = url.host
    this.#connections = options.connections ?? 128
    this.#keepAliveTimeout = options.keepAliveTimeout ?? 60_000
    this.#connectTimeout = options.connectTimeout ?? 10_000
    this.#maxHeaderSize = options.maxHeaderSize ?? 16 * 1024
  }

  /** Sends `request`; its outcome reaches `handler`. Always true (undici's "not busy" answer). */
  dispatch(request: H1Request, handler: H1Handler): boolean {
    let exchange: Exchange
    try {
      exchange = new Exchange(request, handler, this.#hostHeader)
    } catch (error) {
      handler.onError?.(error as Error)
      return true
    }
    if (this.#closed) {
      handler.onError?.(new H1Error('the pool is closed', 'UND_ERR_CLOSED'))
      return true
    }
    this.#start(exchange)
    return true
  }

  /** Lets calls in flight and waiting finish, then closes every socket. */
  close(): Promise<void> {
    this.#closed = true
    for (const connection of this.#idle.splice(0)) connection.destroy()
    this.#stopSweeper()
    if (this.#open === 0 && this.#waiting() === 0) return Promise.resolve()
    return new Promise((resolve) => (this.#drained = resolve))
  }

  /** Closes every socket now; calls in flight and waiting fail with `reason`. */
  destroy(reason: Error = new H1Error('the pool was destroyed', 'UND_ERR_DESTROYED')): Promise<void> {
    this.#closed = true
    this.#stopSweeper()
    for (const connection of this.#idle.splice(0)) connection.destroy()
    while (this.#waiting() > 0) this.#queue[this.#queueHead++]!.fail(reason)
    this.#queue.length = this.#queueHead = 0
    for (const connection of [...this.#busy]) connection.abort(reason)
    return this.close()
  }

  #waiting(): number {
    return this.#queue.length - this.#queueHead
  }

  #start(exchange: Exchange): void {
    const now = Date.now()
    while (this.#idle.length > 0) {
      const connection = this.#idle.pop()!
      if (connection.expired(now)) {
        connection.destroy()
        continue
      }
      this.#run(connection, exchange)
      return
    }
    if (this.#open < this.#connections) {
      this.#open++
      this.#run(this.#connect(), exchange)
      return
    }
    this.#queue.push(exchange)
  }

  #run(connection: Connection, exchange: Exchange): void {
    this.#busy.add(connection)
    connection.run(exchange)
  }

  #connect(): Connection {
    const socket = connect({ host: this.#connectHost, port: this.#port, noDelay: true })
    return new Connection(socket, this.#connectTimeout, this.#maxHeaderSize, {
      released: (connection, reusable, serverKeepAliveMs) => this.#released(connection, reusable, serverKeepAliveMs),
      closed: (connection) => this.#gone(connection),
      retry: (exchange) => this.#start(exchange),
    })
  }

  /** the call that has waited longest, taken off the queue */
  #nextWaiting(): Exchange | undefined {
    if (this.#waiting() === 0) return undefined
    const next = this.#queue[this.#queueHead++]!
    if (this.#queueHead === this.#queue.length) this.#queue.length = this.#queueHead = 0
    return next
  }

  #released(connection: Connection, reusable: boolean, serverKeepAliveMs: number | undefined): void {
    this.#busy.delete(connection)
    // a closing pool still serves the calls that were waiting (close() lets them finish)
    const next = reusable ? this.#nextWaiting() : undefined
    if (next !== undefined) {
      this.#run(connection, next)
      return
    }
    if (!reusable || this.#closed) {
      connection.destroy()
      return
    }
    const limit = serverKeepAliveMs === undefined ? this.#keepAliveTimeout : Math.min(this.#keepAliveTimeout, serverKeepAliveMs - 1000)
    if (limit <= 0) {
      connection.destroy()
      return
    }
    connection.idle(Date.now() + limit)
    this.#idle.push(connection)
    this.#sweeper ??= setInterval(() => this.#sweep(), SWEEP_MS).unref()
  }

  /** A socket closed: it no longer counts, and a waiting call may open another. */
  #gone(connection: Connection): void {
    this.#busy.delete(connection)
    const at = this.#idle.indexOf(connection)
    if (at >= 0) this.#idle.splice(at, 1)
    this.#open--
    const next = this.#nextWaiting()
    if (next !== undefined) {
      this.#start(next)
      return
    }
    if (this.#closed && this.#open === 0) this.#drained?.()
  }

  #sweep(): void {
    const now = Date.now()
    for (const connection of this.#idle.filter((c) => c.expired(now))) connection.destroy()
    if (this.#idle.length === 0) this.#stopSweeper()
  }

  #stopSweeper(): void {
    if (this.#sweeper !== undefined) clearInterval(this.#sweeper)
    this.#sweeper = undefined
  }
}

/** One request and its handler, with the request head built (and checked) once. */
class Exchange {
  readonly method: string
  readonly head: string
  readonly body: Buffer | Readable | null
  /** the declared length of a streamed body; undefined: chunked */
  readonly streamLength: number | undefined
  readonly closeAfter: boolean
  attempts = 0
  #settled = false

  constructor(
    request: H1Request,
    readonly handler: H1Handler,
    hostHeader: string,
  ) {
    const method = request.method
    if (!TOKEN.test(method)) throw invalid('invalid request method')
    const path = request.path
    if (path.length === 0 || (path[0] !== '/' && !path.startsWith('http')) || INVALID_PATH.test(path)) throw invalid('invalid request path')
    this.method = method
    let host = hostHeader
    let declared: number | undefined
    let closeAfter = method === 'HEAD'
    let lines = ''
    const headers = request.headers
    if (headers != null) {
      for (const name in headers) {
        const value = headers[name]
        if (value === undefined) continue
        if (!TOKEN.test(name)) throw invalid('invalid header key')
        const special = specialHeader(name)
        if (special !== undefined) {
          const single = typeof value === 'string' ? value : undefined
          if (special === 'host') {
            if (single === undefined || INVALID_VALUE.test(single)) throw invalid('invalid host header')
            host = single
            continue
          }
          if (special === 'content-length') {
            if (single === undefined || !/^\d+$/.test(single)) throw invalid('invalid content-length header')
            declared = Number(single)
            continue
          }
          if (special === 'connection') {
            const token = single?.toLowerCase()
            if (token !== 'close' && token !== 'keep-alive') throw invalid('invalid connection header')
            if (token === 'close') closeAfter = true
            continue
          }
          throw invalid(`invalid ${special} header`)
        }
        if (typeof value === 'string') {
          if (INVALID_VALUE.test(value)) throw invalid(`invalid ${name} header`)
          lines += `${name}: ${value}\r\n`
        } else {
          for (const one of value) {
            if (INVALID_VALUE.test(one)) throw invalid(`invalid ${name} header`)
            lines += `${name}: ${one}\r\n`
          }
        }
      }
    }
    this.closeAfter = closeAfter
    let head = `${method} ${path} HTTP/1.1\r\nhost: ${host}\r\nconnection: ${closeAfter ? 'close' : 'keep-alive'}\r\n${lines}`
    const body = request.body
    if (body == null || isEmptyEndedStream(body)) {
      this.body = null
      if (WITH_PAYLOAD.has(method)) head += 'content-length: 0\r\n'
      this.streamLength = undefined
    } else if (typeof body === 'string' || body instanceof Uint8Array) {
      const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength)
      // a declared length other than the body's is refused, as undici's strictContentLength does
      if (declared !== undefined && declared !== bytes.length && (bytes.length > 0 || WITH_PAYLOAD.has(method))) {
        throw new H1Error('Request body length does not match content-length header', 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH')
      }
      this.body = bytes.length === 0 ? null : bytes
      if (bytes.length > 0 || WITH_PAYLOAD.has(method)) head += `content-length: ${bytes.length}\r\n`
      this.streamLength = undefined
    } else {
      this.body = body
      this.streamLength = declared
      head += declared === undefined ? 'transfer-encoding: chunked\r\n' : `content-length: ${declared}\r\n`
    }
    this.head = head + '\r\n'
  }

  /** whether this call may go out again after its connection closed unanswered */
  replayable(): boolean {
    return this.attempts === 1 && IDEMPOTENT.has(this.method) && !isStream(this.body)
  }

  fail(error: Error): void {
    if (this.#settled) return
    this.#settled = true
    if (isStream(this.body)) this.body.destroy()
    try {
      this.handler.onError?.(error)
    } catch {
      // a handler's own failure has nowhere to go
    }
  }

  complete(trailers: string[] | null): void {
    if (this.#settled) return
    this.#settled = true
    this.handler.onComplete?.(trailers)
  }

  get settled(): boolean {
    return this.#settled
  }
}

interface ConnectionEvents {
  /** the answer is complete; the connection may carry another call when `reusable` */
  released(connection: Connection, reusable: boolean, serverKeepAliveMs: number | undefined): void
  /** the socket closed */
  closed(connection: Connection): void
  /** a replayable call whose reused connection closed unanswered */
  retry(exchange: Exchange): void
}

const enum Body {
  None,
  Length,
  Chunked,
  UntilClose,
}

const enum Chunk {
  Size,
  Data,
  DataEnd,
  Trailers,
}

/** One socket, one call at a time: writes the request, parses the answer, hands it to the call's handler. */
class Connection implements TurnEnd {
  #exchange: Exchange | undefined
  #idleUntil = 0
  #used = false
  #connected = false
  #destroyed = false
  // answer parsing
  #pendingHead: Buffer | undefined
  #received = false
  #headDone = false
  #keepAlive = true
  #serverKeepAliveMs: number | undefined
  #body = Body.None
  #remaining = 0
  #chunkState = Chunk.Size
  #chunkLine = ''
  #trailerText = ''
  #paused = false
  #stash: Buffer | undefined
  #writingBody = false
  /** a close-delimited body ended while its receiver had paused it: completes on resume */
  #endedPaused = false
  readonly #resume = (): void => this.#onResume()

  constructor(
    readonly socket: Socket,
    connectTimeout: number,
    readonly maxHeaderSize: number,
    readonly events: ConnectionEvents,
  ) {
    socket.setTimeout(connectTimeout)
    socket.once('connect', () => {
      this.#connected = true
      socket.setTimeout(0)
    })
    socket.on('timeout', () => {
      if (!this.#connected) this.#closedUnanswered(new H1Error('Connect Timeout Error', 'UND_ERR_CONNECT_TIMEOUT'))
    })
    socket.on('data', (chunk: Buffer) => this.#onData(chunk))
    socket.on('end', () => this.#onEnd())
    socket.on('error', (error) => this.#closedUnanswered(error))
    socket.on('close', () => this.#onClose())
  }

  expired(now: number): boolean {
    return now >= this.#idleUntil
  }

  idle(until: number): void {
    this.#idleUntil = until
  }

  run(exchange: Exchange): void {
    this.#exchange = exchange
    exchange.attempts++
    this.#received = false
    this.#headDone = false
    this.#pendingHead = undefined
    this.#keepAlive = !exchange.closeAfter
    this.#serverKeepAliveMs = undefined
    this.#paused = false
    this.#stash = undefined
    this.#endedPaused = false
    try {
      exchange.handler.onConnect?.((reason) => this.abort(reason ?? new H1Error('Request aborted', 'UND_ERR_ABORTED')))
    } catch (error) {
      this.abort(error as Error)
      return
    }
    if (exchange.settled) return
    const socket = this.socket
    const body = exchange.body
    if (body === null || Buffer.isBuffer(body)) {
      // written when the turn ends, with every other call sent in this turn (see atTurnEnd)
      socket.cork()
      whenTurnEnds(this)
      socket.write(exchange.head, 'latin1')
      if (body !== null) socket.write(body)
    } else {
      socket.write(exchange.head, 'latin1')
      this.#pipeBody(exchange, body)
    }
  }

  /**
   * Sends what run() wrote in this turn. Under load one turn starts many backend calls; written
   * one by one, each wakes the backend on its own, written together after the turn they reach
   * it in one burst: on loopback the backend's wakeups fell from ~0.46 per call to ~0.05 and
   * its CPU per call with them (bench/README.md). The answers to the gateway's clients are
   * coalesced the same way (data/node-answer-sink.ts).
   */
  atTurnEnd(): void {
    if (!this.socket.destroyed) this.socket.uncork()
  }

  /** Stops the current call with `reason`; the socket is not reused. */
  abort(reason: Error): void {
    const exchange = this.#exchange
    if (exchange === undefined || exchange.settled) return
    this.#exchange = undefined
    this.destroy()
    exchange.fail(reason)
  }

  destroy(): void {
    if (this.#destroyed) return
    this.#destroyed = true
    this.socket.destroy()
  }

  #pipeBody(exchange: Exchange, body: Readable): void {
    const socket = this.socket
    const chunked = exchange.streamLength === undefined
    let sent = 0
    this.#writingBody = true
    const cleanup = (): void => {
      this.#writingBody = false
      body.off('data', onData)
      body.off('end', onEnd)
      body.off('error', onError)
      socket.off('drain', onDrain)
    }
    const onData = (chunk: Buffer | string): void => {
      if (this.#exchange !== exchange) return cleanup()
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
      if (bytes.length === 0) return
      sent += bytes.length
      if (!chunked && sent > exchange.streamLength!) {
        cleanup()
        this.abort(new H1Error('Request body length does not match content-length header', 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH'))
        return
      }
      let flowing: boolean
      if (chunked) {
        socket.cork()
        socket.write(`${bytes.length.toString(16)}\r\n`, 'latin1')
        socket.write(bytes)
        flowing = socket.write('\r\n', 'latin1')
        socket.uncork()
      } else flowing = socket.write(bytes)
      if (!flowing) body.pause()
    }
    const onDrain = (): void => {
      body.resume()
    }
    const onEnd = (): void => {
      cleanup()
      if (this.#exchange !== exchange) return
      if (chunked) socket.write('0\r\n\r\n', 'latin1')
      else if (sent !== exchange.streamLength) this.abort(new H1Error('Request body length does not match content-length header', 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH'))
    }
    const onError = (error: Error): void => {
      cleanup()
      this.abort(error)
    }
    body.on('data', onData)
    body.on('end', onEnd)
    body.on('error', onError)
    socket.on('drain', onDrain)
    body.resume()
  }

  #onData(chunk: Buffer): void {
    const exchange = this.#exchange
    if (exchange === undefined) {
      // bytes nobody asked for: the connection can't be trusted for another call
      this.destroy()
      return
    }
    this.#received = true
    if (this.#paused) {
      this.#stash = this.#stash === undefined ? chunk : Buffer.concat([this.#stash, chunk])
      return
    }
    this.#feed(chunk)
  }

  #feed(input: Buffer): void {
    let chunk: Buffer | undefined = input
    while (chunk !== undefined && chunk.length > 0) {
      const exchange = this.#exchange
      if (exchange === undefined) {
        // more after a complete answer (one call per connection): not reused
        this.destroy()
        return
      }
      if (!this.#headDone) {
        chunk = this.#readHead(chunk)
        continue
      }
      if (this.#paused) {
        this.#stash = this.#stash === undefined ? chunk : Buffer.concat([this.#stash, chunk])
        return
      }
      chunk = this.#readBody(chunk)
    }
  }

  /** Consumes head bytes; returns the bytes after a complete head, or undefined while it is incomplete. */
  #readHead(chunk: Buffer): Buffer | undefined {
    const buffer = this.#pendingHead === undefined ? chunk : Buffer.concat([this.#pendingHead, chunk])
    const from = this.#pendingHead === undefined ? 0 : Math.max(0, this.#pendingHead.length - 3)
    const end = buffer.indexOf(HEAD_END, from)
    if (end < 0) {
      if (buffer.length > this.maxHeaderSize) this.#malformed('HPE_HEADER_OVERFLOW', 'Header overflow')
      else this.#pendingHead = buffer
      return undefined
    }
    this.#pendingHead = undefined
    if (end > this.maxHeaderSize) {
      this.#malformed('HPE_HEADER_OVERFLOW', 'Header overflow')
      return undefined
    }
    if (!this.#parseHead(buffer.toString('latin1', 0, end))) return undefined
    const rest = buffer.subarray(end + 4)
    if (this.#headDone && this.#body === Body.None) {
      // bytes after a bodiless answer: the connection is out of step, not reused
      if (rest.length > 0) this.#keepAlive = false
      // paused by onHeaders: completes on resume
      if (!this.#paused) this.#finish(null)
    }
    return rest
  }

  /** Parses a head (without its final CRLF CRLF); false when the call ended (malformed, or the handler stopped it). */
  #parseHead(text: string): boolean {
    const exchange = this.#exchange!
    const lineEnd = text.indexOf('\r\n')
    const statusLine = lineEnd < 0 ? text : text.slice(0, lineEnd)
    const statusCode = statusOf(statusLine)
    if (statusCode === 0) return this.#malformed('HPE_INVALID_CONSTANT', 'Invalid status line')
    const raw: string[] = []
    let contentLength: number | undefined
    let transferEncoding: string | undefined
    let connection: string | undefined
    let keepAliveHint: string | undefined
    let at = lineEnd < 0 ? text.length : lineEnd + 2
    while (at < text.length) {
      let next = text.indexOf('\r\n', at)
      if (next < 0) next = text.length
      const colon = text.indexOf(':', at)
      if (colon < 0 || colon >= next || colon === at) return this.#malformed('HPE_INVALID_HEADER_TOKEN', 'Invalid header field')
      const name = text.slice(at, colon)
      if (!TOKEN.test(name)) return this.#malformed('HPE_INVALID_HEADER_TOKEN', 'Invalid header field')
      let start = colon + 1
      let stop = next
      while (start < stop && (text.charCodeAt(start) === 32 || text.charCodeAt(start) === 9)) start++
      while (stop > start && (text.charCodeAt(stop - 1) === 32 || text.charCodeAt(stop - 1) === 9)) stop--
      const value = text.slice(start, stop)
      if (INVALID_VALUE.test(value)) return this.#malformed('HPE_INVALID_HEADER_TOKEN', 'Invalid header value')
      raw.push(name, value)
      const length = name.length
      const first = name.charCodeAt(0) | 0x20
      // content-length, transfer-encoding, connection, keep-alive: by length and first letter before lower-casing
      if (((length === 14 || length === 10) && first === 0x63) || (length === 17 && first === 0x74) || (length === 10 && first === 0x6b)) {
        const lower = name.toLowerCase()
        if (lower === 'content-length') {
          if (!/^\d+$/.test(value) || (contentLength !== undefined && contentLength !== Number(value))) return this.#malformed('HPE_UNEXPECTED_CONTENT_LENGTH', 'Invalid content-length')
          contentLength = Number(value)
        } else if (lower === 'transfer-encoding') transferEncoding = transferEncoding === undefined ? value : `${transferEncoding}, ${value}`
        else if (lower === 'connection') connection = connection === undefined ? value : `${connection}, ${value}`
        else if (lower === 'keep-alive') keepAliveHint = value
      }
      at = next + 2
    }
    if (statusCode < 200) {
      // 1xx: informational, the final head follows (101 would switch protocols, which no call asks for)
      if (statusCode === 101) return this.#malformed('HPE_INVALID_CONSTANT', 'Unexpected 101 Switching Protocols')
      return true
    }
    const http10 = statusLine.charCodeAt(7) === 0x30
    const tokens = connection?.toLowerCase()
    if (http10 ? !/\bkeep-alive\b/.test(tokens ?? '') : /\bclose\b/.test(tokens ?? '')) this.#keepAlive = false
    if (keepAliveHint !== undefined) {
      const seconds = /\btimeout\s*=\s*(\d+)/i.exec(keepAliveHint)
      if (seconds !== null) this.#serverKeepAliveMs = Number(seconds[1]) * 1000
    }
    if (exchange.method === 'HEAD' || statusCode === 204 || statusCode === 304) this.#body = Body.None
    else if (transferEncoding !== undefined) {
      if (contentLength !== undefined) return this.#malformed('HPE_UNEXPECTED_CONTENT_LENGTH', 'Content-Length with Transfer-Encoding')
      if (/(?:^|,)\s*chunked\s*$/i.test(transferEncoding)) {
        this.#body = Body.Chunked
        this.#chunkState = Chunk.Size
        this.#chunkLine = ''
        this.#trailerText = ''
      } else {
        this.#body = Body.UntilClose
        this.#keepAlive = false
      }
    } else if (contentLength !== undefined) {
      this.#body = contentLength === 0 ? Body.None : Body.Length
      this.#remaining = contentLength
    } else {
      this.#body = Body.UntilClose
      this.#keepAlive = false
    }
    this.#headDone = true
    let go: boolean
    try {
      go = exchange.handler.onHeaders?.(statusCode, raw, this.#resume, statusLine.slice(13)) ?? true
    } catch (error) {
      this.abort(error as Error)
      return false
    }
    if (this.#exchange !== exchange) return false
    if (go === false) this.#pause()
    return true
  }

  /** Consumes body bytes; returns what follows this answer's body, if anything. */
  #readBody(chunk: Buffer): Buffer | undefined {
    switch (this.#body) {
      case Body.Length: {
        if (chunk.length <= this.#remaining) {
          this.#remaining -= chunk.length
          this.#deliver(chunk)
          if (this.#remaining === 0 && !this.#paused) this.#finish(null)
          else if (this.#remaining === 0) this.#body = Body.None
          return undefined
        }
        const rest = chunk.subarray(this.#remaining)
        this.#deliver(chunk.subarray(0, this.#remaining))
        this.#remaining = 0
        this.#keepAlive = false
        if (!this.#paused) this.#finish(null)
        else this.#body = Body.None
        return rest
      }
      case Body.UntilClose:
        this.#deliver(chunk)
        return undefined
      case Body.Chunked:
        return this.#readChunked(chunk)
      default:
        // a paused answer whose body is all delivered: completes on resume
        this.#keepAlive = false
        return undefined
    }
  }

  #readChunked(chunk: Buffer): Buffer | undefined {
    let at = 0
    while (at < chunk.length) {
      if (this.#exchange === undefined) return chunk.subarray(at)
      switch (this.#chunkState) {
        case Chunk.Size: {
          const piece = lineFrom(chunk, at)
          this.#chunkLine += piece
          at += piece.length
          if (this.#chunkLine.length > 1024) return void this.#malformed('HPE_INVALID_CHUNK_SIZE', 'Chunk size line too long')
          if (!piece.endsWith('\n')) return undefined
          const line = this.#chunkLine
          this.#chunkLine = ''
          const size = /^([0-9a-fA-F]{1,12})[ \t]*(?:;[^\r\n]*)?\r\n$/.exec(line)
          if (size === null) return void this.#malformed('HPE_INVALID_CHUNK_SIZE', 'Invalid chunk size')
          this.#remaining = parseInt(size[1]!, 16)
          this.#chunkState = this.#remaining === 0 ? Chunk.Trailers : Chunk.Data
          break
        }
        case Chunk.Data: {
          const take = Math.min(this.#remaining, chunk.length - at)
          const piece = chunk.subarray(at, at + take)
          at += take
          this.#remaining -= take
          if (this.#remaining === 0) this.#chunkState = Chunk.DataEnd
          this.#deliver(piece)
          if (this.#paused && at < chunk.length) {
            this.#stash = this.#stash === undefined ? chunk.subarray(at) : Buffer.concat([chunk.subarray(at), this.#stash])
            return undefined
          }
          break
        }
        case Chunk.DataEnd: {
          const piece = lineFrom(chunk, at)
          this.#chunkLine += piece
          at += piece.length
          if (!piece.endsWith('\n')) {
            if (this.#chunkLine.length > 2) return void this.#malformed('HPE_STRICT', 'Expected CRLF after chunk data')
            return undefined
          }
          if (this.#chunkLine !== '\r\n') return void this.#malformed('HPE_STRICT', 'Expected CRLF after chunk data')
          this.#chunkLine = ''
          this.#chunkState = Chunk.Size
          break
        }
        case Chunk.Trailers: {
          const piece = lineFrom(chunk, at)
          this.#trailerText += piece
          at += piece.length
          if (this.#trailerText.length > this.maxHeaderSize) return void this.#malformed('HPE_HEADER_OVERFLOW', 'Trailers too long')
          if (!piece.endsWith('\n')) return undefined
          if (this.#trailerText === '\r\n' || this.#trailerText.endsWith('\r\n\r\n')) {
            const trailers = this.#trailerText === '\r\n' ? [] : trailerPairs(this.#trailerText)
            // bytes after the answer: the connection is out of step, not reused
            if (at < chunk.length) this.#keepAlive = false
            if (this.#paused) {
              this.#body = Body.None
              return chunk.subarray(at)
            }
            this.#finish(trailers)
            return chunk.subarray(at)
          }
          break
        }
      }
    }
    return undefined
  }

  #deliver(chunk: Buffer): void {
    if (chunk.length === 0) return
    const exchange = this.#exchange!
    let go: boolean
    try {
      go = exchange.handler.onData?.(chunk) ?? true
    } catch (error) {
      this.abort(error as Error)
      return
    }
    if (go === false && this.#exchange === exchange) this.#pause()
  }

  #pause(): void {
    if (this.#paused) return
    this.#paused = true
    this.socket.pause()
  }

  #onResume(): void {
    if (!this.#paused || this.#exchange === undefined) return
    this.#paused = false
    // 'data' events come on a later turn: what is stashed is fed first
    this.socket.resume()
    const stash = this.#stash
    this.#stash = undefined
    if (stash !== undefined) this.#feed(stash)
    if (this.#paused) return
    if (this.#exchange !== undefined && this.#headDone && (this.#body === Body.None || this.#endedPaused)) this.#finish(null)
  }

  /** The answer is complete: the handler hears it after the connection is free for the next call. */
  #finish(trailers: string[] | null): void {
    const exchange = this.#exchange!
    this.#exchange = undefined
    this.#headDone = false
    const reusable = this.#keepAlive && !this.#writingBody && !this.#destroyed
    this.#used = true
    if (this.#paused) {
      this.#paused = false
      this.socket.resume()
    }
    this.events.released(this, reusable, this.#serverKeepAliveMs)
    try {
      exchange.complete(trailers)
    } catch {
      // the handler's own failure: the answer is complete either way
    }
  }

  #malformed(code: string, message: string): false {
    this.abort(new H1Error(`Parse Error: ${message}`, code))
    return false
  }

  #onEnd(): void {
    if (this.#exchange !== undefined && this.#headDone && this.#body === Body.UntilClose) {
      if (this.#paused) {
        this.#endedPaused = true
        return
      }
      this.#finish(null)
      this.destroy()
      return
    }
    this.#closedUnanswered(new H1Error('other side closed', 'UND_ERR_SOCKET'))
  }

  #onClose(): void {
    this.#destroyed = true
    if (!this.#endedPaused) this.#closedUnanswered(new H1Error('other side closed', 'UND_ERR_SOCKET'))
    this.events.closed(this)
  }

  /** The socket ended or failed: a call in flight fails, or goes again when it may. */
  #closedUnanswered(error: Error): void {
    const exchange = this.#exchange
    this.destroy()
    if (exchange === undefined || exchange.settled) return
    this.#exchange = undefined
    if (this.#used && !this.#received && exchange.replayable()) {
      this.events.retry(exchange)
      return
    }
    exchange.fail(error)
  }
}

/** `HTTP/1.x NNN[ reason]` → NNN (100–999), or 0 when the line is not one */
function statusOf(line: string): number {
  if (line.length < 12 || !line.startsWith('HTTP/1.') || line.charCodeAt(8) !== 0x20) return 0
  const minor = line.charCodeAt(7)
  if (minor !== 0x30 && minor !== 0x31) return 0
  const a = line.charCodeAt(9) - 0x30
  const b = line.charCodeAt(10) - 0x30
  const c = line.charCodeAt(11) - 0x30
  if (a < 1 || a > 9 || b < 0 || b > 9 || c < 0 || c > 9) return 0
  if (line.length > 12 && (line.charCodeAt(12) !== 0x20 || INVALID_VALUE.test(line.slice(13)))) return 0
  return a * 100 + b * 10 + c
}

function invalid(message: string): H1Error {
  return new H1Error(message, 'UND_ERR_INVALID_ARG')
}

/** host, content-length, connection, and the headers a caller may not set (transfer-encoding, keep-alive, upgrade, expect) */
function specialHeader(name: string): string | undefined {
  // by length and first letter before any lower-casing: most names are none of these
  const length = name.length
  const first = name.charCodeAt(0) | 0x20
  const candidate =
    (length === 4 && first === 0x68) || // host
    (length === 14 && first === 0x63) || // content-length
    (length === 10 && (first === 0x63 || first === 0x6b)) || // connection, keep-alive
    (length === 17 && first === 0x74) || // transfer-encoding
    (length === 7 && first === 0x75) || // upgrade
    (length === 6 && first === 0x65) // expect
  if (!candidate) return undefined
  const lower = name.toLowerCase()
  switch (lower) {
    case 'host':
    case 'content-length':
    case 'connection':
    case 'transfer-encoding':
    case 'keep-alive':
    case 'upgrade':
    case 'expect':
      return lower
    default:
      return undefined
  }
}

function isStream(body: unknown): body is Readable {
  return body !== null && typeof body === 'object' && typeof (body as Readable).pipe === 'function'
}

function isEmptyEndedStream(body: unknown): boolean {
  return isStream(body) && body.readableEnded && body.readableLength === 0
}

/** `chunk` from `at` through its next LF (or to its end), as latin1 text */
function lineFrom(chunk: Buffer, at: number): string {
  const lf = chunk.indexOf(10, at)
  return chunk.toString('latin1', at, lf < 0 ? chunk.length : lf + 1)
}

function trailerPairs(text: string): string[] {
  const out: string[] = []
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':')
    if (colon > 0) out.push(line.slice(0, colon), line.slice(colon + 1).trim())
  }
  return out
}
