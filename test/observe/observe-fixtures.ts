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
import { start, stage as baseStage, type Own, type Running } from '../data/fixtures.ts'
import { useStarted, type SuiteSetup } from '../support/use-started.ts'

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

/** What startObserved serves: the API, stage settings, observer options, and which integrations run. */
export interface ObservedSpec {
  api: RestApiDefinition
  stage?: Partial<Stage>
  options?: Partial<ObserverOptions>
  /**
   * `real`: the API's own integrations (HTTP_PROXY to a local server, Lambda through `invoker`)
   * instead of the scripted one; `upstream`: their connection pools (closed with the rest).
   */
  integrations?: { real?: boolean; invoker?: FunctionInvoker; upstream?: UpstreamPools }
}

export function startObserved(
  api: RestApiDefinition,
  stageOverrides: Partial<Stage> = {},
  options: Partial<ObserverOptions> = {},
  integrationsOf: ObservedSpec['integrations'] = {},
): Promise<Observed> {
  return observe({ api, stage: stageOverrides, options, integrations: integrationsOf })
}

/** startObserved for the enclosing suite, `setup` after it, closed after it (useStarted); `spec` may be built at start, owning what it opened (a function runtime) */
export function useObserved(spec: ObservedSpec | ((own: Own) => ObservedSpec | Promise<ObservedSpec>), setup?: SuiteSetup<Observed>): Observed {
  return useStarted(() => observe(spec), setup)
}

/** The plan observed by a fresh observer, served by data/fixtures start(), which owns the observer, the pools and the directory. */
async function observe(spec: ObservedSpec | ((own: Own) => ObservedSpec | Promise<ObservedSpec>)): Promise<Observed> {
  const clock = { now: Date.UTC(2026, 10, 22, 1, 0, 0) }
  const out = new PassThrough()
  let written = ''
  out.on('data', (c: Buffer) => (written += c.toString('utf8')))
  let observer: Observer | undefined
  let dir = ''
  const running = await start(
    async (own) => {
      const { api, stage: stageOverrides = {}, options = {}, integrations: integrationsOf = {} } = typeof spec === 'function' ? await spec(own) : spec
      const upstream = own(integrationsOf.upstream ?? createUpstreamPools())
      dir = mkdtempSync(join(tmpdir(), 'portico-observe-'))
      const made = createObserver({
        dataDir: dir,
        templates: { build: (ctx) => buildTemplateContext(ctx), read: readContextVariable, requestTime: formatRequestTime },
        metrics: { now: () => clock.now },
        sinks: { stdout: out },
        ...options,
      })
      observer = own(made)
      const removed = dir
      own({ close: () => rmSync(removed, { recursive: true, force: true }) })
      const stage: Stage = { ...baseStage('prod'), ...stageOverrides }
      const integrations = integrationsOf.real === true ? integrationStages : scriptedIntegration
      return [compilePlan({ snapshot: api, deploymentId: 'dep1', stage, upstream, integrations, observe: made.compile, ...(integrationsOf.invoker && { invoker: integrationsOf.invoker }) })]
    },
    { fallback: (req, res) => observer!.prometheus(req, res) },
  )
  return {
    running,
    observer: observer!,
    stdout: { text: () => written },
    dir,
    clock,
    close: () => running.close(),
  }
}
