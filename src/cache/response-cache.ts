/**
 * The stage response cache contract. Entries are opaque bytes (cache/entry-codec.ts encodes a
 * response, encrypted or not) under a key the cache stage derives from the request; each stage
 * (and a canary that keeps its own entries) is one scope that FlushStageCache empties at once.
 * Two implementations: in-process memory (memory-cache.ts, the default) and Redis
 * (redis-cache.ts, shared by every gateway process pointed at it).
 */
export interface ResponseCache {
  /** the entry's bytes, or undefined when absent or expired */
  get(scope: CacheScope, key: string): Promise<Buffer | undefined>
  /** stores (or replaces) an entry for `ttlSeconds` (> 0) */
  set(scope: CacheScope, key: string, value: Buffer, ttlSeconds: number): Promise<void>
  /** drops every entry of the scope (FlushStageCache) */
  flush(scopeId: string): Promise<void>
  close(): Promise<void>
}

/** One stage's cache: its entries' namespace and the bytes it may hold (from `cacheClusterSize`). */
export interface CacheScope {
  /** `{apiId}/{stageName}`, plus `/canary` for a canary with its own entries */
  readonly id: string
  readonly budgetBytes: number
}

/** AWS's cache cluster sizes are GB; Portico reads them as GiB of entry bytes. */
export function clusterSizeBytes(cacheClusterSize: string | undefined): number {
  const gb = Number(cacheClusterSize ?? '0.5')
  return Math.floor((Number.isFinite(gb) && gb > 0 ? gb : 0.5) * 1024 ** 3)
}

/** The scope ids of one stage: its own and its canary's (flushed together). */
export function stageScopeIds(apiId: string, stageName: string): [string, string] {
  const id = `${apiId}/${stageName}`
  return [id, `${id}/canary`]
}
