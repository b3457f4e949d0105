import type { ServerResponse } from 'node:http'
import { endWhenTurnEnds } from './coalesce-writes.ts'
import type { HttpAnswer } from './types.ts'

/** Writes a complete answer. Headers already set on `res` (request ids) stay unless overridden. */
export function writeAnswer(res: ServerResponse, answer: HttpAnswer): void {
  if (res.headersSent || res.destroyed) return
  const body = typeof answer.body === 'string' ? Buffer.from(answer.body) : answer.body
  for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value)
  res.setHeader('Content-Length', body.length)
  res.writeHead(answer.statusCode)
  endWhenTurnEnds(res, body)
}

/**
 * An error written without an API's gateway responses: for requests that reach no plan
 * (unknown API or stage, limits checked before resolution, stage exceptions whose rendering failed).
 */
export function jsonError(statusCode: number, message: string | null, errorType: string, extraHeaders: Record<string, string> = {}): HttpAnswer {
  return {
    kind: 'http',
    statusCode,
    headers: { 'Content-Type': 'application/json', 'x-amzn-ErrorType': errorType, ...extraHeaders },
    body: JSON.stringify({ message }),
  }
}
