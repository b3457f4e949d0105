import { badRequest } from '../protocol/errors.ts'
import type { Operation } from '../protocol/operation.ts'

/**
 * `GET /_portico/metrics?apiId=&stage=&detailed=true&from=&to=` — Portico's own operation (no AWS
 * counterpart; CloudWatch's GetMetricData is another service): the rolling 1-minute history of
 * CloudWatch's REST API metrics per `ApiName, Stage` (and per method with `detailed=true`).
 * `from` / `to` are ISO 8601 times or epoch milliseconds; default: the whole 24 h.
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
      const series = services.metrics?.history({
        ...(q.get('apiId') !== null && { apiId: q.get('apiId')! }),
        ...(q.get('stage') !== null && { stage: q.get('stage')! }),
        detailed: detailed === 'true',
        ...(from !== undefined && { from }),
        ...(to !== undefined && { to }),
      })
      return { resolution: 60, series: series ?? [] }
    },
  },
]

function time(text: string | null, name: string): number | undefined {
  if (text === null) return undefined
  const value = /^\d+$/.test(text) ? Number(text) : Date.parse(text)
  if (!Number.isFinite(value)) throw badRequest(`Invalid ${name}: ${text}. Use an ISO 8601 time or epoch milliseconds`)
  return value
}
