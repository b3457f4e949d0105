import { gatewayError } from '../gateway-response-catalogue.ts'
import type { PipelineStage } from '../types.ts'

/**
 * Matches the verb and path against the plan's resource tree; fills `ctx.route` and
 * `ctx.pathParameters`, or answers MISSING_AUTHENTICATION_TOKEN (403), as AWS does for an unknown
 * resource or a verb the resource does not define.
 */
export function route(): PipelineStage {
  return function route(ctx) {
    const match = ctx.plan.match(ctx.httpMethod, ctx.rawPath ?? ctx.path)
    if (!match) return gatewayError('MISSING_AUTHENTICATION_TOKEN')
    ctx.route = match.method
    ctx.pathParameters = match.pathParameters
    return undefined
  }
}
