/**
 * Spans to an OpenTelemetry collector over OTLP/HTTP with JSON bodies (`POST …/v1/traces`),
 * batched and bounded like the SDK's BatchSpanProcessor: a queue of at most `maxQueueSize` spans
 * (more are dropped, counted and reported), sent every `scheduleDelayMs` or once `maxBatchSize`
 * are queued, one POST at a time: a slow collector costs dropped spans, never memory.
 * Trace and span ids are hex strings, times decimal nanoseconds, as OTLP/JSON specifies.
 */
import { BatchSender } from './batch-sender.ts'
import type { DropReportOptions } from './drop-report.ts'
import type { MetricFamily } from './prometheus.ts'
import type { SpanAttributes, SpanRecord } from './trace.ts'

export interface OtlpExporterOptions {
  /** the full traces URL, e.g. `http://127.0.0.1:4318/v1/traces` */
  url: string
  /** `service.name`; default `portico` */
  serviceName?: string
  headers?: Record<string, string>
  /** default 2048 */
  maxQueueSize?: number
  /** default 512 */
  maxBatchSize?: number
  /** default 1000 */
  scheduleDelayMs?: number
  /** per POST, default 10 s */
  timeoutMs?: number
  /** how lost spans are reported; default: stderr, at most every 10 s */
  drops?: DropReportOptions
}

/** OTLP's endpoint from the standard environment variables, or undefined when none is set. */
export function otlpTracesUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT
  if (traces) return traces
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT
  return base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined
}

export class OtlpExporter {
  readonly #sender: BatchSender<SpanRecord>
  readonly #options: Required<Omit<OtlpExporterOptions, 'headers' | 'drops'>> & { headers: Record<string, string> }

  constructor(options: OtlpExporterOptions) {
    const { drops, ...rest } = options
    this.#options = {
      serviceName: 'portico',
      maxQueueSize: 2048,
      maxBatchSize: 512,
      scheduleDelayMs: 1000,
      timeoutMs: 10_000,
      headers: {},
      ...rest,
    }
    this.#sender = new BatchSender<SpanRecord>({
      destination: `the OTLP collector ${this.#options.url}`,
      deliver: (batch) => this.#post(batch),
      sizeOf: () => 1,
      maxQueued: this.#options.maxQueueSize,
      eagerSize: this.#options.maxBatchSize,
      maxBatchItems: this.#options.maxBatchSize,
      delayMs: this.#options.scheduleDelayMs,
      drops: { ...drops, unit: 'span' },
    })
  }

  /** spans lost because the queue was full or the collector failed */
  get dropped(): number {
    return this.#sender.dropped
  }

  /** spans waiting (not counting the batch being sent) */
  get queued(): number {
    return this.#sender.queuedSize
  }

  export(spans: readonly SpanRecord[]): void {
    for (const span of spans) this.#sender.add(span)
  }

  /** Resolves once every span exported before the call has been sent (or dropped). */
  flush(): Promise<void> {
    return this.#sender.flush()
  }

  close(): Promise<void> {
    return this.#sender.close()
  }

  async #post(batch: SpanRecord[]): Promise<void> {
    let response: Response
    try {
      response = await fetch(this.#options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...this.#options.headers },
        body: JSON.stringify(otlpBody(batch, this.#options.serviceName)),
        signal: AbortSignal.timeout(this.#options.timeoutMs),
      })
      await response.arrayBuffer()
    } catch (error) {
      const cause = (error as Error).cause
      throw new Error(cause instanceof Error ? cause.message : (error as Error).message, { cause: error })
    }
    if (!response.ok) throw new Error(`collector answered ${response.status}`)
  }
}

/** An ExportTraceServiceRequest in OTLP/JSON. */
export function otlpBody(spans: readonly SpanRecord[], serviceName: string): unknown {
  return {
    resourceSpans: [
      {
        resource: { attributes: attributes({ 'service.name': serviceName, 'cloud.platform': 'aws_api_gateway' }) },
        scopeSpans: [
          {
            scope: { name: 'portico' },
            spans: spans.map((s) => ({
              traceId: s.traceId,
              spanId: s.spanId,
              ...(s.parentSpanId !== undefined && { parentSpanId: s.parentSpanId }),
              name: s.name,
              kind: s.kind,
              startTimeUnixNano: nanos(s.startEpochMs),
              endTimeUnixNano: nanos(s.endEpochMs),
              attributes: attributes(s.attributes),
              status: { code: s.failed ? 2 : 1 },
            })),
          },
        ],
      },
    ],
  }
}

function nanos(epochMs: number): string {
  return (BigInt(Math.round(epochMs * 1000)) * 1000n).toString()
}

function attributes(values: SpanAttributes): Array<{ key: string; value: Record<string, unknown> }> {
  return Object.entries(values).map(([key, value]) => ({
    key,
    value: typeof value === 'string' ? { stringValue: value } : typeof value === 'boolean' ? { boolValue: value } : Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value },
  }))
}

/** `portico_trace_spans_dropped_total`: spans the collector never got. */
export function exporterMetricFamilies(exporter: OtlpExporter): MetricFamily[] {
  return [
    {
      name: 'portico_trace_spans_dropped_total',
      help: 'spans not exported: the queue was full or the collector failed',
      type: 'counter',
      *samples() {
        yield [{}, exporter.dropped] as const
      },
    },
  ]
}
