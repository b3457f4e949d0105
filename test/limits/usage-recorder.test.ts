/**
 * The usage recorder against a sink that records what it was given and can be made to fail:
 * counts are summed per key, plan and day; a failed write keeps them for the next flush; close
 * writes what is left; the backlog is bounded.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createUsageRecorder, type UsageSink } from '../../src/limits/usage-recorder.ts'

function sink(): UsageSink & { rows: string[]; failing: boolean } {
  const s = {
    rows: [] as string[],
    failing: false,
    async addUsages(entries: ReadonlyArray<{ planId: string; keyId: string; day: string; count: number }>) {
      if (s.failing) throw new Error('store unavailable')
      for (const { planId, keyId, day, count } of entries) s.rows.push(`${planId} ${keyId} ${day} ${count}`)
    },
  }
  return s
}

describe('usage recorder', () => {
  it('sums counts per plan, key and day, and writes them on flush', async () => {
    const store = sink()
    const usage = createUsageRecorder(store, { flushMs: 3_600_000 })
    usage.count('p1', 'k1', '2026-03-04')
    usage.count('p1', 'k1', '2026-03-04')
    usage.count('p1', 'k2', '2026-03-04')
    usage.count('p1', 'k1', '2026-03-05')
    assert.deepEqual(store.rows, [], 'nothing before the flush')
    await usage.flush()
    assert.deepEqual(store.rows, ['p1 k1 2026-03-04 2', 'p1 k2 2026-03-04 1', 'p1 k1 2026-03-05 1'])
    await usage.flush()
    assert.equal(store.rows.length, 3, 'a second flush has nothing to write')
    await usage.close()
  })

  it('a failed write keeps the counts, added to later ones, for the next flush', async () => {
    const store = sink()
    const errors: string[] = []
    const usage = createUsageRecorder(store, { flushMs: 3_600_000, onError: (e) => errors.push(e.message) })
    usage.count('p1', 'k1', '2026-03-04')
    store.failing = true
    await usage.flush()
    assert.deepEqual(errors, ['store unavailable'])
    usage.count('p1', 'k1', '2026-03-04')
    store.failing = false
    await usage.close()
    assert.deepEqual(store.rows, ['p1 k1 2026-03-04 2'], 'close wrote the kept and the new count together')
  })

  it('flushes early when maxPending entries wait, and drops new entries past it while the store fails', async () => {
    const store = sink()
    const usage = createUsageRecorder(store, { flushMs: 3_600_000, maxPending: 2, onError: () => {} })
    usage.count('p1', 'k1', 'd1')
    usage.count('p1', 'k2', 'd1')
    await usage.flush()
    assert.equal(store.rows.length, 2, 'the second entry triggered a flush')
    store.failing = true
    for (const key of ['a', 'b', 'c', 'd']) usage.count('p1', key, 'd1')
    await usage.flush()
    store.failing = false
    await usage.close()
    const kept = store.rows.length - 2
    assert.ok(kept >= 1 && kept <= 2, `between 1 and maxPending entries kept through the failure, not all 4 (${kept})`)
  })

  it('a flush asked for during a write writes, after it, the counts that came in meanwhile', async () => {
    const rows: string[] = []
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    let writes = 0
    const usage = createUsageRecorder(
      {
        async addUsages(entries) {
          // the first write is slow (a store waiting on another writer's lock)
          if (writes++ === 0) await gate
          for (const { keyId, count } of entries) rows.push(`${keyId} ${count}`)
        },
      },
      { flushMs: 3_600_000 },
    )
    usage.count('p1', 'k1', 'd1')
    const first = usage.flush()
    usage.count('p1', 'k2', 'd1')
    const second = usage.flush()
    release()
    await first
    await second
    assert.deepEqual(rows, ['k1 1', 'k2 1'], 'the second flush did not stop at the write in progress')
    await usage.close()
  })

  it('a count that finds the last write flushMs old starts the next one, however late the timer', async () => {
    const store = sink()
    const clock = { now: 0 }
    // no timer can run between these microtask turns: only counts can start a write
    const usage = createUsageRecorder(store, { flushMs: 500, clock: () => clock.now })
    usage.count('p1', 'k1', 'd1')
    clock.now = 499
    usage.count('p1', 'k1', 'd1')
    await Promise.resolve()
    assert.deepEqual(store.rows, [], 'not yet')
    clock.now = 500
    usage.count('p1', 'k1', 'd1')
    await Promise.resolve()
    assert.deepEqual(store.rows, ['p1 k1 d1 3'])
    clock.now = 700
    usage.count('p1', 'k1', 'd1')
    await Promise.resolve()
    assert.deepEqual(store.rows, ['p1 k1 d1 3'], 'the next write waits flushMs from the last one')
    await usage.close()
  })
})
