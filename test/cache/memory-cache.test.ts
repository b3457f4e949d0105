import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MemoryResponseCache } from '../../src/cache/memory-cache.ts'
import { responseCacheContract } from '../contract/response-cache.contract.ts'

responseCacheContract('memory', async () => {
  let now = 1_000_000
  return { cache: new MemoryResponseCache({ now: () => now }), advance: (ms) => void (now += ms), cleanup: async () => {} }
}, { clocked: true })

describe('MemoryResponseCache byte bound', () => {
  const value = Buffer.alloc(1000, 7)
  /** what one entry of `value` under a two-character key costs by the cache's account */
  async function entryCost(): Promise<number> {
    const probe = new MemoryResponseCache()
    await probe.set({ id: 'p', budgetBytes: 1024 ** 3 }, 'k0', value, 300)
    return probe.bytes
  }

  it('holds a scope to its budget, dropping the least recently used entry first', async () => {
    const unit = await entryCost()
    const cache = new MemoryResponseCache({ maxBytes: 1024 ** 3 })
    const scope = { id: 'a/prod', budgetBytes: 4 * unit + unit / 2 }
    for (let i = 0; i < 4; i++) await cache.set(scope, `k${i}`, value, 300)
    assert.equal(cache.size, 4)
    await cache.get(scope, 'k0') // k0 is now the most recently used
    await cache.set(scope, 'k4', value, 300)
    assert.ok(cache.bytes <= scope.budgetBytes, `${cache.bytes} bytes held`)
    assert.ok(await cache.get(scope, 'k0'), 'the recently read entry stays')
    assert.equal(await cache.get(scope, 'k1'), undefined, 'the least recently used entry went')
    assert.ok(await cache.get(scope, 'k4'))
  })

  it('holds every scope together to maxBytes, taking from the writer first', async () => {
    const unit = await entryCost()
    const cache = new MemoryResponseCache({ maxBytes: 3 * unit + unit / 2 })
    const a = { id: 'a/prod', budgetBytes: 1024 ** 3 }
    const b = { id: 'b/prod', budgetBytes: 1024 ** 3 }
    for (let i = 0; i < 3; i++) await cache.set(a, `a${i}`, value, 300)
    await cache.set(b, 'b0', value, 300)
    assert.ok(cache.bytes <= cache.maxBytes)
    assert.equal(await cache.get(a, 'a0'), undefined, "the writer's neighbour lost its oldest entry")
    await cache.set(b, 'b1', value, 300)
    assert.ok(cache.bytes <= cache.maxBytes)
    assert.equal(await cache.get(b, 'b0'), undefined, 'the writer gives up its own oldest entry first')
    assert.ok(await cache.get(a, 'a2'))
  })

  it('never stores an entry larger than the budget, and a replaced entry frees its bytes', async () => {
    const unit = await entryCost()
    const cache = new MemoryResponseCache({ maxBytes: unit })
    const scope = { id: 'a/prod', budgetBytes: 1024 ** 3 }
    await cache.set(scope, 'k1', Buffer.alloc(1001), 300)
    assert.equal(await cache.get(scope, 'k1'), undefined)
    assert.equal(cache.bytes, 0)
    await cache.set(scope, 'k', value, 300)
    const one = cache.bytes
    await cache.set(scope, 'k', value, 300)
    assert.equal(cache.bytes, one)
    await cache.flush('a/prod')
    assert.equal(cache.bytes, 0)
    assert.equal(cache.size, 0)
  })
})
