/**
 * Gateway benchmark, one invocation, same loopback upstream for every target:
 *   direct upstream · minimal node:http + undici Pool.stream proxy · Portico HTTP_PROXY · Portico HTTP API
 *   HTTP_PROXY (`$default` route, same process, same upstream path) · Portico MOCK ·
 *   Portico AWS_PROXY → a trivial local handler (declared in a generated portico.config.json) ·
 *   the HTTP API's AWS_PROXY payload 2.0 → the same handler · an HTTP API route with HTTP_PROXY
 *   and the same route behind a JWT authorizer (a loopback OIDC issuer, keys cached) ·
 *   the same handler through serverless-offline, when installed (npm install --ignore-scripts --prefix bench/serverless-offline)
 * plus start-up time to the first served request with a 300-resource REST API and a 300-route HTTP API,
 * and the issue goals' ratios (issue 15: HTTP API HTTP_PROXY ≥ 1.05× REST's, Lambda 2.0 ≥ REST
 * AWS_PROXY, JWT ≥ 0.9× without, 300-route start-up < 500 ms).
 *
 *   npm run build && node --import tsx bench/run.ts [--duration 10] [--connections 64] [--rounds 3] [--startup-only]
 *
 * The targets are driven in interleaved rounds; the table shows medians over the rounds, each
 * ratio taken within its round, and the serving process's CPU time per request (/proc).
 * Start-up is the median of 3 first runs and 3 restarts, with the environment as it is and,
 * when it sets NODE_EXTRA_CA_CERTS (which Node loads at boot in every process), without it;
 * `node -e 0` in each environment shows what any Node process pays first. `--startup-only`
 * skips the load targets.
 *
 * Uses wrk when installed (apt-get install wrk), autocannon otherwise. Only loopback is targeted.
 */
import { spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, realpathSync, writeFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { load, type LoadResult } from './support/load.ts'
import { cpuMs } from './support/cpu.ts'
import { BENCH_ADMIN_ENV, liftAccountThrottle } from './support/account.ts'
import { startChild } from './support/start-child.ts'
import { BENCH_HANDLER_CJS, wideApi, wideHttpApi, writeBenchFiles } from './support/apis.ts'
import { apiIdForFile } from '../src/cli/serve-file.ts'

const { values } = parseArgs({ options: { duration: { type: 'string', default: '10' }, connections: { type: 'string', default: '64' }, rounds: { type: 'string', default: '3' }, 'startup-only': { type: 'boolean', default: false } } })
const duration = Number(values.duration)
const rounds = Math.max(1, Number(values.rounds))
const connections = Number(values.connections)
const root = new URL('..', import.meta.url).pathname
const children: ChildProcess[] = []
const cleanups: Array<() => void> = []
const scratch = mkdtempSync(join(tmpdir(), 'portico-bench-'))

function start(args: string[], ready: RegExp, env: NodeJS.ProcessEnv = process.env, cwd = root): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  return startChild(children, args, ready, { env, cwd })
}

