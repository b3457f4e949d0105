import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import type { CacheScope, ResponseCache } from '../../src/cache/response-cache.ts'

export interface OpenedCache {
  cache: ResponseCache
  /** moves the cache's clock forward; absent when the backend keeps its own time (Redis) */
  advance?: (ms: number) => void
  cleanup(): Promise<void>
}

const GB = 1024 ** 3

/** The behaviour every ResponseCache owes the cache stage. Each case gets a fresh, empty cache. */
export function responseCacheContract(name: string, open: () => Promise<OpenedCache>, { clocked }: { clocked: boolean }): void {
  describe(`ResponseCache contract: ${name}`, () => {
    let opened: OpenedCache
    let cache: ResponseCache
    // unique per case, so a shared backend (Redis) never sees another case's entries
    let n = 0
    let scope: CacheScope
    let other: CacheScope
    beforeEach(async () => {
      opened = await open()
      cache = opened.cache
      n++
      const run = `${process.pid}-${Date.now()}-${n}`
      scope = { id: `api${run}/prod`, budgetBytes: GB }
      other = { id: `api${run}/prod/canary`, budgetBytes: GB }
    })
    afterEach(async () => {
      await cache.flush(scope.id)
      await cache.flush(other.id)
      await cache.close()
      await opened.cleanup()
    })

    it('misses an absent key and returns the bytes stored under a key', async () => {
      assert.equal(await cache.get(scope, 'k1'), undefined)
      await cache.set(scope, 'k1', Buffer.from([0, 1, 2, 255]), 300)
      assert.deepEqual(await cache.get(scope, 'k1'), Buffer.from([0, 1, 2, 255]))
      assert.equal(await cache.get(scope, 'k2'), undefined)
    })

    it('replaces an entry stored again under the same key', async () => {
      await cache.set(scope, 'k', Buffer.from('first'), 300)
      await cache.set(scope, 'k', Buffer.from('second'), 300)
      assert.equal((await cache.get(scope, 'k'))?.toString(), 'second')
    })

    it('keeps scopes apart: the same key in two scopes is two entries', async () => {
      await cache.set(scope, 'k', Buffer.from('stage'), 300)
      await cache.set(other, 'k', Buffer.from('canary'), 300)
      assert.equal((await cache.get(scope, 'k'))?.toString(), 'stage')
      assert.equal((await cache.get(other, 'k'))?.toString(), 'canary')
    })

    it('flushes one scope and leaves the others', async () => {
      for (let i = 0; i < 30; i++) await cache.set(scope, `k${i}`, Buffer.from(`v${i}`), 300)
      await cache.set(other, 'k0', Buffer.from('kept'), 300)
      await cache.flush(scope.id)
      for (let i = 0; i < 30; i++) assert.equal(await cache.get(scope, `k${i}`), undefined)
      assert.equal((await cache.get(other, 'k0'))?.toString(), 'kept')
    })

    it('treats glob characters in a scope id literally when flushing', async () => {
      const starry: CacheScope = { id: `${scope.id}*`, budgetBytes: GB }
      await cache.set(scope, 'k', Buffer.from('plain'), 300)
      await cache.set(starry, 'k', Buffer.from('star'), 300)
      await cache.flush(starry.id)
      assert.equal((await cache.get(scope, 'k'))?.toString(), 'plain')
      assert.equal(await cache.get(starry, 'k'), undefined)
    })

    // a backend that keeps its own clock (Redis) shows its expiry in its own suite
    if (clocked) {
      it('expires an entry after its TTL', async () => {
      await cache.set(scope, 'short', Buffer.from('x'), 1)
      await cache.set(scope, 'long', Buffer.from('y'), 300)
      opened.advance!(999)
      assert.equal((await cache.get(scope, 'short'))?.toString(), 'x')
      opened.advance!(1)
      assert.equal(await cache.get(scope, 'short'), undefined)
      assert.equal((await cache.get(scope, 'long'))?.toString(), 'y')
      })
    }
  })
}
