/**
 * API keys, usage plans, throttles and quotas under load: the same HTTP_PROXY method bare (no key:
 * stage and account buckets only) and with apiKeyRequired (key lookup, plan per-key bucket, account
 * bucket, monthly quota, usage count), on in-process counters and on Redis counters, one run, one
 * loopback upstream. Limits are set high enough that nothing is refused: this measures their cost.
 *
 *   npm run build && node --import tsx bench/limits.ts [--duration 5] [--rounds 3] [--connections 64] [--redis redis://127.0.0.1:6379]
 *
 * The three targets are measured in turn, `rounds` times, and each one's median round is
 * reported: on a shared machine a slow spell then hits every target, not one.
 *
 * Goals (issue 6): keyed on in-process counters ≥ 0.85× bare; keyed on Redis ≥ 0.6× keyed in-process.
 */
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import {
  APIGatewayClient,
  CreateApiKeyCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  UpdateAccountCommand,
} from '@aws-sdk/client-api-gateway'
import { load, type LoadResult } from './support/load.ts'
import { cpuMs } from './support/cpu.ts'
import { startChild } from './support/start-child.ts'
import { benchApi } from './support/apis.ts'

const { values } = parseArgs({
  options: { duration: { type: 'string', default: '5' }, rounds: { type: 'string', default: '3' }, connections: { type: 'string', default: '64' }, redis: { type: 'string', default: 'redis://127.0.0.1:6379' } },
})
const duration = Number(values.duration)
const connections = Number(values.connections)
const rounds = Number(values.rounds)
const root = new URL('..', import.meta.url).pathname
const scratch = mkdtempSync(join(tmpdir(), 'portico-bench-limits-'))
const children: ChildProcess[] = []
const admin = { accessKeyId: 'AKIAPORTICOBENCH0001', secretAccessKey: 'portico/bench/limits/secret/0000000000000' }

async function start(args: string[], ready: RegExp, env: NodeJS.ProcessEnv = process.env): Promise<RegExpMatchArray & { pid: number }> {
  const { child, match } = await startChild(children, args, ready, { env, cwd: root })
  return Object.assign(match, { pid: child.pid! })
}

/** benchApi plus `ANY /keyed/{proxy+}`: the same HTTP_PROXY with an API key required */
function keyedApi(upstreamPort: number): object {
  const api = benchApi(upstreamPort) as { paths: Record<string, Record<string, Record<string, unknown>>>; components?: object }
  const proxy = api.paths['/proxy/{proxy+}']!['x-amazon-apigateway-any-method']!
  api.paths['/keyed/{proxy+}'] = { 'x-amazon-apigateway-any-method': { ...proxy, security: [{ api_key: [] }] } }
  api.components = { securitySchemes: { api_key: { type: 'apiKey', name: 'x-api-key', in: 'header' } } }
  return api
}

/** `portico serve` on `counters`, with a key in a plan whose limits nothing in this bench reaches */
async function porticoWith(counters: string, apiFile: string): Promise<{ base: string; key: string; pid: number }> {
  const started = await start(
    ['bin/portico.js', 'serve', apiFile, '--port', '0', '--data-dir', join(scratch, `data-${children.length}`), '--counters', counters],
    /listening on http:\/\/[^:]+:(\d+)[\s\S]*?_aws\/execute-api\/(\w+)\/(\w+)\//,
    { ...process.env, PORTICO_ADMIN_ACCESS_KEY_ID: admin.accessKeyId, PORTICO_ADMIN_SECRET_ACCESS_KEY: admin.secretAccessKey },
  )
  const [, port, apiId, stage] = started
  const client = new APIGatewayClient({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials: admin, maxAttempts: 1 })
  await client.send(new UpdateAccountCommand({ patchOperations: [{ op: 'replace', path: '/throttle/rateLimit', value: '1000000' }, { op: 'replace', path: '/throttle/burstLimit', value: '1000000' }] }))
  const key = await client.send(new CreateApiKeyCommand({ name: 'bench', enabled: true }))
  const plan = await client.send(new CreateUsagePlanCommand({
    name: 'bench',
    apiStages: [{ apiId, stage }],
    throttle: { rateLimit: 1_000_000, burstLimit: 1_000_000 },
    quota: { limit: 1_000_000_000, period: 'MONTH' },
  }))
  await client.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId: key.id!, keyType: 'API_KEY' }))
  client.destroy()
  return { base: `http://127.0.0.1:${port}/_aws/execute-api/${apiId}/${stage}`, key: key.value!, pid: started.pid }
}

interface Target {
  url: string
  headers: Record<string, string>
  /** the serving process */
  pid: number
  runs: Array<LoadResult & { cpuUsPerRequest: number }>
}

async function target(pid: number, url: string, headers: Record<string, string> = {}): Promise<Target> {
  const check = await fetch(url, { headers })
  if (check.status !== 200) throw new Error(`${url} answered ${check.status}: ${await check.text()}`)
  await check.arrayBuffer()
  load(url, 2, connections, headers) // warm-up
  return { url, headers, pid, runs: [] }
}

/** one round: req/s and latency, and the serving process's CPU time per request (less blurred by a busy machine) */
function run(t: Target): void {
  const before = cpuMs(t.pid)
  const result = load(t.url, duration, connections, t.headers)
  t.runs.push({ ...result, cpuUsPerRequest: ((cpuMs(t.pid) - before) * 1000) / (result.rps * duration) })
}

/** the round with the median req/s */
function median(t: Target): Target['runs'][number] {
  return [...t.runs].sort((a, b) => a.rps - b.rps)[Math.floor(t.runs.length / 2)]!
}

try {
  const [, upstreamPort] = await start(['--import', 'tsx', 'bench/support/upstream.ts'], /READY (\d+)/)
  const apiFile = join(scratch, 'keyed-api.json')
  writeFileSync(apiFile, JSON.stringify(keyedApi(Number(upstreamPort))))

  const memory = await porticoWith('memory', apiFile)
  const redis = await porticoWith(values.redis!, apiFile)
  const targets = [
    await target(memory.pid, `${memory.base}/proxy/pets/1`),
    await target(memory.pid, `${memory.base}/keyed/pets/1`, { 'x-api-key': memory.key }),
    await target(redis.pid, `${redis.base}/keyed/pets/1`, { 'x-api-key': redis.key }),
  ]
  for (let round = 0; round < rounds; round++) targets.forEach(run)
  const [bare, keyedMemory, keyedRedis] = targets.map(median) as [Target['runs'][number], Target['runs'][number], Target['runs'][number]]

  const rows: Array<[string, Target['runs'][number], string]> = [
    ['HTTP_PROXY, no key (stage + account buckets, in-process)', bare, ''],
    ['HTTP_PROXY + API key, plan throttle, quota, usage (in-process counters)', keyedMemory, `${(keyedMemory.rps / bare.rps).toFixed(2)} × bare (goal ≥ 0.85)`],
    ['the same on Redis counters', keyedRedis, `${(keyedRedis.rps / keyedMemory.rps).toFixed(2)} × in-process (goal ≥ 0.6)`],
  ]
  console.log(`\n${rounds} rounds of ${duration}s per target (median round shown), ${connections} connections, ${bare.tool}\n`)
  console.log('| target | req/s | p50 ms | p99 ms | Portico CPU µs/request | req/s ratio |')
  console.log('|---|---:|---:|---:|---:|---|')
  for (const [name, r, ratio] of rows) console.log(`| ${name} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.cpuUsPerRequest.toFixed(0)} | ${ratio} |`)
} finally {
  for (const child of children) child.kill('SIGTERM')
  rmSync(scratch, { recursive: true, force: true })
}
