import { randomHex } from '../lib/ids.ts'
import { lastRawHeader } from '../lib/raw-headers.ts'
import type { RequestContext } from '../gateway/types.ts'

/**
 * API Gateway sends `X-Amzn-Trace-Id` to every HTTP / HTTP_PROXY backend and in every Lambda
 * proxy event, traced stage or not (AWS-recorded: LocalStack's snapshots test_apigateway_http
 * test_http_integration_with_lambda — the backend saw `x-amzn-trace-id` for HTTP and
 * HTTP_PROXY on an untraced stage; test_apigateway_lambda — every event carries it), and its
 * AWS_PROXY answers carry one (test_aws_proxy_response_payload_format_validation). On an
 * untraced stage the value is the client's own header when it names a Root (the client's trace
 * goes on), else a new Root; one value per request, kept on the context (`untracedTraceId`).
 * The client's header is read from the raw headers: a proxied request never needs the header map.
 */
const CLIENT_ROOT = /(?:^|;)\s*Root=1-[0-9a-f]{8}-[0-9a-f]{24}\s*(?:;|$)/i

function untracedHeader(ctx: RequestContext): string {
  let value = ctx.untracedTraceId
  if (value === undefined) {
    const client = lastRawHeader(ctx.sent.rawHeaders, 'x-amzn-trace-id')?.trim()
    value = client && CLIENT_ROOT.test(client) ? client : newRoot()
    ctx.untracedTraceId = value
  }
  return value
}

/** X-Ray's id form: version 1, the epoch seconds in 8 hex digits, 96 random bits. */
function newRoot(): string {
  const seconds = Math.floor(Date.now() / 1000).toString(16).padStart(8, '0')
  return `Root=1-${seconds}-${randomHex(12)}`
}

/** The `X-Amzn-Trace-Id` an AWS_PROXY answer carries: the request's trace (gateway span on a traced stage). */
export function responseTraceHeader(ctx: RequestContext): string {
  return ctx.trace ? ctx.trace.xrayTraceId : untracedHeader(ctx)
}

/**
 * The integration request carries the trace. On a traced stage `traceparent` and
 * `X-Amzn-Trace-Id` naming the integration span replace whatever the client sent under those
 * names (any spelling), and the integration span is marked as started; on an untraced one only
 * `X-Amzn-Trace-Id` is set (the client's `traceparent` goes through untouched).
 */
export function addTraceHeaders(ctx: RequestContext, headers: Record<string, string>): void {
  const trace = ctx.trace?.startIntegration()
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase()
    if (lower === 'x-amzn-trace-id' || (trace && (lower === 'traceparent' || lower === 'tracestate'))) delete headers[name]
  }
  if (trace) headers.traceparent = trace.traceparent
  headers['X-Amzn-Trace-Id'] = trace ? trace['X-Amzn-Trace-Id'] : untracedHeader(ctx)
}

/**
 * A Lambda proxy event's `X-Amzn-Trace-Id`: on a traced stage it names the integration span, as
 * API Gateway's X-Ray integration does; on an untraced one it is the request's (above). The
 * client's own header of that name is replaced.
 */
export function addEventTraceHeader(ctx: RequestContext, event: { headers: Record<string, string>; multiValueHeaders: Record<string, string[]> }): void {
  const value = ctx.trace ? ctx.trace.startIntegration()['X-Amzn-Trace-Id'] : untracedHeader(ctx)
  for (const name of Object.keys(event.headers)) {
    if (name.toLowerCase() !== 'x-amzn-trace-id') continue
    delete event.headers[name]
    delete event.multiValueHeaders[name]
  }
  event.headers['X-Amzn-Trace-Id'] = value
  event.multiValueHeaders['X-Amzn-Trace-Id'] = [value]
}
