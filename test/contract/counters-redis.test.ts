import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createRedisCounters } from '../../src/limits/redis-counters.ts'
import { countersContract, testClock } from './counters.contract.ts'

/** Redis is required: these fail, not skip, when 127.0.0.1:6379 does not answer (CI has one). */
export const REDIS_URL = process.env.PORTICO_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

countersContract('redis', (clock) => createRedisCounters({ url: REDIS_URL, now: clock.now, prefix: 'portico:test:limits:' }))

describe('redis counters: start-up', () => {
  it('rejects at start when Redis does not answer, naming the URL without its password', async () => {
    await assert.rejects(
      createRedisCounters({ url: 'redis://:s3cret@127.0.0.1:1', now: testClock().now }),
      (error: Error) => /cannot connect to redis:\/\/:\*\*\*@127\.0\.0\.1:1/.test(error.message) && !error.message.includes('s3cret'),
    )
  })
})
