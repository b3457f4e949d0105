/**
 * One CloudWatch metric stream of an API, by its dimensions. A REST API's: `ApiName, Stage` for
 * every request, plus `ApiName, Method, Resource, Stage` where detailed metrics are on. An HTTP
 * API's ([DG:http-api-metrics]): `ApiId, Stage`, plus `ApiId, Method, Resource, Stage` for a
 * route with `detailedMetricsEnabled`, and DataProcessed beside the request metrics. It keeps
 * the running totals Prometheus scrapes and, when given one, a minute-by-minute history.
 */
import type { ShedReason } from '../gateway/types.ts'
import type { MinuteHistory } from './minute-history.ts'

/** Upper bounds of the latency histograms, in ms; the 29 s integration timeout falls in the last one. */
export const LATENCY_BUCKETS_MS: readonly number[] = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000]

export interface SeriesDimensions {
  /** 'HTTP' for an HTTP API's series (its metric names and dimensions differ); a REST API's otherwise */
  readonly protocol?: 'HTTP'
  readonly apiId: string
  readonly apiName: string
  readonly stage: string
  /** only on a detailed (per-method) series */
  readonly method?: string
  readonly resource?: string
}

/** A cumulative histogram in Prometheus's shape: counts per upper bound, plus sum and count. */
export class LatencyHistogram {
  readonly buckets = new Float64Array(LATENCY_BUCKETS_MS.length)
  sum = 0
  count = 0

  observe(ms: number): void {
    this.sum += ms
    this.count++
    for (let i = 0; i < LATENCY_BUCKETS_MS.length; i++) {
      if (ms <= LATENCY_BUCKETS_MS[i]!) {
        this.buckets[i]!++
        return
      }
    }
  }
}

/** What one request contributes to its series. */
export interface RequestSample {
  statusCode: number
  latencyMs: number
  /** absent when no integration was called (errors before it, cache hits) */
  integrationLatencyMs: number | undefined
  cacheStatus: 'hit' | 'miss' | undefined
  /** HTTP APIs' DataProcessed: the request's and the answer's body bytes */
  dataProcessedBytes?: number
  /** the request was shed rather than served (also counted in Count and 4XX/5XX by its status) */
  shed?: ShedReason | undefined
}

/** every shed reason, in the order /metrics lists them */
export const SHED_REASONS: readonly ShedReason[] = ['event-loop-lag', 'upstream-busy', 'function-concurrency']

export class MetricSeries {
  count = 0
  clientErrors = 0
  serverErrors = 0
  cacheHits = 0
  cacheMisses = 0
  /** bytes, HTTP API series only */
  dataProcessed = 0
  /** requests shed, by reason */
  readonly shed: Record<ShedReason, number> = { 'event-loop-lag': 0, 'upstream-busy': 0, 'function-concurrency': 0 }
  readonly latency = new LatencyHistogram()
  readonly integrationLatency = new LatencyHistogram()

  constructor(
    readonly dimensions: SeriesDimensions,
    readonly history: MinuteHistory | undefined,
  ) {}

  record(sample: RequestSample, nowMs: number): void {
    this.count++
    if (sample.statusCode >= 500) this.serverErrors++
    else if (sample.statusCode >= 400) this.clientErrors++
    if (sample.cacheStatus === 'hit') this.cacheHits++
    else if (sample.cacheStatus === 'miss') this.cacheMisses++
    if (sample.dataProcessedBytes !== undefined) this.dataProcessed += sample.dataProcessedBytes
    if (sample.shed !== undefined) this.shed[sample.shed]++
    this.latency.observe(sample.latencyMs)
    if (sample.integrationLatencyMs !== undefined) this.integrationLatency.observe(sample.integrationLatencyMs)
    this.history?.record(sample, nowMs)
  }
}
