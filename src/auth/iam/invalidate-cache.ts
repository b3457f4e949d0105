/**
 * Whether a caller may invalidate a cached response with `Cache-Control: max-age=0`: AWS asks IAM
 * for `execute-api:InvalidateCache` on the method ARN (api-gateway-caching, "Invalidate an API
 * Gateway cache entry"). Only a SigV4 caller the AWS_IAM authorizer verified (ctx.identity) can
 * hold it; its identity policies decide. Handed to the cache phase (cache/) by main.ts.
 */
import type { RequestContext } from '../../gateway/types.ts'
import { combineDecisions } from '../policy.ts'
import { apiArn, invokeRequest, methodArn } from '../request-facts.ts'
import type { IamDirectory } from './config.ts'

export const INVALIDATE_CACHE = 'execute-api:InvalidateCache'

export interface InvalidationCheckDeps {
  directory: IamDirectory
  region: string
  accountId: string
}

export function createInvalidationCheck(deps: InvalidationCheckDeps): (ctx: RequestContext) => boolean {
  return function mayInvalidateCache(ctx) {
    const accessKey = ctx.identity?.['accessKey']
    const principal = accessKey ? deps.directory.credential(accessKey)?.principal : undefined
    if (principal === undefined) return false
    const resource = methodArn(apiArn(deps.region, deps.accountId, ctx.apiId), ctx)
    const request = { ...invokeRequest(ctx, resource, principal), action: INVALIDATE_CACHE }
    return combineDecisions(...principal.policies.map((policy) => policy.evaluate(request))) === 'Allow'
  }
}
