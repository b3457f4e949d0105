import type { RequestIds } from './request-context.ts'

export type AnswerHeaders = Readonly<Record<string, string | string[]>> | readonly string[]

/**
 * An answer's head as one flat list of names and values, in the order they go out:
 * - the request's ids (`x-amzn-RequestId`, `x-amz-apigw-id`) and the headers a stage added
 *   for whichever answer follows, unless the answer carries its own of that name;
 * - the answer's headers (a record, or a flat list already in wire order);
 * - the framing the sink decides, which replaces any the answer carried: `Content-Length`
 *   when known, `Connection: close` when the connection must not be reused.
 * node:http writes such a list with `writeHead(status, head)` in one call (its fast path).
 */
export function answerHead(
  ids: RequestIds | undefined,
  added: readonly string[] | undefined,
  headers: AnswerHeaders,
  contentLength: number | string | undefined,
  close: boolean,
): string[] {
  const head: string[] = []
  if (ids !== undefined) {
    if (!carries(headers, 'x-amzn-requestid')) head.push('x-amzn-RequestId', ids.requestId)
    if (!carries(headers, 'x-amz-apigw-id')) head.push('x-amz-apigw-id', ids.extendedRequestId)
  }
  if (added !== undefined) {
    for (let i = 0; i + 1 < added.length; i += 2) if (!carries(headers, added[i]!.toLowerCase())) head.push(added[i]!, added[i + 1]!)
  }
  if (isFlat(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) if (!framing(headers[i]!, close)) head.push(headers[i]!, headers[i + 1]!)
  } else {
    for (const name in headers) {
      if (framing(name, close)) continue
      const value = headers[name]!
      if (typeof value === 'string') head.push(name, value)
      else for (let i = 0; i < value.length; i++) head.push(name, value[i]!)
    }
  }
  if (contentLength !== undefined) head.push('Content-Length', String(contentLength))
  if (close) head.push('Connection', 'close')
  return head
}

function isFlat(headers: AnswerHeaders): headers is readonly string[] {
  return Array.isArray(headers)
}

/** whether the answer has a header named `lower` (lower case) */
function carries(headers: AnswerHeaders, lower: string): boolean {
  if (isFlat(headers)) {
    for (let i = 0; i < headers.length; i += 2) if (sameName(headers[i]!, lower)) return true
    return false
  }
  for (const name in headers) if (sameName(name, lower)) return true
  return false
}

function framing(name: string, close: boolean): boolean {
  return sameName(name, 'content-length') || (close && sameName(name, 'connection'))
}

function sameName(name: string, lower: string): boolean {
  return name.length === lower.length && name.toLowerCase() === lower
}
