/**
 * Overload: what the gateway does past its capacity, and how fast it comes back.
 *
 *   npm run build && node --import tsx bench/overload.ts [--duration 10] [--connections 2000]
 *
 * Scenarios, one `portico serve` (from dist/) per scenario, loopback only:
 *   mock          MOCK with far more connections than it can serve at once
 *   mock-logs     the same with INFO execution logs and an access log on (issue 14, defect 2)
 *   slow-backend  HTTP_PROXY to a backend that holds every answer 2 s (integration timeout 5 s)
 *   slow-clients  500 clients that send their headers a byte at a time, beside a 64-connection
 *                 MOCK load whose latency is what is measured
 * For each: answered and shed (4xx/5xx) counts, p50/p99 of the admitted (2xx) answers, the
 * slowest answer, client errors (resets, timeouts), the server's peak RSS, and the recovery
 * time: from the end of the load until three probes in a row answer within 2× the idle p50
 * (+ 5 ms). Goals (issue 14): RSS ≤ 512 MB, recovery ≤ 2 s, every request answered or shed
 * within the integration timeout (29 s; 5 s for slow-backend).
 */
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Pool } from 'undici'
import { APIGatewayClient, GetRestApisCommand, UpdateStageCommand } from '@aws-sdk/client-api-gateway'
import { BENCH_ADMIN, BENCH_ADMIN_ENV, liftAccountThrottle } from './support/account.ts'
import { startChild } from './support/start-child.ts'

const { values } = parseArgs({ options: { duration: { type: 'string', default: '10' }, connections: { type: 'string', default: '2000' }, only: { type: 'string' } } })
const DURATION_MS = Number(values.duration) * 1000
const CONNECTIONS = Number(values.connections)
const root = new URL('..', import.meta.url).pathname
const children: ChildProcess[] = []
const scratch = mkdtempSync(join(tmpdir(), 'portico-overload-'))

interface Outcome {
  answered: number
  admitted: number[]
  shed: Map<number, number>
  errors: Map<string, number>
  slowestMs: number
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Number(m[1]) / 1024 : NaN
}

/** `connections` keep-alive connections, each sending its next request when the last is answered, until `ms` pass. */
async function drive(origin: string, path: string, connections: number, ms: number): Promise<Outcome> {
  const pool = new Pool(origin, { connections, pipelining: 1, headersTimeout: 60_000, bodyTimeout: 60_000 })
  const outcome: Outcome = { answered: 0, admitted: [], shed: new Map(), errors: new Map(), slowestMs: 0 }
  const end = performance.now() + ms
  async function worker(): Promise<void> {
    while (performance.now() < end) {
      const started = performance.now()
      try {
        const res = await pool.request({ method: 'GET', path })
        await res.body.dump()
        const took = performance.now() - started
        outcome.answered++
        outcome.slowestMs = Math.max(outcome.slowestMs, took)
        if (res.statusCode < 300) outcome.admitted.push(took)
        else outcome.shed.set(res.statusCode, (outcome.shed.get(res.statusCode) ?? 0) + 1)
      } catch (error) {
        const code = (error as { code?: string }).code ?? (error as Error).name
        outcome.errors.set(code, (outcome.errors.get(code) ?? 0) + 1)
        await new Promise((r) => setTimeout(r, 10))
      }
    }
  }
  await Promise.all(Array.from({ length: connections }, worker))
  await pool.destroy()
  return outcome
}

async function probe(origin: string, path: string): Promise<number> {
  const pool = new Pool(origin, { connections: 1 })
  const started = performance.now()
  try {
    const res = await pool.request({ method: 'GET', path, headersTimeout: 120_000 })
    await res.body.dump()
    return performance.now() - started
  } finally {
    await pool.destroy()
  }
}

async function idleP50(origin: string, path: string): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < 30; i++) times.push(await probe(origin, path))
  return percentile(times.sort((a, b) => a - b), 50)
}

/** ms from now until three probes in a row are back to idle latency; gives up after 120 s */
async function recovery(origin: string, path: string, idle: number): Promise<number> {
  const started = performance.now()
  let good = 0
  while (performance.now() - started < 120_000) {
    const took = await probe(origin, path)
    good = took <= idle * 2 + 5 ? good + 1 : 0
    if (good === 3) return performance.now() - started
    await new Promise((r) => setTimeout(r, 20))
  }
  return Infinity
}

/** Sockets that send a request's head one byte every 500 ms and never finish it. */
function slowClients(port: number, count: number): () => void {
  const head = Buffer.from('GET /_aws/execute-api/x/dev/mock HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ' + 'a'.repeat(4000))
  const sockets: Socket[] = []
  const timers: NodeJS.Timeout[] = []
  for (let i = 0; i < count; i++) {
    const socket = connect(port, '127.0.0.1')
    socket.on('error', () => {})
    let at = 0
    timers.push(setInterval(() => {
      if (at < head.length && !socket.destroyed) socket.write(head.subarray(at, ++at))
    }, 500))
    sockets.push(socket)
  }
  return () => {
    for (const t of timers) clearInterval(t)
    for (const s of sockets) s.destroy()
  }
}

