/**
 * The stage response cache through real HTTP: a Portico configured through the SDK, an
 * HTTP_PROXY backend that counts its calls, and a clock the test moves.
 */
import assert from 'node:assert/strict'
import diagnostics from 'node:diagnostics_channel'
import { beforeEach, describe, it } from 'node:test'
import { CreateDeploymentCommand, FlushStageCacheCommand, GetStageCommand } from '@aws-sdk/client-api-gateway'
import type { RequestEndMessage } from '../../src/data/pipeline.ts'
import { send } from '../data/fixtures.ts'
import { ACCESS_KEY_ID, SECRET_ACCESS_KEY } from '../control/harness.ts'
import { awsApigateway } from '../support/aws-cli.ts'
import { BIG_BODY_BYTES, useCachePortico, type Backend } from './harness.ts'

describe('stage response cache', () => {
  let backend: Backend
  let now = Date.UTC(2026, 0, 1)
  const statuses: Array<string | undefined> = []
  const onEnd = (message: unknown) => statuses.push((message as RequestEndMessage).ctx.cacheStatus)

  const api = useCachePortico({ clock: () => now }, async (started) => {
    backend = started.backend
    await started.patchStage({ '/*/*/caching/enabled': 'true', '/*/*/caching/requireAuthorizationForCacheControl': 'false' })
    diagnostics.subscribe('portico:request:end', onEnd)
    return () => diagnostics.unsubscribe('portico:request:end', onEnd)
  })
  beforeEach(async () => {
    await api.harness.client.send(new FlushStageCacheCommand({ restApiId: api.apiId, stageName: 'prod' }))
    statuses.length = 0
  })

  it('answers a repeated GET from the cache: the backend sees one call, the client the same response', async () => {
    const calls = backend.calls
    const first = await api.call('/items/1')
    const second = await api.call('/items/1')
    assert.equal(first.status, 200)
    assert.equal(backend.calls, calls + 1)
    assert.equal(second.body, first.body)
    assert.equal(second.status, 200)
    assert.equal(second.headers['x-backend'], 'yes')
    assert.equal(second.headers['content-type'], 'application/json')
    assert.notEqual(second.headers['x-amzn-requestid'], first.headers['x-amzn-requestid'])
    assert.deepEqual(statuses, ['miss', 'hit'])
  })

  it("counts hits and misses in /metrics as CacheHitCount and CacheMissCount", async () => {
    const counter = async (name: string): Promise<number> => {
      const text = (await send(api.harness.portico.address.port, { path: '/metrics' })).body
      const line = new RegExp(`^apigateway_${name}_total\\{ApiName="cached",ApiId="${api.apiId}",Stage="prod"\\} (\\d+)$`, 'm').exec(text)
      return Number(line?.[1] ?? 0)
    }
    const [hits, misses] = [await counter('cache_hit_count'), await counter('cache_miss_count')]
    await api.call('/items/metrics')
    await api.call('/items/metrics')
    await api.call('/items/metrics')
    assert.equal(await counter('cache_hit_count'), hits + 2)
    assert.equal(await counter('cache_miss_count'), misses + 1)
  })

  it('keys entries by the listed parameters and by nothing else', async () => {
    const calls = backend.calls
    const base = await api.call('/items/1?q=a', { headers: { 'x-k': 'one' } })
    assert.equal((await api.call('/items/1?q=a&other=ignored', { headers: { 'x-k': 'one', 'x-other': 'ignored' } })).body, base.body)
    assert.equal(backend.calls, calls + 1)
    await api.call('/items/2?q=a', { headers: { 'x-k': 'one' } }) // path parameter
    await api.call('/items/1?q=b', { headers: { 'x-k': 'one' } }) // query string
    await api.call('/items/1?q=a', { headers: { 'x-k': 'two' } }) // header
    await api.call('/items/1?q=a') // header absent
    assert.equal(backend.calls, calls + 5)
    assert.deepEqual(statuses, ['miss', 'hit', 'miss', 'miss', 'miss', 'miss'])
  })

  /** An entry of `path` is served until `ttlSeconds` have passed and not a millisecond longer. */
  async function expectExpiry(path: string, ttlSeconds: number): Promise<void> {
    const calls = backend.calls
    await api.call(path)
    now += ttlSeconds * 1000 - 1
    await api.call(path)
    assert.equal(backend.calls, calls + 1, `still cached 1 ms before ${ttlSeconds} s`)
    now += 1
    await api.call(path)
    assert.equal(backend.calls, calls + 2, `expired after ${ttlSeconds} s`)
  }

  it('expires an entry after the TTL (default 300 s), and follows caching/ttlInSeconds', async () => {
    await expectExpiry('/items/ttl', 300)
    await api.patchStage({ '/*/*/caching/ttlInSeconds': '10' })
    await expectExpiry('/items/ttl10', 10)
    await api.patchStage({ '/*/*/caching/ttlInSeconds': '0' })
    const calls = backend.calls
    await api.call('/items/ttl0')
    await api.call('/items/ttl0')
    assert.equal(backend.calls, calls + 2, 'TTL 0 disables caching')
    assert.equal(statuses.slice(-2).filter((s) => s !== undefined).length, 0, 'an uncached method reports no cache status')
    await api.patchStage({ '/*/*/caching/ttlInSeconds': '300' })
  })

  it('caches only GET under */*; another verb needs its own method setting', async () => {
    const calls = backend.calls
    await api.call('/items/p', { method: 'POST' })
    await api.call('/items/p', { method: 'POST' })
    assert.equal(backend.calls, calls + 2)
    await api.patchStage({ '/items~1{id}/POST/caching/enabled': 'true' })
    // a cached method buffers the request body: a hit answers without the backend reading it
    const first = await api.call('/items/p', { method: 'POST', body: 'x'.repeat(100_000) })
    const second = await api.call('/items/p', { method: 'POST', body: 'y'.repeat(100_000) })
    assert.equal(backend.calls, calls + 3)
    assert.equal(second.body, first.body)
    assert.equal(JSON.parse(second.body).method, 'POST')
    await api.patch([{ op: 'remove', path: '/items~1{id}/POST' }])
  })

  it('caches the GET requests of an ANY method under */*, and no other verb', async () => {
    const calls = backend.calls
    await api.call('/any')
    await api.call('/any')
    await api.call('/any', { method: 'DELETE' })
    await api.call('/any', { method: 'DELETE' })
    assert.equal(backend.calls, calls + 3)
    assert.deepEqual(statuses, ['miss', 'hit', undefined, undefined])
  })

  it('does not store a response over 1,048,576 bytes', async () => {
    const calls = backend.calls
    const big = await api.call('/big')
    assert.equal(big.body.length, BIG_BODY_BYTES)
    await api.call('/big')
    assert.equal(backend.calls, calls + 2)
    assert.deepEqual(statuses, ['miss', 'miss'])
  })

  it('FlushStageCache (SDK) empties the stage cache', async () => {
    const calls = backend.calls
    await api.call('/items/f')
    await api.call('/items/f')
    const flushed = await api.harness.client.send(new FlushStageCacheCommand({ restApiId: api.apiId, stageName: 'prod' }))
    assert.equal(flushed.$metadata.httpStatusCode, 202)
    await api.call('/items/f')
    assert.equal(backend.calls, calls + 2)
    const stage = await api.harness.client.send(new GetStageCommand({ restApiId: api.apiId, stageName: 'prod' }))
    assert.equal(stage.cacheClusterStatus, 'AVAILABLE')
  })

  it('flush-stage-cache (AWS CLI) empties the stage cache', async () => {
    const calls = backend.calls
    await api.call('/items/cli')
    await api.call('/items/cli')
    const target = { endpoint: api.harness.portico.url, accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY, dir: api.harness.dir }
    const flushed = await awsApigateway(target, 'flush-stage-cache', '--rest-api-id', api.apiId, '--stage-name', 'prod')
    assert.equal(flushed.code, 0, flushed.stderr)
    await api.call('/items/cli')
    assert.equal(backend.calls, calls + 2)
  })

  it('stops caching when the stage cache cluster is disabled, and comes back empty', async () => {
    const calls = backend.calls
    await api.call('/items/kept')
    await api.patchStage({ '/cacheClusterEnabled': 'false' })
    await api.call('/items/off')
    await api.call('/items/off')
    assert.equal(backend.calls, calls + 3)
    await api.patchStage({ '/cacheClusterEnabled': 'true' })
    await api.call('/items/kept')
    assert.equal(backend.calls, calls + 4, 'the deleted cluster took its entries')
  })

  it('drops the entries on a resize (cacheClusterSize), as AWS recreates the cluster', async () => {
    const calls = backend.calls
    await api.call('/items/resize')
    await api.patchStage({ '/cacheClusterSize': '1.6' })
    await api.call('/items/resize')
    await api.call('/items/resize')
    assert.equal(backend.calls, calls + 2)
    await api.patchStage({ '/cacheClusterSize': '0.5' })
    // CreateDeployment with another size does the same
    await api.call('/items/redeploy')
    await api.harness.client.send(new CreateDeploymentCommand({ restApiId: api.apiId, stageName: 'prod', cacheClusterEnabled: true, cacheClusterSize: '1.6' }))
    await api.harness.portico.settled()
    await api.call('/items/redeploy')
    assert.equal(backend.calls, calls + 4)
    await api.patchStage({ '/cacheClusterSize': '0.5' })
  })

  describe('Cache-Control: max-age=0', () => {
    const invalidate = { 'Cache-Control': 'max-age=0' }

    it('without requireAuthorizationForCacheControl, any client refetches and replaces the entry', async () => {
      const first = await api.call('/items/i')
      const fresh = await api.call('/items/i', { headers: invalidate })
      assert.notEqual(fresh.body, first.body)
      assert.equal((await api.call('/items/i')).body, fresh.body, 'the refetched response replaced the entry')
      assert.deepEqual(statuses, ['miss', 'miss', 'hit'])
    })

    it('FAIL_WITH_403 refuses an unauthorized invalidation', async () => {
      await api.patchStage({ '/*/*/caching/requireAuthorizationForCacheControl': 'true', '/*/*/caching/unauthorizedCacheControlHeaderStrategy': 'FAIL_WITH_403' })
      const calls = backend.calls
      const refused = await api.call('/items/i', { headers: invalidate })
      assert.equal(refused.status, 403)
      assert.equal(refused.headers['x-amzn-errortype'], 'AccessDeniedException')
      assert.equal(backend.calls, calls)
    })

    it('SUCCEED_WITH_RESPONSE_HEADER serves from the cache with a warning', async () => {
      await api.patchStage({ '/*/*/caching/requireAuthorizationForCacheControl': 'true', '/*/*/caching/unauthorizedCacheControlHeaderStrategy': 'SUCCEED_WITH_RESPONSE_HEADER' })
      const cached = await api.call('/items/w')
      const ignored = await api.call('/items/w', { headers: invalidate })
      assert.equal(ignored.body, cached.body)
      assert.equal(ignored.headers['warning'], '199 Cache-control headers were ignored because the caller was unauthorized.')
      assert.equal(cached.headers['warning'], undefined)
    })

    it('SUCCEED_WITHOUT_RESPONSE_HEADER serves from the cache silently', async () => {
      await api.patchStage({ '/*/*/caching/requireAuthorizationForCacheControl': 'true', '/*/*/caching/unauthorizedCacheControlHeaderStrategy': 'SUCCEED_WITHOUT_RESPONSE_HEADER' })
      const cached = await api.call('/items/s')
      const ignored = await api.call('/items/s', { headers: invalidate })
      assert.equal(ignored.body, cached.body)
      assert.equal(ignored.headers['warning'], undefined)
      await api.patchStage({ '/*/*/caching/requireAuthorizationForCacheControl': 'false' })
    })
  })
})