interface Target {
  name: string
  url: string
  /** the process that serves it, for its CPU time */
  pid: number
  /** sent with every request */
  headers?: Record<string, string>
  runs: Array<LoadResult & { cpuUs: number }>
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
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
async function startServerlessOffline(): Promise<{ url: string; pid: number } | undefined> {
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
  const { child } = await start(args, /GET\s+\|\s+http/, env, service)
  // the route table is printed just before the server listens ("Server ready" goes to stderr)
  const url = `http://127.0.0.1:${httpPort}/dev/lambda`
  const deadline = Date.now() + 20_000
  while (Date.now() < deadline) {
    const res = await fetch(url).catch(() => undefined)
    await res?.arrayBuffer()
    if (res?.status === 200) return { url, pid: child.pid! }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`serverless-offline: ${url} not answering 200 within 20 s`)
}

async function startupMs(dataDir: string, file: string, probePath: (port: number) => string, env: NodeJS.ProcessEnv): Promise<number> {
  const t0 = performance.now()
  const { child, match } = await start(['bin/portico.js', 'serve', file, '--port', '0', '--data-dir', dataDir], /listening on http:\/\/[^:]+:(\d+)/, env)
  const stopped = new Promise((resolve) => child.once('exit', resolve))
  const port = Number(match[1])
  const deadline = Date.now() + 10_000
  try {
    while (Date.now() < deadline) {
      const res = await fetch(`http://127.0.0.1:${port}${probePath(port)}`).catch(() => undefined)
      if (res && res.status === 200) {
        await res.arrayBuffer()
        return performance.now() - t0
      }
      await new Promise((r) => setTimeout(r, 2))
    }
    throw new Error('no served request within 10 s')
  } finally {
    // the next start opens the same data directory: this one is gone first
    child.kill('SIGTERM')
    await stopped
  }
}

let dataDirs = 0
/** medians of 3 first runs (each in a new data directory: import + deploy) and of the restart that follows each */
async function startup(file: string, probePath: () => string, env: NodeJS.ProcessEnv): Promise<{ first: number; restart: number }> {
  const firsts: number[] = []
  const restarts: number[] = []
  for (let i = 0; i < 3; i++) {
    const dataDir = join(scratch, `startup-data-${++dataDirs}`)
    firsts.push(await startupMs(dataDir, file, probePath, env))
    restarts.push(await startupMs(dataDir, file, probePath, env))
  }
  return { first: median(firsts), restart: median(restarts) }
}

/** median of 5 spawns of `node -e 0` to its exit: what every Node process pays before Portico's first line */
function nodeBootMs(env: NodeJS.ProcessEnv): number {
  const times: number[] = []
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now()
    spawnSync(process.execPath, ['-e', '0'], { env })
    times.push(performance.now() - t0)
  }
  return median(times)
}

