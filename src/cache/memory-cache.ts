import type { CacheScope, ResponseCache } from './response-cache.ts'

/** Default process-wide cap on cached bytes (docs/configuration.md: PORTICO_CACHE_MAX_BYTES). */
export const DEFAULT_MAX_CACHE_BYTES = 256 * 1024 * 1024

/**
 * What an entry costs besides its key and value: the Map slot, the entry object, the Buffer
 * object and its backing store's header. Counted so a million tiny entries cannot hold far more
 * memory than the budget says; measured by bench/cache.ts (1 M keys: heap ≈ 1.0× the budget).
 */
const ENTRY_OVERHEAD_BYTES = 400

export interface MemoryCacheOptions {
  /** cap on the bytes held by all scopes together; each scope is also held to its own budget */
  maxBytes?: number
  /** epoch milliseconds (tests drive expiry with their own clock) */
  now?: () => number
}

interface Entry {
  value: Buffer
  expiresAt: number
  size: number
}

/** One scope's entries in least-recently-used order (a Map iterates in insertion order). */
interface Bucket {
  entries: Map<string, Entry>
  bytes: number
}

/**
 * The in-process response cache: one LRU per scope, bounded by the scope's budget and all of
 * them together by `maxBytes` (when the total is over, the writing scope gives up its oldest
 * entries first, then the others in turn). Expired entries go when they are next read or when
 * their bytes are needed.
 */
export class MemoryResponseCache implements ResponseCache {
  readonly maxBytes: number
  readonly #now: () => number
  readonly #buckets = new Map<string, Bucket>()
  #bytes = 0

  constructor(options: MemoryCacheOptions = {}) {
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_CACHE_BYTES
    this.#now = options.now ?? Date.now
  }

  /** bytes held by every scope together (key, value and per-entry overhead) */
  get bytes(): number {
    return this.#bytes
  }

  /** entries held by every scope together */
  get size(): number {
    let n = 0
    for (const bucket of this.#buckets.values()) n += bucket.entries.size
    return n
  }

  async get(scope: CacheScope, key: string): Promise<Buffer | undefined> {
    const bucket = this.#buckets.get(scope.id)
    const entry = bucket?.entries.get(key)
    if (bucket === undefined || entry === undefined) return undefined
    bucket.entries.delete(key)
    if (entry.expiresAt <= this.#now()) {
      this.#release(bucket, entry)
      return undefined
    }
    bucket.entries.set(key, entry)
    return entry.value
  }

  async set(scope: CacheScope, key: string, value: Buffer, ttlSeconds: number): Promise<void> {
    const size = value.length + key.length * 2 + ENTRY_OVERHEAD_BYTES
    const budget = Math.min(scope.budgetBytes, this.maxBytes)
    let bucket = this.#buckets.get(scope.id)
    const previous = bucket?.entries.get(key)
    if (bucket !== undefined && previous !== undefined) {
      bucket.entries.delete(key)
      this.#release(bucket, previous)
    }
    if (size > budget) return
    if (bucket === undefined) this.#buckets.set(scope.id, (bucket = { entries: new Map(), bytes: 0 }))
    while (bucket.bytes + size > budget) this.#evictOldest(bucket)
    while (this.#bytes + size > this.maxBytes) this.#evictElsewhere(bucket)
    bucket.entries.set(key, { value, expiresAt: this.#now() + ttlSeconds * 1000, size })
    bucket.bytes += size
    this.#bytes += size
  }

  async flush(scopeId: string): Promise<void> {
    const bucket = this.#buckets.get(scopeId)
    if (bucket === undefined) return
    this.#bytes -= bucket.bytes
    this.#buckets.delete(scopeId)
  }

  async close(): Promise<void> {
    this.#buckets.clear()
    this.#bytes = 0
  }

  #release(bucket: Bucket, entry: Entry): void {
    bucket.bytes -= entry.size
    this.#bytes -= entry.size
  }

  #evictOldest(bucket: Bucket): void {
    const oldest = bucket.entries.entries().next().value
    if (oldest === undefined) return
    bucket.entries.delete(oldest[0])
    this.#release(bucket, oldest[1])
  }

  /** Frees room for `writer`: its own oldest entry when it has one, else another scope's. */
  #evictElsewhere(writer: Bucket): void {
    if (writer.entries.size > 0) return this.#evictOldest(writer)
    for (const [id, bucket] of this.#buckets) {
      if (bucket.entries.size === 0) {
        if (bucket !== writer) this.#buckets.delete(id)
        continue
      }
      return this.#evictOldest(bucket)
    }
  }
}
