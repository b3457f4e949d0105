import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { FIXTURES } from './runtime-fixture.ts'
import { drivenClock } from '../support/driven-clock.ts'
import { until } from '../support/until.ts'
import { createEnvironmentBudget } from '../../src/functions/environment-budget.ts'
import { createWorkerPool, type WorkerPoolOptions } from '../../src/functions/worker-pool.ts'

/**
 * How invocations are spread over execution environments (worker-pool.ts, "Scheduling"): a
 * handler measured fast shares a few warm environments; a slow one, or one not yet measured,
 * gets an environment per concurrent invocation, as on Lambda.
 */
const context = { awsRequestId: 'x', functionName: 'f', functionVersion: '$LATEST', invokedFunctionArn: 'arn', memoryLimitInMB: '128', logGroupName: 'g', logStreamName: 's', deadlineMs: Date.now() + 600_000 }

/**
 * `run(ms)`: esm.timed sleeping `ms`; `run('fast')`: esm.fast, which answers at once. Environments
 * may all start at once unless `options.budget` says otherwise: these tests are about placement.
 */
function timedPool(options: Partial<WorkerPoolOptions> = {}) {
  const budget = createEnvironmentBudget({ concurrentStarts: 1_000, maxEnvironments: 1_000 })
  const pool = createWorkerPool({ handler: `${FIXTURES}esm.handlers`, env: {}, memorySize: 128, budget, ...options })
  const run = async (ms: number | 'fast') => {
    const outcome = await pool.run({ event: JSON.stringify(ms === 'fast' ? { fast: true } : { ms }), context, timeoutMs: 60_000 })
    assert.equal(outcome.error, undefined, JSON.stringify(outcome.error))
    return JSON.parse(outcome.payload!) as { start: number; end: number; threadId: number }
  }
  return { pool, run }
}

test('a fast handler: concurrent invocations queue behind a warm environment, and run there one at a time', { timeout: 60_000 }, async () => {
  // a generous maxQueueMs and maxWaitMs: a loaded machine's hiccup must not spread them out
  const { pool, run } = timedPool({ maxQueueMs: 1_000, maxWaitMs: 30_000 })
  try {
    // measured: a run of microseconds (the average forgets the first, slower run of a new worker)
    for (let i = 0; i < 30; i++) await run('fast')
    const results = await Promise.all(Array.from({ length: 100 }, () => run('fast')))
    assert.equal(results.length, 100)
    assert.equal(pool.size(), 1, 'one environment served all 100')
    assert.equal(new Set(results.map((r) => r.threadId)).size, 1)
    const inOrder = [...results].sort((a, b) => a.start - b.start)
    for (let i = 1; i < inOrder.length; i++) assert.ok(inOrder[i]!.start >= inOrder[i - 1]!.end, 'each started after the one before it ended')
  } finally {
    await pool.close()
  }
})

test('the wait a fast handler may queue for is bounded by maxQueueMs: beyond it, more environments', { timeout: 60_000 }, async () => {
  const { pool, run } = timedPool({ maxQueueMs: 0.000001, maxWaitMs: 30_000 })
  try {
    for (let i = 0; i < 10; i++) await run('fast')
    const results = await Promise.all(Array.from({ length: 8 }, () => run('fast')))
    // any queue would be expected to take longer than maxQueueMs: an environment each
    assert.equal(new Set(results.map((r) => r.threadId)).size, 8)
  } finally {
    await pool.close()
  }
})

test('a handler not yet measured, or measured slow, gets an environment per concurrent invocation', { timeout: 60_000 }, async () => {
  const { pool, run } = timedPool()
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
  const { pool, run } = timedPool({ maxWaitMs: 100 })
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
  const { pool, run } = timedPool({ maxWaitMs: 30_000 })
  await run('fast')
  const mark = join(mkdtempSync(join(tmpdir(), 'portico-scheduling-')), 'runs')
  const busy = pool.run({ event: JSON.stringify({ ms: 5_000, mark, id: 'busy' }), context, timeoutMs: 60_000 })
  const waiting = pool.run({ event: JSON.stringify({ ms: 0 }), context, timeoutMs: 60_000 })
  await until(() => existsSync(mark), 'the busy invocation to start')
  await pool.close()
  const [busyOutcome, waitingOutcome] = await Promise.all([busy, waiting])
  assert.ok(busyOutcome.exited, JSON.stringify(busyOutcome))
  assert.deepEqual(waitingOutcome.exited, { code: 1, outOfMemory: false })
})

