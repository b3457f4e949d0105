/**
 * Where a request's CPU goes: `portico serve` (the bundled CLI) under `node --cpu-prof`, loaded on
 * one target of bench/run.ts, then the profile's self time summed per function and per file.
 *
 *   npm run build && node --import tsx bench/profile.ts [--target proxy|http-api|http-api-lambda|http-api-open|http-api-jwt|mock|lambda|https-proxy|https-mock|handshakes] [--duration 8] [--top 40]
 *
 * `https-proxy` / `https-mock`: the same methods over Portico's HTTPS listener (keep-alive, the CA
 * trusted through NODE_EXTRA_CA_CERTS); `handshakes`: new TLS connections, one GET of the MOCK
 * method each (support/handshake-client.ts, 16 concurrent loops).
 *
 * The profile is kept (its path is printed) for Chrome DevTools or speedscope. Only loopback is
 * targeted.
 */
import { spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { load } from './support/load.ts'
import { BENCH_ADMIN_ENV, liftAccountThrottle } from './support/account.ts'
import { startChild } from './support/start-child.ts'
import { writeBenchFiles } from './support/apis.ts'
import { benchCertificate } from './support/bench-tls.ts'
import { apiIdForFile } from '../src/cli/serve-file.ts'

const { values } = parseArgs({
  options: { target: { type: 'string', default: 'proxy' }, duration: { type: 'string', default: '8' }, top: { type: 'string', default: '40' }, connections: { type: 'string', default: '64' } },
})
const root = new URL('..', import.meta.url).pathname
const children: ChildProcess[] = []
const scratch = mkdtempSync(join(tmpdir(), 'portico-profile-'))
const profileDir = join(scratch, 'profile')

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
interface Profile {
  nodes: ProfileNode[]
  /** µs on the monotonic clock process.hrtime reads */
  startTime: number
  samples: number[]
  timeDeltas: number[]
}

/** now on the clock V8's profiles use (CLOCK_MONOTONIC), in µs */
const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n)

