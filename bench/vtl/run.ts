/**
 * Portico VTL vs velocityjs: renders/s per template (each compiled once, rendered many
 * times, same vars), the ratio, and the median µs of one render of the ~1 KB template.
 *   node --import tsx bench/vtl/run.ts
 */
import velocity from 'velocityjs'
import { compileTemplate } from '../../src/vtl/index.ts'
import { AWS_EXAMPLES, ORDER_TEMPLATE } from './templates.ts'
import { BenchInput, BenchUtil, benchContext, orderBody } from './bench-bindings.ts'

type Render = () => string

function varsFor(name: string): Record<string, unknown> {
  const util = new BenchUtil()
  const context = benchContext()
  const params = { path: { id: 'abc' }, querystring: { name: 'pet', source: 'web' }, header: { Accept: 'application/json' } }
  const bodies: Record<string, string> = {
    order: orderBody(20),
    'ex1-input-trio': JSON.stringify({ things: { 1: {}, 2: {}, 3: {} } }),
    'ex2-parse-json': JSON.stringify({ errorMessage: JSON.stringify({ key1: 'var1', key2: { arr: [1, 2, 3] } }) }),
  }
  return { input: new BenchInput(bodies[name] ?? '{"mykey":"v"}', params), util, context }
}

function throughput(render: Render, ms: number): number {
  let n = 0
  const end = performance.now() + ms
  while (performance.now() < end) {
    for (let i = 0; i < 100; i++) render()
    n += 100
  }
  return (n * 1000) / ms
}

function medianMicros(render: Render, samples: number): number {
  const times: number[] = []
  for (let i = 0; i < samples; i++) {
    const t0 = process.hrtime.bigint()
    render()
    times.push(Number(process.hrtime.bigint() - t0) / 1000)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]!
}

const templates: [string, string][] = [['order', ORDER_TEMPLATE], ...Object.entries(AWS_EXAMPLES)]
const rows: string[] = []
let orderMedian = 0
let totalPortico = 0
let totalVjs = 0
for (const [name, source] of templates) {
  const ours = compileTemplate(source)
  const oursVars = varsFor(name)
  const renderOurs: Render = () => ours.render(oursVars)
  const theirs = new velocity.Compile(velocity.parse(source))
  const theirVars = varsFor(name)
  const renderTheirs: Render = () => theirs.render(theirVars)
  throughput(renderOurs, 300)
  throughput(renderTheirs, 300)
  const a = throughput(renderOurs, 1000)
  const b = throughput(renderTheirs, 1000)
  totalPortico += 1 / a
  totalVjs += 1 / b
  if (name === 'order') orderMedian = medianMicros(renderOurs, 20000)
  rows.push(`| ${name} | ${Buffer.byteLength(source)} | ${Math.round(a).toLocaleString('en-US')} | ${Math.round(b).toLocaleString('en-US')} | ${(a / b).toFixed(1)}× |`)
}
console.log(`node ${process.version}, ${process.platform}/${process.arch}\n`)
console.log('| template | bytes | Portico renders/s | velocityjs renders/s | ratio |')
console.log('|---|---:|---:|---:|---:|')
for (const r of rows) console.log(r)
console.log(`\nall templates, one render each: Portico ${(totalPortico * 1e6).toFixed(1)} µs, velocityjs ${(totalVjs * 1e6).toFixed(1)} µs, ratio ${(totalVjs / totalPortico).toFixed(1)}×`)
console.log(`median per render of the ~1 KB order template (20 items): ${orderMedian.toFixed(2)} µs`)
