import type { ServerResponse } from 'node:http'
import type { Readable } from 'node:stream'
import type { Dispatcher } from 'undici'
import { whenTurnEnds, type TurnEnd } from '../data/coalesce-writes.ts'
import type { Deadline } from './upstream-failure.ts'

/** Where a backend's body goes once its head has arrived. */
export type BodySink = { readonly kind: 'client'; readonly res: ServerResponse } | { readonly kind: 'collect'; readonly collector: BodyCollector }

export interface ProxyRequest {
  path: string
  method: Dispatcher.HttpMethod
  headers: Record<string, string>
  body: Buffer | Readable | null
  deadline: Deadline
  /** the backend's final head (raw header names and values, in order); returns where its body goes */
  onHead(statusCode: number, rawHeaders: string[]): BodySink
}

/** the most body bytes one turn holds back before the backend is paused until the turn ends */
const TURN_BYTES = 64 * 1024

/**
 * One backend call through `pool.dispatch` with a handler of our own: the head and body go to
 * the client response (or a collector) without the Writable plumbing of `pool.stream()`, and
 * the client's bytes are written when the turn ends (coalesce-writes.ts) — a small answer that
 * arrives whole within one turn is one `res.end(body)` then. A body still arriving after that
 * turn streams as it comes, with backpressure. Resolves when the backend's answer is complete;
 * rejects with undici's error (or the deadline's, at once even while the call still waits for a
 * connection) otherwise.
 */
export function dispatchProxy(pool: Dispatcher, request: ProxyRequest): Promise<void> {
  return new Promise((resolve, reject) => {
    const handler = new ProxyHandler(request, resolve, reject)
    pool.dispatch({ path: request.path, method: request.method, headers: request.headers, body: request.body }, handler)
  })
}

class ProxyHandler implements Dispatcher.DispatchHandler, TurnEnd {
  #abort: ((error?: Error) => void) | undefined
  #reason: Error | undefined
  #res: ServerResponse | undefined
  #collector: BodyCollector | undefined
  #resume: (() => void) | undefined
  /** body chunks held until the turn ends; undefined once the response streams directly */
  #held: Buffer[] | undefined
  #heldBytes = 0
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
    this.#res = sink.res
    this.#resume = resume
    this.#held = []
    whenTurnEnds(this)
    return true
  }

  onData(chunk: Buffer): boolean {
    if (this.#collector !== undefined) {
      if (this.#collector.add(chunk)) return true
      this.#cancel(new Error(`endpoint response body exceeds ${this.#collector.maxBytes} bytes`))
      return false
    }
    const res = this.#res!
    if (this.#held !== undefined) {
      this.#held.push(chunk)
      this.#heldBytes += chunk.length
      return this.#heldBytes < TURN_BYTES
    }
    if (res.destroyed) return false
    if (res.write(chunk)) return true
    res.once('drain', this.#resume!)
    return false
  }

  onComplete(): void {
    this.#complete = true
    // a streaming response ends now; a held one ends when its turn does
    if (this.#res !== undefined && this.#held === undefined && !this.#res.destroyed) this.#res.end()
    this.#settle()
  }

  onError(error: Error): void {
    this.#held = undefined
    if (this.#settled) return
    this.#settled = true
    this.reject(error)
  }

  atTurnEnd(): void {
    const res = this.#res!
    const held = this.#held
    // an error since (held cleared) leaves the response to the caller, which destroys it
    if (held === undefined) return
    this.#held = undefined
    if (res.destroyed) {
      if (!this.#complete) this.#cancel(new Error('client closed the connection'))
      return
    }
    if (this.#complete) {
      if (held.length === 1) res.end(held[0])
      else {
        for (const chunk of held) res.write(chunk)
        res.end()
      }
      return
    }
    for (const chunk of held) res.write(chunk)
    // the client leaving mid-body stops the backend call
    res.once('close', () => {
      if (!this.#complete) this.#cancel(new Error('client closed the connection'))
    })
    if (this.#heldBytes >= TURN_BYTES) {
      if (res.writableNeedDrain) res.once('drain', this.#resume!)
      else this.#resume!()
    }
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