try {
  const upstream = await startChild(children, ['--import', 'tsx', 'bench/support/upstream.ts'], /READY (\d+)/, { cwd: root })
  const upstreamPort = Number(upstream.match[1])
  const issuer = await startChild(children, ['--import', 'tsx', 'bench/support/oidc-issuer.ts'], /READY (\S+) (\S+)/, { cwd: root })
  const [, issuerUrl, token] = issuer.match
  const { apiFile, httpApiFile, configFile } = writeBenchFiles(scratch, upstreamPort, issuerUrl)
  const tls = benchCertificate(scratch)
  const portico = await startChild(
    children,
    ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, 'bin/portico.js', 'serve', apiFile, httpApiFile, '--port', '0', '--https-port', '0', '--tls-cert', tls.certFile, '--tls-key', tls.keyFile, '--data-dir', join(scratch, 'data')],
    /listening on http:\/\/[^:]+:(\d+)[\s\S]*?HTTPS on https:\/\/[^:]+:(\d+)[\s\S]*?_aws\/execute-api\/(\w+)\/(\w+)\//,
    { cwd: root, env: { ...process.env, PORTICO_CONFIG: configFile, ...BENCH_ADMIN_ENV } },
  )
  const [, port, httpsPort, apiId, stage] = portico.match
  await liftAccountThrottle(`http://127.0.0.1:${port}`)
  const base = `http://127.0.0.1:${port}/_aws/execute-api`
  const secure = `https://127.0.0.1:${httpsPort}/_aws/execute-api`
  const httpBase = `${base}/${apiIdForFile(realpathSync(httpApiFile))}`
  const urls: Record<string, string> = {
    proxy: `${base}/${apiId}/${stage}/proxy/pets/1`,
    'http-api': `${httpBase}/pets/1`,
    'http-api-lambda': `${httpBase}/lambda`,
    'http-api-open': `${httpBase}/open/pets/1`,
    'http-api-jwt': `${httpBase}/jwt/pets/1`,
    mock: `${base}/${apiId}/${stage}/mock`,
    lambda: `${base}/${apiId}/${stage}/lambda`,
    'https-proxy': `${secure}/${apiId}/${stage}/proxy/pets/1`,
    'https-mock': `${secure}/${apiId}/${stage}/mock`,
    handshakes: `${secure}/${apiId}/${stage}/mock`,
  }
  const url = urls[values.target!]
  if (!url) throw new Error(`--target is one of ${Object.keys(urls).join(', ')}`)
  process.env.NODE_EXTRA_CA_CERTS = tls.caFile
  // only the samples taken during the measured load are summed: not start-up, not the warm-up
  let window: [number, number]
  if (values.target === 'handshakes') {
    const t0 = monotonicUs()
    const client = spawnSync(process.execPath, ['--import', 'tsx', 'bench/support/handshake-client.ts', url, tls.caFile, '16', values.duration!], { cwd: root, encoding: 'utf8', timeout: (Number(values.duration) + 30) * 1000 })
    const { handshakes, errors, seconds } = JSON.parse(client.stdout) as { handshakes: number; errors: number; seconds: number }
    window = [t0, monotonicUs()]
    console.log(`handshakes: ${Math.round(handshakes / seconds)} new connections/s, ${handshakes} in all, ${errors} errors (under the profiler)`)
  } else {
    const headers: Record<string, string> = values.target === 'http-api-jwt' || values.target === 'http-api-open' ? { authorization: `Bearer ${token}` } : {}
    const check = await fetch(url, { headers })
    if (check.status !== 200) throw new Error(`${url} answered ${check.status}: ${await check.text()}`)
    await check.arrayBuffer()
    load(url, 2, Number(values.connections), headers)
    const t0 = monotonicUs()
    const result = load(url, Number(values.duration), Number(values.connections), headers)
    window = [t0, monotonicUs()]
    console.log(`${values.target}: ${Math.round(result.rps)} req/s, ${Math.round(result.rps * Number(values.duration))} in all, p99 ${result.p99} ms (${result.tool}, under the profiler)`)
  }
  const exited = new Promise((resolve) => portico.child.once('exit', resolve))
  portico.child.kill('SIGTERM')
  await exited
  const file = join(profileDir, readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'))!)
  summarise(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(values.top), window)
  const kept = join(tmpdir(), `portico-${values.target}.cpuprofile`)
  writeFileSync(kept, readFileSync(file))
  console.log(`\nprofile: ${kept}`)
} finally {
  for (const child of children) child.kill('SIGTERM')
  rmSync(scratch, { recursive: true, force: true })
}

function summarise(profile: Profile, top: number, [from, to]: [number, number]): void {
  const self = new Map<number, number>()
  let at = profile.startTime
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0
    if (at >= from && at <= to) self.set(profile.samples[i]!, (self.get(profile.samples[i]!) ?? 0) + (profile.timeDeltas[i] ?? 0))
  }
  const byFunction = new Map<string, number>()
  const byFile = new Map<string, number>()
  let total = 0
  let idle = 0
  for (const node of profile.nodes) {
    const us = self.get(node.id) ?? 0
    if (node.callFrame.functionName === '(idle)') {
      idle += us
      continue
    }
    total += us
    const file = node.callFrame.url.replace(/^.*\/(node_modules\/[^/]+|dist|src)\//, '$1/') || '(native)'
    const key = `${node.callFrame.functionName || '(anonymous)'} ${file}:${node.callFrame.lineNumber + 1}`
    byFunction.set(key, (byFunction.get(key) ?? 0) + us)
    byFile.set(file, (byFile.get(file) ?? 0) + us)
  }
  const table = (title: string, map: Map<string, number>) => {
    console.log(`\n| ${title} | % of busy | ms |\n|---|---:|---:|`)
    for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`| ${name} | ${((100 * us) / total).toFixed(1)} | ${(us / 1000).toFixed(0)} |`)
  }
  console.log(`busy ${(total / 1000).toFixed(0)} ms, idle ${(idle / 1000).toFixed(0)} ms`)
  table('function (self time)', byFunction)
  table('file (self time)', byFile)
}
