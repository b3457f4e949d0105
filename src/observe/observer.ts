/**
 * observe/: metrics, access logs, execution logs and traces, driven by the pipeline's
 * `portico:request:start|end` diagnostics events. Each plan gets a `PlanObservation` compiled
 * from its stage's settings when the plan is built, holding only what that stage turns on: a
 * stage without access logging renders no line, one without tracing makes no trace.
 */
import diagnostics from 'node:diagnostics_channel'
import { join, sep } from 'node:path'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { HttpApiObservationFactory, HttpApiObservationInput, ObservationFactory, ObservationInput } from '../gateway/method-phase.ts'
import type { MethodPlan, PlanObservation, RequestContext } from '../gateway/types.ts'
import { compileAccessLogFormat, type TemplateContextSource } from './access-log-format.ts'
import { createAccessLogTail, type AccessLogTail } from './access-log-tail.ts'
import { executionLogLines, type ExecutionLogSettings } from './execution-log.ts'
import { fileUnder, parseDestinationArn, SinkPool, sinkMetricFamilies, type SinkPoolOptions } from './log-destinations.ts'
import type { LogSink } from './log-sink.ts'
import { methodSetting } from './method-settings.ts'
import type { MetricSeries, RequestSample } from './metric-series.ts'
import { MetricsRegistry, type MetricsRegistryOptions } from './metrics-registry.ts'
import { dataProcessed, routeDimensions } from './http-api-metrics.ts'
import { exporterMetricFamilies, OtlpExporter, type OtlpExporterOptions } from './otlp-exporter.ts'
import { PROMETHEUS_CONTENT_TYPE, renderPrometheus, type MetricFamily } from './prometheus.ts'
import { finishedSpans, RequestTraceState } from './trace.ts'
import type { MethodSetting } from '../model/index.ts'

export type ExecutionLogTarget = 'file' | 'stdout' | 'both'

export interface ObserverOptions {
  /** `<dataDir>/logs/` holds the log files */
  dataDir: string
  /** `$context` of mapping templates, for access-log variables (vtl/aws/context.ts) */
  templates: TemplateContextSource
  /** an HTTP API request's `$context` (integrations/http-api/context.ts), for its access-log variables; `templates` unless given */
  httpApiTemplates?: TemplateContextSource
  metrics?: MetricsRegistryOptions
  /** CloudWatch-style metrics for every stage (default true); off, a stage that logs and traces nothing is not observed at all */
  metricsEnabled?: boolean
  sinks?: SinkPoolOptions
  /** where execution logs go; default `file` (`<dataDir>/logs/API-Gateway-Execution-Logs_{apiId}/{stage}.log`) */
  executionLogs?: ExecutionLogTarget
  /** the collector (observe-env.ts reads it from OTEL_EXPORTER_OTLP_*); none: traces propagate but spans are not exported */
  otlp?: OtlpExporterOptions
  /** a stage setting that cannot be honoured (an unusable destinationArn); default console.error */
  onWarning?: (message: string) => void
  /** more of Portico's own series for /metrics (a shared backend's health), after the log sinks' */
  families?: readonly MetricFamily[]
  /** access-log lines each stage keeps in memory for `GET /_portico/logs` (default 200; 0: none) */
  accessLogTail?: number
}

export interface Observer {
  readonly metrics: MetricsRegistry
  /** the newest access-log lines per stage (`GET /_portico/logs`) */
  readonly accessLogs: AccessLogTail
  /** passed to compilePlan: the observation of one plan */
  readonly compile: ObservationFactory
  /** passed to the HTTP API plan compiler: the observation of one HTTP API plan */
  readonly compileHttpApi: HttpApiObservationFactory
  /** `GET /metrics` in Prometheus's text format */
  prometheus(req: IncomingMessage, res: ServerResponse): void
  /** writes queued log lines and spans (tests, shutdown) */
  flush(): Promise<void>
  close(): Promise<void>
}

/** writes one request's access-log line */
type AccessLogWriter = (ctx: RequestContext, statusCode: number, durationMs: number, now: number) => void

interface MethodObservation {
  series: MetricSeries | undefined
  executionLog: ExecutionLogSettings | undefined
}

