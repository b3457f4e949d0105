import type { MethodPhase, MethodPhaseInput } from '../gateway/method-phase.ts'
import { logging } from '../gateway/execution-log-sink.ts'
import { BackendUnavailableError } from '../lib/backend-health.ts'
import { gatewayError } from '../gateway/gateway-response-catalogue.ts'
import type { HttpAnswer, PipelineStage, RequestContext, StageResult } from '../gateway/types.ts'
import { findMethodSetting, type MethodSetting } from '../model/index.ts'
import { compileCacheKey, type CacheKeyFunction } from './cache-key.ts'
import type { EntryCodec } from './entry-codec.ts'
import { clusterSizeBytes, stageScopeIds, type CacheScope, type ResponseCache } from './response-cache.ts'

/** AWS's limit on a cached response; larger ones are served but not stored. */
export const MAX_CACHED_RESPONSE_BYTES = 1_048_576

/**
 * The header AWS adds under SUCCEED_WITH_RESPONSE_HEADER when it ignores an unauthorized
 * `Cache-Control: max-age=0` (text not verified against AWS: docs/compatibility.md).
 */
export const UNAUTHORIZED_INVALIDATION_WARNING = '199 Cache-control headers were ignored because the caller was unauthorized.'

export interface CachePhaseOptions {
  cache: ResponseCache
  codec: EntryCodec
  /**
   * Whether the caller may invalidate this method's entry: on AWS, IAM allows it
   * `execute-api:InvalidateCache` on the method ARN (auth/iam/invalidate-cache.ts, wired in
   * main.ts). Without it nobody is authorized, so only methods with
   * `requireAuthorizationForCacheControl` false honour `Cache-Control: max-age=0`.
   */
  mayInvalidate?: (ctx: RequestContext) => boolean
  /**
   * a cache failure other than the backend being away (which the backend counts and logs once
   * per outage, lib/backend-health.ts); the request goes on as a miss. Default: console.error
   */
  onError?: (error: unknown) => void
}

interface CachedMethod {
  cache: ResponseCache
  codec: EntryCodec
  scope: CacheScope
  key: CacheKeyFunction
  ttlSeconds: number
  encrypt: boolean
  setting: MethodSetting
  mayInvalidate: (ctx: RequestContext) => boolean
  onError: (error: unknown) => void
}

/**
 * The cache phase (cache/): a lookup stage for a method the stage caches, nothing otherwise.
 * Cached when the stage has `cacheClusterEnabled` and the method's setting has `cachingEnabled`
 * with a TTL above 0; the stage-wide `*\/*` setting caches GET only (AWS: "only GET methods have
 * caching enabled by default"), other verbs need their own `{resource}/{VERB}` setting.
 */
export function createCachePhase(options: CachePhaseOptions): MethodPhase {
  const mayInvalidate = options.mayInvalidate ?? (() => false)
  const report = options.onError ?? ((error: unknown) => console.error('portico: response cache:', error))
  const onError = (error: unknown): void => {
    if (!(error instanceof BackendUnavailableError)) report(error)
  }
  return function cachePhase(input) {
    const { stage, resource, method } = input
    if (!stage.cacheClusterEnabled) return []
    const found = findMethodSetting(stage.methodSettings, resource.path, method.httpMethod)
    if (!found || !found.setting.cachingEnabled || found.setting.cacheTtlInSeconds <= 0) return []
    if (!found.own && method.httpMethod !== 'GET' && method.httpMethod !== 'ANY') return []
    const integration = method.methodIntegration!
    const cached: CachedMethod = {
      cache: options.cache,
      codec: options.codec,
      scope: { id: scopeId(input), budgetBytes: clusterSizeBytes(stage.cacheClusterSize) },
      key: compileCacheKey(integration.cacheNamespace ?? resource.id, integration.cacheKeyParameters ?? []),
      ttlSeconds: found.setting.cacheTtlInSeconds,
      encrypt: found.setting.cacheDataEncrypted,
      setting: found.setting,
      mayInvalidate,
      onError,
    }
    const lookup = cacheLookup(cached)
    // an ANY method under the stage-wide setting: only its GET requests are cached
    if (!found.own && method.httpMethod === 'ANY') {
      return [
        function cacheLookupOfGet(ctx) {
          return ctx.httpMethod === 'GET' ? lookup(ctx) : undefined
        },
      ]
    }
    return [lookup]
  }
}

/** A stage's entries; a canary keeps its own unless `useStageCache` (canary-release docs). */
function scopeId(input: MethodPhaseInput): string {
  const [stage, canary] = stageScopeIds(input.api.restApi.id, input.stage.stageName)
  return input.isCanaryRequest === true && input.stage.canarySettings?.useStageCache !== true ? canary : stage
}

function cacheLookup(cached: CachedMethod): PipelineStage {
  return async function cacheLookup(ctx): Promise<StageResult> {
    const key = cached.key(ctx)
    let invalidate = false
    if (asksInvalidation(ctx)) {
      if (!cached.setting.requireAuthorizationForCacheControl || cached.mayInvalidate(ctx)) invalidate = true
      else {
        const strategy = cached.setting.unauthorizedCacheControlHeaderStrategy
        if (strategy === 'FAIL_WITH_403') return gatewayError('ACCESS_DENIED', { message: 'Forbidden' })
        if (strategy === 'SUCCEED_WITH_RESPONSE_HEADER') ctx.sink.addHeader('Warning', UNAUTHORIZED_INVALIDATION_WARNING)
      }
    }
    if (!invalidate) {
      const hit = await read(cached, key)
      if (hit) {
        ctx.cacheStatus = 'hit'
        if (logging(ctx)) ctx.log.push('Method response served from the stage cache')
        return hit
      }
    }
    ctx.cacheStatus = 'miss'
    ctx.onAnswer = (answer) => store(cached, key, answer)
    return undefined
  }
}

/** `Cache-Control: max-age=0` among the request's Cache-Control directives. */
function asksInvalidation(ctx: RequestContext): boolean {
  const values = ctx.headers.getAll('cache-control')
  return values.some((value) => value.split(',').some((directive) => directive.trim().toLowerCase() === 'max-age=0'))
}

async function read(cached: CachedMethod, key: string): Promise<HttpAnswer | undefined> {
  try {
    const bytes = await cached.cache.get(cached.scope, key)
    return bytes && cached.codec.decode(bytes, key)
  } catch (error) {
    cached.onError(error)
    return undefined
  }
}

/** Stores what the integration answered, in the background; too large an entry is not stored. */
function store(cached: CachedMethod, key: string, answer: HttpAnswer): void {
  const bytes = cached.codec.encode(answer, key, cached.encrypt)
  if (bytes.length > MAX_CACHED_RESPONSE_BYTES) return
  cached.cache.set(cached.scope, key, bytes, cached.ttlSeconds).catch(cached.onError)
}
