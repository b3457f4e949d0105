import assert from 'node:assert/strict'
import { test } from 'node:test'
import { InvokeError } from '../../src/functions/invoke.ts'
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

test('100 concurrent invocations with reservedConcurrency 100 run in parallel', { timeout: 60_000 }, async () => {
  const runtime = localRuntime({ timed: { handler: './esm.timed', reservedConcurrency: 100, timeout: 30 } })
  try {
    // first wave: every concurrent invocation gets its own execution environment
    const ms = 1000
    const first = await Promise.all(Array.from({ length: 100 }, () => invoke(runtime, 'timed', { ms })))
    for (const r of first) assert.equal(r.functionError, undefined, JSON.stringify(r.payload))
    const threads = (results: typeof first) => results.map((r) => (r.payload as { threadId: number }).threadId)
    assert.equal(new Set(threads(first)).size, 100, 'one execution environment per concurrent invocation')
    assert.equal(runtime.workerCount('timed'), 100)
    // second wave, warm: the invocations overlap (cold starts on a loaded machine no longer spread them out)
    const started = performance.now()
    const second = await Promise.all(Array.from({ length: 100 }, () => invoke(runtime, 'timed', { ms })))
    const elapsed = performance.now() - started
    for (const r of second) assert.equal(r.functionError, undefined, JSON.stringify(r.payload))
    const runs = second.map((r) => r.payload as { start: number; end: number; threadId: number })
    // the moment the most invocations were running at once
    const peak = Math.max(...runs.map((a) => runs.filter((b) => b.start <= a.start && a.start < b.end).length))
    assert.ok(peak >= 50, `peak concurrency ${peak}`)
    assert.ok(elapsed < 20 * ms, `100 × ${ms} ms took ${Math.round(elapsed)} ms (serial would be ${100 * ms} ms)`)
    // and they stayed warm: the second wave started no new workers
    assert.equal(runtime.workerCount('timed'), 100)
  } finally {
    await runtime.close()
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
    { unreservedConcurrency: 1 },
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
