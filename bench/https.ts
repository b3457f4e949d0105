/**
 * HTTPS vs plain HTTP through Portico, same run, same process: one `portico serve` with both
 * listeners (a development CA's certificate for 127.0.0.1), GET of benchApi's MOCK method over
 * keep-alive connections on each, in interleaved rounds; medians of req/s, p99 and the serving
 * process's CPU µs per request (/proc), and the HTTPS/HTTP ratio taken within each round.
 *
 *   npm run build && node --import tsx bench/https.ts [--duration 10] [--connections 64] [--rounds 3]
 *
 * autocannon (wrk has no CA option) trusts the CA through NODE_EXTRA_CA_CERTS. Loopback only.
 */
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { load, type LoadResult } from './support/load.ts'
import { cpuMs } from './support/cpu.ts'
import { benchApi } from './support/apis.ts'
import { apiIdForFile } from '../src/cli/serve-file.ts'
import { benchCertificate, startHttpsPortico } from './support/bench-tls.ts'

const { values } = parseArgs({ options: { duration: { type: 'string', default: '10' }, connections: { type: 'string', default: '64' }, rounds: { type: 'string', default: '3' } } })
const duration = Number(values.duration)
const connections = Number(values.connections)
const rounds = Math.max(1, Number(values.rounds))
const root = new URL('..', import.meta.url).pathname
const scratch = mkdtempSync(join(tmpdir(), 'portico-bench-https-'))
const children: ChildProcess[] = []
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

try {
  const tls = benchCertificate(scratch)
  // the MOCK method never calls its upstream: any port does
  const apiFile = join(scratch, 'bench-api.json')
  writeFileSync(apiFile, JSON.stringify(benchApi(9)))
  const { child, httpPort, httpsPort } = await startHttpsPortico(children, root, apiFile, tls, join(scratch, 'data'))
  const path = `/_aws/execute-api/${apiIdForFile(realpathSync(apiFile))}/prod/mock`
  process.env.NODE_EXTRA_CA_CERTS = tls.caFile
  const targets = [
    { name: 'Portico MOCK, plain HTTP', url: `http://127.0.0.1:${httpPort}${path}`, runs: [] as Array<LoadResult & { cpuUs: number }> },
    { name: 'Portico MOCK, HTTPS (TLS 1.3, keep-alive)', url: `https://127.0.0.1:${httpsPort}${path}`, runs: [] as Array<LoadResult & { cpuUs: number }> },
  ]
  for (const t of targets) load(t.url, 1, connections) // warm-up
  for (let round = 0; round < rounds; round++) {
    for (const t of targets) {
      const cpu0 = cpuMs(child.pid!)
      const result = load(t.url, duration, connections)
      const cpuUs = ((cpuMs(child.pid!) - cpu0) * 1000) / (result.rps * duration)
      t.runs.push({ ...result, cpuUs })
    }
  }
  const ratios = targets[1]!.runs.map((r, i) => r.rps / targets[0]!.runs[i]!.rps)
  console.log(`GET ${path}, ${connections} connections, ${rounds} rounds of ${duration} s, ${targets[0]!.runs[0]!.tool}; Node ${process.version}`)
  console.log('| target | req/s (median) | p99 ms (median) | CPU µs/request (median) | req/s per round |')
  console.log('|---|---:|---:|---:|---|')
  for (const t of targets) {
    console.log(`| ${t.name} | ${Math.round(median(t.runs.map((r) => r.rps)))} | ${median(t.runs.map((r) => r.p99)).toFixed(1)} | ${median(t.runs.map((r) => r.cpuUs)).toFixed(1)} | ${t.runs.map((r) => Math.round(r.rps)).join(' / ')} |`)
  }
  console.log(`HTTPS / HTTP req/s, per round: ${ratios.map((r) => r.toFixed(2)).join(' / ')} (median ${median(ratios).toFixed(2)})`)
} finally {
  for (const child of children) child.kill('SIGTERM')
  rmSync(scratch, { recursive: true, force: true })
}
