import type { IncomingMessage, ServerResponse } from 'node:http'
import { Transform, type Readable } from 'node:stream'

/** The request body, unread, for an integration that sends it on as it arrives (HTTP_PROXY). */
export interface StreamedBody {
  /** the client's bytes; errors once they pass the limit or the client goes away */
  readonly stream: Readable
  /** `Content-Length` as the client sent it, undefined for a chunked body */
  readonly declaredLength: string | undefined
  /** the body grew past the limit: answer 413 REQUEST_TOO_LARGE if nothing was sent yet */
  readonly overflowed: boolean
  /** the client went away before the body was complete: nothing to answer */
  readonly clientGone: boolean
  /**
   * Called once the integration is done with the body. What the backend did not read is drained
   * (the limit still applies) so the connection can serve the next request; if it can no longer
   * be read, the connection closes after this response.
   */
  release(): void
}

export class RequestBodyTooLarge extends Error {
  override readonly name = 'RequestBodyTooLarge'
}

/**
 * Passes `req` through, counting bytes. Past `maxBytes` the stream fails with
 * RequestBodyTooLarge and the rest of the body is left unread (the connection is not reused);
 * if the response has already started, the connection is cut.
 */
export function streamedBody(req: IncomingMessage, res: ServerResponse, maxBytes: number, declaredLength: string | undefined): StreamedBody {
  let size = 0
  const state = {
    stream: undefined as unknown as Readable,
    declaredLength,
    overflowed: false,
    clientGone: false,
    release(): void {
      if (req.complete || state.clientGone) return
      if (!counter.destroyed) {
        counter.resume()
        return
      }
      if (!res.headersSent) {
        res.shouldKeepAlive = false
        res.setHeader('Connection', 'close')
      } else {
        res.once('finish', () => req.socket.destroy())
      }
    },
  }
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length
      if (size > maxBytes) {
        state.overflowed = true
        req.unpipe(counter)
        req.pause()
        // a response already under way cannot turn into a 413: cut the connection instead
        if (res.headersSent) res.destroy()
        done(new RequestBodyTooLarge(`request body exceeds ${maxBytes} bytes`))
        return
      }
      done(null, chunk)
    },
  })
  const gone = (): void => {
    if (req.complete || state.overflowed) return
    state.clientGone = true
    counter.destroy(new Error('the client closed the connection before the request body was complete'))
  }
  // the flags above say what went wrong; a failure after the integration let go of the stream must not go unhandled
  counter.on('error', () => {})
  req.on('error', gone)
  req.on('close', gone)
  req.pipe(counter)
  state.stream = counter
  return state
}