/** The load targets, in interleaved rounds, and the tables of their results. */
async function measureLoad(upstream: { child: ChildProcess }, upstreamPort: number): Promise<void> {
  const proxy = await start(['--import', 'tsx', 'bench/support/minimal-proxy.ts', `http://127.0.0.1:${upstreamPort}`], /READY (\d+)/)
  const proxyPort = Number(proxy.match[1])
  const issuer = await start(['--import', 'tsx', 'bench/support/oidc-issuer.ts'], /READY (\S+) (\S+)/)
  const [, issuerUrl, token] = issuer.match

  const { apiFile, httpApiFile, configFile } = writeBenchFiles(scratch, upstreamPort, issuerUrl)
  const portico = await start(
    ['bin/portico.js', 'serve', apiFile, httpApiFile, '--port', '0', '--data-dir', join(scratch, 'data')],
    /listening on http:\/\/[^:]+:(\d+)[\s\S]*?_aws\/execute-api\/(\w+)\/(\w+)\//,
    { ...process.env, PORTICO_CONFIG: configFile, ...BENCH_ADMIN_ENV },
  )
  const [, porticoPort, apiId, stage] = portico.match
  await liftAccountThrottle(`http://127.0.0.1:${porticoPort}`)
  const base = `http://127.0.0.1:${porticoPort}/_aws/execute-api/${apiId}/${stage}`
  // the HTTP API's $default stage answers at the root: no stage segment
  const httpBase = `http://127.0.0.1:${porticoPort}/_aws/execute-api/${apiIdForFile(realpathSync(httpApiFile))}`

  const targets: Target[] = [
    { name: 'direct upstream', url: `http://127.0.0.1:${upstreamPort}/pets/1`, pid: upstream.child.pid!, runs: [] },
    { name: 'minimal proxy (node:http + undici)', url: `http://127.0.0.1:${proxyPort}/pets/1`, pid: proxy.child.pid!, runs: [] },
    { name: 'Portico HTTP_PROXY', url: `${base}/proxy/pets/1`, pid: portico.child.pid!, runs: [] },
    { name: 'Portico HTTP API HTTP_PROXY ($default route)', url: `${httpBase}/pets/1`, pid: portico.child.pid!, runs: [] },
    { name: 'Portico MOCK', url: `${base}/mock`, pid: portico.child.pid!, runs: [] },
    // the serving process only: the handler runs in worker threads of the same process
    { name: 'Portico AWS_PROXY → local handler', url: `${base}/lambda`, pid: portico.child.pid!, runs: [] },
    { name: 'Portico HTTP API AWS_PROXY 2.0 → local handler', url: `${httpBase}/lambda`, pid: portico.child.pid!, runs: [] },
    // the same request on both routes, token included (it is forwarded to the upstream either way): only the authorizer differs
    { name: 'Portico HTTP API HTTP_PROXY (GET /open/{proxy+})', url: `${httpBase}/open/pets/1`, pid: portico.child.pid!, headers: { authorization: `Bearer ${token}` }, runs: [] },
    { name: 'Portico HTTP API HTTP_PROXY + JWT (GET /jwt/{proxy+})', url: `${httpBase}/jwt/pets/1`, pid: portico.child.pid!, headers: { authorization: `Bearer ${token}` }, runs: [] },
  ]
  const offline = await startServerlessOffline()
  if (offline) targets.push({ name: 'serverless-offline → the same handler', url: offline.url, pid: offline.pid, runs: [] })
  for (const target of targets) {
    // a kept-alive socket from the previous check may be closed by the server just as it is reused
    const init = { headers: target.headers ?? {} }
    const check = await fetch(target.url, init).catch(() => fetch(target.url, init))
    if (check.status !== 200) throw new Error(`${target.name}: ${target.url} answered ${check.status}: ${await check.text()}`)
    await check.arrayBuffer().catch(() => undefined)
    load(target.url, 2, connections, target.headers) // warm-up
  }
  // rounds interleave the targets, so a busy moment of this shared machine falls on all of them;
  // each ratio is taken within its round, then the median of the rounds is shown
  for (let round = 0; round < rounds; round++) {
    for (const target of targets) {
      const before = cpuMs(target.pid)
      const result = load(target.url, duration, connections, target.headers)
      target.runs.push({ ...result, cpuUs: ((cpuMs(target.pid) - before) * 1000) / (result.rps * duration) })
    }
  }
  const floor = targets[1]!
  const lambda = targets.find((t) => t.name.startsWith('Portico AWS_PROXY'))
  const sls = targets.find((t) => t.name.startsWith('serverless-offline'))
  console.log(`\n${rounds} rounds of ${duration} s per target, ${connections} connections, ${floor.runs[0]!.tool}; medians over the rounds\n`)
  console.log('| target | req/s | p50 ms | p99 ms | CPU µs/request (serving process) | req/s ÷ minimal proxy | p99 ÷ minimal proxy |')
  console.log('|---|---:|---:|---:|---:|---:|---:|')
  for (const t of targets) {
    const ratio = median(t.runs.map((r, i) => r.rps / floor.runs[i]!.rps))
    const p99Ratio = median(t.runs.map((r, i) => r.p99 / floor.runs[i]!.p99))
    console.log(`| ${t.name} | ${median(t.runs.map((r) => r.rps)).toFixed(0)} | ${median(t.runs.map((r) => r.p50)).toFixed(2)} | ${median(t.runs.map((r) => r.p99)).toFixed(2)} | ${median(t.runs.map((r) => r.cpuUs)).toFixed(1)} | ${ratio.toFixed(2)} | ${p99Ratio.toFixed(2)} |`)
  }

  // the rounds themselves: on this shared machine one round can move a ratio by 0.2
  console.log(`\n| req/s ÷ minimal proxy, per round | ${targets[0]!.runs.map((_, i) => `round ${i + 1}`).join(' | ')} |\n|---|${targets[0]!.runs.map(() => '---:').join('|')}|`)
  for (const t of targets.slice(2)) console.log(`| ${t.name} | ${t.runs.map((r, i) => (r.rps / floor.runs[i]!.rps).toFixed(2)).join(' | ')} |`)

  const named = (prefix: string) => targets.find((t) => t.name.startsWith(prefix))!
  const ratio = (a: Target, b: Target) => median(a.runs.map((r, i) => r.rps / b.runs[i]!.rps)).toFixed(2)
  // the steadier reading on a loaded machine: how many of a's requests one of b's costs in CPU
  const cpuRatio = (a: Target, b: Target) => median(a.runs.map((r, i) => b.runs[i]!.cpuUs / r.cpuUs)).toFixed(2)
  const goals: Array<[string, Target, Target, string]> = [
    ['HTTP API HTTP_PROXY ($default) ÷ REST HTTP_PROXY', named('Portico HTTP API HTTP_PROXY ($default'), named('Portico HTTP_PROXY'), '≥ 1.05'],
    ['HTTP API AWS_PROXY 2.0 ÷ REST AWS_PROXY', named('Portico HTTP API AWS_PROXY 2.0'), named('Portico AWS_PROXY'), '≥ 1.00'],
    ['HTTP API route with JWT ÷ the same route without', named('Portico HTTP API HTTP_PROXY + JWT'), named('Portico HTTP API HTTP_PROXY (GET /open'), '≥ 0.90'],
  ]
  console.log('\n| ratio (same round, median over rounds) | req/s ratio | inverse CPU µs/request ratio | goal (issue 15, req/s) |\n|---|---:|---:|---|')
  for (const [label, a, b, goal] of goals) console.log(`| ${label} | ${ratio(a, b)} | ${cpuRatio(a, b)} | ${goal} |`)
  if (lambda && sls) console.log(`\nPortico AWS_PROXY ÷ serverless-offline: ${median(lambda.runs.map((r, i) => r.rps / sls.runs[i]!.rps)).toFixed(1)}× the req/s`)
  else console.log('\nserverless-offline not installed (npm install --ignore-scripts --prefix bench/serverless-offline): not compared')
}