/**
 * Asks in one turn for `first`, then `others` fast invocations: with the handler measured fast and
 * one warm environment, all are handed to it together, the others queued behind `first`. `runs`:
 * the invocations that ran, one line each time one ran.
 */
async function queuedBehind(pool: ReturnType<typeof timedPool>['pool'], first: object, firstTimeoutMs: number, others: number) {
  const mark = join(mkdtempSync(join(tmpdir(), 'portico-scheduling-')), 'runs')
  const ask = (event: object, timeoutMs = 60_000) => pool.run({ event: JSON.stringify({ ...event, mark }), context, timeoutMs })
  const head = ask({ ...first, id: 'head' }, firstTimeoutMs)
  const queued = Array.from({ length: others }, (_, i) => ask({ fast: true, id: `q${i}` }))
  const [headOutcome, ...queuedOutcomes] = await Promise.all([head, ...queued])
  const runs = readFileSync(mark, 'utf8').trim().split('\n').sort()
  return { headOutcome: headOutcome!, queuedOutcomes, runs }
}

test('invocations queued behind one whose environment dies run in other environments, each exactly once', { timeout: 60_000 }, async () => {
  const { pool, run } = timedPool({ maxQueueMs: 1_000, maxWaitMs: 30_000 })
  try {
    for (let i = 0; i < 10; i++) await run('fast')
    const warm = await run('fast')
    const { headOutcome, queuedOutcomes, runs } = await queuedBehind(pool, { exit: true }, 60_000, 5)
    assert.deepEqual(headOutcome.exited, { code: 3, outOfMemory: false })
    for (const outcome of queuedOutcomes) {
      assert.equal(outcome.error, undefined, JSON.stringify(outcome))
      assert.notEqual((JSON.parse(outcome.payload!) as { threadId: number }).threadId, warm.threadId, 'not in the environment that died')
    }
    assert.deepEqual(runs, ['head', 'q0', 'q1', 'q2', 'q3', 'q4'])
  } finally {
    await pool.close()
  }
})

test('invocations queued behind one that runs past its timeout run elsewhere; it times out alone', { timeout: 60_000 }, async () => {
  const { pool, run } = timedPool({ maxQueueMs: 1_000, maxWaitMs: 30_000 })
  try {
    for (let i = 0; i < 10; i++) await run('fast')
    const { headOutcome, queuedOutcomes, runs } = await queuedBehind(pool, { loop: true }, 1_000, 3)
    assert.equal(headOutcome.timedOut, true, JSON.stringify(headOutcome))
    for (const outcome of queuedOutcomes) assert.equal(outcome.error ?? outcome.timedOut ?? outcome.exited, undefined, JSON.stringify(outcome))
    assert.deepEqual(runs, ['head', 'q0', 'q1', 'q2'])
  } finally {
    await pool.close()
  }
})

test('environments idle past idleTimeoutMs are stopped, all but the most recently used one', { timeout: 60_000 }, async () => {
  // the idle time passes on a driven clock: the test steps past idleTimeoutMs instead of waiting it out
  const clock = drivenClock()
  const { pool, run } = timedPool({ idleTimeoutMs: 1_000, clock })
  try {
    // not yet measured: an environment each
    const first = await Promise.all(Array.from({ length: 4 }, () => run(50)))
    assert.equal(pool.size(), 4)
    clock.advance(1_000)
    await until(() => pool.size() <= 1, 'the stopped environments to exit')
    assert.equal(pool.size(), 1, 'three stopped, one kept warm')
    // the one kept is one of those that ran, still warm
    const again = await run(0)
    assert.ok(first.some((r) => r.threadId === again.threadId))
    assert.equal(pool.size(), 1)
  } finally {
    await pool.close()
  }
})

