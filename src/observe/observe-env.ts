/**
 * observe/'s settings from the environment, validated once at start-up:
 * - `PORTICO_METRICS` = `on` (default) | `off`
 * - `PORTICO_EXECUTION_LOGS` = `file` (default) | `stdout` | `both`
 * - `PORTICO_LOG_MAX_BYTES` (default 10485760) and `PORTICO_LOG_MAX_FILES` (default 5): rotation of every log file
 * - `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, else `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`: the collector
 * - `OTEL_EXPORTER_OTLP_HEADERS` (`k=v,k2=v2`, values percent-decoded) and `OTEL_SERVICE_NAME` (default `portico`)
 */
import type { ExecutionLogTarget, ObserverOptions } from './observer.ts'
import { otlpTracesUrl } from './otlp-exporter.ts'

export class ObserveConfigError extends Error {
  override name = 'ConfigError'
}

const TARGETS: readonly ExecutionLogTarget[] = ['file', 'stdout', 'both']

export function observeOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): Pick<ObserverOptions, 'metricsEnabled' | 'executionLogs' | 'sinks' | 'otlp'> {
  const metrics = env.PORTICO_METRICS || 'on'
  if (metrics !== 'on' && metrics !== 'off') throw new ObserveConfigError(`PORTICO_METRICS must be on or off, got ${JSON.stringify(metrics)}`)
  const target = env.PORTICO_EXECUTION_LOGS || 'file'
  if (!(TARGETS as readonly string[]).includes(target)) throw new ObserveConfigError(`PORTICO_EXECUTION_LOGS must be one of ${TARGETS.join(', ')}, got ${JSON.stringify(target)}`)
  const maxFileBytes = positiveInteger(env, 'PORTICO_LOG_MAX_BYTES', 10 * 1024 * 1024)
  const maxFiles = positiveInteger(env, 'PORTICO_LOG_MAX_FILES', 5)
  const url = otlpTracesUrl(env)
  if (url !== undefined && !/^https?:\/\//.test(url)) throw new ObserveConfigError(`the OTLP traces endpoint must be an http(s) URL, got ${JSON.stringify(url)}`)
  return {
    metricsEnabled: metrics === 'on',
    executionLogs: target as ExecutionLogTarget,
    sinks: { file: { maxFileBytes, maxFiles } },
    ...(url !== undefined && { otlp: { url, serviceName: env.OTEL_SERVICE_NAME || 'portico', headers: otlpHeaders(env.OTEL_EXPORTER_OTLP_HEADERS) } }),
  }
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name]
  if (text === undefined || text === '') return fallback
  const value = Number(text)
  if (!Number.isInteger(value) || value < 1) throw new ObserveConfigError(`${name} must be a positive integer, got ${JSON.stringify(text)}`)
  return value
}

/** The OTel convention: `key=value` pairs separated by commas, values percent-encoded. */
function otlpHeaders(text: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const pair of (text ?? '').split(',')) {
    const eq = pair.indexOf('=')
    if (eq <= 0) continue
    headers[pair.slice(0, eq).trim()] = decodeURIComponent(pair.slice(eq + 1).trim())
  }
  return headers
}
