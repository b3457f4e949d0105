import { refill, refillMs, type BucketLimit, type Clock, type Counters, type QuotaLimit } from './counters.ts'

/**
 * Counters in this process (the default). Bounded: buckets that have filled up again and quotas
 * whose period ended are swept every `sweepEvery` operations; past `maxEntries` the oldest
 * entries go first (a bucket forgotten is a full bucket; a quota forgotten restarts from its
 * seed, the use already flushed to the Store).
 */
export interface MemoryCountersOptions {
  now?: Clock
  maxEntries?: number
  sweepEvery?: number
}

interface BucketState {
  tokens: number
  at: number
  /** when it is full again */
  fullAt: number
}

interface QuotaState {
  used: number
  expiresAt: number
}

/** In-process: admit answers synchronously. */
export interface MemoryCounters extends Counters {
  admit(buckets: readonly BucketLimit[], quota?: QuotaLimit): number
}

export function createMemoryCounters(options: MemoryCountersOptions = {}): MemoryCounters {
  const now = options.now ?? Date.now
  const maxEntries = options.maxEntries ?? 100_000
  const sweepEvery = options.sweepEvery ?? 10_000
  const buckets = new Map<string, BucketState>()
  const quotas = new Map<string, QuotaState>()
  let operations = 0

  function sweep(at: number): void {
    operations = 0
    for (const [id, state] of buckets) if (state.fullAt <= at) buckets.delete(id)
    for (const [id, state] of quotas) if (state.expiresAt <= at) quotas.delete(id)
    for (const map of [buckets, quotas] as Map<string, unknown>[]) {
      for (const id of map.keys()) {
        if (map.size <= maxEntries) break
        map.delete(id)
      }
    }
  }

  function tick(at: number): void {
    if (++operations >= sweepEvery || buckets.size + quotas.size > 2 * maxEntries) sweep(at)
  }

  function quotaState(quota: QuotaLimit): QuotaState {
    let state = quotas.get(quota.id)
    if (state === undefined) quotas.set(quota.id, (state = { used: quota.seedUsed, expiresAt: quota.expiresAt }))
    return state
  }

  return {
    admit(limits: readonly BucketLimit[], quota?: QuotaLimit): number {
      const at = now()
      tick(at)
      const tokens: number[] = []
      for (const [i, bucket] of limits.entries()) {
        const state = buckets.get(bucket.id)
        const available = state === undefined ? bucket.burst : refill(bucket, state.tokens, state.at, at)
        if (available < 1) return i
        tokens.push(available)
      }
      const counted = quota && quotaState(quota)
      if (counted && counted.used >= quota.limit) return limits.length
      for (const [i, bucket] of limits.entries()) {
        // a clock behind the last update keeps the later time: no refill, nothing given back
        const since = Math.max(at, buckets.get(bucket.id)?.at ?? at)
        buckets.set(bucket.id, { tokens: tokens[i]! - 1, at: since, fullAt: since + refillMs(bucket) })
      }
      if (counted) counted.used++
      return -1
    },
    async setUsed(quota: QuotaLimit, used: number): Promise<void> {
      quotaState(quota).used = used
    },
    async used(quotaId: string): Promise<number | undefined> {
      return quotas.get(quotaId)?.used
    },
    async close(): Promise<void> {
      buckets.clear()
      quotas.clear()
    },
  }
}