/** the real budget, recording the most environments it counted as starting at once */
function recordingBudget(options: Parameters<typeof createEnvironmentBudget>[0]) {
  const budget = createEnvironmentBudget(options)
  let starting = 0
  let alive = 0
  const seen = { starting: 0, alive: 0, starts: 0 }
  return {
    seen,
    budget: {
      ...budget,
      tryStart() {
        const ok = budget.tryStart()
        if (ok) {
          seen.starts++
          seen.starting = Math.max(seen.starting, ++starting)
          seen.alive = Math.max(seen.alive, ++alive)
        }
        return ok
      },
      started() {
        starting--
        budget.started()
      },
      stopped() {
        alive--
        budget.stopped()
      },
    },
  }
}

test('at most concurrentStarts environments start at once; the others wait for a start or an idle environment, and all run', { timeout: 60_000 }, async () => {
  const { seen, budget } = recordingBudget({ concurrentStarts: 2, maxEnvironments: 100 })
  const { pool, run } = timedPool({ budget })
  try {
    // not yet measured: each would get an environment of its own at once, were starts not bounded
    const results = await Promise.all(Array.from({ length: 20 }, () => run(100)))
    assert.equal(results.length, 20)
    assert.equal(seen.starting, 2)
    assert.ok(pool.size() >= 2 && pool.size() <= 20, `${pool.size()} environments`)
  } finally {
    await pool.close()
  }
})

test('past maxEnvironments, the idle environment least recently used in any pool sharing the budget is stopped to make room', { timeout: 60_000 }, async () => {
  const { seen, budget } = recordingBudget({ concurrentStarts: 10, maxEnvironments: 3 })
  const a = timedPool({ budget })
  const b = timedPool({ budget })
  try {
    await Promise.all([a.run(50), a.run(50), a.run(50)])
    assert.equal(a.pool.size(), 3)
    // two more environments needed in b: two of a's idle ones make room
    await Promise.all([b.run(50), b.run(50)])
    assert.equal(b.pool.size(), 2)
    assert.equal(seen.alive, 3)
    await until(() => a.pool.size() <= 1, "a's stopped environments to exit")
    assert.equal(a.pool.size(), 1)
    // and the bound holds while every environment is busy: the next invocation waits for one
    const busy = [b.run(300), b.run(300), a.run(300)]
    assert.equal((await a.run(0)).threadId > 0, true)
    await Promise.all(busy)
    assert.equal(seen.alive, 3)
  } finally {
    await Promise.all([a.pool.close(), b.pool.close()])
  }
})

test('an invocation that times out while the environment started for it loads does not stop that environment: it serves the next', { timeout: 60_000 }, async () => {
  // each environment's init waits here until the test answers
  const inits: ServerResponse[] = []
  let arrived: (() => void) | undefined
  const server = createServer((_req, res) => {
    inits.push(res)
    arrived?.()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const initArrived = (n: number) =>
    new Promise<void>((resolve) => {
      arrived = () => inits.length === n && resolve()
      arrived()
    })
  const { seen, budget } = recordingBudget({ concurrentStarts: 1, maxEnvironments: 10 })
  const pool = createWorkerPool({ handler: `${FIXTURES}slow-init.handler`, env: { INIT_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` }, memorySize: 128, budget })
  const run = (ms: number, timeoutMs = 60_000) => pool.run({ event: JSON.stringify({ ms }), context, timeoutMs })
  try {
    const first = run(200)
    await initArrived(1)
    // the one start allowed is taken: this one waits for it, then gets the next start, and times out while that loads
    const second = run(200, 3_000)
    // the first start ends after this one, waiting too, has timed out: the second environment then
    // starts ~2 s into the second invocation's 3 s, and may take ~2 s more to load before it is given up
    const marker = await run(0, 2_000)
    assert.equal(marker.timedOut, true)
    inits[0]!.end()
    await initArrived(2)
    assert.equal((await second).timedOut, true)
    inits[1]!.end()
    // any later environment loads at once
    arrived = () => inits.at(-1)!.end()
    assert.equal((await first).error, undefined)
    // both environments loaded, neither stopped: two invocations at once need no further start
    const [a, b] = await Promise.all([run(200), run(200)])
    assert.equal(a!.error ?? b!.error, undefined)
    assert.equal(seen.starts, 2)
    assert.equal(pool.size(), 2)
  } finally {
    await pool.close()
    for (const res of inits) res.end()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
})
