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

  it('sums a period\'s minutes: counts add up, maxima are the largest, percentiles from the merged histogram', () => {
    const history = new MinuteHistory(60)
    const start = T0 - (T0 % 300_000)
    // five minutes of one period, then one minute of the next
    for (let minute = 0; minute < 5; minute++) for (let i = 0; i < 20; i++) history.record({ ...sample(minute === 4 ? 400 : 4), statusCode: i === 0 ? 500 : 200 }, start + minute * 60_000)
    history.record(sample(1), start + 300_000)
    const minutes = history.datapoints(start, start + 360_000, start + 300_000)
    assert.equal(minutes.length, 6)
    const [period, next] = history.datapoints(start, start + 360_000, start + 300_000, 5)
    assert.equal(period!.timestamp, new Date(start).toISOString())
    assert.deepEqual([period!.Count, period!['5XXError'], period!.Latency.Maximum, period!.Latency.Average], [100, 5, 400, 83.2])
    // 80 of 100 requests took 4 ms: p50 in the fast bucket, p90 and p99 in the slow one
    assert.ok(period!.Latency.p50 <= 5 && period!.Latency.p90 > 300 && period!.Latency.p99 <= 400, JSON.stringify(period!.Latency))
    assert.deepEqual([next!.timestamp, next!.Count], [new Date(start + 300_000).toISOString(), 1])
  })
})
