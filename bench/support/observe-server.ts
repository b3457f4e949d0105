/**
 * The server side of bench/observe.ts: a data plane serving one MOCK method, either without
 * observe/ at all (`bare`) or with metrics and a JSON access log to a file (`observed`).
 * `GET /stats` (outside any API) answers this process's CPU time and request count, so the
 * bench can take CPU per request from the server itself.
 *
 *   node --import tsx bench/support/observe-server.ts bare|observed <data-dir>
 */
import { compilePlan } from '../../src/compile/compile.ts'
import { PlanRegistry } from '../../src/data/plan-registry.ts'
import { createDataPlaneServer } from '../../src/data/server.ts'
import { createUpstreamPools } from '../../src/integrations/index.ts'
import { createObserver } from '../../src/observe/observer.ts'
import { buildTemplateContext, formatRequestTime, readContextVariable } from '../../src/vtl/aws/context.ts'
import { benchApi, benchStage } from './observe-api.ts'

const [mode, dataDir] = process.argv.slice(2)
if ((mode !== 'bare' && mode !== 'observed') || dataDir === undefined) throw new Error('usage: observe-server.ts bare|observed <data-dir>')

const stage = benchStage(mode === 'observed')

const observer =
  mode === 'observed' ? createObserver({ dataDir, templates: { build: (ctx) => buildTemplateContext(ctx), read: readContextVariable, requestTime: formatRequestTime }, sinks: { file: { maxFileBytes: 64 * 1024 * 1024, maxFiles: 1 } } }) : undefined
const upstream = createUpstreamPools()
const registry = new PlanRegistry()
registry.set('benchapi01', 'prod', compilePlan({ snapshot: benchApi, deploymentId: 'dep1', stage, upstream, ...(observer && { observe: observer.compile }) }))

let requests = 0
const dataPlane = createDataPlaneServer({
  registry,
  fallback(_req, res) {
    const cpu = process.cpuUsage()
    res.end(JSON.stringify({ requests, cpuMicros: cpu.user + cpu.system }))
  },
})
dataPlane.server.on('request', () => requests++)
const address = await dataPlane.listen(0, '127.0.0.1')
process.stdout.write(`listening ${address.port}\n`)
