/**
 * Two Portico servers on one data directory and one Redis enforce an HTTP API stage's route
 * throttle together (as fleet.test.ts does for REST usage plans): the HTTP API is made through
 * the first server's apigatewayv2 API, the second starts on the same store. The same traffic on
 * in-process counters admits each server's own burst, which shows the test can tell the difference.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { ApiGatewayV2Client, CreateApiCommand, CreateIntegrationCommand, CreateRouteCommand, CreateStageCommand } from '@aws-sdk/client-apigatewayv2'
import { resolveConfig } from '../../src/config.ts'
import { startPortico, type Portico } from '../../src/main.ts'
import { testClock, type TestClock } from '../contract/counters.contract.ts'
import { REDIS_URL, START } from './harness.ts'

let backend: Server
let backendUrl: string

before(async () => {
  backend = createServer((req, res) => res.end('ok'))
  await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve))
  backendUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`
})
after(async () => {
  backend.closeAllConnections()
  await new Promise((resolve) => backend.close(resolve))
})

function start(dir: string, counters: string, clock: TestClock): Promise<Portico> {
  return startPortico(resolveConfig({ dataDir: dir, port: 0, host: '127.0.0.1', counters }, {}), { limitsClock: clock.now, limitsRefreshMs: 3_600_000 })
}

/** an HTTP API whose `$default` stage lets `GET /pets` through in a burst of 4 (rate 0.001/s: no refill while the clock stands) */
async function throttledApi(portico: Portico): Promise<string> {
  const v2 = new ApiGatewayV2Client({ endpoint: portico.url, region: 'us-east-1', credentials: { accessKeyId: portico.admin.accessKeyId, secretAccessKey: portico.admin.secretAccessKey }, maxAttempts: 1 })
  try {
    const apiId = (await v2.send(new CreateApiCommand({ Name: 'fleet', ProtocolType: 'HTTP' }))).ApiId!
    const integration = await v2.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'GET', IntegrationUri: `${backendUrl}/pets`, PayloadFormatVersion: '1.0' }))
    await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /pets', Target: `integrations/${integration.IntegrationId}` }))
    await v2.send(
      new CreateStageCommand({
        ApiId: apiId,
        StageName: '$default',
        AutoDeploy: true,
        RouteSettings: { 'GET /pets': { ThrottlingBurstLimit: 4, ThrottlingRateLimit: 0.001 } },
      }),
    )
    return apiId
  } finally {
    v2.destroy()
  }
}

/** `n` requests alternating between the servers; how many each admitted (and that the others were 429s) */
async function alternate(servers: Portico[], apiId: string, n: number): Promise<number[]> {
  const admitted = servers.map(() => 0)
  for (let i = 0; i < n; i++) {
    const which = i % servers.length
    const server = servers[which]!
    await server.settled()
    const res = await fetch(`${server.url}/_aws/execute-api/${apiId}/pets`)
    const body = await res.text()
    if (res.status === 200) admitted[which]!++
    else assert.deepEqual([res.status, body], [429, '{"message":"Too Many Requests"}'])
  }
  return admitted
}

async function fleet(counters: string): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'portico-http-fleet-'))
  const clock = testClock(START)
  const a = await start(dir, counters, clock)
  let b: Portico | undefined
  try {
    const apiId = await throttledApi(a)
    await a.settled()
    // the second server starts on the same store, with the API and its stage already there
    b = await start(dir, counters, clock)
    return await alternate([a, b], apiId, 12)
  } finally {
    await b?.close()
    await a.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

describe('an HTTP API route throttle across a fleet', () => {
  it('sharing Redis counters: a burst of 4 admits 4 requests across both servers', async () => {
    const admitted = await fleet(REDIS_URL)
    assert.equal(admitted[0]! + admitted[1]!, 4, `admitted ${admitted.join(' + ')}`)
    assert.ok(admitted[0]! > 0 && admitted[1]! > 0, 'both servers admitted some')
  })

  it('with in-process counters each server admits the whole burst on its own', async () => {
    assert.deepEqual(await fleet('memory'), [4, 4])
  })
})
