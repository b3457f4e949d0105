import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { Redis } from 'ioredis'
import { RedisResponseCache } from '../../src/cache/redis-cache.ts'
import { responseCacheContract } from '../contract/response-cache.contract.ts'

/** CI runs Redis; a missing one fails this suite instead of skipping it. */
export const REDIS_URL = process.env.PORTICO_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0'
const PREFIX = `portico-test:cache:${process.pid}:`

responseCacheContract('redis', async () => ({
  cache: await new RedisResponseCache({ url: REDIS_URL, prefix: PREFIX, flushBatch: 7 }).connect(),
  cleanup: async () => {},
}), { clocked: false })

describe('RedisResponseCache', () => {
  let raw: Redis
  before(async () => {
    raw = new Redis(REDIS_URL, { lazyConnect: true })
    await raw.connect()
  })
  after(async () => {
    const keys = await raw.keys(PREFIX + '*')
    if (keys.length > 0) await raw.del(...keys)
    await raw.quit()
  })

  it("stores each entry with Redis' own expiry of the TTL", async () => {
    const cache = await new RedisResponseCache({ url: REDIS_URL, prefix: PREFIX }).connect()
    await cache.set({ id: 'ttl/prod', budgetBytes: 1 }, 'k', Buffer.from('x'), 120)
    const pttl = await raw.pttl(PREFIX + 'ttl/prod|k')
    assert.ok(pttl > 0 && pttl <= 120_000, `PTTL ${pttl}`)
    await cache.close()
  })

  it('shares entries between two clients (two processes on one Redis)', async () => {
    const one = await new RedisResponseCache({ url: REDIS_URL, prefix: PREFIX }).connect()
    const two = await new RedisResponseCache({ url: REDIS_URL, prefix: PREFIX }).connect()
    const scope = { id: 'shared/prod', budgetBytes: 1 }
    await one.set(scope, 'k', Buffer.from('from one'), 60)
    assert.equal((await two.get(scope, 'k'))?.toString(), 'from one')
    await two.flush(scope.id)
    assert.equal(await one.get(scope, 'k'), undefined)
    await one.close()
    await two.close()
  })

  it('fails to connect, rather than skipping, when nothing listens', async () => {
    const cache = new RedisResponseCache({ url: 'redis://127.0.0.1:1/0' })
    await assert.rejects(cache.connect())
    await cache.close()
  })
})
