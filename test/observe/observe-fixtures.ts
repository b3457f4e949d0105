/** A data plane whose plans are observed by a fresh observer, with a clock and streams the test controls. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { compilePlan, type IntegrationStagesFactory } from '../../src/compile/compile.ts'
import type { PipelineStage } from '../../src/gateway/types.ts'
import type { FunctionInvoker } from '../../src/gateway/function-invoker.ts'
import type { RestApiDefinition, Stage } from '../../src/model/index.ts'
import { createObserver, type Observer, type ObserverOptions } from '../../src/observe/observer.ts'
import { buildTemplateContext, formatRequestTime, readContextVariable } from '../../src/vtl/aws/context.ts'
import { createUpstreamPools, integrationStages, type UpstreamPools } from '../../src/integrations/index.ts'
import { start, stage as baseStage, type Running } from '../data/fixtures.ts'

/**
 * Answers with the status in `x-status` (default 200) after `x-integration-ms` of pretend
 * integration latency; `x-cache: hit|miss` sets `ctx.cacheStatus` as the cache phase would;
 * `x-span: name` records a child span through the trace hook, as an authorizer would.
 */
export const scriptedIntegration: IntegrationStagesFactory = () => [
  function scriptedIntegration(ctx) {
    const cache = ctx.headers.get('x-cache')
    if (cache === 'hit' || cache === 'miss') ctx.cacheStatus = cache
    const status = Number(ctx.headers.get('x-status') ?? 200)
    const span = ctx.headers.get('x-span')
    if (span !== undefined) ctx.trace?.addSpan(span, ctx.requestTimeEpoch + 1, ctx.requestTimeEpoch + 3, { 'aws.authorizer.type': 'TOKEN' }, true)
    if (cache !== 'hit') ctx.integration = { status, latencyMs: Number(ctx.headers.get('x-integration-ms') ?? 7) }
    ctx.log.push(`Method request headers: {x-status=${status}}`)
    ctx.log.push(`Received response. Status: ${status}, Integration latency: 7 ms`)
    if (status >= 500) ctx.log.push('Execution failed due to configuration error: scripted failure')
    const body = JSON.stringify({ status })
    return { kind: 'http', statusCode: status, headers: { 'Content-Type': 'application/json' }, body }
  } satisfies PipelineStage,
]

export interface Observed {
  running: Running
  observer: Observer
  stdout: { text(): string }
  dir: string
  /** sets the observer's clock (epoch ms) */
  clock: { now: number }
  close(): Promise<void>
}

/**
 * `real`: the API's own integrations (HTTP_PROXY to a local server, Lambda through `invoker`)
 * instead of the scripted one; `upstream`: their connection pools (closed with the rest).
 */
export async function startObserved(
  api: RestApiDefinition,
  stageOverrides: Partial<Stage> = {},
  options: Partial<ObserverOptions> = {},
  integrationsOf: { real?: boolean; invoker?: FunctionInvoker; upstream?: UpstreamPools } = {},
): Promise<Observed> {
  const dir = mkdtempSync(join(tmpdir(), 'portico-observe-'))
  const clock = { now: Date.UTC(2026, 10, 22, 1, 0, 0) }
  const out = new PassThrough()
  let written = ''
  out.on('data', (c: Buffer) => (written += c.toString('utf8')))
  const observer = createObserver({
    dataDir: dir,
    templates: { build: (ctx) => buildTemplateContext(ctx), read: readContextVariable, requestTime: formatRequestTime },
    metrics: { now: () => clock.now },
    sinks: { stdout: out },
    ...options,
  })
  const stage: Stage = { ...baseStage('prod'), ...stageOverrides }
  const upstream = integrationsOf.upstream ?? createUpstreamPools()
  const integrations = integrationsOf.real === true ? integrationStages : scriptedIntegration
  const plan = compilePlan({ snapshot: api, deploymentId: 'dep1', stage, upstream, integrations, observe: observer.compile, ...(integrationsOf.invoker && { invoker: integrationsOf.invoker }) })
  const running = await start([plan], { fallback: (req, res) => observer.prometheus(req, res) })
  return {
    running,
    observer,
    stdout: { text: () => written },
    dir,
    clock,
    async close() {
      await running.close()
      await upstream.close()
      await observer.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
