import { BackendUnavailableError } from '../lib/backend-health.ts'
import { gatewayError } from '../gateway/gateway-response-catalogue.ts'
import type { RoutePhase } from '../gateway/method-phase.ts'
import type { PipelineStage, RequestContext, StageResult } from '../gateway/types.ts'
import type { Catalogue } from './catalogue.ts'
import type { BucketLimit, Counters } from './counters.ts'

export interface HttpApiThrottleRuntime {
  counters: Counters
  /** the catalogue in force: its account throttle */
  catalogue(): Catalogue
}

/**
 * Throttling of an HTTP API route (Developer Guide http-api-throttling.md): a token bucket per
 * route and stage from the route's `routeSettings` entry, else the stage's
 * `defaultRouteSettings` (`throttlingRateLimit` per second, `throttlingBurstLimit`), then the
 * account's bucket shared with every API; an empty bucket → 429 `{"message":"Too Many
 * Requests"}`. A setting that names neither limit leaves the account's alone; one that names only
 * one takes the account's value for the other. The buckets live in the shared Counters (memory,
 * or Redis for a fleet). HTTP APIs have no API keys or usage plans.
 */
export function httpApiThrottlePhase(runtime: HttpApiThrottleRuntime): RoutePhase {
  return (input) => {
    const { settings } = input
    const limited = settings !== undefined && (settings.throttlingRateLimit !== undefined || settings.throttlingBurstLimit !== undefined)
    const id = `http:${input.apiId}/${input.stageName}/${input.route.routeKey}`
    return [throttle(runtime, limited ? { id, rate: settings.throttlingRateLimit, burst: settings.throttlingBurstLimit } : undefined)]
  }
}

function throttle(runtime: HttpApiThrottleRuntime, route: { id: string; rate: number | undefined; burst: number | undefined } | undefined): PipelineStage {
  let builtFor: Catalogue | undefined
  let buckets: BucketLimit[] = []
  const verdict = (refused: number): StageResult => (refused === -1 ? undefined : gatewayError('THROTTLED'))
  return function httpApiThrottle(ctx: RequestContext): StageResult | Promise<StageResult> {
    const catalogue = runtime.catalogue()
    if (catalogue !== builtFor) {
      builtFor = catalogue
      const account = catalogue.accountBucket
      buckets = route === undefined ? [account] : [{ id: route.id, rate: route.rate ?? account.rate, burst: route.burst ?? account.burst }, account]
    }
    const refused = runtime.counters.admit(buckets)
    return typeof refused === 'number' ? verdict(refused) : refused.then(verdict, (error: unknown) => countersFailed(ctx, error))
  }
}

/** Counters away (Redis): 500, failing closed, as REST's throttle does. */
function countersFailed(ctx: RequestContext, error: unknown): StageResult {
  if (!(error instanceof BackendUnavailableError)) throw error
  ctx.integration = { ...ctx.integration, error: error.message }
  return gatewayError('API_CONFIGURATION_ERROR')
}
