import type { HttpMinuteDatapoint, MinuteDatapoint } from '../observe/minute-history.ts'
import type { ManagementClient } from './management-client.ts'

/**
 * `portico metrics [apiId] [--stage s] [--json]`: the last hour of each stage's metrics from a
 * running Portico (GetPorticoMetrics), one row per minute with traffic; `--json` prints the
 * whole 24 h history as the management API returns it.
 */

/** a REST API's series (by ApiName) or an HTTP API's (by ApiId, with 4xx/5xx/DataProcessed) */
type Datapoint = MinuteDatapoint | HttpMinuteDatapoint
interface Series {
  ApiName?: string
  ApiId: string
  Stage: string
  datapoints: Datapoint[]
}

const HOUR_MS = 3_600_000

export async function metricsCommand(client: ManagementClient, args: string[], options: { stage?: string; json?: boolean }, out: NodeJS.WritableStream, now = Date.now()): Promise<number> {
  const query: Record<string, string> = {}
  if (args[0] !== undefined) query.apiId = args[0]
  if (options.stage !== undefined) query.stage = options.stage
  if (!options.json) query.from = String(now - HOUR_MS)
  const result = await client.json<{ series: Series[] }>({ method: 'GET', path: '/_portico/metrics', query })
  if (options.json) {
    out.write(JSON.stringify(result, null, 2) + '\n')
    return 0
  }
  if (result.series.length === 0) {
    out.write('No traffic recorded yet. Metrics appear once a deployed stage has served requests.\n')
    return 0
  }
  for (const series of result.series) {
    out.write(series.ApiName === undefined ? `HTTP API ${series.ApiId} stage ${series.Stage}\n` : `${series.ApiName} (${series.ApiId}) stage ${series.Stage}\n`)
    out.write(formatRows(series.datapoints))
  }
  return 0
}

/** aligned columns, one minute per row: a REST API's cache counts, an HTTP API's DataProcessed */
export function formatRows(datapoints: readonly Datapoint[]): string {
  if (datapoints.length === 0) return '  (no traffic in the last hour)\n'
  const http = 'DataProcessed' in datapoints[0]!
  const rows = [
    ['MINUTE', 'COUNT', '4XX', '5XX', ...(http ? ['BYTES'] : ['CACHE HIT', 'CACHE MISS']), 'SHED', 'LATENCY AVG/MAX ms', 'P50/P90/P99 ms', 'INTEGRATION AVG/MAX ms'],
    ...datapoints.map((d) => [
      d.timestamp.slice(0, 16).replace('T', ' '),
      String(d.Count),
      ...('DataProcessed' in d ? [String(d['4xx']), String(d['5xx']), String(d.DataProcessed)] : [String(d['4XXError']), String(d['5XXError']), String(d.CacheHitCount), String(d.CacheMissCount)]),
      String(d.ShedCount),
      `${d.Latency.Average}/${d.Latency.Maximum}`,
      `${d.Latency.p50}/${d.Latency.p90}/${d.Latency.p99}`,
      d.IntegrationLatency ? `${d.IntegrationLatency.Average}/${d.IntegrationLatency.Maximum}` : '-',
    ]),
  ]
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
  return rows.map((r) => '  ' + r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd() + '\n').join('')
}
