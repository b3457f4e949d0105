import type { Redis } from 'ioredis'
import { BackendHealth } from '../lib/backend-health.ts'
import { redisClient } from '../lib/lazy-modules.ts'
import { redactUrl } from '../lib/redact-url.ts'
import type { CacheScope, ResponseCache } from './response-cache.ts'

export interface RedisCacheOptions {
  /** `redis://host:port/db` */
  url: string
  /** prefix of every key Portico writes (several gateways may share one Redis for other things) */
  prefix?: string
  /** keys deleted per SCAN/UNLINK round of a flush */
  flushBatch?: number
  /** where an outage's two log lines go; default console.error */
  report?: (message: string) => void
}

const DEFAULT_PREFIX = 'portico:cache:'

/**
 * The response cache in Redis, shared by every gateway process pointed at it: an entry is one
 * string key `{prefix}{scope}|{key}` with Redis' own expiry (PX). Redis bounds the bytes
 * (`maxmemory` with an LRU policy, docs/configuration.md); a scope's budget is not enforced here.
 * A flush walks the scope's keys with SCAN and UNLINKs them in batches. While Redis is away
 * calls reject with a BackendUnavailableError (a miss for the request); the outage is logged
 * when it starts and when it ends, not per call (lib/backend-health.ts).
 */
export class RedisResponseCache implements ResponseCache {
  /** up or down, and the failed calls (the `/metrics` series) */
  readonly health: BackendHealth
  readonly #redis: Redis
  readonly #url: string
  readonly #prefix: string
  readonly #batch: number

  constructor(options: RedisCacheOptions) {
    // commands fail at once while Redis is away instead of queueing without bound: a miss, not a hang
    this.#redis = new (redisClient())(options.url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 })
    this.#redis.on('error', () => {})
    this.#url = redactUrl(options.url)
    this.#prefix = options.prefix ?? DEFAULT_PREFIX
    this.#batch = options.flushBatch ?? 500
    this.health = new BackendHealth({ name: `the response cache's Redis at ${this.#url}`, whileDown: 'requests are served as cache misses', ...(options.report && { report: options.report }) })
  }

  /** Connects, so a Redis that is not there fails the start instead of every request. */
  async connect(): Promise<this> {
    try {
      await this.#redis.connect()
    } catch (error) {
      throw new Error(`the response cache's Redis at ${this.#url} does not answer (${(error as Error).message})`, { cause: error })
    }
    this.health.watch(this.#redis)
    return this
  }

  async get(scope: CacheScope, key: string): Promise<Buffer | undefined> {
    return (await this.health.track(this.#redis.getBuffer(this.#key(scope.id, key)))) ?? undefined
  }

  async set(scope: CacheScope, key: string, value: Buffer, ttlSeconds: number): Promise<void> {
    await this.health.track(this.#redis.set(this.#key(scope.id, key), value, 'PX', ttlSeconds * 1000))
  }

  async flush(scopeId: string): Promise<void> {
    const match = escapeGlob(this.#prefix + scopeId + '|') + '*'
    let cursor = '0'
    do {
      const [next, keys] = await this.health.track(this.#redis.scan(cursor, 'MATCH', match, 'COUNT', this.#batch))
      if (keys.length > 0) await this.health.track(this.#redis.unlink(...keys))
      cursor = next
    } while (cursor !== '0')
  }

  async close(): Promise<void> {
    this.health.close()
    await this.#redis.quit().catch(() => this.#redis.disconnect())
  }

  #key(scopeId: string, key: string): string {
    return this.#prefix + scopeId + '|' + key
  }
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&')
}
