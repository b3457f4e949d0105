import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createMemoryCounters } from '../../src/limits/memory-counters.ts'
import { countersContract, testClock } from './counters.contract.ts'

countersContract('memory', async (clock) => createMemoryCounters({ now: clock.now }))

describe('memory counters: bounded', () => {
  it('forgets full buckets and ended quotas when it sweeps, and the oldest entries past maxEntries', async () => {
    const clock = testClock()
    const counters = createMemoryCounters({ now: clock.now, maxEntries: 3, sweepEvery: 1 })
    const q = { id: 'q', limit: 5, seedUsed: 0, expiresAt: clock.ms + 1000 }
    await counters.admit([], q)
    assert.equal(await counters.used('q'), 1)
    clock.ms += 1000
    await counters.admit([{ id: 'b', rate: 1, burst: 1 }])
    assert.equal(await counters.used('q'), undefined, 'the period ended: the counter is gone')
    for (let i = 0; i < 10; i++) await counters.admit([], { ...q, id: `q${i}`, expiresAt: clock.ms + 10_000 })
    assert.equal(await counters.used('q0'), undefined, 'the oldest went first')
    assert.equal(await counters.used('q9'), 1)
  })
})

describe('memory counters: synchronous', () => {
  it('admits and refuses without a promise, so a request stays on the pipeline\'s synchronous path', () => {
    const counters = createMemoryCounters({ now: testClock().now })
    const bucket = { id: 'b', rate: 1, burst: 1 }
    assert.equal(counters.admit([bucket]), -1)
    assert.equal(counters.admit([bucket]), 0)
  })
})
