/**
 * The metric series in Prometheus's text exposition format (version 0.0.4). CloudWatch's metric
 * names become Prometheus names (`4XXError` → `apigateway_4xx_error_total`, an HTTP API's `4xx`
 * → `apigateway_4xx_total`; a name may not start with a digit) and its dimensions become labels
 * of the same names, plus `ApiId` on a REST API's so two APIs with the same name stay two series. Portico's own health (`portico_*`: lost log lines, a
 * shared backend's failures) follows as metric families.
 */
import { LATENCY_BUCKETS_MS, SHED_REASONS, type LatencyHistogram, type MetricSeries } from './metric-series.ts'
import type { MetricsRegistry } from './metrics-registry.ts'

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8'

/** which APIs' series a family holds: CloudWatch names the error counts differently for HTTP APIs, and only they have DataProcessed */
type Kind = 'REST' | 'HTTP' | 'both'

const COUNTERS: ReadonlyArray<[name: string, help: string, kind: Kind, read: (s: MetricSeries) => number]> = [
  ['apigateway_count_total', 'CloudWatch Count: API requests', 'both', (s) => s.count],
  ['apigateway_4xx_error_total', 'CloudWatch 4XXError: client-side errors (REST APIs)', 'REST', (s) => s.clientErrors],
  ['apigateway_5xx_error_total', 'CloudWatch 5XXError: server-side errors (REST APIs)', 'REST', (s) => s.serverErrors],
  ['apigateway_cache_hit_count_total', 'CloudWatch CacheHitCount: requests served from the API cache', 'REST', (s) => s.cacheHits],
  ['apigateway_cache_miss_count_total', 'CloudWatch CacheMissCount: requests served from the backend with caching enabled', 'REST', (s) => s.cacheMisses],
  ['apigateway_4xx_total', 'CloudWatch 4xx: client-side errors (HTTP APIs)', 'HTTP', (s) => s.clientErrors],
  ['apigateway_5xx_total', 'CloudWatch 5xx: server-side errors (HTTP APIs)', 'HTTP', (s) => s.serverErrors],
  ['apigateway_data_processed_bytes_total', 'CloudWatch DataProcessed: request and response body bytes (HTTP APIs)', 'HTTP', (s) => s.dataProcessed],
]

const HISTOGRAMS: ReadonlyArray<[name: string, help: string, read: (s: MetricSeries) => LatencyHistogram]> = [
  ['apigateway_latency_milliseconds', 'CloudWatch Latency: from receiving the request to returning the response, ms', (s) => s.latency],
  ['apigateway_integration_latency_milliseconds', 'CloudWatch IntegrationLatency: from relaying the request to the backend to its response, ms', (s) => s.integrationLatency],
]

const SHED_NAME = 'portico_shed_requests_total'
const SHED_HELP =
  "requests shed rather than served, by reason: event-loop-lag (the listener's 429 while the event loop runs late under load), upstream-busy (503: no backend connection would be free before the integration timeout), function-concurrency (a local function at its concurrency: Lambda's TooManyRequestsException); also counted in apigateway_count_total and the 4xx/5xx counters"

/** A family of Portico's own series, read when scraped; a few label sets each (one per destination or backend). */
export interface MetricFamily {
  name: string
  help: string
  type: 'counter' | 'gauge'
  samples(): Iterable<readonly [labels: Readonly<Record<string, string>>, value: number]>
}

export function renderPrometheus(registry: MetricsRegistry, families: readonly MetricFamily[] = []): string {
  const series = [...registry.all()]
  const labels = series.map(labelsOf)
  const lines: string[] = []
  for (const [name, help, kind, read] of COUNTERS) {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`)
    for (let i = 0; i < series.length; i++) {
      if (kind === 'both' || (series[i]!.dimensions.protocol ?? 'REST') === kind) lines.push(`${name}{${labels[i]}} ${read(series[i]!)}`)
    }
  }
  for (const [name, help, read] of HISTOGRAMS) {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} histogram`)
    for (let i = 0; i < series.length; i++) {
      const histogram = read(series[i]!)
      let cumulative = 0
      for (let b = 0; b < LATENCY_BUCKETS_MS.length; b++) {
        cumulative += histogram.buckets[b]!
        lines.push(`${name}_bucket{${labels[i]},le="${LATENCY_BUCKETS_MS[b]}"} ${cumulative}`)
      }
      lines.push(`${name}_bucket{${labels[i]},le="+Inf"} ${histogram.count}`)
      lines.push(`${name}_sum{${labels[i]}} ${histogram.sum}`, `${name}_count{${labels[i]}} ${histogram.count}`)
    }
  }
  lines.push(`# HELP ${SHED_NAME} ${SHED_HELP}`, `# TYPE ${SHED_NAME} counter`)
  for (let i = 0; i < series.length; i++) {
    for (const reason of SHED_REASONS) lines.push(`${SHED_NAME}{${labels[i]},reason="${reason}"} ${series[i]!.shed[reason]}`)
  }
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${family.help}`, `# TYPE ${family.name} ${family.type}`)
    for (const [labels, value] of family.samples()) {
      const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`)
      lines.push(pairs.length === 0 ? `${family.name} ${value}` : `${family.name}{${pairs.join(',')}} ${value}`)
    }
  }
  return lines.join('\n') + '\n'
}

function labelsOf(series: MetricSeries): string {
  const d = series.dimensions
  // an HTTP API's dimensions have no ApiName ([DG:http-api-metrics])
  const pairs: Array<[string, string]> = d.protocol === 'HTTP' ? [['ApiId', d.apiId], ['Stage', d.stage]] : [['ApiName', d.apiName], ['ApiId', d.apiId], ['Stage', d.stage]]
  if (d.method !== undefined) pairs.push(['Method', d.method], ['Resource', d.resource ?? ''])
  return pairs.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')
}

/** Label values escape backslash, double quote and newline. */
export function escapeLabel(value: string): string {
  return value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`))
}
