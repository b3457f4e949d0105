import type { IncomingMessage } from 'node:http'
import { Transform, type Readable } from 'node:stream'
import type { AnswerSink } from '../../gateway/answer-sink.ts'
import type { StreamedBody } from '../../gateway/streamed-body.ts'

export class RequestBodyTooLarge extends Error {
  override readonly name = 'RequestBodyTooLarge'
}

/**
 * Passes `req` through, counting bytes. Past `maxBytes` the stream fails with
 * RequestBodyTooLarge and the rest of the body is left unread (the connection is not reused);
 * if the response has already started, the connection is cut. Nothing is read until the
 * integration takes `stream`: a method that answers before it (a failed parameter validation)
 * leaves the body to Node, which discards it after the response as for any unread body.
 */
export function streamedBody(req: IncomingMessage, sink: AnswerSink, maxBytes: number, declaredLength: string | undefined): StreamedBody {
  return new CountedBody(req, sink, maxBytes, declaredLength)
}

class CountedBody implements StreamedBody {
  overflowed = false
  clientGone = false
  readonly declaredLength: string | undefined
  readonly #req: IncomingMessage
  readonly #sink: AnswerSink
  readonly #maxBytes: number
  #counter: Transform | undefined = undefined

  constructor(req: IncomingMessage, sink: AnswerSink, maxBytes: number, declaredLength: string | undefined) {
    this.#req = req
    this.#sink = sink
    this.#maxBytes = maxBytes
    this.declaredLength = declaredLength
  }

  get stream(): Readable {
    return (this.#counter ??= this.#start())
  }

  release(): void {
    const req = this.#req
    const counter = this.#counter
    if (counter === undefined || req.complete || this.clientGone) return
    if (!counter.destroyed) {
      // what the backend left unread is drained, the limit still counting
      counter.resume()
      return
    }
    this.#sink.closeAfterAnswer()
  }

  #start(): Transform {
    const req = this.#req
    const sink = this.#sink
    const maxBytes = this.#maxBytes
    let size = 0
    const counter = new Transform({
      transform: (chunk: Buffer, _encoding, done) => {
        size += chunk.length
        if (size > maxBytes) {
          this.overflowed = true
          req.unpipe(counter)
          req.pause()
          // a response already under way cannot turn into a 413: cut the connection instead
          if (sink.started) sink.abort()
          done(new RequestBodyTooLarge(`request body exceeds ${maxBytes} bytes`))
          return
        }
        done(null, chunk)
      },
    })
    const gone = (): void => {
      if (req.complete || this.overflowed) return
      this.clientGone = true
      counter.destroy(new Error('the client closed the connection before the request body was complete'))
    }
    // the flags say what went wrong; a failure after the integration let go of the stream must not go unhandled
    counter.on('error', () => {})
    req.on('error', gone)
    req.on('close', gone)
    req.pipe(counter)
    return counter
  }
}
