import type { MethodPhase, MethodPhaseInput } from '../gateway/method-phase.ts'
import { gatewayError } from '../gateway/gateway-response-catalogue.ts'
import { logging } from '../gateway/execution-log-sink.ts'
import type { PipelineStage, RequestContext, StageResult } from '../gateway/types.ts'
import { findMethodSetting } from '../model/index.ts'
import type { ThrottleSettings } from '../model/account.ts'
import { formatDay, periodEnd, periodStart } from '../model/quota-period.ts'
import { maskSecret } from '../lib/mask-secret.ts'
import { BackendUnavailableError } from '../lib/backend-health.ts'
import type { Catalogue, KeyEntry, PlanGrant } from './catalogue.ts'
import type { BucketLimit, Clock, Counters, QuotaLimit } from './counters.ts'
import type { UsageRecorder } from './usage-recorder.ts'

/**
 * The traffic phase of a method (docs/lifecycle.md), after request validation: for a method with
 * `apiKeyRequired`, the API key and its usage plan for this stage (403 INVALID_API_KEY); then one
 * token from each throttle in AWS's order — the plan's per-method throttle for the key, the plan's
 * throttle for the key, the stage's method setting, the account (429 THROTTLED) — then the plan's
 * quota (429 QUOTA_EXCEEDED); an admitted request with a key counts toward the key's usage.
 * Counters that cannot answer (Redis away) fail the request closed: 500, already logged by them.
 */
export interface TrafficRuntime {
  counters: Counters
  usage: UsageRecorder
  now: Clock
  /** the catalogue in force (replaced when keys, plans or the account change) */
  catalogue(): Catalogue
}

export function trafficPhase(runtime: TrafficRuntime): MethodPhase {
  return function traffic(input) {
    const method = methodLimits(input)
    return [input.method.apiKeyRequired === true ? usagePlan(runtime, method) : throttle(runtime, method)]
  }
}

/** What compile() fixes for one method: where its key comes from, its stage throttle, the ids its buckets use. */
interface MethodLimits {
  apiId: string
  stageName: string
  /** `apiId/stage`, for throttle ids */
  where: string
  /** usage-plan per-method throttle key: `/{resourcePath}/{METHOD}` */
  planMethodKey: string
  httpMethod: string
  resourcePath: string
  keySource: 'HEADER' | 'AUTHORIZER'
  /** the stage's methodSettings throttle for this method; absent when the stage sets none (the account's applies) */
  stageBucket?: BucketLimit
}

function methodLimits({ api, resource, method, stage }: MethodPhaseInput): MethodLimits {
  const where = `${api.restApi.id}/${stage.stageName}`
  const setting = findMethodSetting(stage.methodSettings ?? {}, resource.path, method.httpMethod)?.setting
  const limits: MethodLimits = {
    apiId: api.restApi.id,
    stageName: stage.stageName,
    where,
    planMethodKey: `${resource.path}/${method.httpMethod}`,
    httpMethod: method.httpMethod,
    resourcePath: resource.path,
    keySource: api.restApi.apiKeySource === 'AUTHORIZER' ? 'AUTHORIZER' : 'HEADER',
  }
  if (setting?.throttlingRateLimit !== undefined && setting.throttlingBurstLimit !== undefined) {
    // each method has its own bucket, `*/*` being the default for every method (AWS: "default method throttling")
    limits.stageBucket = { id: `s:${where}:${resource.path}/${method.httpMethod}`, rate: setting.throttlingRateLimit, burst: setting.throttlingBurstLimit }
  }
  return limits
}

/** A method without `apiKeyRequired`: the stage's throttle and the account's. */
function throttle(runtime: TrafficRuntime, method: MethodLimits): PipelineStage {
  // the bucket list changes only with the catalogue (the account throttle): built once per catalogue
  let builtFor: Catalogue | undefined
  let buckets: BucketLimit[] = []
  const verdict = (refused: number): StageResult => (refused === -1 ? undefined : gatewayError('THROTTLED'))
  return function throttle(ctx: RequestContext): StageResult | Promise<StageResult> {
    if (logging(ctx)) ctx.log.push(`API Key authorized because method '${method.httpMethod} ${method.resourcePath}' does not require API Key. Request will not contribute to throttle or quota limits`)
    const catalogue = runtime.catalogue()
    if (catalogue !== builtFor) {
      builtFor = catalogue
      buckets = method.stageBucket ? [method.stageBucket, catalogue.accountBucket] : [catalogue.accountBucket]
    }
    const refused = runtime.counters.admit(buckets)
    return typeof refused === 'number' ? verdict(refused) : refused.then(verdict, (error: unknown) => countersFailed(ctx, error))
  }
}

