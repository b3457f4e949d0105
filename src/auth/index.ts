/**
 * The access phase of a method (gateway/method-phase.ts `MethodPhases.access`): the resource policy's
 * first look, the method's authorizer, the resource policy's second look, in AWS's order
 * (apigateway-authorization-flow). This module owns the authorizers of types CUSTOM (Lambda
 * TOKEN / REQUEST) and COGNITO_USER_POOLS; the resource-policy stages and the AWS_IAM authorizer
 * come in through `deps`, built elsewhere in auth/.
 */
import type { MethodPhase, MethodPhaseInput } from '../gateway/method-phase.ts'
import type { PipelineStage } from '../gateway/types.ts'
import type { Authorizer } from '../model/index.ts'
import { compileCognitoAuthorizer } from './cognito-authorizer.ts'
import type { UserPools } from './config.ts'
import type { JwksClient } from './jwks.ts'
import { compileLambdaAuthorizer, type AuthorizerRun, type LambdaAuthorizerDeps } from './lambda-authorizer.ts'
import { applyOutcome } from './outcome.ts'
import { apiArn, methodArn } from './request-facts.ts'

export interface AccessPhaseDeps extends LambdaAuthorizerDeps {
  region: string
  accountId: string
  /** the config file's `userPools` */
  userPools: UserPools
  jwks: JwksClient
  /** epoch ms, for token expiry; default Date.now */
  now?: () => number
  /** `${stageVariables.x}` in a Cognito authorizer's providerARNs filled in (vtl/aws/stage-variable-template.ts) */
  interpolate: (text: string, stageVariables: Readonly<Record<string, string>>) => string
  /** the resource policy's explicit-deny check before the authorizer */
  resourcePolicyBefore?: MethodPhase
  /** the resource policy combined with the authorizer's decision */
  resourcePolicyAfter?: MethodPhase
  /** the AWS_IAM (SigV4) authorizer */
  iamAuthorizer?: MethodPhase
}

export function createAccessPhase(deps: AccessPhaseDeps): MethodPhase {
  return function access(input) {
    return [...(deps.resourcePolicyBefore?.(input) ?? []), ...authorizerStages(deps, input), ...(deps.resourcePolicyAfter?.(input) ?? [])]
  }
}

function authorizerStages(deps: AccessPhaseDeps, input: MethodPhaseInput): PipelineStage[] {
  switch (input.method.authorizationType) {
    case 'AWS_IAM':
      return deps.iamAuthorizer?.(input) ?? []
    case 'CUSTOM':
    case 'COGNITO_USER_POOLS': {
      const run = compileAuthorizer(deps, input)
      return [authorize(run, apiArnOf(deps, input), input.api.restApi.policy !== undefined && input.api.restApi.policy !== '')]
    }
    default:
      return []
  }
}

/** The method's authorizer, compiled for this plan; throws on configuration that cannot run. */
export function compileAuthorizer(deps: AccessPhaseDeps, input: MethodPhaseInput): AuthorizerRun {
  const authorizer = findAuthorizer(input)
  if (authorizer.type === 'COGNITO_USER_POOLS') {
    return compileCognitoAuthorizer(
      { userPools: deps.userPools, jwks: deps.jwks, cache: deps.cache, now: deps.now ?? Date.now, interpolate: deps.interpolate },
      { authorizer, scopes: input.method.authorizationScopes, stageVariables: input.stageVariables },
    )
  }
  return compileLambdaAuthorizer(deps, { authorizer, stageVariables: input.stageVariables, apiArn: apiArnOf(deps, input) })
}

function findAuthorizer(input: MethodPhaseInput): Authorizer {
  const authorizer = input.api.authorizers.find((a) => a.id === input.method.authorizerId)
  if (!authorizer) throw new Error(`Invalid authorizer ID specified: ${input.method.authorizerId ?? '(none)'}`)
  const cognito = authorizer.type === 'COGNITO_USER_POOLS'
  if (cognito !== (input.method.authorizationType === 'COGNITO_USER_POOLS')) {
    throw new Error(`authorizer ${authorizer.id} is of type ${authorizer.type}, the method's authorizationType is ${input.method.authorizationType}`)
  }
  return authorizer
}

function apiArnOf(deps: AccessPhaseDeps, input: MethodPhaseInput): string {
  return apiArn(deps.region, deps.accountId, input.api.restApi.id)
}

function authorize(run: AuthorizerRun, apiArn: string, hasResourcePolicy: boolean): PipelineStage {
  return function authorize(ctx) {
    const resource = methodArn(apiArn, ctx)
    const outcome = run(ctx, resource)
    // a cached decision stays synchronous: the pipeline then needs no promise for this stage
    if (outcome instanceof Promise) return outcome.then((settled) => applyOutcome(ctx, settled, resource, hasResourcePolicy))
    return applyOutcome(ctx, outcome, resource, hasResourcePolicy)
  }
}
