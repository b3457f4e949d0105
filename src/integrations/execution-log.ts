/**
 * Execution-log lines in AWS's wording, as recorded from real TestInvokeMethod output in
 * LocalStack's AWS-validated snapshots (`Endpoint request URI: …`, `Endpoint request headers:
 * {A=1, B=2}`, `Received response. Status: 200, Integration latency: 12 ms`, `Method completed
 * with status: 200`). AWS truncates log events at 1024 bytes (known-issues.md) and marks long
 * header maps `[TRUNCATED]`.
 */

import { logging } from '../gateway/execution-log-sink.ts'
import { maskSecret } from '../lib/mask-secret.ts'
import type { RequestContext } from '../gateway/types.ts'

const MAX_FIELD = 1000

export function truncate(text: string): string {
  return text.length <= MAX_FIELD ? text : text.slice(0, MAX_FIELD) + ' [TRUNCATED]'
}

/**
 * Headers whose values never reach a log: AWS "redacts authorization headers, API key values,
 * and similar sensitive request parameters from the logged data" (set-up-logging).
 */
const SECRET_NAMES = new Set(['authorization', 'proxy-authorization', 'x-api-key', 'cookie', 'set-cookie', 'x-amz-security-token'])

/** `{Name=value, Other=a,b}` as AWS prints header and parameter maps; secret values print as `****`. */
export function formatMap(entries: Iterable<readonly [string, string | readonly string[]]>): string {
  const parts: string[] = []
  for (const [name, value] of entries) {
    const joined = typeof value === 'string' ? value : value.join(',')
    // a value masked already (AWS's `****…abcdef` for a signature) is kept as masked
    const text = SECRET_NAMES.has(name.toLowerCase()) && !joined.startsWith('*') ? '****' : joined
    parts.push(`${name}=${text}`)
  }
  return truncate(`{${parts.join(', ')}}`)
}

export function formatBody(body: Buffer | string): string {
  if (typeof body === 'string') return truncate(body)
  return truncate(body.subarray(0, MAX_FIELD + 1).toString('utf8'))
}

/** AWS redacts API key and authorization header values in execution logs. */
function* redactSecrets(entries: Iterable<[string, string[]]>): Iterable<[string, string[]]> {
  for (const [name, values] of entries) {
    const lower = name.toLowerCase()
    yield lower === 'x-api-key' || lower === 'authorization' ? [name, values.map(maskSecret)] : [name, values]
  }
}

/** The method request lines AWS logs right before the integration request. */
export function logMethodRequest(ctx: RequestContext): void {
  if (!logging(ctx)) return
  ctx.log.push(`Method request path: ${formatMap(Object.entries(ctx.pathParameters))}`)
  ctx.log.push(`Method request query string: ${formatMap(ctx.query.entries())}`)
  ctx.log.push(`Method request headers: ${formatMap(redactSecrets(ctx.headers.entries()))}`)
  ctx.log.push(`Method request body before transformations: ${formatBody(ctx.body)}`)
}
