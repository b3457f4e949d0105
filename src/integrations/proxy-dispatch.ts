import type { Readable } from 'node:stream'
import type { Dispatcher } from 'undici'
import type { AnswerStream } from '../data/answer-sink.ts'
import type { Deadline } from './upstream-failure.ts'

/** Where a backend's body goes once its head has arrived: the client's answer, or a collector. */
export type BodySink = { readonly kind: 'answer'; readonly stream: AnswerStream } | { readonly kind: 'collect'; readonly collector: BodyCollector }

export interface ProxyRequest {
  path: string
  method: Dispatcher.HttpMethod
  headers: Record<string, string>
  body: Buffer | Readable | null
  deadline: Deadline
  /** the backend's final head (raw header names and values, in order); returns where its body goes */
  onHead(statusCode: number, rawHeaders: string[]): BodySink
}

/**
 * One backend call through `pool.dispatch` with a handler of our own: the head and body go to
 * the client's answer stream (or a collector) without the Writable plumbing of `pool.stream()`.
 * The answer stream applies backpressure (and, for a node:http client, holds the body of the
 * turn its head arrived in: node-answer-sink.ts); the receiver going away stops the backend call.
 * Resolves when the backend's answer is complete; rejects with undici's error (or the
 * deadline's) otherwise.
 */
export function dispatchProxy(pool: Dispatcher, request: ProxyRequest): Promise<void> {
  return new Promise((resolve, reject) => {
    const handler = new ProxyHandler(request, resolve, reject)
    pool.dispatch({ path: request.path, method: request.method, headers: request.headers, body: request.body }, handler)
  })
}

class ProxyHandler implements Dispatcher.DispatchHandler {
  #abort: ((error?: Error) => void) | undefined
  #reason: Error | undefined
  #stream: AnswerStream | undefined
  #collector: BodyCollector | undefined
  #resume: (() => void) | undefined
  #complete = false
  #settled = false

  constructor(
    readonly request: ProxyRequest,
    readonly resolve: () => void,
    readonly reject: (error: Error) => void,
  ) {
    const signal = request.deadline.signal
    if (signal.aborted) this.#reason = signal.reason as Error
    else signal.addEventListener('abort', () => this.#cancel(signal.reason as Error))
  }

  onConnect(abort: (error?: Error) => void): void {
    this.#abort = abort
    if (this.#reason !== undefined) abort(this.#reason)
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void): boolean {
    // 1xx heads are informational; the final one follows
    if (statusCode < 200) return true
    const raw = new Array<string>(rawHeaders.length)
    for (let i = 0; i < rawHeaders.length; i += 2) {
      raw[i] = rawHeaders[i]!.toString('latin1')
      raw[i + 1] = rawHeaders[i + 1]!.toString('latin1')
    }
    const sink = this.request.onHead(statusCode, raw)
    if (sink.kind === 'collect') {
      this.#collector = sink.collector
      return true
    }
    this.#stream = sink.stream
    this.#resume = resume
    sink.stream.onGone(() => this.#cancel(new Error('client closed the connection')))
    return true
  }

  onData(chunk: Buffer): boolean {
    if (this.#collector !== undefined) {
      if (this.#collector.add(chunk)) return true
      this.#cancel(new Error(`endpoint response body exceeds ${this.#collector.maxBytes} bytes`))
      return false
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
    if (this.#abort !== undefined) this.#abort(reason)
    else this.#reason = reason
  }
}

/** Collects a buffered backend response up to `maxBytes`. */
export class BodyCollector {
  readonly #chunks: Buffer[] = []
  #size = 0
  constructor(readonly maxBytes: number) {}
  /** false once the body has passed `maxBytes` */
  add(chunk: Buffer): boolean {
    this.#size += chunk.length
    if (this.#size > this.maxBytes) return false
    this.#chunks.push(chunk)
    return true
  }
  body(): Buffer {
    return this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks, this.#size)
  }
}
