import { createHash } from 'node:crypto'

/**
 * The authorizer result cache: what an authorizer returned for one set of identity-source
 * values, kept for its `authorizerResultTtlInSeconds` per stage and authorizer. AWS caches the
 * returned policy, not an allow/deny for one method, so the entry is re-evaluated against the
 * method ARN of every request that hits it (apigateway-lambda-authorizer-output: "the returned
 * policy is … applied to all methods" when caching is on).
 *
 * Bounded in entries: the least recently used one goes first. FlushStageAuthorizersCache drops
 * one stage's entries. The clock is injectable so tests can step past a TTL.
 */
export interface DecisionCache<T> {
  /** the live entry, refreshed as most recently used; undefined when absent or expired */
  get(scope: string, key: string): T | undefined
  set(scope: string, key: string, value: T, ttlSeconds: number): void
  /** drops every entry of `scope` (a stage: `{apiId}/{stageName}`) */
  flush(scope: string): void
  readonly size: number
}

export interface DecisionCacheOptions {
  /** default 10,000 */
  maxEntries?: number
  /** epoch ms; default Date.now */
  now?: () => number
}

interface Entry<T> {
  scope: string
  value: T
  expiresAt: number
}

export const DEFAULT_MAX_CACHED_DECISIONS = 10_000
/** identity values longer than this (a header may hold 10 KB) are kept as their SHA-256: 10,000 entries stay within ~25 MB */
const MAX_KEY_LENGTH = 2048

/** `{apiId}/{stageName}`: what FlushStageAuthorizersCache names. */
export function stageScope(apiId: string, stageName: string): string {
  return `${apiId}/${stageName}`
}

export function createDecisionCache<T>(options: DecisionCacheOptions = {}): DecisionCache<T> {
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_CACHED_DECISIONS
  const now = options.now ?? Date.now
  // a Map iterates in insertion order: re-inserting on a hit keeps the least recently used first
  const entries = new Map<string, Entry<T>>()
  const fullKey = (scope: string, key: string) => `${scope}\n${key.length > MAX_KEY_LENGTH ? createHash('sha256').update(key).digest('base64') : key}`

  return {
    get(scope, key) {
      const k = fullKey(scope, key)
      const entry = entries.get(k)
      if (!entry) return undefined
      entries.delete(k)
      if (entry.expiresAt <= now()) return undefined
      entries.set(k, entry)
      return entry.value
    },
    set(scope, key, value, ttlSeconds) {
      const k = fullKey(scope, key)
      entries.delete(k)
      while (entries.size >= maxEntries) entries.delete(entries.keys().next().value!)
      entries.set(k, { scope, value, expiresAt: now() + ttlSeconds * 1000 })
    },
    flush(scope) {
      for (const [k, entry] of entries) if (entry.scope === scope) entries.delete(k)
    },
    get size() {
      return entries.size
    },
  }
}
