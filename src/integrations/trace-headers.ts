import type { RequestContext } from '../gateway/types.ts'

/**
 * On a traced stage, the integration request carries the trace: `traceparent` and
 * `X-Amzn-Trace-Id` naming the integration span replace whatever the client sent under those
 * names (any spelling). Marks the integration span as started.
 */
export function addTraceHeaders(ctx: RequestContext, headers: Record<string, string>): void {
  if (!ctx.trace) return
  const trace = ctx.trace.startIntegration()
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase()
    if (lower === 'traceparent' || lower === 'x-amzn-trace-id' || lower === 'tracestate') delete headers[name]
  }
  headers.traceparent = trace.traceparent
  headers['X-Amzn-Trace-Id'] = trace['X-Amzn-Trace-Id']
}

/**
 * On a traced stage, a Lambda proxy event's `X-Amzn-Trace-Id` names the integration span (the
 * client's own header of that name is replaced), as API Gateway's X-Ray integration does.
 */
export function addEventTraceHeader(ctx: RequestContext, event: { headers: Record<string, string>; multiValueHeaders: Record<string, string[]> }): void {
  if (!ctx.trace) return
  const value = ctx.trace.startIntegration()['X-Amzn-Trace-Id']
  for (const name of Object.keys(event.headers)) {
    if (name.toLowerCase() !== 'x-amzn-trace-id') continue
    delete event.headers[name]
    delete event.multiValueHeaders[name]
  }
  event.headers['X-Amzn-Trace-Id'] = value
  event.multiValueHeaders['X-Amzn-Trace-Id'] = [value]
}
