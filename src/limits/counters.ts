/**
 * The Counters contract (ARCHITECTURE.md: shared state behind small contracts): token buckets
 * for throttling and quota counters for usage plans. `memory-counters.ts` keeps them in the
 * process (the default); `redis-counters.ts` keeps them in Redis so several gateway processes
 * share one limit. Both take their time from an injected clock (epoch milliseconds).
 *
 * Usage per key per plan per day is not a counter here: every process counts the requests it
 * admitted and flushes them to the Store (usage-recorder.ts), which the fleet already shares.
 */

/** A token bucket, AWS's model: capacity `burst`, refilled at `rate` tokens per second, full when first seen. */
export interface BucketLimit {
  readonly id: string
  /** tokens per second; may be fractional */
  readonly rate: number
  /** capacity; 0 admits nothing */
  readonly burst: number
}

/** One quota period of one key in one plan. */
export interface QuotaLimit {
  /** names the key, the plan and the period, so a new period starts a new counter */
  readonly id: string
  /** requests allowed in the period */
  readonly limit: number
  /** the count a counter starts from when it does not exist yet (use already recorded in the Store) */
  readonly seedUsed: number
  /** epoch ms when the period ends: the counter may be forgotten after it */
  readonly expiresAt: number
}

export interface Counters {
  /**
   * Admits one request: one token from every bucket and one count on the quota, or nothing at
   * all. Returns -1 when admitted; else the index of the first bucket that was empty, or
   * `buckets.length` when the buckets had tokens but the quota was used up (a throttled request
   * never counts against the quota). One round trip for Redis; the in-process counters answer
   * synchronously, so a request they admit stays on the pipeline's synchronous path.
   */
  admit(buckets: readonly BucketLimit[], quota?: QuotaLimit): number | Promise<number>
  /** Sets the period's count (UpdateUsage's new remaining quota = limit - used); negative extends the quota. */
  setUsed(quota: QuotaLimit, used: number): Promise<void>
  /** the period's count so far, or undefined when the counter does not exist */
  used(quotaId: string): Promise<number | undefined>
  close(): Promise<void>
}

/** Epoch milliseconds; tests move it by hand. */
export type Clock = () => number

/** tokens in a bucket that held `tokens` at `since`, at `now` */
export function refill(bucket: BucketLimit, tokens: number, since: number, now: number): number {
  const elapsed = Math.max(0, now - since)
  return Math.min(bucket.burst, tokens + (elapsed * bucket.rate) / 1000)
}

/** how long an untouched bucket takes to fill up again: after that its state can be dropped */
export function refillMs(bucket: BucketLimit): number {
  if (bucket.rate <= 0) return 86_400_000
  return Math.ceil((bucket.burst / bucket.rate) * 1000) + 1000
}
