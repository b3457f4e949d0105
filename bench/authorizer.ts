/**
 * The CPU a cached Lambda authorizer decision adds to a request (issue 6 goal: ≤ 5 µs).
 *
 *   node --import tsx bench/authorizer.ts [--requests 20000] [--connections 16] [--rounds 3]
 *
 * One in-process data plane serves two MOCK methods of one API: `/open` (authorizationType NONE)
 * and `/guarded` (a TOKEN authorizer, a real local function, TTL 300 s, called once to fill the
 * cache). autocannon — a separate process, so its CPU is not counted — sends a fixed number of
 * requests to each in turn (a warm-up round first, then `--rounds` rounds in alternating order); this process's CPU time
 * (process.cpuUsage) divided by the request count is the CPU per request, and the median
 * difference between the two targets is what the cached decision costs end to end.
 * Then the authorize stage alone, on a context captured from a real request, in a bounded loop:
 * the same cost without the HTTP noise. Loopback only.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createAccessPhase } from '../src/auth/index.ts'
import { createDecisionCache } from '../src/auth/decision-cache.ts'
import { createJwksClient } from '../src/auth/jwks.ts'
import type { CachedDecision } from '../src/auth/outcome.ts'
import { compilePlan } from '../src/compile/compile.ts'
import { resolveConfigFile } from '../src/config-file.ts'
import { PlanRegistry } from '../src/data/plan-registry.ts'
import { createDataPlaneServer } from '../src/data/server.ts'
import type { PipelineStage, RequestContext } from '../src/gateway/types.ts'
import { createFunctionInvoker } from '../src/functions/index.ts'
import { createUpstreamPools, integrationStages } from '../src/integrations/index.ts'
import { compileLambdaUri } from '../src/integrations/lambda-uri.ts'
import { interpolateStageVariables } from '../src/vtl/aws/stage-variable-template.ts'
import { buildProxyEventV1 } from '../src/integrations/proxy-event-v1.ts'
import type { RestApiDefinition } from '../src/model/index.ts'
import { mockMethod } from './support/mock-method.ts'

const { values } = parseArgs({ options: { requests: { type: 'string', default: '20000' }, connections: { type: 'string', default: '16' }, rounds: { type: 'string', default: '3' } } })
const requests = Number(values.requests)
const connections = Number(values.connections)
const rounds = Number(values.rounds)
const TOKEN = 'allow-bench-token'

const scratch = mkdtempSync(join(tmpdir(), 'portico-bench-authorizer-'))
writeFileSync(
  join(scratch, 'authorizer.mjs'),
  `export const handler = async (event) => ({ principalId: 'bench', policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn.split('/').slice(0, 2).join('/') + '/*' }] }, context: { tenant: 'bench', tier: 3 } })\n`,
)
const invoker = createFunctionInvoker({ config: resolveConfigFile({ functions: { benchAuth: { handler: './authorizer.handler' } } }, join(scratch, 'portico.config.json')), accountId: '123456789012', region: 'us-east-1' })

const api: RestApiDefinition = {
  protocol: 'REST',
  restApi: { id: 'benchauth01', name: 'bench', createdDate: 0, apiKeySource: 'HEADER', endpointConfiguration: { types: ['REGIONAL'] }, disableExecuteApiEndpoint: false, rootResourceId: 'root' },
  resources: [
    { id: 'root', path: '/' },
    { id: 'open', parentId: 'root', pathPart: 'open', path: '/open', resourceMethods: { GET: mockMethod() } },
    { id: 'guarded', parentId: 'root', pathPart: 'guarded', path: '/guarded', resourceMethods: { GET: mockMethod({ authorizationType: 'CUSTOM', authorizerId: 'auth1' }) } },
  ],
  models: [],
  requestValidators: [],
  gatewayResponses: [],
  authorizers: [
    {
      id: 'auth1',
      name: 'bench',
      type: 'TOKEN',
      authorizerUri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:benchAuth/invocations',
      identitySource: 'method.request.header.Authorization',
      authorizerResultTtlInSeconds: 300,
    },
  ],
}

let captured: RequestContext | undefined
const upstream = createUpstreamPools()
const plan = compilePlan({
  snapshot: api,
  deploymentId: 'd1',
  stage: { stageName: 'prod', deploymentId: 'd1', cacheClusterEnabled: false, methodSettings: {}, tracingEnabled: false, createdDate: 0, lastUpdatedDate: 0 },
  upstream,
  // keeps the last request context, for the stage-only measurement
  integrations: (input) => [(ctx) => void (captured = ctx), ...integrationStages(input)],
  phases: {
    access: createAccessPhase({
      invoker,
      region: 'us-east-1',
      accountId: '123456789012',
      compileUri: compileLambdaUri,
    interpolate: interpolateStageVariables,
      proxyEvent: (ctx) => buildProxyEventV1(ctx, { isBinary: () => false }),
      cache: createDecisionCache<CachedDecision>(),
      userPools: new Map(),
      jwks: createJwksClient(),
    }),
  },
})
const registry = new PlanRegistry()
registry.set(api.restApi.id, 'prod', plan)
const server = createDataPlaneServer({ registry })
const { port } = await server.listen(0, '127.0.0.1')
const url = (path: string) => `http://127.0.0.1:${port}/_aws/execute-api/${api.restApi.id}/prod${path}`

/** autocannon as a child process: `requests` requests, every one must be a 200. */
function drive(target: string): Promise<void> {
  const bin = new URL('../node_modules/.bin/autocannon', import.meta.url).pathname
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['-j', '-c', String(connections), '-a', String(requests), '-H', `Authorization=${TOKEN}`, target], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
    child.on('error', reject)
    child.on('exit', (code) => {
      if (code !== 0 || out === '') return reject(new Error(`autocannon exited with ${code}: ${err}`))
      const json = JSON.parse(out) as { non2xx: number; errors: number; requests: { sent: number } }
      if (json.non2xx > 0 || json.errors > 0) reject(new Error(`${target}: ${json.non2xx} non-2xx, ${json.errors} errors`))
      else resolve()
    })
  })
}

