/**
 * Two Portico servers on one data directory and one Redis: a limit holds for both together.
 * The same traffic on in-process counters admits each server's own share, which shows the
 * test can tell the difference.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { testClock } from '../contract/counters.contract.ts'
import { keyInPlan, REDIS_URL, START, startLimitsPortico, type LimitsPortico } from './harness.ts'

/** `n` requests alternating between the servers; how many each admitted */
async function alternate(servers: LimitsPortico[], n: number, path: string, key: string): Promise<number[]> {
  const admitted = servers.map(() => 0)
  for (let i = 0; i < n; i++) {
    const which = i % servers.length
    if ((await servers[which]!.call(path, key)).status === 200) admitted[which]!++
  }
  return admitted
}

async function fleet(counters: string, test: (a: LimitsPortico, b: LimitsPortico, keys: { burst: string; quota: string }) => Promise<void>): Promise<void> {
  const clock = testClock(START)
  const a = await startLimitsPortico({ counters, clock })
  let b: LimitsPortico | undefined
  try {
    const burst = await keyInPlan(a, { throttle: { rateLimit: 0.001, burstLimit: 4 } })
    const quota = await keyInPlan(a, { quota: { limit: 10, period: 'DAY' } })
    // the second server starts on the same store, with the keys and plans already there
    b = await startLimitsPortico({ counters, clock, dir: a.dir, apiId: a.apiId })
    await test(a, b, { burst: burst.value, quota: quota.value })
  } finally {
    await b?.stop()
    await a.close()
  }
}

describe('a fleet sharing Redis counters', () => {
  it('a burst of 4 admits 4 requests across both servers', async () => {
    await fleet(REDIS_URL, async (a, b, keys) => {
      const admitted = await alternate([a, b], 12, '/pets', keys.burst)
      assert.equal(admitted[0]! + admitted[1]!, 4, `admitted ${admitted.join(' + ')}`)
      assert.ok(admitted[0]! > 0 && admitted[1]! > 0, 'both servers admitted some')
    })
  })

  it('a daily quota of 10 admits 10 requests across both servers', async () => {
    await fleet(REDIS_URL, async (a, b, keys) => {
      const admitted = await alternate([a, b], 30, '/pets', keys.quota)
      assert.equal(admitted[0]! + admitted[1]!, 10, `admitted ${admitted.join(' + ')}`)
    })
  })

  it("a key created through one server's management API works on the other after its periodic reload", async () => {
    const clock = testClock(START)
    const a = await startLimitsPortico({ counters: REDIS_URL, clock })
    const b = await startLimitsPortico({ counters: REDIS_URL, clock, dir: a.dir, apiId: a.apiId, refreshMs: 50 })
    try {
      const { value } = await keyInPlan(a)
      assert.equal((await a.call('/pets', value)).status, 200)
      // liveness, not timing: b reloads every 50 ms; give it up to 20 s on a loaded machine
      let status = 0
      for (let i = 0; i < 200 && status !== 200; i++) {
        status = (await b.call('/pets', value)).status
        if (status !== 200) await new Promise((r) => setTimeout(r, 100))
      }
      assert.equal(status, 200)
    } finally {
      await b.stop()
      await a.close()
    }
  })

  it('with in-process counters each server admits the whole limit on its own', async () => {
    await fleet('memory', async (a, b, keys) => {
      assert.deepEqual(await alternate([a, b], 12, '/pets', keys.burst), [4, 4])
      assert.deepEqual(await alternate([a, b], 30, '/pets', keys.quota), [10, 10])
    })
  })
})
