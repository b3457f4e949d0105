/**
 * apiKeySource AUTHORIZER: the key is the `usageIdentifierKey` a Lambda authorizer returned
 * (ctx.authorization), and `x-api-key` is ignored. The authorizer itself is another capability
 * (auth/); here a test access phase plays its part by copying an `x-authorizer-key` header into
 * ctx.authorization, the way the real one hands over what the Lambda returned. The keys and plans
 * are real: a SQLite store, the traffic phase and a data-plane server over HTTP.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { compilePlan, type MethodPhase } from '../../src/compile/compile.ts'
import { openSqliteStore } from '../../src/control/store/sqlite/sqlite-store.ts'
import type { SqliteStore } from '../../src/control/store/sqlite/sqlite-store.ts'
import { createMemoryCounters, createTrafficLimits, type TrafficLimits } from '../../src/limits/index.ts'
import { API_ID, apiDefinition, echoIntegration, noUpstream, send, stage, start, type Running } from '../data/fixtures.ts'

const VALUE = 'authorizer-issued-key-0123456789'

const fromAuthorizer: MethodPhase = () => [
  function authorizer(ctx) {
    const key = ctx.headers.get('x-authorizer-key')
    ctx.authorization = { effect: 'Allow', ...(key !== undefined && { usageIdentifierKey: key }) }
    return undefined
  },
]

describe('API key source AUTHORIZER', () => {
  let dir: string
  let store: SqliteStore
  let limits: TrafficLimits
  let running: Running
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portico-keysource-'))
    store = await openSqliteStore({ dataDir: dir })
    await store.createApiKey({ id: 'key0000001', value: VALUE, enabled: true, createdDate: 0, lastUpdatedDate: 0, stageKeys: [] })
    await store.createUsagePlan({ id: 'plan000001', name: 'p', apiStages: [{ apiId: API_ID, stage: 'prod' }] })
    await store.addUsagePlanKey('plan000001', 'key0000001')
    limits = await createTrafficLimits({ store, counters: createMemoryCounters() })
    const api = apiDefinition({ '/pets': { GET: { apiKeyRequired: true } } })
    api.restApi.apiKeySource = 'AUTHORIZER'
    const served = compilePlan({ snapshot: api, deploymentId: 'dep1', stage: stage('prod'), upstream: noUpstream, integrations: echoIntegration, phases: { access: fromAuthorizer, traffic: limits.phase } })
    running = await start([served])
  })
  after(async () => {
    await running.close()
    await limits.close()
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const get = (headers: Record<string, string>) => send(running.address.port, { path: `/_aws/execute-api/${API_ID}/prod/pets`, headers })

  it("the authorizer's usageIdentifierKey is the key", async () => {
    assert.equal((await get({ 'x-authorizer-key': VALUE })).status, 200)
  })

  it('x-api-key is not read: without a usageIdentifierKey the method answers 403 Forbidden', async () => {
    const reply = await get({ 'x-api-key': VALUE })
    assert.equal(reply.status, 403)
    assert.deepEqual(reply.json(), { message: 'Forbidden' })
  })

  it('an unknown usageIdentifierKey: 403', async () => {
    assert.equal((await get({ 'x-authorizer-key': 'not-a-key-0000000000000', 'x-api-key': VALUE })).status, 403)
  })
})
