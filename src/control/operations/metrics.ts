import { badRequest } from '../protocol/errors.ts'
import type { Operation } from '../protocol/operation.ts'

/**
 * `GET /_portico/metrics?apiId=&stage=&detailed=true&from=&to=&period=` — Portico's own operation (no AWS
 * counterpart; CloudWatch's GetMetricData is another service): the rolling 1-minute history of
 * CloudWatch's REST API metrics per `ApiName, Stage` (and per method with `detailed=true`).
 * `from` / `to` are ISO 8601 times or epoch milliseconds; default: the whole 24 h. `period`:
 * seconds per datapoint, a multiple of 60 up to 86400 (CloudWatch's `Period`; default 60): a
 * 24 h chart at 300 holds 288 points a series instead of 1,440.
 */
export const metricsOperations: readonly Operation[] = [
  {
    name: 'GetPorticoMetrics',
    method: 'GET',
    path: '/_portico/metrics',
    successStatus: 200,
    async handler(request, services) {
      const q = request.query
      const detailed = q.get('detailed')
      if (detailed !== null && detailed !== 'true' && detailed !== 'false') throw badRequest(`Invalid boolean value '${detailed}' specified for detailed`)
      const from = time(q.get('from'), 'from')
      const to = time(q.get('to'), 'to')
      const period = periodSeconds(q.get('period'))
      const series = services.metrics?.history({
        ...(q.get('apiId') !== null && { apiId: q.get('apiId')! }),
        ...(q.get('stage') !== null && { stage: q.get('stage')! }),
        detailed: detailed === 'true',
        ...(from !== undefined && { from }),
        ...(to !== undefined && { to }),
        periodMinutes: period / 60,
      })
      return { resolution: period, series: series ?? [] }
    },
  },
]

function periodSeconds(text: string | null): number {
  if (text === null) return 60
  const value = /^\d+$/.test(text) ? Number(text) : NaN
  if (!(value >= 60 && value <= 86_400 && value % 60 === 0)) throw badRequest(`Invalid period: ${text}. Use a multiple of 60 seconds, at most 86400`)
  return value
}

function time(text: string | null, name: string): number | undefined {
  if (text === null) return undefined
  const value = /^\d+$/.test(text) ? Number(text) : Date.parse(text)
  if (!Number.isFinite(value)) throw badRequest(`Invalid ${name}: ${text}. Use an ISO 8601 time or epoch milliseconds`)
  return value
}
