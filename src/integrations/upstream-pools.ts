import type { Pool } from 'undici'
import { undiciPool } from '../lib/lazy-modules.ts'

/** undici Pools, one per backend origin, created on first use. */
export interface UpstreamPools {
  /**
   * The pool for `origin` (`http://host:port`), created lazily. `insecureTls`: the integration's
   * `tlsConfig.insecureSkipVerification` (a separate pool that accepts any certificate).
   */
  get(origin: string, insecureTls?: boolean): Pool
  /** loads undici now (it loads lazily): a stage that calls backends does so when it compiles, not on its first request */
  prepare(): void
  /** number of pools currently open */
  readonly size: number
  close(): Promise<void>
}

export interface UpstreamPoolOptions {
  /** connections per origin (default 128, as many as the benchmark's minimal proxy) */
  connections?: number
  /** origins kept open at once; the least recently used pool is closed beyond this (default 256) */
  maxOrigins?: number
  /** idle keep-alive sockets are closed after this long (default 60 s) */
  keepAliveTimeoutMs?: number
}

const DEFAULT_CONNECTIONS = 128
const DEFAULT_MAX_ORIGINS = 256
const DEFAULT_KEEP_ALIVE_MS = 60_000

export function createUpstreamPools(options: UpstreamPoolOptions = {}): UpstreamPools {
  const connections = options.connections ?? DEFAULT_CONNECTIONS
  const maxOrigins = options.maxOrigins ?? DEFAULT_MAX_ORIGINS
  const keepAliveTimeout = options.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_MS
  // Map iteration order is insertion order: re-inserting on use keeps it least-recently-used first
  const pools = new Map<string, Pool>()
  let closed = false

  return {
    get(origin, insecureTls = false) {
      if (closed) throw new Error('upstream pools are closed')
      const key = insecureTls ? `${origin} insecure` : origin
      let pool = pools.get(key)
      if (pool !== undefined) {
        pools.delete(key)
        pools.set(key, pool)
        return pool
      }
      if (pools.size >= maxOrigins) {
        const [oldestOrigin, oldest] = pools.entries().next().value as [string, Pool]
        pools.delete(oldestOrigin)
        // close() lets requests in flight finish
        oldest.close().catch(() => {})
      }
      const PoolClass = undiciPool()
      pool = new PoolClass(origin, {
        connections,
        // one request per connection at a time: a slow answer must not hold up the ones queued behind it
        pipelining: 1,
        keepAliveTimeout,
        keepAliveMaxTimeout: keepAliveTimeout,
        // the integration's timeoutInMillis is applied per request
        headersTimeout: 0,
        bodyTimeout: 0,
        connectTimeout: 10_000,
        // REST APIs call backends over HTTP/1.1 (Developer Guide, $context.protocol note)
        allowH2: false,
        ...(insecureTls ? { connect: { rejectUnauthorized: false } } : {}),
      })
      pools.set(key, pool)
      return pool
    },
    prepare() {
      undiciPool()
    },
    get size() {
      return pools.size
    },
    async close() {
      closed = true
      const all = [...pools.values()]
      pools.clear()
      await Promise.all(all.map((p) => p.close().catch(() => {})))
    },
  }
}
