/**
 * A burst of local Lambda invocations against the rest of the gateway (issue 14, defect 5):
 * Portico in-process, one API with a MOCK method, an AWS_PROXY method to a handler that loops
 * until its timeout and one to a trivial handler.
 * 1. cold pool: `--burst` concurrent requests to the trivial handler → their statuses;
 * 2. `--burst` concurrent requests to the looping handler; meanwhile 20 sequential MOCK requests
 *    (their latencies) and the gateway thread's stalls (the gaps of a 10 ms interval).
 *
 *   node --import tsx bench/functions/burst.ts [--burst 100] [--loop-timeout 3]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { resolveConfig } from '../../src/config.ts'
import { loadConfigFile } from '../../src/config-file.ts'
import { serveFile } from '../../test/support/serve-file.ts'
import { startPortico } from '../../src/main.ts'

const { values } = parseArgs({ options: { burst: { type: 'string', default: '100' }, 'loop-timeout': { type: 'string', default: '3' } } })
const burst = Number(values.burst)
const loopTimeout = Number(values['loop-timeout'])

const dir = mkdtempSync(join(tmpdir(), 'portico-burst-'))
writeFileSync(join(dir, 'handlers.mjs'), `export const loop = async () => { for (;;); }\nexport const trivial = async () => ({ statusCode: 200, body: 'ok' })\n`)
writeFileSync(join(dir, 'portico.config.json'), JSON.stringify({ functions: { loop: { handler: './handlers.loop', timeout: loopTimeout }, trivial: { handler: './handlers.trivial' } } }))
const lambda = (fn: string) => ({
  get: {
    responses: { '200': { description: 'ok' } },
    'x-amazon-apigateway-integration': { type: 'aws_proxy', httpMethod: 'POST', uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:${fn}/invocations` },
  },
})
const api = {
  openapi: '3.0.1',
  info: { title: 'burst', version: '1' },
  paths: {
    '/loop': lambda('loop'),
    '/trivial': lambda('trivial'),
    '/mock': {
      get: {
        responses: { '200': { description: 'ok' } },
        'x-amazon-apigateway-integration': { type: 'mock', requestTemplates: { 'application/json': '{"statusCode": 200}' }, responses: { default: { statusCode: '200' } } },
      },
    },
  },
}
writeFileSync(join(dir, 'api.json'), JSON.stringify(api))

const portico = await startPortico(resolveConfig({ dataDir: join(dir, 'data'), port: 0 }, {}), { functions: await loadConfigFile({ path: join(dir, 'portico.config.json') }) })
try {
  const served = await serveFile(portico, join(dir, 'api.json'), 'prod')
  await portico.settled()
  const base = `${portico.url}/_aws/execute-api/${served.apiId}/prod`
  const get = async (path: string): Promise<number> => {
    try {
      const res = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(60_000) })
      await res.arrayBuffer()
      return res.status
    } catch {
      return 0
    }
  }
  const tally = (statuses: number[]) => Object.entries(statuses.reduce<Record<number, number>>((n, s) => ({ ...n, [s]: (n[s] ?? 0) + 1 }), {})).map(([s, n]) => `${n} × ${s === '0' ? 'no answer' : s}`).join(', ')

  // open the connections first, so that each burst arrives together
  await Promise.all(Array.from({ length: burst }, () => get('/mock')))
  const trivial = await Promise.all(Array.from({ length: burst }, () => get('/trivial')))
  console.log(`cold pool, ${burst} concurrent trivial calls: ${tally(trivial)}`)

  await get('/mock')
  let last = performance.now()
  let worstGap = 0
  let worstAt = 0
  const ticker = setInterval(() => {
    const now = performance.now()
    if (now - last - 10 > worstGap) {
      worstGap = now - last - 10
      worstAt = now - started
    }
    last = now
  }, 10)
  const started = performance.now()
  let loopsDone = 0
  const loops = Promise.all(Array.from({ length: burst }, () => get('/loop').finally(() => loopsDone++)))
  const mock: number[] = []
  let mocksBeforeLoops = 0
  for (let i = 0; i < 20; i++) {
    const t = performance.now()
    const status = await get('/mock')
    mock.push(performance.now() - t)
    if (status === 200 && loopsDone === 0) mocksBeforeLoops++
  }
  const loopStatuses = await loops
  clearInterval(ticker)
  mock.sort((a, b) => a - b)
  console.log(`${burst} concurrent looping calls (timeout ${loopTimeout} s): ${tally(loopStatuses)} in ${Math.round(performance.now() - started)} ms`)
  console.log(`  20 sequential MOCK requests meanwhile: median ${mock[10]!.toFixed(1)} ms, worst ${mock[19]!.toFixed(1)} ms; ${mocksBeforeLoops} answered 200 before the first looping call ended`)
  console.log(`  gateway thread: worst stall ${worstGap.toFixed(1)} ms (10 ms interval), ending ${Math.round(worstAt)} ms into the burst`)
} finally {
  await portico.close()
  rmSync(dir, { recursive: true, force: true })
}
