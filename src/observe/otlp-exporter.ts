/**
 * Spans to an OpenTelemetry collector over OTLP/HTTP with JSON bodies (`POST …/v1/traces`),
 * batched and bounded like the SDK's BatchSpanProcessor: a queue of at most `maxQueueSize` spans
 * (more are dropped and counted), sent every `scheduleDelayMs` or once `maxBatchSize` are queued.
 * Trace and span ids are hex strings, times decimal nanoseconds, as OTLP/JSON specifies.
 */
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
}

/** OTLP's endpoint from the standard environment variables, or undefined when none is set. */
export function otlpTracesUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT
  if (traces) return traces
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT
  return base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined
}

export class OtlpExporter {
  dropped = 0
  #queue: SpanRecord[] = []
  #timer: NodeJS.Timeout | undefined
  #sending: Promise<void> = Promise.resolve()
  readonly #options: Required<Omit<OtlpExporterOptions, 'headers'>> & { headers: Record<string, string> }

  constructor(options: OtlpExporterOptions) {
    this.#options = {
      serviceName: 'portico',
      maxQueueSize: 2048,
      maxBatchSize: 512,
      scheduleDelayMs: 1000,
      timeoutMs: 10_000,
      headers: {},
      ...options,
    }
  }

  export(spans: readonly SpanRecord[]): void {
    for (const span of spans) {
      if (this.#queue.length >= this.#options.maxQueueSize) this.dropped++
      else this.#queue.push(span)
    }
    if (this.#queue.length >= this.#options.maxBatchSize) void this.flush()
    else if (!this.#timer) {
      this.#timer = setTimeout(() => void this.flush(), this.#options.scheduleDelayMs)
      this.#timer.unref()
    }
  }

  /** Sends everything queued, in batches; resolves when the collector has answered. */
  flush(): Promise<void> {
    clearTimeout(this.#timer)
    this.#timer = undefined
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#options.maxBatchSize)
      this.#sending = this.#sending.then(() => this.#send(batch))
    }
    return this.#sending
  }

  async #send(batch: SpanRecord[]): Promise<void> {
    try {
      const response = await fetch(this.#options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...this.#options.headers },
        body: JSON.stringify(otlpBody(batch, this.#options.serviceName)),
        signal: AbortSignal.timeout(this.#options.timeoutMs),
      })
      await response.arrayBuffer()
      if (!response.ok) throw new Error(`collector answered ${response.status}`)
    } catch (error) {
      this.dropped += batch.length
      console.error(`portico: could not export ${batch.length} span(s) to ${this.#options.url}: ${(error as Error).message}`)
    }
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
