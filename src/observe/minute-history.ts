/**
 * A rolling history of one metric series at 1-minute resolution, for charts: a fixed ring of
 * `minutes` slots (24 h by default), each holding CloudWatch's statistics for that minute.
 * Memory is fixed when the ring is made (13 numbers and a 20-bucket latency histogram per
 * minute: about 210 KB for 24 h); old minutes are overwritten.
 *
 * Latency's p50, p90 and p99 come from that histogram: the bucket holding the rank, linearly
 * interpolated inside it and never above the minute's Maximum. An estimate, as CloudWatch's
 * own percentiles are for large samples; its error is at most the bucket's width.
 */
import type { RequestSample } from './metric-series.ts'

const MINUTE_MS = 60_000
const FIELDS = 12
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
const DATA_PROCESSED = 10
const SHED = 11

/** upper bounds (ms) of the per-minute latency buckets; one more bucket holds what is slower */
export const PERCENTILE_BOUNDS_MS: readonly number[] = [1, 2, 5, 10, 15, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 2000, 5000, 10000]
const BUCKETS = PERCENTILE_BOUNDS_MS.length + 1

/** One minute, with CloudWatch's metric names for REST APIs; latencies are Average and Maximum in ms. */
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
  /** p50, p90 and p99 are estimates from the minute's latency histogram */
  Latency: { Average: number; Maximum: number; p50: number; p90: number; p99: number }
  /** null in a minute with no integration call */
  IntegrationLatency: { Average: number; Maximum: number } | null
}

/** One minute of an HTTP API's series, with its CloudWatch names ([DG:http-api-metrics]); DataProcessed is the Sum in bytes. */
export interface HttpMinuteDatapoint {
  timestamp: string
  Count: number
  '4xx': number
  '5xx': number
  Latency: MinuteDatapoint['Latency']
  IntegrationLatency: { Average: number; Maximum: number } | null
  DataProcessed: number
  /** Portico's own, as MinuteDatapoint's */
  ShedCount: number
}

export class MinuteHistory {
  readonly #values: Float64Array
  /** which minute (epoch minutes) each slot holds; -1 = never written */
  readonly #minutes: Float64Array
  /** requests per latency bucket, BUCKETS per minute */
  readonly #buckets: Uint32Array

  constructor(readonly minutes = 24 * 60) {
    this.#values = new Float64Array(minutes * FIELDS)
    this.#minutes = new Float64Array(minutes).fill(-1)
    this.#buckets = new Uint32Array(minutes * BUCKETS)
  }

  record(sample: RequestSample, nowMs: number): void {
    const slot = this.#slot(Math.floor(nowMs / MINUTE_MS))
    const at = slot * FIELDS
    const v = this.#values
    this.#buckets[slot * BUCKETS + bucketOf(sample.latencyMs)]!++
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
    if (sample.dataProcessedBytes !== undefined) v[at + DATA_PROCESSED] += sample.dataProcessedBytes
  }

