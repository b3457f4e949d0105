/**
 * Throttling of HTTP API routes over real sockets, on the shared in-process counters with a
 * driven clock: a route's own `routeSettings` entry, the stage's `defaultRouteSettings` for the
 * rest, 429 `{"message":"Too Many Requests"}`, and tokens coming back as the clock moves.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createUpstreamPools, type UpstreamPools } from '../../src/integrations/index.ts'
import { emptyCatalogue } from '../../src/limits/catalogue.ts'
import { httpApiThrottlePhase } from '../../src/limits/http-api-throttle.ts'
import { createMemoryCounters } from '../../src/limits/index.ts'
import { compileHttpApiPlan } from '../../src/compile/http-api-plan.ts'
import { DEFAULT_ACCOUNT } from '../../src/model/account.ts'
import { send, useServed } from '../data/fixtures.ts'
import { httpApi, httpProxy, startBackend, type Backend } from './harness.ts'

let clock = 1_700_000_000_000
let upstream: UpstreamPools
let backend: Backend

const gw = useServed(async (own) => {
  upstream = own(createUpstreamPools({ connections: 2 }))
  backend = own(await startBackend())
  const counters = createMemoryCounters({ now: () => clock })
  const catalogue = emptyCatalogue(DEFAULT_ACCOUNT)
  const api = httpApi({ 'GET /tight': httpProxy(`${backend.url}/tight`), 'GET /loose': httpProxy(`${backend.url}/loose`), 'GET /free': httpProxy(`${backend.url}/free`) })
  const plan = compileHttpApiPlan({
    snapshot: api,
    stage: {
      stageName: '$default',
      stageVariables: {},
      defaultRouteSettings: { detailedMetricsEnabled: false, throttlingBurstLimit: 3, throttlingRateLimit: 1 },
      routeSettings: { 'GET /tight': { throttlingBurstLimit: 1, throttlingRateLimit: 0.5 } },
    },
    deploymentId: 'd1',
    upstream,
    phases: { traffic: httpApiThrottlePhase({ counters, catalogue: () => catalogue }) },
  })
  return [plan]
})

async function statuses(path: string, n: number): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < n; i++) out.push((await send(gw.address.port, { path, headers: { host: gw.host } })).status)
  return out
}

describe('HTTP API throttling', () => {
  it('applies a route’s own settings and the stage default to the others, each route its own bucket', async () => {
    assert.deepEqual(await statuses('/tight', 3), [200, 429, 429])
    assert.deepEqual(await statuses('/loose', 4), [200, 200, 200, 429])
    assert.deepEqual(await statuses('/free', 3), [200, 200, 200])
  })

  it('answers 429 Too Many Requests with apigw-requestid, and refills as time passes', async () => {
    const r = await send(gw.address.port, { path: '/tight', headers: { host: gw.host } })
    assert.equal(r.status, 429)
    assert.equal(r.body, '{"message":"Too Many Requests"}')
    assert.ok(r.headers['apigw-requestid'])
    clock += 2_000
    assert.deepEqual(await statuses('/tight', 2), [200, 429])
  })
})
