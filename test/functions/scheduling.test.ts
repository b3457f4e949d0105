import assert from 'node:assert/strict'
import { test } from 'node:test'
import { FIXTURES } from './runtime-fixture.ts'
import { createWorkerPool, type WorkerPoolOptions } from '../../src/functions/worker-pool.ts'

/**
 * How invocations are spread over execution environments (worker-pool.ts, "Scheduling"): a
 * handler measured fast shares a few warm environments; a slow one, or one not yet measured,
 * gets an environment per concurrent invocation, as on Lambda.
 */
const context = { awsRequestId: 'x', functionName: 'f', functionVersion: '$LATEST', invokedFunctionArn: 'arn', memoryLimitInMB: '128', logGroupName: 'g', logStreamName: 's', deadlineMs: Date.now() + 600_000 }

/** `run(ms)`: esm.timed sleeping `ms`; `run('fast')`: esm.fast, which answers at once */
function timedPool(options: Partial<WorkerPoolOptions> = {}) {
  const pool = createWorkerPool({ handler: `${FIXTURES}esm.handlers`, env: {}, memorySize: 128, ...options })
  const run = async (ms: number | 'fast') => {
    const outcome = await pool.run({ event: JSON.stringify(ms === 'fast' ? { fast: true } : { ms }), context, timeoutMs: 60_000 })
    assert.equal(outcome.error, undefined, JSON.stringify(outcome.error))
    return JSON.parse(outcome.payload!) as { start: number; end: number; threadId: number }
  }
  return { pool, run }
}

test('a fast handler: concurrent invocations beyond eagerConcurrency wait for the warm environments', { timeout: 60_000 }, async () => {
  // a generous maxWaitMs: a loaded machine's slow cold start must not make waiting ones overdue
  const { pool, run } = timedPool({ eagerConcurrency: 2, maxWaitMs: 30_000 })
  try {
    // measured: a run of microseconds (the average forgets the first, slower run of a new worker)
    for (let i = 0; i < 30; i++) await run('fast')
    const results = await Promise.all(Array.from({ length: 100 }, () => run('fast')))
    assert.equal(results.length, 100)
    assert.equal(pool.size(), 2, 'two environments served all 100')
    assert.equal(new Set(results.map((r) => r.threadId)).size, 2)
  } finally {
    await pool.close()
  }
})

test('a handler not yet measured, or measured slow, gets an environment per concurrent invocation', { timeout: 60_000 }, async () => {
  const { pool, run } = timedPool({ eagerConcurrency: 2 })
  try {
    // nothing measured yet: 10 at once start 10 environments
    const first = await Promise.all(Array.from({ length: 10 }, () => run(200)))
    assert.equal(new Set(first.map((r) => r.threadId)).size, 10)
    // measured at ~200 ms a run: waiting behind a busy one would take far past maxQueueMs
    const second = await Promise.all(Array.from({ length: 10 }, () => run(200)))
    assert.equal(new Set(second.map((r) => r.threadId)).size, 10)
    const overlapping = second.filter((a) => second.every((b) => b.start < a.end))
    assert.equal(overlapping.length, 10, 'all ten ran at the same time')
    assert.equal(pool.size(), 10)
  } finally {
    await pool.close()
  }
})

test('a waiting invocation gets its own environment after maxWaitMs when the busy one turned slow', { timeout: 60_000 }, async () => {
  const { pool, run } = timedPool({ eagerConcurrency: 1, maxWaitMs: 100 })
  try {
    await run('fast')
    await run('fast')
    const slow = run(3_000)
    // measured fast, so this one waits for the busy environment — until maxWaitMs
    const quick = await run('fast')
    const slowResult = await slow
    assert.ok(quick.end < slowResult.end, 'the waiting invocation did not wait for the slow one to finish')
    assert.notEqual(quick.threadId, slowResult.threadId)
    assert.equal(pool.size(), 2)
  } finally {
    await pool.close()
  }
})

test('closing the pool ends the invocations still waiting, as terminated ones', { timeout: 60_000 }, async () => {
  const { pool, run } = timedPool({ eagerConcurrency: 1, maxWaitMs: 30_000 })
  await run('fast')
  const busy = pool.run({ event: JSON.stringify({ ms: 5_000 }), context, timeoutMs: 60_000 })
  const waiting = pool.run({ event: JSON.stringify({ ms: 0 }), context, timeoutMs: 60_000 })
  await new Promise((r) => setTimeout(r, 50))
  await pool.close()
  const [busyOutcome, waitingOutcome] = await Promise.all([busy, waiting])
  assert.ok(busyOutcome.exited, JSON.stringify(busyOutcome))
  assert.deepEqual(waitingOutcome.exited, { code: 1, outOfMemory: false })
})
