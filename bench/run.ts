/**
 * Gateway benchmark, one invocation, same loopback upstream for every target:
 *   direct upstream · minimal node:http + undici Pool.stream proxy · Portico HTTP_PROXY · Portico MOCK ·
 *   Portico AWS_PROXY → a trivial local handler (declared in a generated portico.config.json) ·
 *   the same handler through serverless-offline, when installed (npm install --ignore-scripts --prefix bench/serverless-offline)
 * plus start-up time to the first served request with a 300-resource API.
 *
 *   npm run build && node --import tsx bench/run.ts [--duration 10] [--connections 64]
 *
 * Uses wrk when installed (apt-get install wrk), autocannon otherwise. Only loopback is targeted.
 */
import type { ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, realpathSync, writeFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { load, type LoadResult } from './support/load.ts'
import { startChild } from './support/start-child.ts'
import { BENCH_HANDLER, BENCH_HANDLER_CJS, benchApi, lambdaConfig, wideApi } from './support/apis.ts'
import { apiIdForFile } from '../src/control/serve-files.ts'

const { values } = parseArgs({ options: { duration: { type: 'string', default: '10' }, connections: { type: 'string', default: '64' } } })
const duration = Number(values.duration)
const connections = Number(values.connections)
const root = new URL('..', import.meta.url).pathname
const children: ChildProcess[] = []
const cleanups: Array<() => void> = []
const scratch = mkdtempSync(join(tmpdir(), 'portico-bench-'))

function start(args: string[], ready: RegExp, env: NodeJS.ProcessEnv = process.env, cwd = root): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  return startChild(children, args, ready, { env, cwd })
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

const slsDir = join(root, 'bench/serverless-offline')
const slsBin = join(slsDir, 'node_modules/serverless/bin/serverless.js')

/** serverless-offline serving BENCH_HANDLER at GET /dev/lambda; undefined when not installed */
async function startServerlessOffline(): Promise<string | undefined> {
  if (!existsSync(slsBin)) return undefined
  // inside bench/serverless-offline, so that the plugin resolves from its node_modules
  const service = mkdtempSync(join(slsDir, '.service-'))
  cleanups.push(() => rmSync(service, { recursive: true, force: true }))
  writeFileSync(join(service, 'handler.js'), BENCH_HANDLER_CJS)
  writeFileSync(
    join(service, 'serverless.yml'),
    [
      'service: bench',
      "frameworkVersion: '3'",
      'provider: { name: aws, runtime: nodejs20.x, region: us-east-1 }',
      'plugins: [serverless-offline]',
      'functions:',
      '  bench:',
      '    handler: handler.handler',
      '    events: [{ http: { path: lambda, method: get } }]',
      '',
    ].join('\n'),
  )
  const [httpPort, lambdaPort] = [await freePort(), await freePort()]
  const env = { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench' }
  const args = [slsBin, 'offline', 'start', '--host', '127.0.0.1', '--httpPort', String(httpPort), '--lambdaPort', String(lambdaPort)]
  await start(args, /GET\s+\|\s+http/, env, service)
  // the route table is printed just before the server listens ("Server ready" goes to stderr)
  const url = `http://127.0.0.1:${httpPort}/dev/lambda`
  const deadline = Date.now() + 20_000
  while (Date.now() < deadline) {
    const res = await fetch(url).catch(() => undefined)
    await res?.arrayBuffer()
    if (res?.status === 200) return url
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`serverless-offline: ${url} not answering 200 within 20 s`)
}

async function startupMs(dataDir: string, file: string, probePath: (port: number) => string): Promise<number> {
  const t0 = performance.now()
  const { child, match } = await start(['bin/portico.js', 'serve', file, '--port', '0', '--data-dir', dataDir], /listening on http:\/\/[^:]+:(\d+)/)
  const port = Number(match[1])
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    const res = await fetch(`http://127.0.0.1:${port}${probePath(port)}`).catch(() => undefined)
    if (res && res.status === 200) {
      await res.arrayBuffer()
      const ms = performance.now() - t0
      child.kill('SIGTERM')
      return ms
    }
    await new Promise((r) => setTimeout(r, 2))
  }
  child.kill('SIGTERM')
  throw new Error('no served request within 10 s')
}

try {
  const upstream = await start(['--import', 'tsx', 'bench/support/upstream.ts'], /READY (\d+)/)
  const upstreamPort = Number(upstream.match[1])
  const proxy = await start(['--import', 'tsx', 'bench/support/minimal-proxy.ts', `http://127.0.0.1:${upstreamPort}`], /READY (\d+)/)
  const proxyPort = Number(proxy.match[1])

  const apiFile = join(scratch, 'bench-api.json')
  writeFileSync(apiFile, JSON.stringify(benchApi(upstreamPort)))
  writeFileSync(join(scratch, 'handler.mjs'), BENCH_HANDLER)
  const configFile = join(scratch, 'portico.config.json')
  writeFileSync(configFile, JSON.stringify(lambdaConfig(join(scratch, 'handler'))))
  const portico = await start(
    ['bin/portico.js', 'serve', apiFile, '--port', '0', '--data-dir', join(scratch, 'data')],
    /listening on http:\/\/[^:]+:(\d+)[\s\S]*?_aws\/execute-api\/(\w+)\/(\w+)\//,
    { ...process.env, PORTICO_CONFIG: configFile },
  )
  const [, porticoPort, apiId, stage] = portico.match
  const base = `http://127.0.0.1:${porticoPort}/_aws/execute-api/${apiId}/${stage}`

  const targets: Array<[string, string]> = [
    ['direct upstream', `http://127.0.0.1:${upstreamPort}/pets/1`],
    ['minimal proxy (node:http + undici)', `http://127.0.0.1:${proxyPort}/pets/1`],
    ['Portico HTTP_PROXY', `${base}/proxy/pets/1`],
    ['Portico MOCK', `${base}/mock`],
    ['Portico AWS_PROXY → local handler', `${base}/lambda`],
  ]
  const offline = await startServerlessOffline()
  if (offline) targets.push(['serverless-offline → the same handler', offline])
  const results: Array<[string, LoadResult]> = []
  for (const [name, url] of targets) {
    // a kept-alive socket from the previous check may be closed by the server just as it is reused
    const check = await fetch(url).catch(() => fetch(url))
    if (check.status !== 200) throw new Error(`${name}: ${url} answered ${check.status}: ${await check.text()}`)
    await check.arrayBuffer().catch(() => undefined)
    load(url, 2, connections) // warm-up
    results.push([name, load(url, duration, connections)])
  }
  const floor = results[1]![1]
  const lambda = results.find(([name]) => name.startsWith('Portico AWS_PROXY'))?.[1]
  const sls = results.find(([name]) => name.startsWith('serverless-offline'))?.[1]
  console.log(`\n${duration}s per target, ${connections} connections, ${results[0]![1].tool}\n`)
  console.log('| target | req/s | p50 ms | p99 ms | req/s ÷ minimal proxy | p99 ÷ minimal proxy |')
  console.log('|---|---:|---:|---:|---:|---:|')
  for (const [name, r] of results) {
    console.log(`| ${name} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${(r.rps / floor.rps).toFixed(2)} | ${(r.p99 / floor.p99).toFixed(2)} |`)
  }

  if (lambda && sls) console.log(`\nPortico AWS_PROXY ÷ serverless-offline: ${(lambda.rps / sls.rps).toFixed(1)}× the req/s`)
  else console.log('\nserverless-offline not installed (npm install --ignore-scripts --prefix bench/serverless-offline): not compared')

  const wideFile = join(scratch, 'wide-api.json')
  writeFileSync(wideFile, JSON.stringify(wideApi(300)))
  const wideData = join(scratch, 'wide-data')
  const wideId = apiIdForFile(realpathSync(wideFile))
  const firstMs = await startupMs(wideData, wideFile, () => `/_aws/execute-api/${wideId}/dev/r299`)
  const restartMs = await startupMs(wideData, wideFile, () => `/_aws/execute-api/${wideId}/dev/r299`)
  console.log(`\nstart-up to first served request, 300-resource API: first run (import + deploy) ${firstMs.toFixed(0)} ms, restart ${restartMs.toFixed(0)} ms`)
} finally {
  for (const child of children) child.kill('SIGTERM')
  for (const cleanup of cleanups) cleanup()
  rmSync(scratch, { recursive: true, force: true })
}