export function createObserver(options: ObserverOptions): Observer {
  const metrics = new MetricsRegistry(options.metrics)
  const sinks = new SinkPool(options.sinks)
  const logsDir = join(options.dataDir, 'logs')
  const warn = options.onWarning ?? ((message: string) => console.error(`portico: ${message}`))
  const exporter = options.otlp && new OtlpExporter(options.otlp)
  const executionTargets = options.executionLogs ?? 'file'
  const families = [...sinkMetricFamilies(sinks), ...(exporter ? exporterMetricFamilies(exporter) : []), ...(options.families ?? [])]

  // the events are process-wide: each observer handles the plans it compiled (several Porticos in one process)
  const mine = new WeakSet<PlanObservation>()
  const onStart = (message: unknown): void => {
    const { ctx } = message as { ctx: RequestContext }
    const observation = ctx.plan.observe
    if (observation?.start && mine.has(observation)) observation.start(ctx)
  }
  const onEnd = (message: unknown): void => {
    const { ctx, statusCode, durationMs } = message as { ctx: RequestContext; statusCode: number; durationMs: number }
    const observation = ctx.plan.observe
    if (observation && mine.has(observation)) observation.end(ctx, statusCode, durationMs)
  }
  // each event is published only while someone listens: listen once a plan needs it
  let endSubscribed = false
  let tracingSubscribed = false
  const metricsEnabled = options.metricsEnabled ?? true
  const accessLogs = createAccessLogTail(options.accessLogTail)

  function accessLog(input: ObservationInput): AccessLogWriter | undefined {
    return accessLogOf(input.api.restApi.id, input.stage.stageName, input.stage.accessLogSettings, input.isCanaryRequest === true, options.templates)
  }

  /** renders a stage's line once, for its destination and for the in-memory tail */
  function accessLogOf(apiId: string, stage: string, settings: { format?: string; destinationArn?: string } | undefined, canary: boolean, templates: TemplateContextSource): AccessLogWriter | undefined {
    if (!settings?.format || !settings.destinationArn) return undefined
    const destination = parseDestinationArn(settings.destinationArn, logsDir)
    if (typeof destination === 'string') {
      warn(`stage ${apiId}/${stage}: access logs are off: ${destination}`)
      return undefined
    }
    // a canary's requests go to `{log group}/Canary`, as on AWS
    const target = canary && destination.kind === 'file' ? { kind: 'file' as const, path: destination.path.replace(/\.log$/, `${sep}Canary.log`) } : destination
    const render = compileAccessLogFormat(settings.format, templates)
    const sink = sinks.get(target)
    return (ctx, statusCode, durationMs, now) => {
      const line = render({ ctx, statusCode, durationMs })
      sink.write(line)
      accessLogs.record(apiId, stage, canary, line, now)
    }
  }

  /**
   * An HTTP API stage: the stage's series (and a route's, with `detailedMetricsEnabled`) under
   * HTTP APIs' metric names and dimensions (http-api-metrics.ts) and the access log with HTTP API
   * `$context` variables. No execution logs or traces: HTTP APIs have none.
   */
  function compileHttpApi(input: HttpApiObservationInput): PlanObservation | undefined {
    const dimensions = { protocol: 'HTTP' as const, apiId: input.apiId, apiName: input.apiName, stage: input.stageName }
    const stageSeries = metricsEnabled ? metrics.series(dimensions) : undefined
    const routes = new Map<MethodPlan, MetricSeries | undefined>()
    for (const { route, detailed } of input.routes) {
      routes.set(route, metricsEnabled && detailed ? metrics.series({ ...dimensions, ...routeDimensions(route) }) : undefined)
    }
    const access = accessLogOf(input.apiId, input.stageName, input.accessLogSettings, false, options.httpApiTemplates ?? options.templates)
    if (!metricsEnabled && !access) return undefined
    if (!endSubscribed) {
      diagnostics.subscribe('portico:request:end', onEnd)
      endSubscribed = true
    }
    const observation: PlanObservation = {
      end(ctx, statusCode, durationMs) {
        const now = metrics.now()
        const sample: RequestSample = { statusCode, latencyMs: durationMs, integrationLatencyMs: ctx.integration?.latencyMs, cacheStatus: undefined, dataProcessedBytes: dataProcessed(ctx), shed: ctx.shed }
        stageSeries?.record(sample, now)
        if (ctx.route) routes.get(ctx.route)?.record(sample, now)
        access?.(ctx, statusCode, durationMs, now)
      },
      shedByListener: recordShed(stageSeries, metrics.now),
    }
    mine.add(observation)
    return observation
  }

  function executionLogSinks(input: ObservationInput): LogSink[] {
    const stream = `${input.stage.stageName}${input.isCanaryRequest === true ? '/Canary' : ''}`
    const file = fileUnder(join(logsDir, `API-Gateway-Execution-Logs_${input.api.restApi.id}`), stream)
    const out: LogSink[] = []
    if (executionTargets !== 'stdout' && typeof file !== 'string') out.push(sinks.get(file))
    if (executionTargets !== 'file') out.push(sinks.get({ kind: 'stream', name: 'stdout' }))
    return out
  }

  function compile(input: ObservationInput): PlanObservation | undefined {
    const dimensions = { apiId: input.api.restApi.id, apiName: input.api.restApi.name, stage: input.stage.stageName }
    const stageSeries = metricsEnabled ? metrics.series(dimensions) : undefined
    const methods = new Map<MethodPlan, MethodObservation>()
    for (const method of input.methods) {
      const setting = methodSetting(input.stage, method)
      const detailed = metricsEnabled && setting?.metricsEnabled === true
      methods.set(method, {
        series: detailed ? metrics.series({ ...dimensions, method: method.httpMethod, resource: method.resourcePath }) : undefined,
        executionLog: executionLogSettings(setting),
      })
    }
    const unrouted: MethodObservation = { series: undefined, executionLog: executionLogSettings(input.stage.methodSettings?.['*/*']) }
    const logsExecution = unrouted.executionLog !== undefined || [...methods.values()].some((m) => m.executionLog !== undefined)
    const executionSinks = logsExecution ? executionLogSinks(input) : []
    const access = accessLog(input)
    const tracing = input.stage.tracingEnabled === true
    if (!metricsEnabled && !access && !logsExecution && !tracing) return undefined
    if (!endSubscribed) {
      diagnostics.subscribe('portico:request:end', onEnd)
      endSubscribed = true
    }
    if (tracing && !tracingSubscribed) {
      diagnostics.subscribe('portico:request:start', onStart)
      tracingSubscribed = true
    }

    const observation: PlanObservation = {
      ...(tracing && {
        start(ctx: RequestContext) {
          ctx.trace = new RequestTraceState(ctx)
        },
      }),
      end(ctx, statusCode, durationMs) {
        const now = metrics.now()
        const method = (ctx.route && methods.get(ctx.route)) ?? unrouted
        const sample: RequestSample = { statusCode, latencyMs: durationMs, integrationLatencyMs: ctx.integration?.latencyMs, cacheStatus: ctx.cacheStatus, shed: ctx.shed }
        stageSeries?.record(sample, now)
        method.series?.record(sample, now)
        access?.(ctx, statusCode, durationMs, now)
        if (method.executionLog) {
          const lines = executionLogLines(ctx, statusCode, method.executionLog, now)
          for (const sink of executionSinks) for (const line of lines) sink.write(line)
        }
        if (exporter && ctx.trace instanceof RequestTraceState) exporter.export(finishedSpans(ctx, ctx.trace, statusCode, durationMs))
      },
      shedByListener: recordShed(stageSeries, metrics.now),
    }
    mine.add(observation)
    return observation
  }

  return {
    metrics,
    accessLogs,
    compile,
    compileHttpApi,
    prometheus(req, res) {
      const body = renderPrometheus(metrics, families)
      res.writeHead(200, { 'Content-Type': PROMETHEUS_CONTENT_TYPE, 'Content-Length': Buffer.byteLength(body) })
      res.end(req.method === 'HEAD' ? undefined : body)
    },
    async flush() {
      await Promise.all([sinks.flush(), exporter?.flush()])
    },
    async close() {
      if (tracingSubscribed) diagnostics.unsubscribe('portico:request:start', onStart)
      if (endSubscribed) diagnostics.unsubscribe('portico:request:end', onEnd)
      await Promise.all([sinks.close(), exporter?.close()])
    },
  }
}

function executionLogSettings(setting: Partial<MethodSetting> | undefined): ExecutionLogSettings | undefined {
  const level = setting?.loggingLevel
  if (level === 'ERROR' || level === 'INFO') return { level, dataTrace: setting?.dataTraceEnabled === true }
  // data tracing alone logs at INFO, as the console's "Log full requests/responses data" does
  return setting?.dataTraceEnabled === true ? { level: 'INFO', dataTrace: true } : undefined
}

/**
 * A request the listener shed before it had a context (data/server.ts): a sample in the stage's
 * series, answered at once, with no integration; no access or execution log line is written for it.
 */
function recordShed(series: MetricSeries | undefined, now: () => number): PlanObservation['shedByListener'] {
  if (series === undefined) return undefined
  return (statusCode, shed) => series.record({ statusCode, latencyMs: 0, integrationLatencyMs: undefined, cacheStatus: undefined, shed }, now())
}
