import assert from 'node:assert/strict'
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { test } from 'node:test'
import { InvokeError } from '../../src/gateway/function-invoker.ts'
import { invoke, localRuntime } from './runtime-fixture.ts'

test('warm workers are reused: module state survives between invocations, one worker', { timeout: 20_000 }, async () => {
  const runtime = localRuntime({ counter: { handler: './esm.counter' } })
  try {
    const first = await invoke(runtime, 'counter')
    assert.equal(first.payload, 1)
    assert.ok(first.logs.at(-1)!.includes('Init Duration'), 'the first invocation is a cold start')
    assert.equal((await invoke(runtime, 'counter')).payload, 2)
    const third = await invoke(runtime, 'counter')
    assert.equal(third.payload, 3)
    assert.ok(!third.logs.at(-1)!.includes('Init Duration'), 'warm invocations report no Init Duration')
    assert.equal(runtime.workerCount('counter'), 1)
  } finally {
    await runtime.close()
  }
})

/**
 * A loopback server that holds every request until `n` have arrived, then answers them all: the
 * `rendezvous` handler's invocations return only if `n` ran at the same time.
 */
async function rendezvous(n: number) {
  let waiting: ServerResponse[] = []
  const server = createServer((_req, res) => {
    waiting.push(res)
    if (waiting.length < n) return
    for (const held of waiting) held.end('all arrived')
    waiting = []
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

test('50 concurrent invocations with reservedConcurrency 50 run at the same time, each in its own environment', { timeout: 240_000 }, async () => {
  const runtime = localRuntime({ meet: { handler: './esm.rendezvous', reservedConcurrency: 50, timeout: 200 } })
  const meeting = await rendezvous(50)
  // fifty cold starts on a loaded machine take their time: no caller deadline gets in the way
  const meet = () => invoke(runtime, 'meet', { url: meeting.url }, { timeoutMs: 200_000 })
  try {
    // cold: the environments start a few at a time, and each holds its invocation until all 50 run
    const first = await Promise.all(Array.from({ length: 50 }, meet))
    for (const r of first) assert.equal(r.functionError, undefined, JSON.stringify(r.payload))
    const threads = (results: typeof first) => new Set(results.map((r) => (r.payload as { threadId: number }).threadId))
    assert.equal(threads(first).size, 50, 'one execution environment per concurrent invocation')
    assert.equal(runtime.workerCount('meet'), 50)
    // warm: the same 50 environments, no new ones
    const second = await Promise.all(Array.from({ length: 50 }, meet))
    for (const r of second) assert.equal(r.functionError, undefined, JSON.stringify(r.payload))
    assert.deepEqual(threads(second), threads(first))
    assert.equal(runtime.workerCount('meet'), 50)
  } finally {
    await runtime.close()
    await meeting.close()
  }
})

test('past reservedConcurrency: TooManyRequestsException 429 "Rate Exceeded."; 0 throttles everything', { timeout: 20_000 }, async () => {
  const runtime = localRuntime({
    two: { handler: './esm.timed', reservedConcurrency: 2 },
    none: { handler: './esm.timed', reservedConcurrency: 0 },
  })
  try {
    const running = [invoke(runtime, 'two', { ms: 400 }), invoke(runtime, 'two', { ms: 400 })]
    await assert.rejects(invoke(runtime, 'two', { ms: 1 }), (error: InvokeError) => {
      assert.ok(error instanceof InvokeError)
      assert.equal(error.type, 'TooManyRequestsException')
      assert.equal(error.statusCode, 429)
      assert.equal(error.message, 'Rate Exceeded.')
      return true
    })
    await Promise.all(running)
    assert.equal((await invoke(runtime, 'two', { ms: 1 })).functionError, undefined, 'capacity is back once they finish')
    await assert.rejects(invoke(runtime, 'none', { ms: 1 }), { type: 'TooManyRequestsException' })
  } finally {
    await runtime.close()
  }
})

test('versions share the function concurrency limit; unreserved functions use the runtime default', { timeout: 20_000 }, async () => {
  const runtime = localRuntime(
    {
      shared: { handler: './esm.timed', reservedConcurrency: 1, versions: { '1': {} } },
      free: { handler: './esm.timed' },
    },
    // no queue: past the limit is throttled at once, as on Lambda
    { limits: { unreservedConcurrency: 1, maxQueuedInvocations: 0 } },
  )
  try {
    const busy = invoke(runtime, 'shared', { ms: 300 })
    await assert.rejects(invoke(runtime, 'shared', { ms: 1 }, { qualifier: '1' }), { type: 'TooManyRequestsException' })
    const free = invoke(runtime, 'free', { ms: 300 })
    await assert.rejects(invoke(runtime, 'free', { ms: 1 }), { type: 'TooManyRequestsException' })
    await Promise.all([busy, free])
  } finally {
    await runtime.close()
  }
})

test('an unreserved function past its concurrency waits for an invocation in flight to end, in order', { timeout: 20_000 }, async () => {
  const runtime = localRuntime({ free: { handler: './esm.timed' } }, { limits: { unreservedConcurrency: 1 } })
  try {
    const runs = await Promise.all([invoke(runtime, 'free', { ms: 200 }), invoke(runtime, 'free', { ms: 1 }), invoke(runtime, 'free', { ms: 1 })])
    const times = runs.map((r) => r.payload as { start: number; end: number })
    assert.ok(times[1]!.start >= times[0]!.end && times[2]!.start >= times[1]!.end, JSON.stringify(times))
  } finally {
    await runtime.close()
  }
})

test('past maxQueuedInvocations, or after maxQueueWaitMs, the waiting invocation is throttled; reservations are not queued', { timeout: 20_000 }, async () => {
  const runtime = localRuntime(
    {
      free: { handler: './esm.timed' },
      reserved: { handler: './esm.timed', reservedConcurrency: 1 },
    },
    { limits: { unreservedConcurrency: 1, maxQueuedInvocations: 1, maxQueueWaitMs: 300 } },
  )
  try {
    const busy = invoke(runtime, 'free', { ms: 1_500 })
    const waiting = invoke(runtime, 'free', { ms: 1 })
    // the queue is full: at once
    await assert.rejects(invoke(runtime, 'free', { ms: 1 }), { type: 'TooManyRequestsException', statusCode: 429, message: 'Rate Exceeded.' })
    // the one waiting gives up after maxQueueWaitMs, long before the busy one ends
    await assert.rejects(waiting, { type: 'TooManyRequestsException' })
    const reservedBusy = invoke(runtime, 'reserved', { ms: 300 })
    await assert.rejects(invoke(runtime, 'reserved', { ms: 1 }), { type: 'TooManyRequestsException' })
    assert.equal((await busy).functionError, undefined)
    await reservedBusy
  } finally {
    await runtime.close()
  }
})

test('concurrentExecutions bounds every function together', { timeout: 20_000 }, async () => {
  const runtime = localRuntime(
    {
      one: { handler: './esm.timed' },
      two: { handler: './esm.timed', reservedConcurrency: 5 },
    },
    { limits: { concurrentExecutions: 1, maxQueuedInvocations: 0 } },
  )
  try {
    const busy = invoke(runtime, 'one', { ms: 300 })
    await assert.rejects(invoke(runtime, 'two', { ms: 1 }), { type: 'TooManyRequestsException' })
    await busy
    assert.equal((await invoke(runtime, 'two', { ms: 1 })).functionError, undefined)
  } finally {
    await runtime.close()
  }
})
