/**
 * apiKeySource AUTHORIZER: the key is the `usageIdentifierKey` a Lambda authorizer returned, and
 * `x-api-key` is ignored. A real TOKEN authorizer (test/fixtures/e2e/authorizers-app: the token
 * `allow` returns the key `key-from-authorizer-0000`) in front of the traffic phase, over a
 * real SQLite store and HTTP.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { openSqliteStore, type SqliteStore } from '../../src/control/store/sqlite/sqlite-store.ts'
import { createMemoryCounters, createTrafficLimits, type TrafficLimits } from '../../src/limits/index.ts'
import type { Authorizer } from '../../src/model/index.ts'
import { API_ID } from '../data/fixtures.ts'
import { functionUri, useAuthorizedApi } from '../auth/harness.ts'

const FROM_AUTHORIZER = 'key-from-authorizer-0000'
const tokenAuthorizer: Authorizer = {
  id: 'auth1',
  name: 'token',
  type: 'TOKEN',
  authorizerUri: functionUri('tokenAuth'),
  identitySource: 'method.request.header.Authorization',
  authorizerResultTtlInSeconds: 0,
}

describe('API key source AUTHORIZER', () => {
  let dir: string
  let store: SqliteStore
  let limits: TrafficLimits
  const api = useAuthorizedApi(async (own) => {
    dir = mkdtempSync(join(tmpdir(), 'portico-keysource-'))
    store = await openSqliteStore({ dataDir: dir })
    await store.createUsagePlan({ id: 'plan000001', name: 'p', apiStages: [{ apiId: API_ID, stage: 'prod' }], quota: { limit: 2, period: 'DAY' } })
    limits = await createTrafficLimits({ store, counters: createMemoryCounters() })
    // closed after the server, in this order
    own(limits)
    own(store)
    own({ close: () => rmSync(dir, { recursive: true, force: true }) })
    return {
      methods: { '/pets': { GET: { authorizationType: 'CUSTOM', authorizerId: 'auth1', apiKeyRequired: true } } },
      authorizers: [tokenAuthorizer],
      apiKeySource: 'AUTHORIZER',
      traffic: limits.phase,
    }
  })

  it("403 while the authorizer's key is in no plan, even with a valid x-api-key; then the authorizer's key is the key", async () => {
    await store.createApiKey({ id: 'key0000002', value: 'a-header-key-in-the-plan-000', enabled: true, createdDate: 0, lastUpdatedDate: 0, stageKeys: [] })
    await store.addUsagePlanKey('plan000001', 'key0000002')
    await limits.reload()
    const refused = await api.get('/pets', { Authorization: 'allow', 'x-api-key': 'a-header-key-in-the-plan-000' })
    assert.equal(refused.status, 403)
    assert.deepEqual(refused.json(), { message: 'Forbidden' })

    await store.createApiKey({ id: 'key0000001', value: FROM_AUTHORIZER, enabled: true, createdDate: 0, lastUpdatedDate: 0, stageKeys: [] })
    await store.addUsagePlanKey('plan000001', 'key0000001')
    await limits.reload()
    const admitted = await api.get('/pets', { Authorization: 'allow' })
    assert.equal(admitted.status, 200)
    assert.equal(admitted.json().authorization.usageIdentifierKey, FROM_AUTHORIZER)
  })

  it("the authorizer's key is metered: its plan's quota applies", async () => {
    // a quota of 2 a day; the test before used 1
    assert.equal((await api.get('/pets', { Authorization: 'allow' })).status, 200)
    const over = await api.get('/pets', { Authorization: 'allow' })
    assert.equal(over.status, 429)
    assert.deepEqual(over.json(), { message: 'Limit Exceeded' })
  })

  it('a denied request never reaches the key check: 403 from the authorizer', async () => {
    const denied = await api.get('/pets', { Authorization: 'deny' })
    assert.equal(denied.status, 403)
    assert.equal(denied.headers['x-amzn-errortype'], 'AccessDeniedException')
  })
})
