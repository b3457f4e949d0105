/**
 * A rolling history of one metric series at 1-minute resolution, for charts: a fixed ring of
 * `minutes` slots (24 h by default), each holding CloudWatch's statistics for that minute.
 * Memory is fixed when the ring is made (11 numbers per minute); old minutes are overwritten.
 */
import type { RequestSample } from './metric-series.ts'

const MINUTE_MS = 60_000
const FIELDS = 11
const COUNT = 0
const CLIENT_ERRORS = 1
const SERVER_ERRORS = 2
const CACHE_HITS = 3
const CACHE_MISSES = 4
const LATENCY_SUM = 5
const LATENCY_MAX = 6
const INTEGRATION_SUM = 7
const INTEGRATION_COUNT = 8
const INTEGRATION_MAX = 9
const SHED = 10

/** One minute, with CloudWatch's metric names; latencies are Average and Maximum in ms. */
export interface MinuteDatapoint {
  /** the minute's start, ISO 8601 */
  timestamp: string
  Count: number
  '4XXError': number
  '5XXError': number
  CacheHitCount: number
  CacheMissCount: number
  /** requests shed rather than served (Portico's own: the listener's 429 under a late event loop, 503 with no backend connection free in time, a local function at its concurrency); by reason in /metrics */
  ShedCount: number
  Latency: { Average: number; Maximum: number }
  /** null in a minute with no integration call */
  IntegrationLatency: { Average: number; Maximum: number } | null
}

export class MinuteHistory {
  readonly #values: Float64Array
  /** which minute (epoch minutes) each slot holds; -1 = never written */
  readonly #minutes: Float64Array

  constructor(readonly minutes = 24 * 60) {
    this.#values = new Float64Array(minutes * FIELDS)
    this.#minutes = new Float64Array(minutes).fill(-1)
  }

  record(sample: RequestSample, nowMs: number): void {
    const at = this.#slot(Math.floor(nowMs / MINUTE_MS)) * FIELDS
    const v = this.#values
    v[at + COUNT]!++
    if (sample.statusCode >= 500) v[at + SERVER_ERRORS]!++
    else if (sample.statusCode >= 400) v[at + CLIENT_ERRORS]!++
    if (sample.cacheStatus === 'hit') v[at + CACHE_HITS]!++
    else if (sample.cacheStatus === 'miss') v[at + CACHE_MISSES]!++
    if (sample.shed !== undefined) v[at + SHED]!++
    v[at + LATENCY_SUM] += sample.latencyMs
    if (sample.latencyMs > v[at + LATENCY_MAX]!) v[at + LATENCY_MAX] = sample.latencyMs
    if (sample.integrationLatencyMs !== undefined) {
      v[at + INTEGRATION_SUM] += sample.integrationLatencyMs
      v[at + INTEGRATION_COUNT]!++
      if (sample.integrationLatencyMs > v[at + INTEGRATION_MAX]!) v[at + INTEGRATION_MAX] = sample.integrationLatencyMs
    }
  }

  /** Minutes with traffic in [fromMs, toMs), oldest first; minutes older than the ring are gone. */
  datapoints(fromMs: number, toMs: number, nowMs: number): MinuteDatapoint[] {
    const last = Math.floor(nowMs / MINUTE_MS)
    const first = Math.max(Math.floor(fromMs / MINUTE_MS), last - this.minutes + 1)
    const end = Math.min(Math.ceil(toMs / MINUTE_MS), last + 1)
    const out: MinuteDatapoint[] = []
    for (let minute = first; minute < end; minute++) {
      const slot = minute % this.minutes
      if (this.#minutes[slot] !== minute) continue
      out.push(this.#datapoint(minute, slot * FIELDS))
    }
    return out
  }

  #slot(minute: number): number {
    const slot = minute % this.minutes
    if (this.#minutes[slot] !== minute) {
      this.#minutes[slot] = minute
      this.#values.fill(0, slot * FIELDS, slot * FIELDS + FIELDS)
    }
    return slot
  }

  #datapoint(minute: number, at: number): MinuteDatapoint {
    const v = this.#values
    const count = v[at + COUNT]!
    const integrations = v[at + INTEGRATION_COUNT]!
    return {
      timestamp: new Date(minute * MINUTE_MS).toISOString(),
      Count: count,
      '4XXError': v[at + CLIENT_ERRORS]!,
      '5XXError': v[at + SERVER_ERRORS]!,
      CacheHitCount: v[at + CACHE_HITS]!,
      CacheMissCount: v[at + CACHE_MISSES]!,
      ShedCount: v[at + SHED]!,
      Latency: { Average: round(v[at + LATENCY_SUM]! / count), Maximum: round(v[at + LATENCY_MAX]!) },
      IntegrationLatency: integrations === 0 ? null : { Average: round(v[at + INTEGRATION_SUM]! / integrations), Maximum: round(v[at + INTEGRATION_MAX]!) },
    }
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000
}
