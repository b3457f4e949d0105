import { performance } from 'node:perf_hooks'
import type { Readable } from 'node:stream'
import { logging } from '../gateway/execution-log-sink.ts'
import type { GatewayError, RequestContext } from '../gateway/types.ts'
import { HeaderMap } from '../lib/multi-map.ts'
import { completedWith, integrationFailure } from './errors.ts'
import type { EndpointResponse } from './exchange.ts'
import { formatBody, formatMap } from './execution-log.ts'
import { BodyCollector, dispatchProxy } from './proxy-dispatch.ts'
import { failureOrShed, ResponseTooLarge, shedCall, startDeadline } from './upstream-failure.ts'
import { admissionBudgetMs, type UpstreamTicket } from './upstream-admission.ts'
import type { Upstream } from './upstream-pools.ts'
import { addTraceHeaders } from './trace-headers.ts'

export interface EndpointCall {
  upstream: Upstream
  /** the origin, for the execution log */
  origin: string
  path: string
  method: string
  headers: Record<string, string>
  body: Buffer | Readable | null
  timeoutMs: number
  /** the response body is buffered up to this many bytes; more fails the integration */
  maxBytes: number
}

/**
 * Sends a non-proxy integration's endpoint request (HTTP, AWS service) and buffers the whole
 * response, bounded in time and size. A failure comes back as the gateway error AWS answers
 * (timeout, unreachable endpoint, oversized response), already logged; a response is recorded
 * in `ctx.integration` and the execution log. A call that could not get a connection before its
 * timeout is not sent (503, upstream-admission.ts), nor is one the origin sheds while it waits;
 * the time it waits counts against it.
 */
export async function callEndpoint(ctx: RequestContext, call: EndpointCall): Promise<EndpointResponse | GatewayError> {
  const ticket = call.upstream.admit(admissionBudgetMs(ctx.startedAt, call.timeoutMs))
  if (ticket.shed !== undefined) return shedCall(ctx, call.origin, ticket.shed)
  try {
    return await exchange(ctx, call, ticket)
  } finally {
    ticket.release()
  }
}

async function exchange(ctx: RequestContext, call: EndpointCall, ticket: UpstreamTicket): Promise<EndpointResponse | GatewayError> {
  const deadline = startDeadline(call.timeoutMs)
  // a copy: the call's headers are compiled once per method, the trace header is this request's
  const requestHeaders = { ...call.headers }
  addTraceHeaders(ctx, requestHeaders)
  const started = performance.now()
  const collector = new BodyCollector()
  let statusCode = 0
  let rawHeaders: string[] = []
  try {
    const turn = ticket.turn(deadline)
    if (turn !== undefined) await turn
    await dispatchProxy(call.upstream.pool, {
      path: call.path,
      method: call.method,
      headers: requestHeaders,
      body: call.body,
      deadline,
      maxBytes: call.maxBytes,
      onHead(status, head) {
        statusCode = status
        rawHeaders = head
        return { kind: 'collect', collector }
      },
    })
  } catch (err) {
    deadline.clear()
    if (err instanceof ResponseTooLarge) {
      ctx.log.push(`Execution failed due to an integration error: endpoint response body exceeds ${call.maxBytes} bytes`)
      ctx.integration = { ...(statusCode !== 0 && { status: statusCode }), error: 'response too large' }
      return completedWith(ctx, integrationFailure())
    }
    return failureOrShed(ctx, err, deadline.timedOut())
  }
  deadline.clear()

  const latencyMs = Math.round(performance.now() - started)
  const headers = HeaderMap.fromRaw(rawHeaders)
  const body = collector.body()
  ctx.integration = { status: statusCode, latencyMs }
  if (logging(ctx)) {
    ctx.log.push(`Received response. Status: ${statusCode}, Integration latency: ${latencyMs} ms`)
    ctx.log.push(`Endpoint response headers: ${formatMap(headers.entries())}`)
    ctx.log.push(`Endpoint response body before transformations: ${formatBody(body)}`)
  }
  return { statusCode, headers, body }
}