/** A method with `apiKeyRequired`: key, plan, throttles in AWS's order, quota, usage. */
function usagePlan(runtime: TrafficRuntime, method: MethodLimits): PipelineStage {
  return function usagePlan(ctx: RequestContext): StageResult | Promise<StageResult> {
    const catalogue = runtime.catalogue()
    const value = method.keySource === 'AUTHORIZER' ? ctx.authorization?.usageIdentifierKey : ctx.headers.get('x-api-key')
    if (logging(ctx)) ctx.log.push(`Verifying Usage Plan for request: ${ctx.requestId}. API Key: ${maskSecret(value)} API Stage: ${method.where}`)
    const entry = value ? catalogue.find(value) : undefined
    const grant = entry?.key.enabled ? grantFor(entry, method) : undefined
    if (!entry || !grant) {
      ctx.log.push(`API Key ${maskSecret(value)} not authorized because method '${method.httpMethod} ${method.resourcePath}' requires API Key and API Key is not associated with a Usage Plan for API Stage ${method.where}`)
      return gatewayError('INVALID_API_KEY')
    }
    ctx.apiKey = { id: entry.key.id, value: entry.key.value }
    if (logging(ctx)) ctx.log.push(`Usage Plan check succeeded for API Key ${maskSecret(value)} and API Stage ${method.where}`)
    const buckets = keyBuckets(grant, entry.key.id, method)
    if (method.stageBucket) buckets.push(method.stageBucket)
    buckets.push(catalogue.accountBucket)
    const now = runtime.now()
    const settle = (refused: number): StageResult => {
      if (refused !== -1) return gatewayError(refused < buckets.length ? 'THROTTLED' : 'QUOTA_EXCEEDED')
      runtime.usage.count(grant.plan.id, entry.key.id, formatDay(now))
      return undefined
    }
    const refused = runtime.counters.admit(buckets, quotaFor(grant, entry.key.id, now))
    return typeof refused === 'number' ? settle(refused) : refused.then(settle, (error: unknown) => countersFailed(ctx, error))
  }
}

/** Counters away: 500, as a stage that throws gets, without a stack trace per request (the counters log the outage once). */
function countersFailed(ctx: RequestContext, error: unknown): StageResult {
  if (!(error instanceof BackendUnavailableError)) throw error
  ctx.log.push(`Execution failed due to an internal error: ${error.message}`)
  return gatewayError('API_CONFIGURATION_ERROR')
}

/** the key's plan that includes this API stage (AWS lets a stage be in only one of a key's plans) */
function grantFor(entry: KeyEntry, method: MethodLimits): PlanGrant | undefined {
  return entry.grants.find((g) => g.plan.apiStages.some((s) => s.apiId === method.apiId && s.stage === method.stageName))
}

/** the plan's per-method throttle for this key, then the plan's throttle for this key */
function keyBuckets(grant: PlanGrant, keyId: string, method: MethodLimits): BucketLimit[] {
  const { plan } = grant
  const buckets: BucketLimit[] = []
  const apiStage = plan.apiStages.find((s) => s.apiId === method.apiId && s.stage === method.stageName)
  const perMethod = apiStage?.throttle?.[method.planMethodKey]
  if (isBucket(perMethod)) buckets.push({ id: `m:${plan.id}:${keyId}:${method.where}:${method.planMethodKey}`, rate: perMethod.rateLimit, burst: perMethod.burstLimit })
  if (isBucket(plan.throttle)) buckets.push({ id: `p:${plan.id}:${keyId}`, rate: plan.throttle.rateLimit, burst: plan.throttle.burstLimit })
  return buckets
}

/** a throttle counts when both its rate and burst are set */
function isBucket(t: ThrottleSettings | undefined): t is Required<ThrottleSettings> {
  return t?.rateLimit !== undefined && t.burstLimit !== undefined
}

/**
 * The quota counter of the key's current period. The first period the key uses the plan in is
 * lowered by `offset` (AWS: "the number of requests subtracted from the given limit in the
 * initial time period"). A counter not yet in Counters starts from what the Store recorded.
 */
export function quotaFor(grant: PlanGrant, keyId: string, now: number): QuotaLimit | undefined {
  const quota = grant.plan.quota
  if (quota?.limit === undefined) return undefined
  const start = periodStart(now, quota.period)
  const limit = quota.limit - (start === grant.firstPeriodStart ? (quota.offset ?? 0) : 0)
  const recorded = grant.recorded?.periodStart === start ? grant.recorded : undefined
  const seedUsed = recorded === undefined ? 0 : recorded.remaining !== undefined ? limit - recorded.remaining : recorded.used
  return { id: `${grant.plan.id}:${keyId}:${start}`, limit, seedUsed, expiresAt: periodEnd(now, quota.period) }
}
