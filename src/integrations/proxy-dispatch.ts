import type { Readable } from 'node:stream'
import type { H1Handler } from '../lib/h1-pool.ts'
import type { AnswerStream } from '../gateway/answer-sink.ts'
import { ResponseTooLarge, type Deadline } from './upstream-failure.ts'
import type { BackendPool } from './upstream-pools.ts'

/** Where a backend's body goes once its head has arrived: the client's answer, or a collector. */
export type BodySink = { readonly kind: 'answer'; readonly stream: AnswerStream } | { readonly kind: 'collect'; readonly collector: BodyCollector }

export interface ProxyRequest {
  path: string
  method: string
  headers: Record<string, string>
  body: Buffer | Readable | null
  deadline: Deadline
  /** the response body's bound: a larger declared length is refused before `onHead`, a larger body cut off */
  maxBytes: number
  /** the backend's final head (raw header names and values, in order); returns where its body goes */
  onHead(statusCode: number, rawHeaders: string[]): BodySink
}

/** The call was stopped because the client went away mid-body: nobody's failure but the client's. */
export class ClientClosed extends Error {
  override readonly name = 'ClientClosed'
  constructor() {
    super('client closed the connection')
  }
}

const DIGITS = /^\d+$/

/**
 * One backend call through `pool.dispatch` with a handler of our own: the head and body go to
 * the client's answer stream (or a collector) without the Writable plumbing of `pool.stream()`.
 * The answer stream applies backpressure (and, for a node:http client, holds the body of the
 * turn its head arrived in: node-answer-sink.ts); the receiver going away stops the backend call.
 * Resolves when the backend's answer is complete; rejects with undici's error (or the
 * deadline's, at once even while the call still waits for a connection) otherwise.
 */
export function dispatchProxy(pool: BackendPool, request: ProxyRequest): Promise<void> {
  return new Promise((resolve, reject) => {
    const handler = new ProxyHandler(request, resolve, reject)
    pool.dispatch({ path: request.path, method: request.method, headers: request.headers, body: request.body }, handler)
  })
}

class ProxyHandler implements H1Handler {
  #abort: ((error?: Error) => void) | undefined
  #reason: Error | undefined
  #stream: AnswerStream | undefined
  #collector: BodyCollector | undefined
  #resume: (() => void) | undefined
  #bodyBytes = 0
  #complete = false
  #settled = false

  constructor(
    readonly request: ProxyRequest,
    readonly resolve: () => void,
    readonly reject: (error: Error) => void,
  ) {
    const signal = request.deadline.signal
    if (signal.aborted) this.#cancel(signal.reason as Error)
    else signal.addEventListener('abort', () => this.#cancel(signal.reason as Error))
  }

  onConnect(abort: (error?: Error) => void): void {
    this.#abort = abort
    if (this.#reason !== undefined) abort(this.#reason)
  }

  onHeaders(statusCode: number, rawHeaders: Array<string | Buffer>, resume: () => void): boolean {
    // 1xx heads are informational; the final one follows
    if (statusCode < 200) return true
    // strings from lib/h1-pool.ts, Buffers from undici (HTTPS backends)
    const raw = rawHeaders.length === 0 || typeof rawHeaders[0] === 'string' ? (rawHeaders as string[]) : rawHeaders.map((part) => part.toString('latin1'))
    let declared: string | undefined
    for (let i = 0; i < raw.length; i += 2) {
      if (raw[i]!.length === 14 && raw[i]!.toLowerCase() === 'content-length') declared = raw[i + 1]
    }
    // a HEAD, 204 or 304 answer declares a length it does not send
    if (declared !== undefined && DIGITS.test(declared) && Number(declared) > this.request.maxBytes && this.request.method !== 'HEAD' && statusCode !== 204 && statusCode !== 304) {
      this.#cancel(new ResponseTooLarge(this.request.maxBytes))
      return false
    }
    const sink = this.request.onHead(statusCode, raw)
    if (sink.kind === 'collect') {
      this.#collector = sink.collector
      return true
    }
    this.#stream = sink.stream
    this.#resume = resume
    sink.stream.onGone(() => this.#cancel(new ClientClosed()))
    return true
  }

  onData(chunk: Buffer): boolean {
    this.#bodyBytes += chunk.length
    if (this.#bodyBytes > this.request.maxBytes) {
      this.#cancel(new ResponseTooLarge(this.request.maxBytes))
      return false
    }
    if (this.#collector !== undefined) {
      this.#collector.add(chunk)
      return true
    }
    const stream = this.#stream!
    if (stream.write(chunk)) return true
    stream.onDrain(this.#resume!)
    return false
  }

  onComplete(): void {
    this.#complete = true
    this.#stream?.end()
    this.#settle()
  }

  onError(error: Error): void {
    if (this.#settled) return
    this.#settled = true
    this.reject(error)
  }

  #settle(): void {
    if (this.#settled) return
    this.#settled = true
    this.resolve()
  }

  #cancel(reason: Error): void {
    if (this.#complete || this.#settled) return
    if (this.#abort !== undefined) {
      this.#abort(reason)
      return
    }
    // still queued for a connection: undici drops the call when it reaches one, the caller hears now
    this.#reason = reason
    this.#settled = true
    this.reject(reason)
  }
}

/** Collects a buffered backend response (ProxyHandler keeps it within `maxBytes`). */
export class BodyCollector {
  readonly #chunks: Buffer[] = []
  #size = 0
  add(chunk: Buffer): void {
    this.#size += chunk.length
    this.#chunks.push(chunk)
  }
  body(): Buffer {
    return this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks, this.#size)
  }
}
