import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { afterEach, beforeEach, describe, it } from 'node:test'
import type { BucketLimit, Counters, QuotaLimit } from '../../src/limits/counters.ts'

/** A clock the test moves; counters read it through `now`. */
export interface TestClock {
  ms: number
  now(): number
}

export function testClock(start = Date.UTC(2026, 0, 15, 12)): TestClock {
  const clock: TestClock = { ms: start, now: () => clock.ms }
  return clock
}

/**
 * The behaviour every Counters implementation owes the traffic phase. Each case gets fresh
 * counters on its own clock, and ids unique to the case (a shared Redis keeps earlier runs' keys).
 */
export function countersContract(name: string, open: (clock: TestClock) => Promise<Counters>): void {
  describe(`Counters contract: ${name}`, () => {
    let clock: TestClock
    let counters: Counters
    let run: string
    const bucket = (id: string, rate: number, burst: number): BucketLimit => ({ id: `${run}:${id}`, rate, burst })
    const quota = (id: string, limit: number, seedUsed = 0): QuotaLimit => ({ id: `${run}:${id}`, limit, seedUsed, expiresAt: clock.ms + 86_400_000 })
    beforeEach(async () => {
      clock = testClock()
      counters = await open(clock)
      run = randomUUID()
    })
    afterEach(async () => {
      await counters.close()
    })

    it('a new bucket is full: burst requests pass at once, the next is refused', async () => {
      const b = bucket('burst', 1, 5)
      for (let i = 0; i < 5; i++) assert.equal(await counters.admit([b]), -1)
      assert.equal(await counters.admit([b]), 0)
    })

    it('refills at rate tokens per second, never above burst', async () => {
      const b = bucket('refill', 2, 3)
      for (let i = 0; i < 3; i++) await counters.admit([b])
      assert.equal(await counters.admit([b]), 0)
      clock.ms += 499
      assert.equal(await counters.admit([b]), 0, 'less than one token after 499 ms at 2/s')
      clock.ms += 1
      assert.equal(await counters.admit([b]), -1, 'one token after 500 ms')
      clock.ms += 3_600_000
      for (let i = 0; i < 3; i++) assert.equal(await counters.admit([b]), -1)
      assert.equal(await counters.admit([b]), 0, 'an hour of refill still holds only burst tokens')
    })

    it('a burst of 0 admits nothing', async () => {
      assert.equal(await counters.admit([bucket('zero', 100, 0)]), 0)
    })

    it('takes from all buckets or none, naming the first that was empty', async () => {
      const wide = bucket('wide', 1, 10)
      const narrow = bucket('narrow', 1, 2)
      assert.equal(await counters.admit([wide, narrow]), -1)
      assert.equal(await counters.admit([wide, narrow]), -1)
      assert.equal(await counters.admit([wide, narrow]), 1)
      // the refusal took nothing from `wide`: 8 left
      for (let i = 0; i < 8; i++) assert.equal(await counters.admit([wide]), -1)
      assert.equal(await counters.admit([wide]), 0)
    })

    it('a clock that goes back refills nothing and takes nothing back', async () => {
      const b = bucket('skew', 1, 1)
      assert.equal(await counters.admit([b]), -1)
      clock.ms -= 10_000
      assert.equal(await counters.admit([b]), 0)
      clock.ms += 11_000
      assert.equal(await counters.admit([b]), -1)
    })

    it('admits burst + rate × time over 10 s of steady overload (within 5 %), with the burst first', async () => {
      const b = bucket('accuracy', 100, 50)
      let admitted = 0
      let firstRefusal = -1
      // 1,000 attempts per second for 10 s against 100/s with a burst of 50
      for (let ms = 0; ms < 10_000; ms++) {
        clock.ms += 1
        if ((await counters.admit([b])) === -1) admitted++
        else if (firstRefusal < 0) firstRefusal = ms
      }
      const expected = 50 + 100 * 10
      assert.ok(Math.abs(admitted - expected) <= expected * 0.05, `admitted ${admitted}, expected ${expected} ± 5 %`)
      assert.ok(firstRefusal >= 49, `the burst of 50 passed before the first refusal (at ${firstRefusal} ms)`)
    })

    it('a quota counts up to its limit, starting from its seed; refused: the number of buckets', async () => {
      const q = quota('q1', 3, 1)
      const b = bucket('quota-bucket', 1, 100)
      assert.equal(await counters.admit([b], q), -1)
      assert.equal(await counters.admit([b], q), -1)
      assert.equal(await counters.admit([b], q), 1)
      assert.equal(await counters.admit([], q), 0)
      assert.equal(await counters.used(q.id), 3)
      assert.equal(await counters.used(`${run}:absent`), undefined)
    })

    it('the seed only applies to a counter that does not exist yet', async () => {
      const q = quota('q2', 10)
      await counters.admit([], q)
      assert.equal(await counters.admit([], { ...q, seedUsed: 9 }), -1)
      assert.equal(await counters.used(q.id), 2)
    })

    it('setUsed replaces the count; a negative count extends the quota', async () => {
      const q = quota('q3', 2)
      await counters.admit([], q)
      await counters.admit([], q)
      assert.equal(await counters.admit([], q), 0)
      await counters.setUsed(q, -1)
      for (let i = 0; i < 3; i++) assert.equal(await counters.admit([], q), -1)
      assert.equal(await counters.admit([], q), 0)
    })

    it('a quota with a limit of 0 admits nothing', async () => {
      assert.equal(await counters.admit([], quota('none', 0)), 0)
    })

    it('an empty bucket refuses before the quota is counted; a used-up quota takes no token', async () => {
      const b = bucket('order', 1, 1)
      const q = quota('order', 1)
      assert.equal(await counters.admit([b], q), -1)
      assert.equal(await counters.admit([b], q), 0, 'throttled')
      assert.equal(await counters.used(q.id), 1)
      clock.ms += 1000
      assert.equal(await counters.admit([b], q), 1, 'the quota is used up')
      const other = quota('other', 5)
      assert.equal(await counters.admit([b], other), -1, 'the refusal took no token: the bucket still had one')
    })
  })
}
