import { randomBytes } from 'node:crypto'
import type { BackendHealth } from '../lib/backend-health.ts'
import { createEntryCodec, type EntryCodec } from './entry-codec.ts'
import { MemoryResponseCache } from './memory-cache.ts'
import { RedisResponseCache } from './redis-cache.ts'
import { stageScopeIds, type ResponseCache } from './response-cache.ts'

export { createCachePhase, type CachePhaseOptions } from './cache-phase.ts'
export { DEFAULT_MAX_CACHE_BYTES, MemoryResponseCache } from './memory-cache.ts'
export { RedisResponseCache } from './redis-cache.ts'
export type { CacheScope, ResponseCache } from './response-cache.ts'

export interface ResponseCacheConfig {
  /** `memory`, or a `redis://` / `rediss://` URL shared by several gateway processes */
  backend: string
  /** the in-process cache's cap on bytes (every stage together) */
  maxBytes: number
  /** base64 of 32 bytes: the AES-256 key of encrypted entries; random per process when absent */
  encryptionKey?: string
  /** epoch ms for the memory cache's expiry (tests) */
  now?: () => number
}

export interface OpenedResponseCache {
  cache: ResponseCache
  codec: EntryCodec
  /** FlushStageCache: the stage's entries and its canary's */
  flushStage(apiId: string, stageName: string): Promise<void>
  /** a shared backend's health (Redis); none for the in-process cache */
  health: BackendHealth | undefined
}

/** The configured backend (Redis connected, so an unreachable one fails the start) and the entry codec. */
export async function openResponseCache(config: ResponseCacheConfig): Promise<OpenedResponseCache> {
  const codec = createEntryCodec(config.encryptionKey !== undefined ? Buffer.from(config.encryptionKey, 'base64') : randomBytes(32))
  const redis = config.backend === 'memory' ? undefined : await new RedisResponseCache({ url: config.backend }).connect()
  const cache: ResponseCache = redis ?? new MemoryResponseCache({ maxBytes: config.maxBytes, ...(config.now && { now: config.now }) })
  return {
    cache,
    codec,
    health: redis?.health,
    async flushStage(apiId, stageName) {
      for (const id of stageScopeIds(apiId, stageName)) await cache.flush(id)
    },
  }
}
