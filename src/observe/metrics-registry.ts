/**
 * Every metric series of the process, by dimensions. Series outlive plans: a redeploy picks up
 * the same series, so totals keep counting. Bounded: at most `maxSeries` series (requests past
 * that are counted in no new series) and at most `maxHistories` of them keep a 24 h history.
 */
import { MetricSeries, type SeriesDimensions } from './metric-series.ts'
import { MinuteHistory, type HttpMinuteDatapoint, type MinuteDatapoint } from './minute-history.ts'

export interface MetricsRegistryOptions {
  /** default 10,000 */
  maxSeries?: number
  /** series with a rolling history, first come first served; default 256 (about 60 MB at most: 230 KB each) */
  maxHistories?: number
  /** minutes of history; default 1440 (24 h) */
  historyMinutes?: number
  /** epoch ms; injectable for tests */
  now?: () => number
}

/** A series' history as the management API returns it: a REST API's by `ApiName`, an HTTP API's by `ApiId` alone (AWS's dimensions for each). */
export interface SeriesHistory {
  ApiName?: string
  ApiId: string
  Stage: string
  Method?: string
  Resource?: string
  datapoints: MinuteDatapoint[] | HttpMinuteDatapoint[]
}

export interface HistoryQuery {
  apiId?: string
  stage?: string
  /** include the per-method series (default: only `ApiName, Stage`) */
  detailed?: boolean
  /** epoch ms; default: the whole history */
  from?: number
  to?: number
  /** minutes per datapoint (default 1): longer periods sum their minutes, as CloudWatch's `Period` */
  periodMinutes?: number
}

export class MetricsRegistry {
  readonly now: () => number
  readonly #series = new Map<string, MetricSeries>()
  readonly #maxSeries: number
  readonly #maxHistories: number
  readonly #historyMinutes: number
  #histories = 0

  constructor(options: MetricsRegistryOptions = {}) {
    this.now = options.now ?? Date.now
    this.#maxSeries = options.maxSeries ?? 10_000
    this.#maxHistories = options.maxHistories ?? 256
    this.#historyMinutes = options.historyMinutes ?? 24 * 60
  }

  /** The series for these dimensions, made on first use; undefined once `maxSeries` are in use. */
  series(dimensions: SeriesDimensions): MetricSeries | undefined {
    const key = seriesKey(dimensions)
    let series = this.#series.get(key)
    if (series) return series
    if (this.#series.size >= this.#maxSeries) return undefined
    const history = this.#histories < this.#maxHistories ? new MinuteHistory(this.#historyMinutes) : undefined
    if (history) this.#histories++
    series = new MetricSeries(Object.freeze({ ...dimensions }), history)
    this.#series.set(key, series)
    return series
  }

  all(): IterableIterator<MetricSeries> {
    return this.#series.values()
  }

  history(query: HistoryQuery): SeriesHistory[] {
    const now = this.now()
    const out: SeriesHistory[] = []
    for (const series of this.#series.values()) {
      const d = series.dimensions
      if (!series.history || (query.apiId !== undefined && d.apiId !== query.apiId) || (query.stage !== undefined && d.stage !== query.stage)) continue
      if (d.method !== undefined && query.detailed !== true) continue
      const [from, to] = [query.from ?? 0, query.to ?? now + 1]
      out.push({
        ...(d.protocol !== 'HTTP' && { ApiName: d.apiName }),
        ApiId: d.apiId,
        Stage: d.stage,
        ...(d.method !== undefined && { Method: d.method, Resource: d.resource }),
        datapoints: d.protocol === 'HTTP' ? series.history.httpDatapoints(from, to, now, query.periodMinutes) : series.history.datapoints(from, to, now, query.periodMinutes),
      })
    }
    return out
  }
}

function seriesKey(d: SeriesDimensions): string {
  const key = `${d.protocol ?? 'REST'}\n${d.apiId}\n${d.apiName}\n${d.stage}`
  return d.method === undefined ? key : `${key}\n${d.method}\n${d.resource}`
}
