import { useState } from 'react'
import type { Call } from '../api.ts'
import { useLoad } from '../hooks.ts'
import { ErrorText } from '../widgets.tsx'
import { LineChart } from './LineChart.tsx'
import { LogTail } from './LogTail.tsx'

/** a REST API's minute (4XXError, 5XXError, cache counts) or an HTTP API's (4xx, 5xx, DataProcessed) */
interface Datapoint {
  timestamp: string
  Count: number
  '4XXError'?: number
  '5XXError'?: number
  '4xx'?: number
  '5xx'?: number
  CacheHitCount?: number
  CacheMissCount?: number
  DataProcessed?: number
  Latency: { Average: number; Maximum: number; p50: number; p90: number; p99: number }
  IntegrationLatency: { Average: number; Maximum: number } | null
}
/** an HTTP API's series has no ApiName: its dimensions are ApiId and Stage */
interface Series {
  ApiName?: string
  ApiId: string
  Stage: string
  Method?: string
  Resource?: string
  datapoints: Datapoint[]
}

const RANGES = { '1h': 3_600_000, '3h': 3 * 3_600_000, '24h': 24 * 3_600_000 } as const
/** seconds per point: 24 h at 5-minute points (288 a chart, as CloudWatch's console does for a day) */
const PERIODS = { '1h': 60, '3h': 60, '24h': 300 } as const

/**
 * CloudWatch's API Gateway dashboard from GetPorticoMetrics: Count, Latency (average, p50, p90,
 * p99), IntegrationLatency, 4XX, 5XX, cache hits and misses per API and stage (per method when
 * detailed) over 1 h, 3 h or 24 h; under it the live tail of the access logs.
 */
export function Dashboard({ call, apiId }: { call: Call; apiId?: string }) {
  const [range, setRange] = useState<keyof typeof RANGES>('1h')
  const [detailed, setDetailed] = useState(false)
  const metrics = useLoad(
    () => call<{ series?: Series[] }>('GET', '/_portico/metrics', { query: { apiId, detailed: String(detailed), from: String(Date.now() - RANGES[range]), period: String(PERIODS[range]) } }),
    [apiId, range, detailed],
  )
  const series = metrics.data?.series ?? []
  return (
    <>
      <h1>Dashboard</h1>
      <div className="row">
        <div className="field">
          <label htmlFor="range">Period</label>
          <select id="range" value={range} onChange={(e) => setRange(e.target.value as keyof typeof RANGES)}>
            {Object.keys(RANGES).map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </div>
        <label className="check">
          <input type="checkbox" checked={detailed} onChange={(e) => setDetailed(e.target.checked)} /> Per method
        </label>
        <button type="button" onClick={metrics.reload}>
          Refresh
        </button>
      </div>
      <ErrorText error={metrics.error} />
      {metrics.data && series.length === 0 && <p>No requests yet in this period.</p>}
      {series.map((s) => {
        const http = s.ApiName === undefined
        const title = `${s.ApiName ?? `${s.ApiId} (HTTP API)`} · ${s.Stage}${s.Method ? ` · ${s.Method} ${s.Resource}` : ''}`
        const at = s.datapoints.map((d) => Date.parse(d.timestamp))
        const total = s.datapoints.reduce((sum, d) => sum + d.Count, 0)
        return (
          <section key={title} className="series" aria-label={title}>
            <h2>
              {title} <small data-testid="series-count">{total}</small> requests
            </h2>
            <div className="charts">
              <LineChart title="Count" at={at} values={s.datapoints.map((d) => d.Count)} />
              <LineChart title="Latency (ms, average)" at={at} values={s.datapoints.map((d) => d.Latency.Average)} />
              <LineChart
                title="Latency (ms) p50"
                at={at}
                values={s.datapoints.map((d) => d.Latency.p50)}
                more={[
                  { name: 'p90', values: s.datapoints.map((d) => d.Latency.p90) },
                  { name: 'p99', values: s.datapoints.map((d) => d.Latency.p99) },
                ]}
              />
              <LineChart title="IntegrationLatency (ms)" at={at} values={s.datapoints.map((d) => d.IntegrationLatency?.Average ?? 0)} />
              <LineChart title={http ? '4xx' : '4XXError'} at={at} values={s.datapoints.map((d) => (http ? d['4xx'] : d['4XXError']) ?? 0)} />
              <LineChart title={http ? '5xx' : '5XXError'} at={at} values={s.datapoints.map((d) => (http ? d['5xx'] : d['5XXError']) ?? 0)} />
              {http ? (
                <LineChart title="DataProcessed (bytes)" at={at} values={s.datapoints.map((d) => d.DataProcessed ?? 0)} />
              ) : (
                <>
                  <LineChart title="CacheHitCount" at={at} values={s.datapoints.map((d) => d.CacheHitCount ?? 0)} />
                  <LineChart title="CacheMissCount" at={at} values={s.datapoints.map((d) => d.CacheMissCount ?? 0)} />
                </>
              )}
            </div>
          </section>
        )
      })}
      <LogTail call={call} {...(apiId !== undefined && { apiId })} />
    </>
  )
}
