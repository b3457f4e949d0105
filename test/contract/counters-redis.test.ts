import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { connect, createServer, type AddressInfo, type Socket } from 'node:net'
import { describe, it } from 'node:test'
import { BackendUnavailableError } from '../../src/lib/backend-health.ts'
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

describe('redis counters: Redis going away while serving', () => {
  it('a call fails instead of hanging (the request answers 500, docs/lifecycle.md), and works again when Redis is back; the outage is reported twice', { timeout: 30_000 }, async () => {
    // a loopback TCP relay to the real Redis, which the test can cut
    const sockets = new Set<Socket>()
    let cut = false
    const relay = createServer((client) => {
      if (cut) return client.destroy()
      const upstream = connect(6379, '127.0.0.1')
      for (const s of [client, upstream]) {
        sockets.add(s)
        s.on('error', () => {})
        s.on('close', () => sockets.delete(s))
      }
      client.pipe(upstream).pipe(client)
    })
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve))
    const { port } = relay.address() as AddressInfo
    const reports: string[] = []
    const counters = await createRedisCounters({ url: `redis://127.0.0.1:${port}`, now: testClock().now, prefix: `portico:test:limits:${randomUUID()}:`, report: (m) => reports.push(m) })
    try {
      const bucket = { id: 'b', rate: 1000, burst: 1000 }
      assert.equal(await counters.admit([bucket]), -1)
      cut = true
      for (const s of sockets) s.destroy()
      await assert.rejects(counters.admit([bucket]), BackendUnavailableError)
      await assert.rejects(counters.admit([bucket]), BackendUnavailableError)
      assert.equal(counters.health.up, false)
      cut = false
      let back = false
      for (let i = 0; i < 50 && !back; i++) {
        back = await counters.admit([bucket]).then((r) => r === -1, () => false)
        if (!back) await new Promise((r) => setTimeout(r, 100))
      }
      assert.ok(back, 'admits again once Redis answers')
      assert.equal(counters.health.up, true)
      assert.ok(counters.health.failures >= 2)
      assert.equal(reports.length, 2, reports.join('\n'))
      assert.match(reports[0]!, /^portico: Redis counters at redis:\/\/127\.0\.0\.1:\d+ is unavailable \(.+\): requests answer 500 Internal server error until it is back$/)
      assert.match(reports[1]!, /^portico: Redis counters at redis:\/\/127\.0\.0\.1:\d+ is back after \d+\.\d s; \d+ command\(s\) failed meanwhile$/)
    } finally {
      await counters.close()
      relay.close()
      for (const s of sockets) s.destroy()
    }
  })
})