  /** datapoints() under an HTTP API's metric names */
  httpDatapoints(fromMs: number, toMs: number, nowMs: number, periodMinutes = 1): HttpMinuteDatapoint[] {
    return this.#periodsIn(fromMs, toMs, nowMs, periodMinutes).map(([minute, slots]) => {
      const [point, v] = this.#datapoint(minute, slots)
      const { timestamp, Count, '4XXError': clientErrors, '5XXError': serverErrors, Latency, IntegrationLatency, ShedCount } = point
      return { timestamp, Count, '4xx': clientErrors, '5xx': serverErrors, Latency, IntegrationLatency, DataProcessed: v[DATA_PROCESSED]!, ShedCount }
    })
  }

  /**
   * Periods with traffic in [fromMs, toMs), oldest first; minutes older than the ring are gone.
   * `periodMinutes` > 1 sums the minutes of each period (aligned to multiples of it since the
   * epoch, as CloudWatch's periods are): counts and sums add up, maxima are the largest, and the
   * percentiles come from the period's merged histogram.
   */
  datapoints(fromMs: number, toMs: number, nowMs: number, periodMinutes = 1): MinuteDatapoint[] {
    return this.#periodsIn(fromMs, toMs, nowMs, periodMinutes).map(([minute, slots]) => this.#datapoint(minute, slots)[0])
  }

  /** [first epoch minute of the period, ring slots of its minutes with traffic] in [fromMs, toMs), oldest first */
  #periodsIn(fromMs: number, toMs: number, nowMs: number, periodMinutes: number): Array<[number, number[]]> {
    const last = Math.floor(nowMs / MINUTE_MS)
    const first = Math.max(Math.floor(fromMs / MINUTE_MS), last - this.minutes + 1)
    const end = Math.min(Math.ceil(toMs / MINUTE_MS), last + 1)
    const out: Array<[number, number[]]> = []
    for (let minute = first; minute < end; minute++) {
      const slot = minute % this.minutes
      if (this.#minutes[slot] !== minute) continue
      const period = minute - (minute % periodMinutes)
      const open = out[out.length - 1]
      if (open !== undefined && open[0] === period) open[1].push(slot)
      else out.push([period, [slot]])
    }
    return out
  }

  #slot(minute: number): number {
    const slot = minute % this.minutes
    if (this.#minutes[slot] !== minute) {
      this.#minutes[slot] = minute
      this.#values.fill(0, slot * FIELDS, slot * FIELDS + FIELDS)
      this.#buckets.fill(0, slot * BUCKETS, slot * BUCKETS + BUCKETS)
    }
    return slot
  }

  /** the datapoint of the minutes in `slots` (one minute, or a period's), and its summed fields */
  #datapoint(minute: number, slots: number[]): [MinuteDatapoint, ArrayLike<number>] {
    let v: ArrayLike<number>
    let buckets: ArrayLike<number>
    if (slots.length === 1) {
      const slot = slots[0]!
      v = this.#values.subarray(slot * FIELDS, slot * FIELDS + FIELDS)
      buckets = this.#buckets.subarray(slot * BUCKETS, slot * BUCKETS + BUCKETS)
    } else {
      const sum = new Float64Array(FIELDS)
      const merged = new Float64Array(BUCKETS)
      for (const slot of slots) {
        for (let f = 0; f < FIELDS; f++) {
          const value = this.#values[slot * FIELDS + f]!
          sum[f] = f === LATENCY_MAX || f === INTEGRATION_MAX ? Math.max(sum[f]!, value) : sum[f]! + value
        }
        for (let b = 0; b < BUCKETS; b++) merged[b] += this.#buckets[slot * BUCKETS + b]!
      }
      v = sum
      buckets = merged
    }
    const max = v[LATENCY_MAX]!
    const count = v[COUNT]!
    const integrations = v[INTEGRATION_COUNT]!
    const point: MinuteDatapoint = {
      timestamp: new Date(minute * MINUTE_MS).toISOString(),
      Count: count,
      '4XXError': v[CLIENT_ERRORS]!,
      '5XXError': v[SERVER_ERRORS]!,
      CacheHitCount: v[CACHE_HITS]!,
      CacheMissCount: v[CACHE_MISSES]!,
      ShedCount: v[SHED]!,
      Latency: {
        Average: round(v[LATENCY_SUM]! / count),
        Maximum: round(max),
        p50: round(percentile(buckets, count, 0.5, max)),
        p90: round(percentile(buckets, count, 0.9, max)),
        p99: round(percentile(buckets, count, 0.99, max)),
      },
      IntegrationLatency: integrations === 0 ? null : { Average: round(v[INTEGRATION_SUM]! / integrations), Maximum: round(v[INTEGRATION_MAX]!) },
    }
    return [point, v]
  }
}

function bucketOf(ms: number): number {
  let i = 0
  while (i < PERCENTILE_BOUNDS_MS.length && ms > PERCENTILE_BOUNDS_MS[i]!) i++
  return i
}

/** the `q` quantile of `count` requests in `buckets`: interpolated in the bucket holding its rank, at most `max` */
export function percentile(buckets: ArrayLike<number>, count: number, q: number, max: number): number {
  const rank = Math.max(1, Math.ceil(q * count))
  let below = 0
  for (let i = 0; i < buckets.length; i++) {
    const n = buckets[i]!
    if (below + n >= rank) {
      const lower = i === 0 ? 0 : PERCENTILE_BOUNDS_MS[i - 1]!
      const upper = Math.min(PERCENTILE_BOUNDS_MS[i] ?? max, max)
      return Math.min(max, lower + ((rank - below) / n) * Math.max(0, upper - lower))
    }
    below += n
  }
  return max
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000
}
