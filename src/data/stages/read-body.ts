import { tooLarge } from '../../gateway/request-too-large.ts'
import { firstRawHeader } from '../request-context.ts'
import type { PipelineStage, StageResult } from '../../gateway/types.ts'
import { streamedBody } from './request-body-stream.ts'

/**
 * Reads the whole request body into `ctx.body`, at most `maxBytes` (AWS: 10 MB). A larger body
 * answers REQUEST_TOO_LARGE (413) and closes the connection without reading the rest. A client
 * that goes away mid-body ends the request with nothing written (status 499 in logs).
 * For a method that streams its body (`MethodPlan.streamsBody`) the body is not read here: it
 * becomes `ctx.bodyStream`, which enforces the same limit as the integration reads it.
 * A body that came whole with the request (`inject()`) is in `ctx.body` already: only the limit applies.
 */
export function readBody(maxBytes: number): PipelineStage {
  return function readBody(ctx) {
    const req = ctx.sent.incoming
    const raw = ctx.sent.rawHeaders
    const contentLength = firstRawHeader(raw, 'content-length')
    const declared = Number(contentLength ?? 0)
    if (declared > maxBytes) return tooLarge(ctx)
    if (req === undefined) return ctx.body.length > maxBytes ? tooLarge(ctx) : undefined
    if (req.readableEnded) return undefined
    // no Content-Length (or 0) and no Transfer-Encoding: HTTP/1.1 says there is no body, so
    // nothing to wait for (waiting for 'end' costs a promise and a tick per request)
    if (!(declared > 0) && firstRawHeader(raw, 'transfer-encoding') === undefined) return undefined
    if (ctx.route?.streamsBody === true) {
      ctx.bodyStream = streamedBody(req, ctx.sink, maxBytes, contentLength)
      return undefined
    }
    return new Promise<StageResult>((resolve) => {
      const chunks: Buffer[] = []
      let size = 0
      const finish = (result: StageResult): void => {
        req.off('data', onData)
        req.off('end', onEnd)
        req.off('error', onGone)
        req.off('close', onClose)
        resolve(result)
      }
      const onData = (chunk: Buffer): void => {
        size += chunk.length
        if (size > maxBytes) {
          req.pause()
          finish(tooLarge(ctx))
          return
        }
        chunks.push(chunk)
      }
      const onEnd = (): void => {
        ctx.body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)
        finish(undefined)
      }
      const onGone = (): void => finish({ kind: 'sent', statusCode: 499 })
      const onClose = (): void => {
        if (!req.complete) onGone()
      }
      req.on('data', onData)
      req.on('end', onEnd)
      req.on('error', onGone)
      req.on('close', onClose)
    })
  }
}
