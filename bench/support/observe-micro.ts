/**
 * In-process part of bench/observe.ts: what observe/ adds to one request, measured without the
 * noise of sockets. One real request through a real data plane yields a real RequestContext;
 * then the pipeline's end event is published for it `iterations` times, as the pipeline does
 * after each response, with the subscriber (metrics + JSON access log) in place and its file
 * sink writing to disk (flushed every 1,000 events, so the disk writes are in the CPU time).
 * Process CPU (every thread, so the file system's thread pool too) per event.
 */
import diagnostics from 'node:diagnostics_channel'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { compilePlan } from '../../src/compile/compile.ts'
import { PlanRegistry } from '../../src/data/plan-registry.ts'
import { createDataPlaneServer } from '../../src/data/server.ts'
import type { RequestContext } from '../../src/gateway/types.ts'
import { createUpstreamPools } from '../../src/integrations/index.ts'
import { createObserver } from '../../src/observe/observer.ts'
import { buildTemplateContext, formatRequestTime, readContextVariable } from '../../src/vtl/aws/context.ts'
import { benchApi, benchStage } from './observe-api.ts'

export async function observeCostPerRequest(iterations: number): Promise<{ observedMicros: number; bareMicros: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'portico-bench-micro-'))
  const observer = createObserver({ dataDir: dir, templates: { build: (ctx) => buildTemplateContext(ctx), read: readContextVariable, requestTime: formatRequestTime } })
  const upstream = createUpstreamPools()
  const registry = new PlanRegistry()
  registry.set('benchapi01', 'prod', compilePlan({ snapshot: benchApi, deploymentId: 'dep1', stage: benchStage(true), upstream, observe: observer.compile }))
  const dataPlane = createDataPlaneServer({ registry })
  const { port } = await dataPlane.listen(0, '127.0.0.1')
  let captured: RequestContext | undefined
  const capture = (m: unknown) => (captured = (m as { ctx: RequestContext }).ctx)
  diagnostics.subscribe('portico:request:end', capture)
  await (await fetch(`http://127.0.0.1:${port}/_aws/execute-api/benchapi01/prod/mock`, { headers: { 'user-agent': 'bench' } })).text()
  diagnostics.unsubscribe('portico:request:end', capture)
  const ctx = captured!
  try {
    const observed = diagnostics.channel('portico:request:end')
    const bare = diagnostics.channel('portico:bench:unobserved')
    const run = async (channel: diagnostics.Channel): Promise<number> => {
      const before = process.cpuUsage()
      for (let i = 1; i <= iterations; i++) {
        // what pipeline.ts `ended` does for every request
        if (channel.hasSubscribers) channel.publish({ ctx, statusCode: 200, durationMs: performance.now() - ctx.startedAt })
        if (i % 1000 === 0) await observer.flush()
      }
      await observer.flush()
      const used = process.cpuUsage(before)
      return (used.user + used.system) / iterations
    }
    await run(observed) // warm-up
    await run(bare)
    return { observedMicros: await run(observed), bareMicros: await run(bare) }
  } finally {
    await dataPlane.close()
    await upstream.close()
    await observer.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
