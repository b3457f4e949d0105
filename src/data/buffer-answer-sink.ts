import { validateHeaderName, validateHeaderValue } from 'node:http'
import { answerHead } from './answer-head.ts'
import type { AnswerSink, AnswerStream } from '../gateway/answer-sink.ts'
import type { RequestIds } from './request-context.ts'
import type { HttpAnswer } from '../gateway/types.ts'

/** An answer collected in memory. */
export interface BufferedAnswer {
  statusCode: number
  /** header names and values alternating, as they would have gone out */
  rawHeaders: string[]
  /** a complete answer's body as the pipeline gave it (text is encoded only if asked for bytes) */
  body: Buffer | string
}

export interface BufferAnswerSinkOptions {
  /** the request ids to add to the head, as a socket's answer carries them; none when undefined (TestInvokeMethod) */
  ids?: RequestIds
  /** the most bytes of a streamed body collected; past them the stream is cut off */
  maxStreamedBytes: number
  /** keep no body (a HEAD request), as node:http sends none */
  bodiless?: boolean
}

export interface BufferAnswerSink extends AnswerSink {
  /** the answer, if it is complete already (a synchronous pipeline's usually is) */
  readonly complete: BufferedAnswer | undefined
  /**
   * The answer once complete. Rejects when it was cut off (aborted, or its stream grew past
   * `maxStreamedBytes`), or — called when the pipeline is done — when no answer ever began.
   */
  collected(): Promise<BufferedAnswer>
}

/** The sink of `inject()`: the answer stays in memory, its head checked as node:http would check it. */
export function bufferAnswerSink(options: BufferAnswerSinkOptions): BufferAnswerSink {
  return new MemorySink(options)
}

class MemorySink implements BufferAnswerSink, AnswerStream {
  readonly #options: BufferAnswerSinkOptions
  #added: string[] | undefined = undefined
  #ids: RequestIds | undefined
  #close = false
  started = false
  statusCode = 0
  contentLength: number | string | undefined = undefined
  #head: string[] = []
  #whole: Buffer | string | undefined = undefined
  #chunks: Buffer[] = []
  #size = 0
  #ended = false
  #failure: Error | undefined = undefined
  #gone: (() => void) | undefined = undefined
  #settle: { resolve: (answer: BufferedAnswer) => void; reject: (error: Error) => void } | undefined = undefined

  constructor(options: BufferAnswerSinkOptions) {
    this.#options = options
    this.#ids = options.ids
  }

  omitRequestIds(): void {
    this.#ids = undefined
  }

  addHeader(name: string, value: string): void {
    validateHeaderName(name)
    validateHeaderValue(name, value)
    ;(this.#added ??= []).push(name, value)
  }

  closeAfterAnswer(): void {
    this.#close = true
  }

  send(answer: HttpAnswer): void {
    if (this.started || this.#failure !== undefined) return
    const { body } = answer
    const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length
    validateHead(answer.headers)
    this.#begin(answer.statusCode, answerHead(this.#ids, this.#added, answer.headers, length, this.#close), length)
    if (this.#options.bodiless !== true) this.#whole = body
    this.end()
  }

  stream(statusCode: number, head: readonly string[], contentLength?: string): AnswerStream {
    validateHead(head)
    this.#begin(statusCode, answerHead(this.#ids, this.#added, head, contentLength, this.#close), contentLength)
    return this
  }

  abort(): void {
    if (this.#ended || this.#failure !== undefined) return
    this.#fail(new Error(this.started ? 'the answer was cut off after it began' : 'the request was abandoned before an answer began'))
  }

  write(chunk: Buffer): boolean {
    if (this.#failure !== undefined) return false
    this.#size += chunk.length
    if (this.#size > this.#options.maxStreamedBytes) {
      this.#fail(new Error(`the streamed answer exceeds ${this.#options.maxStreamedBytes} bytes`))
      this.#gone?.()
      return false
    }
    if (this.#options.bodiless !== true) this.#chunks.push(chunk)
    return true
  }

  onDrain(): void {
    // memory never pushes back: write() returns false only once the stream is cut off
  }

  end(): void {
    if (this.#ended || this.#failure !== undefined) return
    this.#ended = true
    this.#settle?.resolve(this.#answer())
  }

  onGone(gone: () => void): void {
    this.#gone = gone
  }

  get complete(): BufferedAnswer | undefined {
    return this.#ended && this.#failure === undefined ? this.#answer() : undefined
  }

  collected(): Promise<BufferedAnswer> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure)
    if (this.#ended) return Promise.resolve(this.#answer())
    if (!this.started) return Promise.reject(new Error('the request ended without an answer'))
    return new Promise((resolve, reject) => (this.#settle = { resolve, reject }))
  }

  #begin(statusCode: number, head: string[], contentLength: number | string | undefined): void {
    if (this.started) throw new Error('an answer has begun already')
    this.started = true
    this.statusCode = statusCode
    this.contentLength = contentLength
    this.#head = head
  }

  #answer(): BufferedAnswer {
    const chunks = this.#chunks
    const body = this.#whole ?? (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks))
    return { statusCode: this.statusCode, rawHeaders: this.#head, body }
  }

  #fail(error: Error): void {
    this.#failure = error
    this.#chunks = []
    this.#settle?.reject(error)
  }
}

/** What writeHead would refuse, before the answer counts as begun (the ids and framing the sink adds are valid). */
function validateHead(headers: Readonly<Record<string, string | string[]>> | readonly string[]): void {
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) {
      validateHeaderName(headers[i]!)
      validateHeaderValue(headers[i]!, headers[i + 1]!)
    }
    return
  }
  const record = headers as Readonly<Record<string, string | string[]>>
  for (const name in record) {
    validateHeaderName(name)
    const value = record[name]!
    if (typeof value === 'string') validateHeaderValue(name, value)
    else for (const one of value) validateHeaderValue(name, one)
  }
}
