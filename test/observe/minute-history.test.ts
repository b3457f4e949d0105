import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MinuteHistory } from '../../src/observe/minute-history.ts'

const T0 = Date.UTC(2026, 11, 7, 9, 0, 0)
const sample = (latencyMs: number) => ({ statusCode: 200, latencyMs, integrationLatencyMs: undefined, cacheStatus: undefined })

/** Latency's p50/p90/p99 per minute, from the minute's bounded histogram. */
describe('MinuteHistory percentiles', () => {
  it('estimates p50, p90 and p99 of a minute within its buckets', () => {
    const history = new MinuteHistory(60)
    for (let ms = 1; ms <= 100; ms++) history.record(sample(ms), T0 + 1000)
    const [d] = history.datapoints(T0, T0 + 60_000, T0 + 1000)
    assert.deepEqual(d!.Latency, { Average: 50.5, Maximum: 100, p50: 50, p90: 90, p99: 99 })
  })

  it('never reports a percentile above the minute\'s maximum, and keeps minutes apart', () => {
    const history = new MinuteHistory(60)
    for (let i = 0; i < 10; i++) history.record(sample(7), T0)
    for (let i = 0; i < 99; i++) history.record(sample(3), T0 + 60_000)
    history.record(sample(2500), T0 + 60_000)
    const [first, second] = history.datapoints(T0, T0 + 120_000, T0 + 60_000)
    assert.deepEqual(first!.Latency, { Average: 7, Maximum: 7, p50: 6, p90: 6.8, p99: 7 })
    // the outlier is past p99's rank: p99 stays in the fast requests' bucket
    assert.equal(second!.Latency.Maximum, 2500)
    assert.ok(second!.Latency.p99 <= 5, String(second!.Latency.p99))
    assert.ok(second!.Latency.p50 > 2 && second!.Latency.p50 <= 5, String(second!.Latency.p50))
  })

  it('counts past the last bound in an open bucket that ends at the maximum, and forgets a reused slot', () => {
    const history = new MinuteHistory(2)
    history.record(sample(20_000), T0)
    history.record(sample(40_000), T0)
    const [slow] = history.datapoints(T0, T0 + 60_000, T0)
    assert.deepEqual([slow!.Latency.p50, slow!.Latency.p99], [25_000, 40_000])
    // two minutes later the slot is reused: none of the slow requests remain in it
    history.record(sample(1), T0 + 120_000)
    const [fresh] = history.datapoints(T0 + 120_000, T0 + 180_000, T0 + 120_000)
    assert.deepEqual(fresh!.Latency, { Average: 1, Maximum: 1, p50: 1, p90: 1, p99: 1 })
  })
})
