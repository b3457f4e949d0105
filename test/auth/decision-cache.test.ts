/**
 * The authorizer decision cache: hit, miss, expiry and bounds on a controllable clock, first on
 * its own, then through real HTTP with a real local TOKEN authorizer, where stepping the clock
 * past the TTL makes the next request invoke the authorizer again.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createDecisionCache, stageScope } from '../../src/auth/decision-cache.ts'
import { functionUri, useAuthorizedApi } from './harness.ts'

describe('decision cache', () => {
  it('hits until the TTL passes, then misses', () => {
    let now = 0
    const cache = createDecisionCache<string>({ now: () => now })
    assert.equal(cache.get('api/prod', 'k'), undefined)
    cache.set('api/prod', 'k', 'v', 300)
    now = 299_999
    assert.equal(cache.get('api/prod', 'k'), 'v')
    now = 300_000
    assert.equal(cache.get('api/prod', 'k'), undefined)
    assert.equal(cache.size, 0)
  })

  it('keeps stages apart and flushes one stage', () => {
    const cache = createDecisionCache<string>({ now: () => 0 })
    cache.set(stageScope('api', 'prod'), 'k', 'prod', 60)
    cache.set(stageScope('api', 'dev'), 'k', 'dev', 60)
    cache.flush(stageScope('api', 'prod'))
    assert.equal(cache.get(stageScope('api', 'prod'), 'k'), undefined)
    assert.equal(cache.get(stageScope('api', 'dev'), 'k'), 'dev')
  })

  it('is bounded: the least recently used entry goes first', () => {
    const cache = createDecisionCache<number>({ maxEntries: 2, now: () => 0 })
    cache.set('s', 'a', 1, 60)
    cache.set('s', 'b', 2, 60)
    assert.equal(cache.get('s', 'a'), 1)
    cache.set('s', 'c', 3, 60)
    assert.equal(cache.size, 2)
    assert.equal(cache.get('s', 'b'), undefined)
    assert.equal(cache.get('s', 'a'), 1)
    assert.equal(cache.get('s', 'c'), 3)
  })
})

describe('decision cache through real HTTP', () => {
  const authorized = { GET: { authorizationType: 'CUSTOM' as const, authorizerId: 'auth1' } }
  const api = useAuthorizedApi({
    methods: { '/a': authorized, '/b': authorized },
    authorizers: [{ id: 'auth1', name: 'token', type: 'TOKEN', authorizerUri: functionUri('tokenAuth'), identitySource: 'method.request.header.Authorization', authorizerResultTtlInSeconds: 60 }],
  })

  /** the authorizer's invocation count the answer carries, or the status when denied */
  const calls = async (path: string, token: string) => {
    const reply = await api.get(path, { Authorization: token })
    assert.ok(reply.status === 200 || reply.status === 403, reply.body)
    return reply.status === 200 ? Number(reply.json().authorizer.calls) : reply.status
  }

  it('hit within the TTL (for another method too), miss after it', async () => {
    const first = await calls('/a', 'allow-clock')
    assert.equal(await calls('/a', 'allow-clock'), first)
    assert.equal(await calls('/b', 'allow-clock'), first)
    api.now += 59_000
    assert.equal(await calls('/a', 'allow-clock'), first)
    api.now += 1_000
    assert.equal(await calls('/a', 'allow-clock'), first + 1)
  })

  it('a cached policy that covers only the first method ARN denies the second', async () => {
    assert.equal(typeof (await calls('/a', 'exact-clock')), 'number')
    assert.equal(await calls('/b', 'exact-clock'), 403)
  })
})
