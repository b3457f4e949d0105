import { gatewayError } from '../gateway-response-catalogue.ts'
import type { ServerResponse } from 'node:http'
import type { GatewayError, PipelineStage, StageResult } from '../types.ts'

/**
 * Reads the whole request body into `ctx.body`, at most `maxBytes` (AWS: 10 MB). A larger body
 * answers REQUEST_TOO_LARGE (413) and closes the connection without reading the rest. A client
 * that goes away mid-body ends the request with nothing written (status 499 in logs).
 */
export function readBody(maxBytes: number): PipelineStage {
  return function readBody(ctx) {
    const { req, res } = ctx
    const declared = Number(req.headers['content-length'] ?? 0)
    if (declared > maxBytes) return tooLarge(res)
    if (req.readableEnded) return undefined
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
          finish(tooLarge(res))
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

/** The rest of the body is never read, so the connection cannot be reused. */
function tooLarge(res: ServerResponse): GatewayError {
  res.shouldKeepAlive = false
  res.setHeader('Connection', 'close')
  return gatewayError('REQUEST_TOO_LARGE')
}
