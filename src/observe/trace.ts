/**
 * One request's trace: W3C ids (continuing the caller's `traceparent`, else its
 * `X-Amzn-Trace-Id` root, else new), the gateway span and its children. X-Ray's trace id
 * `1-{8 hex epoch}-{24 hex}` and W3C's 32 hex digits are the same 128 bits, so both headers
 * name one trace.
 */
import { performance } from 'node:perf_hooks'
import { randomHex } from '../lib/ids.ts'
import type { RequestContext, RequestTrace } from '../gateway/types.ts'

export type SpanAttributes = Readonly<Record<string, string | number | boolean>>

/** A finished span, in the terms OTLP needs. */
export interface SpanRecord {
  traceId: string
  spanId: string
  parentSpanId?: string
  name: string
  /** 2 = SERVER (the gateway), 3 = CLIENT (the integration), 1 = INTERNAL */
  kind: 1 | 2 | 3
  startEpochMs: number
  endEpochMs: number
  attributes: SpanAttributes
  failed: boolean
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/
const XRAY_ROOT = /(?:^|;)\s*Root=1-([0-9a-f]{8})-([0-9a-f]{24})(?:;|$)/i
const XRAY_PARENT = /(?:^|;)\s*Parent=([0-9a-f]{16})(?:;|$)/i

export function newSpanId(): string {
  return randomHex(8)
}

/** The caller's trace and parent span, from `traceparent`, else `X-Amzn-Trace-Id`. */
export function incomingTrace(ctx: RequestContext): { traceId: string; parentSpanId?: string } | undefined {
  const w3c = TRACEPARENT.exec(ctx.headers.get('traceparent')?.trim().toLowerCase() ?? '')
  if (w3c && !/^0+$/.test(w3c[1]!) && !/^0+$/.test(w3c[2]!)) return { traceId: w3c[1]!, parentSpanId: w3c[2]! }
  const amzn = ctx.headers.get('x-amzn-trace-id')
  const root = amzn === undefined ? null : XRAY_ROOT.exec(amzn)
  if (!root) return undefined
  const parent = XRAY_PARENT.exec(amzn!)?.[1]?.toLowerCase()
  return { traceId: (root[1]! + root[2]!).toLowerCase(), ...(parent !== undefined && { parentSpanId: parent }) }
}

/** `Root=1-…-…;Parent=…;Sampled=1` */
export function xrayHeader(traceId: string, parentSpanId: string): string {
  return `Root=1-${traceId.slice(0, 8)}-${traceId.slice(8)};Parent=${parentSpanId};Sampled=1`
}

export class RequestTraceState implements RequestTrace {
  readonly traceId: string
  readonly spanId = newSpanId()
  readonly parentSpanId: string | undefined
  readonly xrayTraceId: string
  readonly children: SpanRecord[] = []
  /** the integration span, once the integration was called */
  integration: { spanId: string; startedAtPerf: number } | undefined

  constructor(ctx: RequestContext) {
    const incoming = incomingTrace(ctx)
    this.traceId = incoming?.traceId ?? randomHex(16)
    this.parentSpanId = incoming?.parentSpanId
    this.xrayTraceId = xrayHeader(this.traceId, this.spanId)
  }

  startIntegration(): { traceparent: string; 'X-Amzn-Trace-Id': string } {
    this.integration ??= { spanId: newSpanId(), startedAtPerf: performance.now() }
    const parent = this.integration.spanId
    return { traceparent: `00-${this.traceId}-${parent}-01`, 'X-Amzn-Trace-Id': xrayHeader(this.traceId, parent) }
  }

  addSpan(name: string, startEpochMs: number, endEpochMs: number, attributes: SpanAttributes = {}, failed = false): void {
    // bounded: a trace keeps at most 32 extra spans
    if (this.children.length >= 32) return
    this.children.push({ traceId: this.traceId, spanId: newSpanId(), parentSpanId: this.spanId, name, kind: 1, startEpochMs, endEpochMs, attributes, failed })
  }
}

/** The gateway span and its children, once the request has ended. */
export function finishedSpans(ctx: RequestContext, trace: RequestTraceState, statusCode: number, durationMs: number): SpanRecord[] {
  const start = ctx.requestTimeEpoch
  const route = ctx.route
  const gateway: SpanRecord = {
    traceId: trace.traceId,
    spanId: trace.spanId,
    ...(trace.parentSpanId !== undefined && { parentSpanId: trace.parentSpanId }),
    name: route ? `${ctx.stageName} ${route.httpMethod} ${route.resourcePath}` : `${ctx.stageName} ${ctx.httpMethod}`,
    kind: 2,
    startEpochMs: start,
    endEpochMs: start + durationMs,
    attributes: {
      'http.request.method': ctx.httpMethod,
      'http.response.status_code': statusCode,
      'url.path': `/${ctx.stageName}${ctx.path}`,
      ...(route && { 'http.route': route.resourcePath }),
      'aws.api_gateway.api_id': ctx.apiId,
      'aws.api_gateway.stage': ctx.stageName,
      'aws.request_id': ctx.requestId,
      'aws.extended_request_id': ctx.extendedRequestId,
      'client.address': ctx.sourceIp,
    },
    failed: statusCode >= 500,
  }
  const spans = [gateway, ...trace.children]
  if (trace.integration) {
    const begin = start + (trace.integration.startedAtPerf - ctx.startedAt)
    const latency = ctx.integration?.latencyMs
    spans.push({
      traceId: trace.traceId,
      spanId: trace.integration.spanId,
      parentSpanId: trace.spanId,
      name: 'Integration',
      kind: 3,
      startEpochMs: begin,
      endEpochMs: latency === undefined ? start + durationMs : begin + latency,
      attributes: {
        ...(ctx.integration?.status !== undefined && { 'http.response.status_code': ctx.integration.status }),
        ...(ctx.integration?.error !== undefined && { 'error.type': ctx.integration.error }),
      },
      failed: ctx.integration?.error !== undefined || (ctx.integration?.status ?? 0) >= 500,
    })
  }
  return spans
}
