/**
 * CPU cost of observe/ per request, measured two ways in one run.
 *
 * In-process (precise): the pipeline's end event published for a real request's context with
 * observe/ subscribed (metrics + AWS's JSON access log to a file, disk writes included), against
 * the same loop with nobody subscribed (support/observe-micro.ts).
 *
 * End to end (noisy on a shared machine): the same MOCK method served by two processes, one without
 * observe/ (no diagnostics subscriber, no plan observation) and one with CloudWatch-style
 * metrics plus AWS's JSON access-log format written to a file. Each server reports its own CPU
 * time (process.cpuUsage) and request count before and after each load run; the runs alternate
 * bare / observed `--rounds` times, and the medians are compared. Goal: ≤ 5 µs per request.
 *
 *   node --import tsx bench/observe.ts [--duration 5] [--rounds 3] [--connections 32]
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { load } from './support/load.ts'
import { observeCostPerRequest } from './support/observe-micro.ts'

const { values } = parseArgs({
  options: { duration: { type: 'string', default: '5' }, rounds: { type: 'string', default: '3' }, connections: { type: 'string', default: '32' }, iterations: { type: 'string', default: '200000' } },
})
const duration = Number(values.duration)
const rounds = Number(values.rounds)
const connections = Number(values.connections)
const root = new URL('..', import.meta.url).pathname
const scratch = mkdtempSync(join(tmpdir(), 'portico-bench-observe-'))
const children: ChildProcess[] = []

function startServer(mode: 'bare' | 'observed'): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/support/observe-server.ts', mode, join(scratch, mode)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] })
  children.push(child)
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString()
      const port = out.match(/listening (\d+)/)?.[1]
      if (port) resolve(Number(port))
    })
    child.on('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)))
  })
}

async function stats(port: number): Promise<{ requests: number; cpuMicros: number }> {
  return (await (await fetch(`http://127.0.0.1:${port}/stats`)).json()) as { requests: number; cpuMicros: number }
}

/** µs of server CPU per request over one load run. */
async function cpuPerRequest(port: number): Promise<{ micros: number; rps: number }> {
  const url = `http://127.0.0.1:${port}/_aws/execute-api/benchapi01/prod/mock`
  const before = await stats(port)
  const result = load(url, duration, connections)
  const after = await stats(port)
  // the /stats request itself is one of the counted requests
  const served = after.requests - before.requests - 1
  return { micros: (after.cpuMicros - before.cpuMicros) / served, rps: result.rps }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

const micro = await observeCostPerRequest(Number(values.iterations))
console.log(`in-process: ${micro.observedMicros.toFixed(2)} µs of CPU per request with observe/ subscribed, ${micro.bareMicros.toFixed(2)} µs without (goal: the difference ≤ 5 µs)\n`)

try {
  const ports = { bare: await startServer('bare'), observed: await startServer('observed') }
  // warm-up: JIT both servers
  load(`http://127.0.0.1:${ports.bare}/_aws/execute-api/benchapi01/prod/mock`, 2, connections)
  load(`http://127.0.0.1:${ports.observed}/_aws/execute-api/benchapi01/prod/mock`, 2, connections)
  const runs: Record<'bare' | 'observed', Array<{ micros: number; rps: number }>> = { bare: [], observed: [] }
  for (let i = 0; i < rounds; i++) {
    runs.bare.push(await cpuPerRequest(ports.bare))
    runs.observed.push(await cpuPerRequest(ports.observed))
  }
  const bare = median(runs.bare.map((r) => r.micros))
  const observed = median(runs.observed.map((r) => r.micros))
  // each round's observed minus the bare run just before it: the load on the machine drifts less within a pair
  const paired = median(runs.observed.map((r, i) => r.micros - runs.bare[i]!.micros))
  const fmt = (n: number) => n.toFixed(1)
  console.log('| target | CPU µs / request (median of rounds) | each round | req/s (median) |')
  console.log('|---|---:|---|---:|')
  for (const mode of ['bare', 'observed'] as const) {
    console.log(`| ${mode} | ${fmt(mode === 'bare' ? bare : observed)} | ${runs[mode].map((r) => fmt(r.micros)).join(', ')} | ${Math.round(median(runs[mode].map((r) => r.rps)))} |`)
  }
  console.log(`\nobserve/ (metrics + JSON access log to a file): ${fmt(observed - bare)} µs of CPU per request from the medians, ${fmt(paired)} µs as the median of paired rounds (goal ≤ 5 µs)`)
} finally {
  for (const child of children) child.kill()
  rmSync(scratch, { recursive: true, force: true })
}
