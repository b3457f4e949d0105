import { performance } from 'node:perf_hooks'
import { GATEWAY_RESPONSE_CATALOGUE } from '../gateway/gateway-response-catalogue.ts'
import type { RequestContext } from '../gateway/types.ts'
import type { RestApiDefinition, Authorizer } from '../model/index.ts'
import { createDecisionCache } from './decision-cache.ts'
import { compileAuthorizer, type AccessPhaseDeps } from './index.ts'
import { applyOutcome, type CachedDecision } from './outcome.ts'
import { apiArn, methodArn } from './request-facts.ts'

/**
 * TestInvokeAuthorizer's run of one authorizer of the API's current definition, with the same
 * compiled authorizer a deployment serves, outside any stage: a cache of its own (a test never
 * reads or fills a stage's cache), the stage AWS's test events name (`ESTestInvoke-stage`), and
 * AWS's answer fields — the status the client would have got (200 when allowed), the returned
 * principal and policy, the context (`authorization`, each value a one-element list) or the
 * Cognito claims, and the execution log lines.
 */
export interface AuthorizerTestResult {
  clientStatus: number
  latency: number
  log: string[]
  principalId?: string
  policy?: string
  authorization?: Record<string, string[]>
  claims?: Record<string, string>
}

export type AuthorizerTester = (api: RestApiDefinition, authorizer: Authorizer, ctx: RequestContext) => Promise<AuthorizerTestResult>

export const TEST_INVOKE_AUTHORIZER_STAGE = 'ESTestInvoke-stage'

export function createAuthorizerTester(deps: AccessPhaseDeps): AuthorizerTester {
  return async function testInvokeAuthorizer(api, authorizer, ctx) {
    const started = performance.now()
    const method = {
      httpMethod: ctx.httpMethod,
      authorizationType: authorizer.type === 'COGNITO_USER_POOLS' ? ('COGNITO_USER_POOLS' as const) : ('CUSTOM' as const),
      authorizerId: authorizer.id,
      apiKeyRequired: false,
    }
    const run = compileAuthorizer(
      { ...deps, cache: createDecisionCache<CachedDecision>() },
      { api, resource: { id: 'test-invoke', path: ctx.path }, method, stage: testStage(ctx), stageVariables: ctx.stageVariables, deploymentId: 'test-invoke' },
    )
    const resource = methodArn(apiArn(deps.region, deps.accountId, api.restApi.id), ctx)
    const outcome = await run(ctx, resource)
    const answer = applyOutcome(ctx, outcome, resource, false)
    const result: AuthorizerTestResult = {
      clientStatus: answer?.kind === 'error' ? GATEWAY_RESPONSE_CATALOGUE[answer.type].statusCode : 200,
      latency: Math.round(performance.now() - started),
      log: ctx.log,
    }
    if (outcome.kind === 'claims') result.claims = { ...outcome.claims }
    if (outcome.kind === 'result') {
      const { principalId, policyDocument, context } = outcome.result
      if (principalId !== undefined) result.principalId = principalId
      result.policy = JSON.stringify(policyDocument)
      result.authorization = Object.fromEntries(Object.entries(context).map(([key, value]) => [key, [value]]))
    }
    return result
  }
}

function testStage(ctx: RequestContext) {
  return { stageName: ctx.stageName, deploymentId: 'test-invoke', variables: { ...ctx.stageVariables }, cacheClusterEnabled: false, methodSettings: {}, tracingEnabled: false, createdDate: 0, lastUpdatedDate: 0 }
}