/** µs of this process's CPU per request while autocannon drives `target`. */
async function cpuPerRequest(target: string): Promise<number> {
  const before = process.cpuUsage()
  await drive(target)
  const used = process.cpuUsage(before)
  return (used.user + used.system) / requests
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

try {
  for (const path of ['/open', '/guarded']) {
    const res = await fetch(url(path), { headers: { Authorization: TOKEN } })
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`)
  }
  // a warm-up round, not counted; then the order alternates so neither target always runs second
  await cpuPerRequest(url('/open'))
  await cpuPerRequest(url('/guarded'))
  const open: number[] = []
  const guarded: number[] = []
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) open.push(await cpuPerRequest(url('/open')))
    guarded.push(await cpuPerRequest(url('/guarded')))
    if (round % 2 === 1) open.push(await cpuPerRequest(url('/open')))
  }
  console.log(`HTTP, ${requests} requests × ${rounds} rounds, ${connections} connections (CPU µs per request of the serving process)`)
  console.log(`  /open (no authorizer):        median ${median(open).toFixed(1)}  [${open.map((x) => x.toFixed(1)).join(', ')}]`)
  console.log(`  /guarded (cached decision):   median ${median(guarded).toFixed(1)}  [${guarded.map((x) => x.toFixed(1)).join(', ')}]`)
  console.log(`  difference:                   ${(median(guarded) - median(open)).toFixed(1)}`)

  // the authorize stage alone, on the context of the last /guarded request
  await fetch(url('/guarded'), { headers: { Authorization: TOKEN } })
  const ctx = captured!
  const authorize: PipelineStage = plan.match('GET', '/guarded')!.method.stages[0]!
  const loops = 200_000
  for (let i = 0; i < 10_000; i++) await authorize(ctx)
  const before = process.cpuUsage()
  for (let i = 0; i < loops; i++) {
    if ((await authorize(ctx)) !== undefined) throw new Error('the cached decision did not allow')
  }
  const used = process.cpuUsage(before)
  console.log(`authorize stage alone, cache hit, ${loops} calls: ${((used.user + used.system) / loops).toFixed(2)} µs CPU per call`)
} finally {
  await server.close()
  await upstream.close()
  await invoker.close()
  rmSync(scratch, { recursive: true, force: true })
}
