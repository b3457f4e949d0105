/**
 * Execution logs, as JSON lines: one object per line of AWS's execution log, with the request's
 * ids, so `grep "Method request body before transformations"` finds what it finds on CloudWatch.
 * `INFO` logs every request, `ERROR` only the failed ones (status 400 and up); without
 * `dataTraceEnabled` the lines that carry request or response data (headers, bodies, parameters)
 * are left out, as on AWS. Secrets are never written: header maps are redacted where they are
 * formatted (integrations/execution-log.ts), and the request's own API key, Authorization and
 * Cookie values are scrubbed from every line here as well.
 */
import type { RequestContext } from '../gateway/types.ts'

export type ExecutionLogLevel = 'ERROR' | 'INFO'

export const REDACTED = '****'

/** Lines that only data tracing writes: they carry headers, parameters and payloads. */
const DATA_TRACE_PREFIXES = [
  'Method request path:',
  'Method request query string:',
  'Method request headers:',
  'Method request body before transformations:',
  'Endpoint request headers:',
  'Endpoint request body after transformations:',
  'Endpoint response headers:',
  'Endpoint response body before transformations:',
  'Method response body after transformations:',
  'Method response headers:',
]

export interface ExecutionLogSettings {
  level: ExecutionLogLevel
  dataTrace: boolean
}

/**
 * The JSON lines of one finished request, or none when its level does not log it. This runs for
 * every logged request, so the fields every line shares are serialised once and each line adds
 * only its level and message; scrubbing is skipped when the request sent no secret.
 */
export function executionLogLines(ctx: RequestContext, statusCode: number, settings: ExecutionLogSettings, nowMs: number): string[] {
  if (settings.level === 'ERROR' && statusCode < 400) return []
  const secrets = secretsOf(ctx)
  const shared = JSON.stringify({
    time: new Date(nowMs).toISOString(),
    requestId: ctx.requestId,
    extendedRequestId: ctx.extendedRequestId,
    apiId: ctx.apiId,
    stage: ctx.stageName,
    resourcePath: ctx.route?.resourcePath ?? null,
    httpMethod: ctx.httpMethod,
  })
  // `{…shared,"level":"INFO","message":"…"}`: the same keys, in the same order, as one object per line
  const head = shared.slice(0, -1) + ',"level":"'
  const lines: string[] = []
  const add = (message: string): void => {
    const text = secrets.length === 0 ? message : scrub(message, secrets)
    lines.push(`${head}${levelOf(message)}","message":${JSON.stringify(text)}}`)
  }
  add(`Extended Request Id: ${ctx.extendedRequestId}`)
  add(`Starting execution for request: ${ctx.requestId}`)
  add(`HTTP Method: ${ctx.httpMethod}, Resource Path: ${ctx.path}`)
  let completed = false
  for (const line of ctx.log) {
    if (!settings.dataTrace && isDataTrace(line)) continue
    if (!completed && line.startsWith('Method completed with status:')) completed = true
    add(line)
  }
  if (!completed) add(`Method completed with status: ${statusCode}`)
  return lines
}

function isDataTrace(line: string): boolean {
  // every such line starts `Method …` or `Endpoint …`
  const first = line.charCodeAt(0)
  return (first === 77 || first === 69) && DATA_TRACE_PREFIXES.some((prefix) => line.startsWith(prefix))
}

function levelOf(message: string): ExecutionLogLevel {
  return message.startsWith('Execution failed') || message.includes(' failed with status') ? 'ERROR' : 'INFO'
}

/** The values this request sent that must not be logged: its API key, Authorization, cookies. */
function secretsOf(ctx: RequestContext): string[] {
  const secrets: string[] = []
  if (ctx.apiKey?.value) secrets.push(ctx.apiKey.value)
  for (const name of ['authorization', 'x-api-key', 'cookie', 'proxy-authorization', 'x-amz-security-token']) {
    for (const value of ctx.headers.getAll(name)) {
      // a cookie header is also scrubbed cookie by cookie, in case a line shows them split
      if (name === 'cookie') for (const part of value.split(';')) addSecret(secrets, part.trim())
      addSecret(secrets, value.trim())
    }
  }
  // longest first, so a value containing another is replaced whole
  return secrets.sort((a, b) => b.length - a.length)
}

function addSecret(secrets: string[], value: string): void {
  // very short values (`a=1`) would blank unrelated text; whole headers catch those
  if (value.length >= 4) secrets.push(value)
}

function scrub(message: string, secrets: readonly string[]): string {
  let out = message
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED)
  return out
}
