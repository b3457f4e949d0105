import { randomHex } from '../../lib/ids.ts'
import type { RequestContext } from '../../gateway/types.ts'

/**
 * The headers API Gateway adds to what an HTTP API's integration receives (2.0 event sample,
 * http-api-develop-integrations-lambda.md): `x-forwarded-for` (the client's address appended
 * to any the client sent), `x-forwarded-port`, `x-forwarded-proto`, and `x-amzn-trace-id`
 * (the trace's when the stage traces, else a fresh X-Ray root).
 */
export function forwardingHeaders(ctx: RequestContext): Array<[string, string]> {
  const sentFor = ctx.headers.getAll('x-forwarded-for')
  const proto = ctx.sent.secure ? 'https' : 'http'
  return [
    ['x-forwarded-for', sentFor.length === 0 ? ctx.sourceIp : `${sentFor.join(', ')}, ${ctx.sourceIp}`],
    ['x-forwarded-port', portOf(ctx.headers.get('host'), proto)],
    ['x-forwarded-proto', proto],
    ['x-amzn-trace-id', ctx.headers.get('x-amzn-trace-id') ?? ctx.trace?.xrayTraceId ?? newTraceId(ctx.requestTimeEpoch)],
  ]
}

/**
 * RFC 7239 `Forwarded` for an HTTP_PROXY backend: HTTP APIs fold the client's `X-Forwarded-*`
 * into it and add the hop they made (api-gateway-known-issues.md): `for` the client, `host` the
 * host it called, `proto` its scheme.
 */
export function forwardedHeader(ctx: RequestContext): string {
  const proto = ctx.sent.secure ? 'https' : 'http'
  const hop = `for=${quoteNode(ctx.sourceIp)};host=${ctx.headers.get('host') ?? ctx.domainName};proto=${proto}`
  const earlier = ctx.headers.getAll('forwarded')
  if (earlier.length > 0) return `${earlier.join(', ')}, ${hop}`
  const sentFor = ctx.headers.getAll('x-forwarded-for')
  if (sentFor.length === 0) return hop
  const fromXff = sentFor.flatMap((v) => v.split(',')).map((ip) => `for=${quoteNode(ip.trim())}`)
  return [...fromXff, hop].join(', ')
}

function quoteNode(ip: string): string {
  return ip.includes(':') ? `"[${ip}]"` : ip
}

function portOf(host: string | undefined, proto: string): string {
  const m = host === undefined ? null : /:(\d+)$/.exec(host)
  return m ? m[1]! : proto === 'https' ? '443' : '80'
}

function newTraceId(epochMs: number): string {
  return `Root=1-${Math.floor(epochMs / 1000).toString(16)}-${randomHex(12)}`
}
