/**
 * A/B of two Portico builds on a shared machine: `portico serve` from each root's `bin/` and
 * `dist/` (the same API, the same loopback upstream), driven alternately — old, new, old, new —
 * on HTTP_PROXY, MOCK and the HTTP API's HTTP_PROXY `$default` route (`http-api`). On a loaded machine wall-clock req/s is noise; the column to read is
 * the serving process's CPU time per request (/proc), whose median over the rounds is printed.
 *
 *   npm run build --silent && node --import tsx bench/ab.ts --old <root> [--new <root>] [--duration 5] [--rounds 4] [--connections 64] [--only proxy,mock,http-api]
 *
 * `--old` is a copy of a Portico checkout's `bin/`, `dist/` and `package.json` (with
 * `node_modules` beside them, or a symlink); `--new` defaults to this checkout. Only loopback
 * is targeted.
 */
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { load } from './support/load.ts'
import { cpuMs } from './support/cpu.ts'
import { BENCH_ADMIN_ENV, liftAccountThrottle } from './support/account.ts'
import { startChild } from './support/start-child.ts'
import { benchApi, benchHttpApi } from './support/apis.ts'
import { apiIdForFile } from '../src/cli/serve-file.ts'

const { values } = parseArgs({
  options: {
    old: { type: 'string' },
    new: { type: 'string', default: new URL('..', import.meta.url).pathname },
    duration: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '4' },
    connections: { type: 'string', default: '64' },
    only: { type: 'string', default: 'proxy,mock' },
  },
})
if (values.old === undefined) throw new Error('usage: bench/ab.ts --old <root> [--new <root>]')
const duration = Number(values.duration)
const rounds = Math.max(1, Number(values.rounds))
const connections = Number(values.connections)
const scratch = mkdtempSync(join(tmpdir(), 'portico-bench-ab-'))
const apiFile = join(scratch, 'bench-api.json')
const httpApiFile = join(scratch, 'bench-http-api.json')
/** each target's URL on a server's origin and REST stage base */
const urls: Record<string, (origin: string, base: string) => string> = {
  proxy: (_origin, base) => `${base}/proxy/pets/1`,
  mock: (_origin, base) => `${base}/mock`,
  // the HTTP API's $default stage answers at the root: no stage segment
  'http-api': (origin) => `${origin}/_aws/execute-api/${apiIdForFile(realpathSync(httpApiFile))}/pets/1`,
}
const only = values.only.split(',').filter((name) => urls[name] !== undefined)
const here = new URL('..', import.meta.url).pathname
const children: ChildProcess[] = []

function median(list: number[]): number {
  const sorted = [...list].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

async function serve(root: string, name: string): Promise<{ origin: string; base: string; pid: number }> {
  const { child, match } = await startChild(
    children,
    [join(root, 'bin/portico.js'), 'serve', apiFile, httpApiFile, '--port', '0', '--data-dir', join(scratch, `data-${name}`)],
    /listening on http:\/\/[^:]+:(\d+)[\s\S]*?_aws\/execute-api\/(\w+)\/(\w+)\//,
    { env: { ...process.env, ...BENCH_ADMIN_ENV }, cwd: root },
  )
  const [, port, apiId, stage] = match
  await liftAccountThrottle(`http://127.0.0.1:${port}`)
  const origin = `http://127.0.0.1:${port}`
  return { origin, base: `${origin}/_aws/execute-api/${apiId}/${stage}`, pid: child.pid! }
}

try {
  const upstream = await startChild(children, ['--import', 'tsx', 'bench/support/upstream.ts'], /READY (\d+)/, { cwd: here })
  writeFileSync(apiFile, JSON.stringify(benchApi(Number(upstream.match[1]))))
  writeFileSync(httpApiFile, JSON.stringify(benchHttpApi(Number(upstream.match[1]))))
  const builds = [
    { name: 'old', ...(await serve(resolve(values.old), 'old')) },
    { name: 'new', ...(await serve(resolve(values.new), 'new')) },
  ]
  const results = new Map<string, Array<{ rps: number; p99: number; cpuUs: number }>>()
  for (const build of builds) {
    for (const target of only) {
      const url = urls[target]!(build.origin, build.base)
      const check = await fetch(url)
      if (check.status !== 200) throw new Error(`${build.name} ${target}: ${url} answered ${check.status}: ${await check.text()}`)
      await check.arrayBuffer()
      load(url, 2, connections) // warm-up
    }
  }
  for (let round = 0; round < rounds; round++) {
    for (const target of only) {
      // old then new in even rounds, new then old in odd ones: neither always follows the other
      for (const build of round % 2 === 0 ? builds : [...builds].reverse()) {
        const before = cpuMs(build.pid)
        const result = load(urls[target]!(build.origin, build.base), duration, connections)
        const cpuUs = ((cpuMs(build.pid) - before) * 1000) / (result.rps * duration)
        const key = `${target} ${build.name}`
        results.set(key, [...(results.get(key) ?? []), { rps: result.rps, p99: result.p99, cpuUs }])
        console.log(`round ${round + 1} ${key}: ${result.rps.toFixed(0)} req/s, p99 ${result.p99} ms, ${cpuUs.toFixed(1)} CPU µs/request`)
      }
    }
  }
  console.log(`\n${rounds} rounds of ${duration} s, ${connections} connections; medians\n`)
  console.log('| target | build | req/s | p99 ms | CPU µs/request | CPU µs/request per round |')
  console.log('|---|---|---:|---:|---:|---|')
  for (const [key, runs] of results) {
    const [target, build] = key.split(' ')
    console.log(`| ${target} | ${build} | ${median(runs.map((r) => r.rps)).toFixed(0)} | ${median(runs.map((r) => r.p99))} | ${median(runs.map((r) => r.cpuUs)).toFixed(1)} | ${runs.map((r) => r.cpuUs.toFixed(1)).join(' / ')} |`)
  }
} finally {
  for (const child of children) child.kill('SIGTERM')
  rmSync(scratch, { recursive: true, force: true })
}
