/**
 * New TLS handshakes per second (issue 16: reported against a bare node:tls server and `openssl
 * s_time`): Portico's HTTPS listener (benchApi's MOCK method), a bare node:tls server and a bare
 * node:https server, all presenting the same certificate (P-256, a development CA's, for
 * 127.0.0.1; TLS 1.3, no session resumption). Each round drives every target in turn with
 *   - `--processes` client processes (support/handshake-client.ts) of `--clients` concurrent
 *     loops in all: a fresh tls.connect, one GET with `Connection: close`, read to the end;
 *   - `openssl s_time -connect 127.0.0.1:PORT -new -time N` (one connection at a time, handshake
 *     only, no request), when openssl is installed.
 * Medians over the rounds of handshakes/s and of the server's CPU µs per handshake (/proc), and
 * Portico ÷ bare node:tls taken within each round.
 *
 *   npm run build && node --import tsx bench/tls-handshakes.ts [--duration 5] [--clients 16] [--processes 2] [--rounds 3]
 *
 * Loopback only; every loop is bounded by --duration.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { cpuMs } from './support/cpu.ts'
import { startChild } from './support/start-child.ts'
import { benchApi } from './support/apis.ts'
import { benchCertificate, startHttpsPortico } from './support/bench-tls.ts'
import { apiIdForFile } from '../src/cli/serve-file.ts'

const { values } = parseArgs({
  options: { duration: { type: 'string', default: '5' }, clients: { type: 'string', default: '16' }, processes: { type: 'string', default: '2' }, rounds: { type: 'string', default: '3' } },
})
const duration = Number(values.duration)
const clients = Number(values.clients)
const processes = Math.max(1, Number(values.processes))
const rounds = Math.max(1, Number(values.rounds))
const root = new URL('..', import.meta.url).pathname
const scratch = mkdtempSync(join(tmpdir(), 'portico-bench-handshakes-'))
const children: ChildProcess[] = []
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const start = (args: string[], ready: RegExp) => startChild(children, args, ready, { cwd: root })
const hasOpenssl = spawnSync('openssl', ['version'], { encoding: 'utf8' }).error === undefined

interface Run {
  perSecond: number
  cpuUs: number
  errors: number
}
interface Target {
  name: string
  url: string
  pid: number
  node: Run[]
  sTime?: Run[]
}

/** `processes` handshake clients at once against `url`; their handshakes per second, summed */
async function nodeClients(url: string, caFile: string): Promise<{ perSecond: number; handshakes: number; errors: number }> {
  const one = (concurrency: number) =>
    new Promise<{ handshakes: number; errors: number; seconds: number }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'bench/support/handshake-client.ts', url, caFile, String(concurrency), String(duration)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] })
      let out = ''
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
      child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`handshake client exited with ${code}`))))
    })
  const results = await Promise.all(Array.from({ length: processes }, (_, i) => one(Math.floor(clients / processes) + (i < clients % processes ? 1 : 0))))
  return {
    perSecond: results.reduce((sum, r) => sum + r.handshakes / r.seconds, 0),
    handshakes: results.reduce((sum, r) => sum + r.handshakes, 0),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
  }
}

/** `openssl s_time -new`: sequential full handshakes, no request */
function sTime(port: number, caFile: string): { perSecond: number; handshakes: number } {
  const t0 = performance.now()
  const run = spawnSync('openssl', ['s_time', '-connect', `127.0.0.1:${port}`, '-new', '-time', String(duration), '-CAfile', caFile], { encoding: 'utf8', timeout: (duration + 30) * 1000 })
  const seconds = (performance.now() - t0) / 1000
  const handshakes = Number(run.stdout.match(/(\d+) connections in [\d.]+s;/)?.[1])
  if (!Number.isFinite(handshakes)) throw new Error(`openssl s_time output not understood:\n${run.stdout}\n${run.stderr}`)
  return { perSecond: handshakes / seconds, handshakes }
}

try {
  const tls = benchCertificate(scratch)
  const apiFile = join(scratch, 'bench-api.json')
  // the MOCK method never calls its upstream: any port does
  writeFileSync(apiFile, JSON.stringify(benchApi(9)))
  const portico = await startHttpsPortico(children, root, apiFile, tls, join(scratch, 'data'))
  const bareTls = await start(['--import', 'tsx', 'bench/support/bare-tls.ts', tls.certFile, tls.keyFile, 'tls'], /READY (\d+)/)
  const bareHttps = await start(['--import', 'tsx', 'bench/support/bare-tls.ts', tls.certFile, tls.keyFile, 'https'], /READY (\d+)/)
  const targets: Target[] = [
    { name: 'Portico HTTPS listener (MOCK method)', url: `https://127.0.0.1:${portico.httpsPort}/_aws/execute-api/${apiIdForFile(realpathSync(apiFile))}/prod/mock`, pid: portico.child.pid!, node: [], ...(hasOpenssl && { sTime: [] }) },
    { name: 'bare node:tls server (fixed answer)', url: `https://127.0.0.1:${bareTls.match[1]}/`, pid: bareTls.child.pid!, node: [], ...(hasOpenssl && { sTime: [] }) },
    { name: 'bare node:https server (fixed answer)', url: `https://127.0.0.1:${bareHttps.match[1]}/`, pid: bareHttps.child.pid!, node: [], ...(hasOpenssl && { sTime: [] }) },
  ]
  const load0 = loadavg()[0]!
  for (let round = 0; round < rounds; round++) {
    for (const t of round % 2 === 0 ? targets : [...targets].reverse()) {
      let cpu0 = cpuMs(t.pid)
      const node = await nodeClients(t.url, tls.caFile)
      t.node.push({ perSecond: node.perSecond, cpuUs: ((cpuMs(t.pid) - cpu0) * 1000) / node.handshakes, errors: node.errors })
      if (t.sTime) {
        cpu0 = cpuMs(t.pid)
        const s = sTime(Number(new URL(t.url).port), tls.caFile)
        t.sTime.push({ perSecond: s.perSecond, cpuUs: ((cpuMs(t.pid) - cpu0) * 1000) / s.handshakes, errors: 0 })
      }
    }
  }
  console.log(`${rounds} rounds of ${duration} s per target and client; node clients: ${processes} processes, ${clients} concurrent loops in all; Node ${process.version}; ${hasOpenssl ? spawnSync('openssl', ['version'], { encoding: 'utf8' }).stdout.trim() : 'openssl not installed'}; load average ${load0.toFixed(2)} → ${loadavg()[0]!.toFixed(2)}\n`)
  console.log('| target | client | handshakes/s (median) | server CPU µs/handshake (median) | ÷ bare node:tls (median of rounds) | handshakes/s per round | errors |')
  console.log('|---|---|---:|---:|---:|---|---:|')
  const bare = targets[1]!
  for (const t of targets) {
    for (const [client, runs, floor] of [['node tls.connect + GET', t.node, bare.node], ['openssl s_time -new', t.sTime, bare.sTime]] as const) {
      if (!runs || !floor) continue
      const ratio = median(runs.map((r, i) => r.perSecond / floor[i]!.perSecond))
      const errors = runs.reduce((sum, r) => sum + r.errors, 0)
      console.log(`| ${t.name} | ${client} | ${Math.round(median(runs.map((r) => r.perSecond)))} | ${median(runs.map((r) => r.cpuUs)).toFixed(0)} | ${ratio.toFixed(2)} | ${runs.map((r) => Math.round(r.perSecond)).join(' / ')} | ${errors} |`)
    }
  }
} finally {
  for (const child of children) child.kill('SIGTERM')
  rmSync(scratch, { recursive: true, force: true })
}