function api(backendPort: number): object {
  const mock = {
    get: {
      responses: { '200': { description: 'ok' } },
      'x-amazon-apigateway-integration': {
        type: 'mock',
        requestTemplates: { 'application/json': '{"statusCode": 200}' },
        responses: { default: { statusCode: '200', responseTemplates: { 'application/json': '{"ok": true}' } } },
      },
    },
  }
  const slow = {
    get: {
      responses: {},
      'x-amazon-apigateway-integration': { type: 'http_proxy', httpMethod: 'GET', uri: `http://127.0.0.1:${backendPort}/slow`, timeoutInMillis: 5000 },
    },
  }
  return { openapi: '3.0.1', info: { title: 'Overload', version: '1' }, paths: { '/mock': mock, '/slow': slow } }
}

interface Row {
  scenario: string
  outcome: Outcome
  peakRssMb: number
  recoveryMs: number
  idleP50: number
}

async function scenario(name: string, backendPort: number, path: string, connections: number, setup?: (endpoint: string, apiId: string) => Promise<void>, extra?: (port: number) => () => void): Promise<Row> {
  const dir = join(scratch, name)
  const file = join(scratch, `${name}.json`)
  writeFileSync(file, JSON.stringify(api(backendPort)))
  const { child, match } = await startChild(children, ['bin/portico.js', 'serve', file, '--port', '0', '--data-dir', dir], /listening on (http:\/\/\S+)[\s\S]*Ready/, { cwd: root, env: { ...process.env, ...BENCH_ADMIN_ENV } })
  const endpoint = match[1]!
  await liftAccountThrottle(endpoint)
  const client = new APIGatewayClient({ endpoint, region: 'us-east-1', credentials: BENCH_ADMIN, maxAttempts: 1 })
  const apiId = (await client.send(new GetRestApisCommand({}))).items![0]!.id!
  client.destroy()
  await setup?.(endpoint, apiId)
  const fullPath = `/_aws/execute-api/${apiId}/dev${path}`
  const idle = await idleP50(endpoint, '/_aws/execute-api/' + apiId + '/dev/mock')
  let peak = rssMb(child.pid!)
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(child.pid!))), 100)
  const stopExtra = extra?.(Number(new URL(endpoint).port))
  const outcome = await drive(endpoint, fullPath, connections, DURATION_MS)
  stopExtra?.()
  const recoveryMs = await recovery(endpoint, '/_aws/execute-api/' + apiId + '/dev/mock', idle)
  clearInterval(sampler)
  child.kill('SIGTERM')
  return { scenario: name, outcome, peakRssMb: peak, recoveryMs, idleP50: idle }
}

async function enableLogs(endpoint: string, apiId: string): Promise<void> {
  const client = new APIGatewayClient({ endpoint, region: 'us-east-1', credentials: BENCH_ADMIN, maxAttempts: 1 })
  await client.send(
    new UpdateStageCommand({
      restApiId: apiId,
      stageName: 'dev',
      patchOperations: [
        { op: 'replace', path: '/*/*/logging/loglevel', value: 'INFO' },
        { op: 'replace', path: '/*/*/logging/dataTrace', value: 'true' },
        { op: 'replace', path: '/accessLogSettings/destinationArn', value: 'arn:aws:logs:us-east-1:123456789012:log-group:overload-access' },
        { op: 'replace', path: '/accessLogSettings/format', value: '$context.requestId $context.status $context.responseLatency' },
      ],
    }),
  )
  client.destroy()
}

async function main(): Promise<void> {
  const backend = createServer((req, res) => {
    req.resume()
    setTimeout(() => res.end('{"slow":true}'), 2000)
  })
  backend.keepAliveTimeout = 60_000
  await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r))
  const backendPort = (backend.address() as AddressInfo).port
  const plan: Array<() => Promise<Row>> = [
    () => scenario('mock', backendPort, '/mock', CONNECTIONS),
    () => scenario('mock-logs', backendPort, '/mock', CONNECTIONS, enableLogs),
    () => scenario('slow-backend', backendPort, '/slow', CONNECTIONS),
    () => scenario('slow-clients', backendPort, '/mock', 64, undefined, (port) => slowClients(port, 500)),
  ]
  const names = ['mock', 'mock-logs', 'slow-backend', 'slow-clients']
  const rows: Row[] = []
  for (const [i, run] of plan.entries()) if (!values.only || values.only.split(',').includes(names[i]!)) rows.push(await run())
  backend.close()
  backend.closeAllConnections()

  console.log(`\nduration ${DURATION_MS / 1000} s, ${CONNECTIONS} connections (slow-clients: 64 + 500 slow)\n`)
  console.log('| scenario | answered | admitted p50 / p99 (ms) | shed (status × n) | client errors | slowest (ms) | peak RSS (MB) | recovery (ms) |')
  console.log('|---|---:|---:|---|---|---:|---:|---:|')
  for (const r of rows) {
    const sorted = r.outcome.admitted.sort((a, b) => a - b)
    const shed = [...r.outcome.shed].map(([s, n]) => `${s} × ${n}`).join(', ') || '–'
    const errors = [...r.outcome.errors].map(([s, n]) => `${s} × ${n}`).join(', ') || '–'
    console.log(
      `| ${r.scenario} | ${r.outcome.answered} | ${percentile(sorted, 50).toFixed(1)} / ${percentile(sorted, 99).toFixed(1)} | ${shed} | ${errors} | ${r.outcome.slowestMs.toFixed(0)} | ${r.peakRssMb.toFixed(0)} | ${r.recoveryMs.toFixed(0)} (idle p50 ${r.idleP50.toFixed(1)}) |`,
    )
  }
}

try {
  await main()
} finally {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
  rmSync(scratch, { recursive: true, force: true })
}
