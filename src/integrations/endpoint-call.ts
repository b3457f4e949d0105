import { performance } from 'node:perf_hooks'
import type { Dispatcher } from 'undici'
import { logging } from '../gateway/execution-log-sink.ts'
import type { GatewayError, RequestContext } from '../gateway/types.ts'
import { HeaderMap } from '../lib/multi-map.ts'
import { completedWith, integrationFailure } from './errors.ts'
import type { EndpointResponse } from './exchange.ts'
import { formatBody, formatMap } from './execution-log.ts'
import { failureOrShed, shedCall, startDeadline, untilDeadline } from './upstream-failure.ts'
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
  body: Dispatcher.DispatchOptions['body']
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
  const chunks: Buffer[] = []
  let size = 0
  let response: Dispatcher.ResponseData
  try {
    const turn = ticket.turn(deadline)
    if (turn !== undefined) await turn
    response = await untilDeadline(
      call.upstream.pool.request({
        path: call.path,
        method: call.method as Dispatcher.HttpMethod,
        headers: requestHeaders,
        body: call.body,
        signal: deadline.signal,
        responseHeaders: 'raw',
      }),
      deadline,
    )
    for await (const chunk of response.body) {
      size += (chunk as Buffer).length
      if (size > call.maxBytes) {
        response.body.destroy()
        deadline.clear()
        ctx.log.push(`Execution failed due to an integration error: endpoint response body exceeds ${call.maxBytes} bytes`)
        ctx.integration = { status: response.statusCode, error: 'response too large' }
        return completedWith(ctx, integrationFailure())
      }
      chunks.push(chunk as Buffer)
    }
  } catch (err) {
    deadline.clear()
    return failureOrShed(ctx, err, deadline.timedOut())
  }
  deadline.clear()

  const latencyMs = Math.round(performance.now() - started)
  const headers = HeaderMap.fromRaw(response.headers as unknown as string[])
  const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)
  ctx.integration = { status: response.statusCode, latencyMs }
  if (logging(ctx)) {
    ctx.log.push(`Received response. Status: ${response.statusCode}, Integration latency: ${latencyMs} ms`)
    ctx.log.push(`Endpoint response headers: ${formatMap(headers.entries())}`)
    ctx.log.push(`Endpoint response body before transformations: ${formatBody(body)}`)
  }
  return { statusCode: response.statusCode, headers, body }
}
