import type { RequestContext } from '../data/types.ts'

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
