/**
 * REST HTTP_PROXY against an HTTP API's `$default` HTTP_PROXY with no client socket: `inject()` in
 * one process (startPortico, SQLite in a temp directory) of bench/support/apis.ts's benchApi
 * `/proxy/pets/1` and benchHttpApi `/pets/1`, both to the same loopback upstream (a child
 * process), 64 in flight, `--rounds` interleaved rounds of `--duration` seconds after a 1 s
 * warm-up each; CPU µs per request of this process (user + system), per round and median. With
 * the client's socket out of the way, what differs is the two request paths (issue 15's ≥ 1.05×
 * goal). `--profile` also writes a CPU profile of each (100 µs sampling) to the temp directory.
 *
 *   npm run build --silent && node --import tsx bench/inject-proxy.ts [--duration 1.5] [--rounds 6] [--profile]
 */
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import type { Inject } from '../src/data/inject.ts'
import { BENCH_ADMIN, liftAccountThrottle } from './support/account.ts'
import { benchApi, benchHttpApi } from './support/apis.ts'
import { startChild } from './support/start-child.ts'

// from dist/, as the other benches run Portico
const dist = new URL('../dist/', import.meta.url)
const load = <T>(path: string): Promise<T> => import(new URL(path, dist).href) as Promise<T>
const { resolveConfig } = await load<typeof import('../src/config.ts')>('config.js')
const { serveFile } = await load<typeof import('../src/cli/serve-file.ts')>('cli/serve-file.js')
const { createManagementClient } = await load<typeof import('../src/cli/management-client.ts')>('cli/management-client.js')
const { createInjector } = await load<typeof import('../src/data/inject.ts')>('data/inject.js')
const { startPortico } = await load<typeof import('../src/main.ts')>('main.js')

const { values } = parseArgs({ options: { duration: { type: 'string', default: '1.5' }, rounds: { type: 'string', default: '6' }, profile: { type: 'boolean', default: false } } })
const root = new URL('..', import.meta.url).pathname
const children: ChildProcess[] = []
const scratch = mkdtempSync(join(tmpdir(), 'portico-bench-inject-proxy-'))
const IN_FLIGHT = 64

/** `IN_FLIGHT` loops injecting `path` until `forMs` is up: this process's CPU µs per request */
async function drive(inject: Inject, path: string, forMs: number): Promise<number> {
  let requests = 0
  const cpu = process.cpuUsage()
  const until = performance.now() + forMs
  const loop = async (): Promise<void> => {
    while (performance.now() < until) {
      const r = await inject({ path })
      if (r.statusCode !== 200) throw new Error(`${path} answered ${r.statusCode}: ${r.text()}`)
      requests++
    }
  }
  await Promise.all(Array.from({ length: IN_FLIGHT }, loop))
  const used = process.cpuUsage(cpu)
  return (used.user + used.system) / requests
}

const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!

try {
  const upstream = await startChild(children, ['--import', 'tsx', 'bench/support/upstream.ts'], /READY (\d+)/, { cwd: root })
  const port = Number(upstream.match[1])
  const portico = await startPortico(
    resolveConfig({ dataDir: join(scratch, 'data'), port: 0, host: '127.0.0.1', adminAccessKeyId: BENCH_ADMIN.accessKeyId, adminSecretAccessKey: BENCH_ADMIN.secretAccessKey }, {}),
  )
  try {
    await liftAccountThrottle(portico.url)
    const client = createManagementClient({ endpoint: portico.adminUrl, region: portico.config.region, credentials: { ...BENCH_ADMIN, source: 'the bench key pair' } })
    const restFile = join(scratch, 'rest.json')
    writeFileSync(restFile, JSON.stringify(benchApi(port)))
    const httpFile = join(scratch, 'http.json')
    writeFileSync(httpFile, JSON.stringify(benchHttpApi(port)))
    const rest = await serveFile(client, restFile, { rest: 'prod', http: 'prod' }, {})
    const http = await serveFile(client, httpFile, { rest: 'prod', http: '$default' }, {})
    await portico.settled()
    const inject = createInjector({ registry: portico.registry })
    const paths: Record<string, string> = { REST: `/_aws/execute-api/${rest.apiId}/prod/proxy/pets/1`, 'HTTP API': `/_aws/execute-api/${http.apiId}/pets/1` }
    const cpu: Record<string, number[]> = {}
    for (const [name, path] of Object.entries(paths)) {
      await drive(inject, path, 1000)
      cpu[name] = []
    }
    for (let round = 0; round < Number(values.rounds); round++) {
      for (const [name, path] of Object.entries(paths)) cpu[name]!.push(await drive(inject, path, Number(values.duration) * 1000))
    }
    console.log(`inject(), ${IN_FLIGHT} in flight, ${values.rounds} interleaved rounds of ${values.duration} s\n\n| path | CPU µs/request (median) | per round |\n|---|---:|---|`)
    for (const [name, rounds] of Object.entries(cpu)) console.log(`| ${name} | ${median(rounds).toFixed(1)} | ${rounds.map((us) => us.toFixed(1)).join(' / ')} |`)
    console.log(`\nHTTP API ÷ REST (inverse CPU per request): ${(median(cpu.REST!) / median(cpu['HTTP API']!)).toFixed(2)}`)

    if (values.profile) {
      for (const [name, path] of Object.entries(paths)) {
        const session = new Session()
        session.connect()
        await session.post('Profiler.enable')
        await session.post('Profiler.setSamplingInterval', { interval: 100 })
        await session.post('Profiler.start')
        let requests = 0
        const until = performance.now() + 3000
        await Promise.all(
          Array.from({ length: IN_FLIGHT }, async () => {
            while (performance.now() < until) {
              await inject({ path })
              requests++
            }
          }),
        )
        const { profile } = await session.post('Profiler.stop')
        session.disconnect()
        const file = join(tmpdir(), `portico-inject-${name === 'REST' ? 'rest' : 'http-api'}.cpuprofile`)
        writeFileSync(file, JSON.stringify(profile))
        console.log(`${name}: ${requests} requests profiled → ${file}`)
      }
    }
  } finally {
    await portico.close()
  }
} finally {
  for (const child of children) child.kill('SIGTERM')
  rmSync(scratch, { recursive: true, force: true })
}