try {
  const upstream = await start(['--import', 'tsx', 'bench/support/upstream.ts'], /READY (\d+)/)
  const upstreamPort = Number(upstream.match[1])
  if (!values['startup-only']) await measureLoad(upstream, upstreamPort)

  // this process's first fetch loads Node's bundled undici (40–400 ms here): not in the first start-up's time
  const warm = `http://127.0.0.1:${upstreamPort}/`
  // a kept-alive socket from the load checks may be closed by the upstream just as it is reused
  await (await fetch(warm).catch(() => fetch(warm))).arrayBuffer()
  const wideFile = join(scratch, 'wide-api.json')
  writeFileSync(wideFile, JSON.stringify(wideApi(300)))
  const wideId = apiIdForFile(realpathSync(wideFile))
  const wideHttpFile = join(scratch, 'wide-http-api.json')
  writeFileSync(wideHttpFile, JSON.stringify(wideHttpApi(300, upstreamPort)))
  const wideHttpId = apiIdForFile(realpathSync(wideHttpFile))
  // This machine's environment sets NODE_EXTRA_CA_CERTS to the system CA bundle, which Node 20
  // loads at boot in every process (`node -e 0` ~70 ms slower): measured as is, and without it
  const { NODE_EXTRA_CA_CERTS: extraCa, ...withoutExtraCa } = process.env
  const environments: Array<[string, NodeJS.ProcessEnv]> = [['environment as is', process.env]]
  if (extraCa !== undefined) environments.push(['without NODE_EXTRA_CA_CERTS', withoutExtraCa])
  console.log('\n| start-up to the first served request (median of 3) | `node -e 0` | 300-resource REST API: first run (import + deploy) | restart | 300-route HTTP API: first run | restart |\n|---|---:|---:|---:|---:|---:|')
  for (const [label, env] of environments) {
    const rest = await startup(wideFile, () => `/_aws/execute-api/${wideId}/dev/r299`, env)
    // $default stage: no stage segment; the last route answers through the upstream
    const http = await startup(wideHttpFile, () => `/_aws/execute-api/${wideHttpId}/r299`, env)
    console.log(`| ${label} | ${nodeBootMs(env).toFixed(0)} ms | ${rest.first.toFixed(0)} ms | ${rest.restart.toFixed(0)} ms | ${http.first.toFixed(0)} ms | ${http.restart.toFixed(0)} ms |`)
  }
  console.log('goals: REST < 500 ms first run, < 300 ms restart (issue 13); HTTP API < 500 ms (issue 15)')
} finally {
  for (const child of children) child.kill('SIGTERM')
  for (const cleanup of cleanups) cleanup()
  rmSync(scratch, { recursive: true, force: true })
}
