import type { HttpAnswer } from '../gateway/types.ts'

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
