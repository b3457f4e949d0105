/**
 * Response cache benchmark (issue 7), one invocation:
 *   1. req/s of a cache hit against the same HTTP_PROXY method uncached, same upstream, same run
 *      (goal: hit ≥ 2× uncached);
 *   2. the in-process cache under 1,000,000 distinct keys: the most bytes it held by its own
 *      account and the heap it really took, against its byte budget.
 *
 *   node --import tsx bench/cache.ts [--duration 5] [--connections 64] [--keys 1000000] [--budget-mb 64]
 *
 * Portico runs from src/ (tsx) in a child process; wrk (or autocannon) drives it. Loopback only.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { load } from './support/load.ts'

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '64' },
    keys: { type: 'string', default: '1000000' },
    'budget-mb': { type: 'string', default: '64' },
  },
})
const root = new URL('..', import.meta.url).pathname
const children: ChildProcess[] = []
const scratch = mkdtempSync(join(tmpdir(), 'portico-cache-bench-'))

function start(args: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] })
    children.push(child)
    let out = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const ready = /READY ([^\n]+)\n/.exec(out)
      if (ready) resolve(ready[1]!.split(' '))
    })
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)))
  })
}

try {
  const duration = Number(values.duration)
  const connections = Number(values.connections)
  const [upstreamPort] = await start(['--import', 'tsx', 'bench/support/upstream.ts'])
  const [port, apiId] = await start(['--import', 'tsx', 'bench/support/cache-portico.ts', upstreamPort!, join(scratch, 'data')])
  const url = (stage: string) => `http://127.0.0.1:${port}/_aws/execute-api/${apiId}/${stage}/proxy/pets/1`
  const rows: Array<[string, ReturnType<typeof load>]> = []
  for (const [name, target] of [
    ['HTTP_PROXY, uncached', url('plain')],
    ['HTTP_PROXY, cache hit', url('cached')],
  ] as const) {
    const check = await fetch(target)
    if (check.status !== 200) throw new Error(`${target} answered ${check.status}`)
    await check.arrayBuffer()
    load(target, 2, connections) // warm-up (and, for the cached stage, the one miss)
    rows.push([name, load(target, duration, connections)])
  }
  console.log(`\n${duration}s per target, ${connections} connections, ${rows[0]![1].tool}\n`)
  console.log('| target | req/s | p50 ms | p99 ms | req/s ÷ uncached |')
  console.log('|---|---:|---:|---:|---:|')
  for (const [name, r] of rows) console.log(`| ${name} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${(r.rps / rows[0]![1].rps).toFixed(2)} |`)
  for (const child of children) child.kill('SIGTERM')

  const [report] = await start(['--expose-gc', '--import', 'tsx', 'bench/support/cache-memory.ts', values.keys!, values['budget-mb']!])
  console.log(`\n${decodeURIComponent(report!)}`)
} finally {
  for (const child of children) child.kill('SIGTERM')
  rmSync(scratch, { recursive: true, force: true })
}
