import type { ServerResponse } from 'node:http'
import { answerHead } from './answer-head.ts'
import type { AnswerSink, AnswerStream } from '../gateway/answer-sink.ts'
import { whenTurnEnds, type TurnEnd } from '../lib/turn-end.ts'
import type { RequestIds } from './request-context.ts'
import type { HttpAnswer } from '../gateway/types.ts'

/** the most body bytes one turn holds back before the producer is paused until the turn ends */
const TURN_BYTES = 64 * 1024

/** The answer sink of a node:http request: the request ids travel with the answer's head. */
export function nodeAnswerSink(res: ServerResponse, ids: RequestIds): AnswerSink {
  return new NodeAnswerSink(res, ids)
}

/**
 * Two fast paths live here (bench/README.md):
 * - the head goes out in one `writeHead(status, flatList)`, the request ids in it, never through
 *   `setHeader`: node:http takes a flat list on its fast path only when nothing was set before;
 * - write coalescing (lib/turn-end.ts): the body is ended when the turn ends, so answers
 *   completed in one turn reach their sockets together. A streamed body holds what arrives in the
 *   turn its head was written in (a small proxied answer becomes one `end(body)`), then streams
 *   with backpressure.
 * One object is the sink, the stream and the turn-end item: a request allocates nothing else.
 */
class NodeAnswerSink implements AnswerSink, AnswerStream, TurnEnd {
  readonly #res: ServerResponse
  #ids: RequestIds | undefined
  #added: string[] | undefined = undefined
  #close = false
  statusCode = 0
  contentLength: number | string | undefined = undefined
  /** a complete answer's body, until the turn ends */
  #body: Buffer | undefined = undefined
  /** a stream's chunks held until the turn ends; undefined once it streams directly (or was aborted) */
  #held: Buffer[] | undefined = undefined
  #heldBytes = 0
  #ended = false
  #resume: (() => void) | undefined = undefined
  #gone: (() => void) | undefined = undefined

  constructor(res: ServerResponse, ids: RequestIds) {
    this.#res = res
    this.#ids = ids
  }

  get started(): boolean {
    return this.#res.headersSent
  }

  addHeader(name: string, value: string): void {
    ;(this.#added ??= []).push(name, value)
  }

  omitRequestIds(): void {
    this.#ids = undefined
  }

  closeAfterAnswer(): void {
    const res = this.#res
    if (res.headersSent) {
      // too late for `Connection: close`: the connection goes once this answer is written
      const socket = res.socket
      res.once('finish', () => socket?.destroy())
      return
    }
    res.shouldKeepAlive = false
    this.#close = true
  }

  send(answer: HttpAnswer): void {
    const res = this.#res
    if (res.headersSent || res.destroyed) return
    const body = typeof answer.body === 'string' ? Buffer.from(answer.body) : answer.body
    res.writeHead(answer.statusCode, answerHead(this.#ids, this.#added, answer.headers, body.length, this.#close))
    this.statusCode = answer.statusCode
    this.contentLength = body.length
    this.#body = body
    whenTurnEnds(this)
  }

  stream(statusCode: number, head: readonly string[], contentLength?: string): AnswerStream {
    this.#res.writeHead(statusCode, answerHead(this.#ids, this.#added, head, contentLength, this.#close))
    this.statusCode = statusCode
    this.contentLength = contentLength
    this.#held = []
    whenTurnEnds(this)
    return this
  }

  abort(): void {
    this.#held = undefined
    this.#body = undefined
    if (!this.#res.writableEnded) this.#res.destroy()
  }

  write(chunk: Buffer): boolean {
    const res = this.#res
    if (this.#held !== undefined) {
      this.#held.push(chunk)
      this.#heldBytes += chunk.length
      return this.#heldBytes < TURN_BYTES
    }
    if (res.destroyed) return false
    return res.write(chunk)
  }

  onDrain(resume: () => void): void {
    // while held, the turn's end resumes the producer
    if (this.#held !== undefined) this.#resume = resume
    else this.#res.once('drain', resume)
  }

  end(): void {
    this.#ended = true
    // a held body ends when its turn does
    if (this.#held === undefined && !this.#res.destroyed) this.#res.end()
  }

  onGone(gone: () => void): void {
    this.#gone = gone
  }

  atTurnEnd(): void {
    const res = this.#res
    const body = this.#body
    if (body !== undefined) {
      this.#body = undefined
      res.end(body)
      return
    }
    const held = this.#held
    // aborted since: the connection is closed already
    if (held === undefined) return
    this.#held = undefined
    if (res.destroyed) {
      if (!this.#ended) this.#gone?.()
      return
    }
    if (this.#ended) {
      if (held.length === 1) res.end(held[0])
      else {
        for (const chunk of held) res.write(chunk)
        res.end()
      }
      return
    }
    for (const chunk of held) res.write(chunk)
    // the receiver leaving mid-body stops the producer
    res.once('close', () => {
      if (!this.#ended) this.#gone?.()
    })
    const resume = this.#resume
    if (resume !== undefined) {
      this.#resume = undefined
      if (res.writableNeedDrain) res.once('drain', resume)
      else resume()
    }
  }
}
