import type { HttpAnswer } from './types.ts'

/**
 * Where one request's answer goes. The pipeline and its stages produce answers; only a sink
 * writes them: to a node:http response (node-answer-sink.ts), into memory for `inject()`
 * (buffer-answer-sink.ts), and — with WebSocket APIs — into a frame. A sink takes exactly one
 * answer: complete (`send`), or a head now and its body as it arrives (`stream`).
 */
export interface AnswerSink {
  /** an answer has begun (its head is out, or the whole answer was handed over): no other can follow */
  readonly started: boolean
  /** the status of the answer that began; 0 before one did */
  readonly statusCode: number
  /** the answer's Content-Length once it began: the body's length, the backend's for a stream, undefined when unframed */
  readonly contentLength: number | string | undefined
  /** a header for whichever answer follows (the cache's `Warning`); the answer's own header of that name wins */
  addHeader(name: string, value: string): void
  /**
   * an HTTP API's answer: it does not carry REST's `x-amzn-RequestId` / `x-amz-apigw-id` (it
   * carries `apigw-requestid`, added with addHeader); for whichever answer follows
   */
  omitRequestIds(): void
  /** the rest of the request body stays unread: the connection must not carry another request after this answer */
  closeAfterAnswer(): void
  /** hands over a complete answer; ignored once an answer began or when the receiver is gone */
  send(answer: HttpAnswer): void
  /**
   * Begins an answer whose body follows (HTTP_PROXY): `head` is header names and values
   * alternating, as they go out; `contentLength` frames the body when known. Throws on a
   * header a client could not be sent, before anything was written.
   */
  stream(statusCode: number, head: readonly string[], contentLength?: string): AnswerStream
  /** gives up: an answer that began is cut off (its connection closed); none is written otherwise */
  abort(): void
}

/** The body of a streamed answer. */
export interface AnswerStream {
  /** false: stop producing until the callback given to `onDrain` runs */
  write(chunk: Buffer): boolean
  /** runs `resume` once, when the sink takes chunks again after `write` returned false */
  onDrain(resume: () => void): void
  /** the body is complete */
  end(): void
  /** runs `gone` at most once, if the receiver goes away before `end`: stop producing */
  onGone(gone: () => void): void
}
