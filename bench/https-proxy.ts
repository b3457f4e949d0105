/**
 * HTTPS keep-alive HTTP_PROXY (issue 16 goal: ≥ 0.9× a minimal HTTPS proxy, same run): Portico's
 * HTTPS listener serving benchApi's `ANY /proxy/{proxy+}` beside a minimal node:https + undici
 * proxy (support/minimal-proxy.ts with a certificate), both in front of the same plain loopback
 * upstream, both presenting the same certificate (a development CA's, for 127.0.0.1). Interleaved
 * rounds; medians of req/s, p99 and each serving process's CPU µs per request (/proc), and the
 * Portico / minimal ratio taken within each round. `--plain` adds the same pair over plain HTTP.
 *
 *   npm run build && node --import tsx bench/https-proxy.ts [--duration 5] [--connections 64] [--rounds 5] [--plain]
 *
 * autocannon (wrk is not used: it has no CA option) trusts the CA through NODE_EXTRA_CA_CERTS;
 * TLS 1.3, Node's default. Loopback only.
 */
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { Agent, request } from 'undici'
import { load, type LoadResult } from './support/load.ts'
import { cpuMs } from './support/cpu.ts'
import { startChild } from './support/start-child.ts'
import { benchApi } from './support/apis.ts'
import { benchCertificate, startHttpsPortico } from './support/bench-tls.ts'
import { apiIdForFile } from '../src/cli/serve-file.ts'

const { values } = parseArgs({
  options: { duration: { type: 'string', default: '5' }, connections: { type: 'string', default: '64' }, rounds: { type: 'string', default: '5' }, plain: { type: 'boolean', default: false } },
})
const duration = Number(values.duration)
const connections = Number(values.connections)
const rounds = Math.max(1, Number(values.rounds))
const root = new URL('..', import.meta.url).pathname
const scratch = mkdtempSync(join(tmpdir(), 'portico-bench-https-proxy-'))
const children: ChildProcess[] = []
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const start = (args: string[], ready: RegExp) => startChild(children, args, ready, { cwd: root })

interface Target {
  name: string
  url: string
  pid: number
  runs: Array<LoadResult & { cpuUs: number }>
  /** over every round: CPU ms and requests */
  cpuMs: number
  requests: number
}

try {
  const tls = benchCertificate(scratch)
  const upstream = await start(['--import', 'tsx', 'bench/support/upstream.ts'], /READY (\d+)/)
  const upstreamOrigin = `http://127.0.0.1:${upstream.match[1]}`
  const minimalHttps = await start(['--import', 'tsx', 'bench/support/minimal-proxy.ts', upstreamOrigin, tls.certFile, tls.keyFile], /READY (\d+)/)
  const apiFile = join(scratch, 'bench-api.json')
  writeFileSync(apiFile, JSON.stringify(benchApi(Number(upstream.match[1]))))
  const { child: portico, httpPort, httpsPort } = await startHttpsPortico(children, root, apiFile, tls, join(scratch, 'data'))
  const path = `/_aws/execute-api/${apiIdForFile(realpathSync(apiFile))}/prod/proxy/pets/1`
  process.env.NODE_EXTRA_CA_CERTS = tls.caFile

  const pairs: Array<[minimal: Target, portico: Target]> = [
    [
      { name: 'minimal proxy, HTTPS (node:https + undici)', url: `https://127.0.0.1:${minimalHttps.match[1]}/pets/1`, pid: minimalHttps.child.pid!, runs: [], cpuMs: 0, requests: 0 },
      { name: 'Portico HTTP_PROXY, HTTPS listener', url: `https://127.0.0.1:${httpsPort}${path}`, pid: portico.pid!, runs: [], cpuMs: 0, requests: 0 },
    ],
  ]
  if (values.plain) {
    const minimalHttp = await start(['--import', 'tsx', 'bench/support/minimal-proxy.ts', upstreamOrigin], /READY (\d+)/)
    pairs.push([
      { name: 'minimal proxy, plain HTTP (node:http + undici)', url: `http://127.0.0.1:${minimalHttp.match[1]}/pets/1`, pid: minimalHttp.child.pid!, runs: [], cpuMs: 0, requests: 0 },
      { name: 'Portico HTTP_PROXY, plain HTTP listener', url: `http://127.0.0.1:${httpPort}${path}`, pid: portico.pid!, runs: [], cpuMs: 0, requests: 0 },
    ])
  }
  const targets = pairs.flat()
  const trusting = new Agent({ connect: { ca: readFileSync(tls.caFile, 'utf8') } })
  for (const t of targets) {
    const check = await request(t.url, { dispatcher: trusting })
    if (check.statusCode !== 200) throw new Error(`${t.name}: ${t.url} answered ${check.statusCode}: ${await check.body.text()}`)
    await check.body.dump()
    load(t.url, 2, connections) // warm-up
  }
  await trusting.close()
  const load0 = loadavg()[0]!
  for (let round = 0; round < rounds; round++) {
    // alternate which of a pair goes first, so neither always follows the other's load
    const order = round % 2 === 0 ? targets : [...targets].reverse()
    for (const t of order) {
      const cpu0 = cpuMs(t.pid)
      const result = load(t.url, duration, connections)
      const used = cpuMs(t.pid) - cpu0
      t.runs.push({ ...result, cpuUs: (used * 1000) / (result.rps * duration) })
      t.cpuMs += used
      t.requests += result.rps * duration
    }
  }
  console.log(`GET …/pets/1, ${connections} keep-alive connections, ${rounds} rounds of ${duration} s, ${targets[0]!.runs[0]!.tool}; Node ${process.version}; load average ${load0.toFixed(2)} → ${loadavg()[0]!.toFixed(2)}\n`)
  console.log('| target | req/s (median) | p99 ms (median) | CPU µs/request (median) | CPU µs/request (all rounds) | req/s per round |')
  console.log('|---|---:|---:|---:|---:|---|')
  for (const t of targets) {
    console.log(`| ${t.name} | ${Math.round(median(t.runs.map((r) => r.rps)))} | ${median(t.runs.map((r) => r.p99)).toFixed(1)} | ${median(t.runs.map((r) => r.cpuUs)).toFixed(1)} | ${((t.cpuMs * 1000) / t.requests).toFixed(1)} | ${t.runs.map((r) => Math.round(r.rps)).join(' / ')} |`)
  }
  for (const [minimal, gateway] of pairs) {
    const rps = gateway.runs.map((r, i) => r.rps / minimal.runs[i]!.rps)
    const p99 = gateway.runs.map((r, i) => r.p99 / minimal.runs[i]!.p99)
    const cpu = gateway.runs.map((r, i) => r.cpuUs / minimal.runs[i]!.cpuUs)
    console.log(`\n${gateway.name} ÷ ${minimal.name}: req/s ${median(rps).toFixed(2)}× (per round ${rps.map((r) => r.toFixed(2)).join(' / ')}), p99 ${median(p99).toFixed(2)}×, CPU per request ${median(cpu).toFixed(2)}× (all rounds ${((gateway.cpuMs / gateway.requests) / (minimal.cpuMs / minimal.requests)).toFixed(2)}×)`)
  }
} finally {
  for (const child of children) child.kill('SIGTERM')
  rmSync(scratch, { recursive: true, force: true })
}
