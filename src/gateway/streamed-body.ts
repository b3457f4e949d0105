import type { Readable } from 'node:stream'

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
