/**
 * The seam auth/ fills: `mayInvalidate` decides whether a caller's `Cache-Control: max-age=0`
 * counts under requireAuthorizationForCacheControl (on AWS: IAM's execute-api:InvalidateCache,
 * tested end to end in iam-invalidation.test.ts). A stand-in decision (a request header) drives
 * it here. Also: an entry sealed under one key reads as a miss under another (another process's key).
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import { createCachePhase } from '../../src/cache/cache-phase.ts'
import { createEntryCodec } from '../../src/cache/entry-codec.ts'
import { MemoryResponseCache } from '../../src/cache/memory-cache.ts'
import { compilePlan, type IntegrationStagesFactory } from '../../src/compile/compile.ts'
import type { MethodSetting } from '../../src/model/index.ts'
import { API_ID, apiDefinition, noUpstream, send, stage, useServed, type Running } from '../data/fixtures.ts'

const SETTING: MethodSetting = {
  metricsEnabled: false,
  loggingLevel: 'OFF',
  dataTraceEnabled: false,
  throttlingBurstLimit: 5000,
  throttlingRateLimit: 10000,
  cachingEnabled: true,
  cacheTtlInSeconds: 300,
  cacheDataEncrypted: true,
  requireAuthorizationForCacheControl: true,
  unauthorizedCacheControlHeaderStrategy: 'FAIL_WITH_403',
}

describe('cache invalidation seam and entry keys', () => {
  let calls = 0
  const cache = new MemoryResponseCache()
  const counting: IntegrationStagesFactory = () => [() => ({ kind: 'http', statusCode: 200, headers: { 'Content-Type': 'text/plain' }, body: `call ${++calls}` })]

  function planWith(key: Buffer) {
    return compilePlan({
      snapshot: apiDefinition({ '/thing': ['GET'] }),
      deploymentId: 'dep1',
      stage: { ...stage('prod'), cacheClusterEnabled: true, methodSettings: { '*/*': SETTING } },
      upstream: noUpstream,
      integrations: counting,
      phases: { cache: createCachePhase({ cache, codec: createEntryCodec(key), mayInvalidate: (ctx) => ctx.headers.get('x-test-may-invalidate') === 'yes' }) },
    })
  }

  const server = useServed(() => [planWith(randomBytes(32))])
  const otherKeyServer = useServed(() => [planWith(randomBytes(32))])

  const get = (running: Running, headers: Record<string, string> = {}) => send(running.address.port, { path: `/_aws/execute-api/${API_ID}/prod/thing`, headers })

  it('an authorized caller invalidates; an unauthorized one is refused (FAIL_WITH_403)', async () => {
    assert.equal((await get(server)).body, 'call 1')
    assert.equal((await get(server)).body, 'call 1')
    assert.equal((await get(server, { 'Cache-Control': 'max-age=0' })).status, 403)
    assert.equal((await get(server, { 'Cache-Control': 'no-cache, max-age=0', 'x-test-may-invalidate': 'yes' })).body, 'call 2')
    assert.equal((await get(server)).body, 'call 2')
  })

  it('an entry sealed under another key reads as a miss and is replaced', async () => {
    assert.equal((await get(otherKeyServer)).body, 'call 3')
    assert.equal((await get(otherKeyServer)).body, 'call 3')
    assert.equal((await get(server)).body, 'call 4')
  })
})
