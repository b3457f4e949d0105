import { gatewayError } from '../../gateway/gateway-response-catalogue.ts'
import type { PipelineStage } from '../../gateway/types.ts'

/**
 * Matches the verb and path against the plan's resource tree and fills `ctx.route` and
 * `ctx.pathParameters`. It answers nothing itself: the body is read (or refused as too large)
 * between the match, which tells readBody whether the method streams its body, and `requireRoute`.
 */
export function matchRoute(): PipelineStage {
  return function matchRoute(ctx) {
    const match = ctx.plan.match(ctx.httpMethod, ctx.rawPath ?? ctx.path)
    if (match) {
      ctx.route = match.method
      ctx.pathParameters = match.pathParameters
    }
    return undefined
  }
}

/**
 * MISSING_AUTHENTICATION_TOKEN (403) when nothing matched, as AWS answers for an unknown resource
 * or a verb the resource does not define.
 */
export function requireRoute(): PipelineStage {
  return function requireRoute(ctx) {
    return ctx.route === undefined ? gatewayError('MISSING_AUTHENTICATION_TOKEN') : undefined
  }
}
