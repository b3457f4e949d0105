/**
 * inject() of a MOCK method in one process, no socket: requests per second with `--concurrency`
 * requests in flight, measured for `--duration` seconds after a 1 s warm-up, `--rounds` times
 * (the medians of req/s and of CPU µs per request are reported), on
 *   - a bare plan: benchApi's GET /mock compiled alone (no access, traffic or observe phases);
 *   - a whole Portico: startPortico in this process (SQLite in a temp directory), the same API
 *     served on a stage, the account throttle lifted (its 10,000 rps default would answer 429).
 *
 *   npm run build --silent && node --import tsx bench/inject.ts [--duration 5] [--concurrency 64] [--rounds 3]
 *
 * Portico's modules load from `dist/`, as the other benches run it: through tsx they would carry
 * its per-function `__name` wrappers, which show in profiles of this path.
 *
 * Goal (issue 13): ≥ 200k requests/s.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import type { Inject } from '../src/data/inject.ts'
import { BENCH_ADMIN, liftAccountThrottle } from './support/account.ts'
import { benchApi } from './support/apis.ts'

const dist = new URL('../dist/', import.meta.url)
const load = <T>(path: string): Promise<T> => import(new URL(path, dist).href) as Promise<T>
const { compilePlan } = await load<typeof import('../src/compile/compile.ts')>('compile/compile.js')
const { resolveConfig } = await load<typeof import('../src/config.ts')>('config.js')
const { serveFile } = await load<typeof import('../src/cli/serve-file.ts')>('cli/serve-file.js')
const { createManagementClient } = await load<typeof import('../src/cli/management-client.ts')>('cli/management-client.js')
const { createInjector } = await load<typeof import('../src/data/inject.ts')>('data/inject.js')
const { PlanRegistry } = await load<typeof import('../src/data/plan-registry.ts')>('data/plan-registry.js')
const { createUpstreamPools } = await load<typeof import('../src/integrations/index.ts')>('integrations/index.js')
const { startPortico } = await load<typeof import('../src/main.ts')>('main.js')
const { importOpenApi } = await load<typeof import('../src/openapi/import.ts')>('openapi/import.js')

const { values } = parseArgs({ options: { duration: { type: 'string', default: '5' }, concurrency: { type: 'string', default: '64' }, rounds: { type: 'string', default: '3' } } })
const durationMs = Number(values.duration) * 1000
const concurrency = Number(values.concurrency)
const rounds = Math.max(1, Number(values.rounds))
const WARM_UP_MS = 1000

/** `concurrency` loops, each injecting the next request when its last one answered, until the time is up */
async function drive(inject: Inject, path: string, forMs: number): Promise<{ requests: number; seconds: number; cpuUs: number }> {
  let requests = 0
  let failures = 0
  const cpu = process.cpuUsage()
  const started = performance.now()
  const until = started + forMs
  const loop = async (): Promise<void> => {
    while (performance.now() < until) {
      const r = await inject({ path })
      if (r.statusCode === 200) requests++
      else if (++failures === 1) console.error(`unexpected ${r.statusCode}: ${r.text()}`)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, loop))
  if (failures > 0) throw new Error(`${failures} requests did not answer 200`)
  const used = process.cpuUsage(cpu)
  return { requests, seconds: (performance.now() - started) / 1000, cpuUs: used.user + used.system }
}

async function measure(name: string, inject: Inject, path: string): Promise<number> {
  await drive(inject, path, WARM_UP_MS)
  const rates: number[] = []
  const cpus: number[] = []
  for (let i = 0; i < rounds; i++) {
    const { requests, seconds, cpuUs } = await drive(inject, path, durationMs)
    rates.push(requests / seconds)
    cpus.push(cpuUs / requests)
  }
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
  console.log(`| ${name} | ${Math.round(median(rates))} | ${median(cpus).toFixed(2)} | ${rates.map((r) => Math.round(r)).join(' / ')} |`)
  return median(rates)
}

const api = benchApi(1)
const scratch = mkdtempSync(join(tmpdir(), 'portico-bench-inject-'))
try {
  console.log(`inject() of GET /mock, ${concurrency} in flight, ${rounds} rounds of ${durationMs / 1000} s after a ${WARM_UP_MS / 1000} s warm-up; Node ${process.version}`)
  // CPU µs per request (user + system, this process) is the steadier figure on a shared machine
  console.log('| target | req/s (median) | CPU µs/request (median) | req/s per round |')
  console.log('|---|---:|---:|---|')

  const imported = importOpenApi(JSON.stringify(api), { apiId: 'benchinject' })
  if (!imported.ok) throw new Error(JSON.stringify(imported.errors))
  const upstream = createUpstreamPools()
  const plan = compilePlan({
    snapshot: imported.definition,
    deploymentId: 'bench',
    stage: { stageName: 'prod', deploymentId: 'bench', cacheClusterEnabled: false, methodSettings: {}, variables: {}, tracingEnabled: false, createdDate: 0, lastUpdatedDate: 0 },
    upstream,
  })
  const registry = new PlanRegistry()
  registry.set(plan.apiId, 'prod', plan)
  await measure('bare plan (compilePlan, no capabilities)', createInjector({ registry }), `/_aws/execute-api/${plan.apiId}/prod/mock`)
  await upstream.close()

  const portico = await startPortico(
    resolveConfig({ dataDir: join(scratch, 'data'), port: 0, host: '127.0.0.1', adminAccessKeyId: BENCH_ADMIN.accessKeyId, adminSecretAccessKey: BENCH_ADMIN.secretAccessKey }, {}),
  )
  try {
    await liftAccountThrottle(portico.url)
    const file = join(scratch, 'api.json')
    writeFileSync(file, JSON.stringify(api))
    const client = createManagementClient({ endpoint: portico.adminUrl, region: portico.config.region, credentials: { ...BENCH_ADMIN, source: 'the bench key pair' } })
    const { apiId } = await serveFile(client, file, { rest: 'prod', http: 'prod' }, {})
    await portico.settled()
    await measure('whole Portico (startPortico, account throttle lifted)', createInjector({ registry: portico.registry }), `/_aws/execute-api/${apiId}/prod/mock`)
  } finally {
    await portico.close()
  }
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
