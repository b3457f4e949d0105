import type { Answer, RequestContext } from '../gateway/types.ts'
import { gatewayError } from '../gateway/gateway-response-catalogue.ts'
import { logging } from '../gateway/execution-log-sink.ts'
import type { AuthorizerResult } from './authorizer-output.ts'
import type { VerifiedToken } from './cognito-authorizer.ts'
import type { PolicyDecision, PolicyRequest } from './policy.ts'

/**
 * What an authorizer run came to, and how it becomes the request's answer. One place decides
 * AWS's status for each case (apigateway-lambda-authorizer-output, supported-gateway-response-types):
 * - `unauthorized` → 401 UNAUTHORIZED `{"message":"Unauthorized"}`;
 * - `failed` → 500 AUTHORIZER_CONFIGURATION_ERROR `{"message":null}`;
 * - a policy that denies the method ARN → 403 ACCESS_DENIED "User is not authorized to access
 *   this resource with an explicit deny"; one that neither allows nor denies it → 403 "User is
 *   not authorized to access this resource", unless the API has a resource policy, which then
 *   decides (AWS's Table A: the authorizer's silence and the resource policy's Allow allow);
 * - otherwise the request goes on with `$context.authorizer.*` and the decision set.
 */
export type AuthorizerOutcome =
  | { kind: 'unauthorized'; reason: string; latencyMs?: number }
  | { kind: 'failed'; reason: string; latencyMs?: number }
  | { kind: 'result'; result: AuthorizerResult; latencyMs: number }
  | { kind: 'claims'; claims: Readonly<Record<string, string>>; latencyMs: number }

/** What the decision cache keeps: a Lambda authorizer's result or a verified Cognito token. */
export type CachedDecision = AuthorizerResult | VerifiedToken

export const IMPLICIT_DENY_MESSAGE = 'User is not authorized to access this resource'

/** `****wxyz`: what the execution log shows of a token. */
export function maskIdentity(value: string): string {
  return value.length > 8 ? `****${value.slice(-4)}` : '****'
}

/**
 * The condition keys a returned policy can test, read only when a condition asks: most
 * policies have none, and a cached decision is evaluated on every request.
 */
class RequestConditionKeys {
  readonly #ctx: RequestContext
  constructor(ctx: RequestContext) {
    this.#ctx = ctx
  }
  get ['aws:sourceip'](): string {
    return this.#ctx.sourceIp
  }
  get ['aws:useragent'](): string | undefined {
    return this.#ctx.headers.get('user-agent')
  }
  get ['aws:currenttime'](): string {
    return new Date(this.#ctx.requestTimeEpoch).toISOString()
  }
  get ['aws:epochtime'](): string {
    return String(Math.floor(this.#ctx.requestTimeEpoch / 1000))
  }
}

/** How the policy of a Lambda authorizer result judges this request. */
export function evaluateResult(result: AuthorizerResult, ctx: RequestContext, resource: string): PolicyDecision {
  const conditionKeys = new RequestConditionKeys(ctx) as unknown as PolicyRequest['conditionKeys']
  return result.policy.evaluate({ action: 'execute-api:Invoke', resource, conditionKeys })
}

/** Applies `outcome` to the request: undefined to continue, else the answer. */
export function applyOutcome(ctx: RequestContext, outcome: AuthorizerOutcome, resource: string, hasResourcePolicy: boolean): Answer | undefined {
  const answer = decide(ctx, outcome, resource, hasResourcePolicy)
  if (ctx.trace && outcome.latencyMs !== undefined) traceAuthorizer(ctx, outcome.latencyMs)
  return answer
}

/** On a traced stage, the authorizer's call is a child span of the request's (observe/). */
function traceAuthorizer(ctx: RequestContext, latencyMs: number): void {
  const end = Date.now()
  const status = ctx.authorization?.status ?? 0
  ctx.trace!.addSpan('Authorizer', end - latencyMs, end, { 'aws.api_gateway.authorizer.status': status, 'aws.api_gateway.authorizer.effect': ctx.authorization?.effect ?? 'None' }, status >= 500)
}

function decide(ctx: RequestContext, outcome: AuthorizerOutcome, resource: string, hasResourcePolicy: boolean): Answer | undefined {
  switch (outcome.kind) {
    case 'unauthorized':
      ctx.authorization = { effect: 'Deny', status: 401, ...(outcome.latencyMs !== undefined && { latencyMs: outcome.latencyMs }) }
      ctx.log.push(`Unauthorized request: ${ctx.requestId}`)
      return gatewayError('UNAUTHORIZED')
    case 'failed':
      ctx.authorization = { effect: 'Deny', status: 500, ...(outcome.latencyMs !== undefined && { latencyMs: outcome.latencyMs }) }
      ctx.log.push(`Execution failed due to configuration error: ${outcome.reason}`)
      return gatewayError('AUTHORIZER_CONFIGURATION_ERROR')
    case 'claims':
      ctx.authorizer = { claims: outcome.claims }
      ctx.authorization = { effect: 'Allow', status: 200, latencyMs: outcome.latencyMs }
      return undefined
    case 'result':
      return applyPolicy(ctx, outcome.result, outcome.latencyMs, resource, hasResourcePolicy)
  }
}

function applyPolicy(ctx: RequestContext, result: AuthorizerResult, latencyMs: number, resource: string, hasResourcePolicy: boolean): Answer | undefined {
  ctx.authorizer = { ...result.context, ...(result.principalId !== undefined && { principalId: result.principalId }), integrationLatency: latencyMs }
  const effect = evaluateResult(result, ctx, resource)
  ctx.authorization = { effect, status: 200, latencyMs, ...(result.usageIdentifierKey !== undefined && { usageIdentifierKey: result.usageIdentifierKey }) }
  if (effect === 'Allow') {
    if (logging(ctx)) ctx.log.push(`Using valid authorizer policy for principal: ${maskIdentity(result.principalId ?? '')}`, 'Successfully completed authorizer execution')
    return undefined
  }
  if (effect === 'None' && hasResourcePolicy) return undefined
  ctx.authorization.status = 403
  ctx.log.push('The client is not authorized to perform this operation.')
  return effect === 'Deny' ? gatewayError('ACCESS_DENIED') : gatewayError('ACCESS_DENIED', { message: IMPLICIT_DENY_MESSAGE })
}
