import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { apiDefinition, send } from '../data/fixtures.ts'
import type { MinuteDatapoint } from '../../src/observe/minute-history.ts'
import { startObserved, useObserved } from './observe-fixtures.ts'

/** A scripted mix of traffic → CloudWatch's REST metrics, on /metrics (Prometheus) and in the minute history. */
describe('metrics', () => {
  const get = (path: string, headers: Record<string, string> = {}) => send(o.running.address.port, { path: `/_aws/execute-api/a1b2c3d4e5/prod${path}`, headers })

  const o = useObserved(
    // detailed metrics for GET /pets/{id} only
    { api: apiDefinition({ '/pets': ['GET', 'POST'], '/pets/{id}': ['GET'] }), stage: { methodSettings: { '~1pets~1{id}/GET': { metricsEnabled: true } as never } } },
    async () => {
      // minute 1: 3 × 200 (one a cache hit, two misses), 2 × 404 from the integration, 1 × 503, 1 unrouted 403
      await get('/pets', { 'x-cache': 'hit' })
      await get('/pets', { 'x-cache': 'miss', 'x-integration-ms': '40' })
      await get('/pets/7', { 'x-cache': 'miss', 'x-integration-ms': '3' })
      await get('/pets/7', { 'x-status': '404' })
      await get('/pets', { 'x-status': '404' })
      await get('/pets', { 'x-status': '503', 'x-integration-ms': '2000' })
      assert.equal((await get('/nothing-here')).status, 403)
      // minute 2: one more request
      o.clock.now += 60_000
      await get('/pets/8')
    },
  )

  it('counts Count, 4XXError, 5XXError, CacheHitCount, CacheMissCount per ApiName and Stage', async () => {
    const text = (await send(o.running.address.port, { path: '/metrics' })).body
    const labels = 'ApiName="test",ApiId="a1b2c3d4e5",Stage="prod"'
    assert.match(text, new RegExp(`^apigateway_count_total\\{${labels}\\} 8$`, 'm'))
    assert.match(text, new RegExp(`^apigateway_4xx_error_total\\{${labels}\\} 3$`, 'm'))
    assert.match(text, new RegExp(`^apigateway_5xx_error_total\\{${labels}\\} 1$`, 'm'))
    assert.match(text, new RegExp(`^apigateway_cache_hit_count_total\\{${labels}\\} 1$`, 'm'))
    assert.match(text, new RegExp(`^apigateway_cache_miss_count_total\\{${labels}\\} 2$`, 'm'))
    assert.match(text, /^# TYPE apigateway_latency_milliseconds histogram$/m)
    assert.match(text, new RegExp(`^apigateway_latency_milliseconds_count\\{${labels}\\} 8$`, 'm'))
    assert.match(text, new RegExp(`^apigateway_latency_milliseconds_bucket\\{${labels},le="\\+Inf"\\} 8$`, 'm'))
  })

  it('IntegrationLatency counts only requests that reached an integration, in histogram buckets', async () => {
    const text = (await send(o.running.address.port, { path: '/metrics' })).body
    const labels = 'ApiName="test",ApiId="a1b2c3d4e5",Stage="prod"'
    // 6 integration calls (the cache hit and the unrouted 403 made none): 40, 3, 7, 7, 2000, 7 ms
    assert.match(text, new RegExp(`^apigateway_integration_latency_milliseconds_count\\{${labels}\\} 6$`, 'm'))
    assert.match(text, new RegExp(`^apigateway_integration_latency_milliseconds_sum\\{${labels}\\} 2064$`, 'm'))
    assert.match(text, new RegExp(`^apigateway_integration_latency_milliseconds_bucket\\{${labels},le="5"\\} 1$`, 'm'))
    assert.match(text, new RegExp(`^apigateway_integration_latency_milliseconds_bucket\\{${labels},le="10"\\} 4$`, 'm'))
    assert.match(text, new RegExp(`^apigateway_integration_latency_milliseconds_bucket\\{${labels},le="50"\\} 5$`, 'm'))
    assert.match(text, new RegExp(`^apigateway_integration_latency_milliseconds_bucket\\{${labels},le="1000"\\} 5$`, 'm'))
    assert.match(text, new RegExp(`^apigateway_integration_latency_milliseconds_bucket\\{${labels},le="2500"\\} 6$`, 'm'))
  })

  it('adds Method and Resource series only where metricsEnabled', async () => {
    const text = (await send(o.running.address.port, { path: '/metrics' })).body
    assert.match(text, /^apigateway_count_total\{ApiName="test",ApiId="a1b2c3d4e5",Stage="prod",Method="GET",Resource="\/pets\/\{id\}"\} 3$/m)
    assert.match(text, /^apigateway_4xx_error_total\{[^}]*Method="GET",Resource="\/pets\/\{id\}"\} 1$/m)
    assert.doesNotMatch(text, /Resource="\/pets"\}/)
  })

  it('keeps a per-minute history with CloudWatch names', () => {
    const [series, ...others] = o.observer.metrics.history({ apiId: 'a1b2c3d4e5', stage: 'prod' })
    assert.equal(others.length, 0)
    assert.equal(series!.ApiName, 'test')
    const [first, second] = series!.datapoints as MinuteDatapoint[]
    assert.deepEqual(
      { t: first!.timestamp, c: first!.Count, e4: first!['4XXError'], e5: first!['5XXError'], h: first!.CacheHitCount, m: first!.CacheMissCount },
      { t: '2026-11-22T01:00:00.000Z', c: 7, e4: 3, e5: 1, h: 1, m: 2 },
    )
    assert.equal(first!.IntegrationLatency!.Maximum, 2000)
    // minute 1's integration calls: 40, 3, 7, 7, 2000 ms
    assert.equal(first!.IntegrationLatency!.Average, 411.4)
    assert.deepEqual({ t: second!.timestamp, c: second!.Count }, { t: '2026-11-22T01:01:00.000Z', c: 1 })
    const detailed = o.observer.metrics.history({ apiId: 'a1b2c3d4e5', detailed: true }).find((s) => s.Method === 'GET')
    assert.equal(detailed?.Resource, '/pets/{id}')
    assert.equal(detailed?.datapoints.reduce((n, d) => n + d.Count, 0), 3)
  })

  it('forgets minutes older than 24 h', () => {
    const saved = o.clock.now
    o.clock.now = Date.UTC(2026, 10, 23, 1, 0, 30)
    assert.deepEqual(o.observer.metrics.history({ apiId: 'a1b2c3d4e5' })[0]!.datapoints.map((d) => d.timestamp), ['2026-11-22T01:01:00.000Z'])
    o.clock.now = Date.UTC(2026, 10, 23, 1, 1, 30)
    assert.deepEqual(o.observer.metrics.history({ apiId: 'a1b2c3d4e5' })[0]!.datapoints, [])
    o.clock.now = saved
  })

  it('escapes label values as the exposition format requires', async () => {
    const api = apiDefinition({ '/x': ['GET'] }, { apiId: 'q1w2e3r4t5' })
    api.restApi.name = 'say "hi"\\back\nslash'
    const other = await startObserved(api)
    try {
      await send(other.running.address.port, { path: '/_aws/execute-api/q1w2e3r4t5/prod/x' })
      const text = (await send(other.running.address.port, { path: '/metrics' })).body
      assert.match(text, /^apigateway_count_total\{ApiName="say \\"hi\\"\\\\back\\nslash",ApiId="q1w2e3r4t5",Stage="prod"\} 1$/m)
    } finally {
      await other.close()
    }
  })
})

