/**
 * The REST API's resource policy, as API Gateway applies it (apigateway-authorization-flow):
 * compiled once per plan from the snapshot's `policy`, then judged per request with the caller
 * and the request's condition keys (request-facts.ts).
 *
 * - `resourcePolicyBefore`: before a Lambda or Cognito authorizer runs, an explicit Deny for
 *   the anonymous caller ends the request (AWS's first pass) — the authorizer is not called.
 * - `resourcePolicyAfter`: combines the policy's verdict with the authorizer's
 *   (`ctx.authorization.effect`):
 *   - no authorizer (NONE): the policy alone, and it must Allow;
 *   - Lambda authorizer and AWS_IAM, same account (Table A): any Deny denies, else any Allow allows;
 *   - AWS_IAM from another account (Table B): both must Allow;
 *   - Cognito: the policy is evaluated on its own and must Allow as well.
 * A denial answers 403 ACCESS_DENIED with AWS's text: `User: anonymous is not authorized to
 * perform: execute-api:Invoke on resource: {methodArn}` (`with an explicit deny` when a
 * statement denied), the IAM caller's ARN instead of `anonymous` for a SigV4-signed request.
 */
import type { MethodPhase, MethodPhaseInput } from '../gateway/method-phase.ts'
import { gatewayError } from '../gateway/gateway-response-catalogue.ts'
import type { PipelineStage } from '../gateway/types.ts'
import type { RestApiDefinition } from '../model/index.ts'
import { combineDecisions, compilePolicy, PolicyError, type CompiledPolicy, type PolicyDecision } from './policy.ts'
import { apiArn, invokeRequest, methodArn, notAuthorizedMessage, principalOf } from './request-facts.ts'

export interface ResourcePolicyDeps {
  region: string
  accountId: string
}

export interface ResourcePolicyPhases {
  resourcePolicyBefore: MethodPhase
  resourcePolicyAfter: MethodPhase
}

export const EXPLICIT_DENY = ' with an explicit deny'

export function createResourcePolicyPhases(deps: ResourcePolicyDeps): ResourcePolicyPhases {
  // one compiled policy per snapshot: every method of a plan shares it
  const compiled = new WeakMap<RestApiDefinition, CompiledPolicy | undefined>()
  const policyOf = (input: MethodPhaseInput): CompiledPolicy | undefined => {
    if (!compiled.has(input.api)) compiled.set(input.api, compileResourcePolicy(input.api, deps))
    return compiled.get(input.api)
  }
  return {
    resourcePolicyBefore(input) {
      const policy = policyOf(input)
      const type = input.method.authorizationType
      return policy && (type === 'CUSTOM' || type === 'COGNITO_USER_POOLS') ? [explicitDenyCheck(policy, apiArn(deps.region, deps.accountId, input.api.restApi.id))] : []
    },
    resourcePolicyAfter(input) {
      const policy = policyOf(input)
      return policy ? [resourcePolicy(policy, apiArn(deps.region, deps.accountId, input.api.restApi.id), deps.accountId, input.method.authorizationType)] : []
    },
  }
}

/** The API's policy, or undefined when it has none; throws PolicyError (a deploy-time error) when it is invalid. */
export function compileResourcePolicy(api: RestApiDefinition, deps: ResourcePolicyDeps): CompiledPolicy | undefined {
  const text = api.restApi.policy
  if (text === undefined || text === '') return undefined
  return compileResourcePolicyText(text, apiArn(deps.region, deps.accountId, api.restApi.id))
}

const NOTHING_APPLIES: CompiledPolicy = Object.freeze({ evaluate: () => 'None' as const })

/**
 * A resource policy's text, compiled; `{"Version": …}` with no (or an empty) Statement is
 * accepted as the management API stores it, and allows nothing. Throws PolicyError.
 */
export function compileResourcePolicyText(text: string, api: string): CompiledPolicy {
  let document: unknown
  try {
    document = JSON.parse(text)
  } catch (error) {
    throw new PolicyError(`the policy is not valid JSON: ${(error as Error).message}`)
  }
  const statement = (document as { Statement?: unknown } | null)?.Statement
  if (statement === undefined || (Array.isArray(statement) && statement.length === 0)) return NOTHING_APPLIES
  return compilePolicy(document as object, { apiArn: api })
}

function explicitDenyCheck(policy: CompiledPolicy, api: string): PipelineStage {
  return function resourcePolicyExplicitDeny(ctx) {
    const resource = methodArn(api, ctx)
    if (policy.evaluate(invokeRequest(ctx, resource)) !== 'Deny') return undefined
    ctx.log.push('The client is not authorized to perform this operation.')
    return gatewayError('ACCESS_DENIED', { message: notAuthorizedMessage(undefined, resource, EXPLICIT_DENY) })
  }
}

function resourcePolicy(policy: CompiledPolicy, api: string, apiAccountId: string, authorizationType: string): PipelineStage {
  return function resourcePolicy(ctx) {
    const resource = methodArn(api, ctx)
    const principal = authorizationType === 'AWS_IAM' ? principalOf(ctx.identity) : undefined
    const verdict = policy.evaluate(invokeRequest(ctx, resource, principal))
    const authorizer: PolicyDecision = ctx.authorization?.effect ?? 'None'
    const decision = decide(authorizationType, verdict, authorizer, principal !== undefined && principal.accountId !== apiAccountId)
    if (decision === 'Allow') return undefined
    if (ctx.authorization) ctx.authorization.status = 403
    ctx.log.push('The client is not authorized to perform this operation.')
    return gatewayError('ACCESS_DENIED', { message: notAuthorizedMessage(principal, resource, decision === 'Deny' ? EXPLICIT_DENY : '') })
  }
}

/** AWS's tables: the resource policy's verdict with the authorizer's (or the identity policies'). */
export function decide(authorizationType: string, resourcePolicy: PolicyDecision, authorizer: PolicyDecision, crossAccount: boolean): PolicyDecision {
  const combined = combineDecisions(resourcePolicy, authorizer)
  if (combined === 'Deny') return 'Deny'
  const policyAlone = authorizationType === 'NONE' || authorizationType === 'COGNITO_USER_POOLS'
  if (policyAlone || crossAccount) return resourcePolicy === 'Allow' && (policyAlone || authorizer === 'Allow') ? 'Allow' : 'None'
  return combined
}
