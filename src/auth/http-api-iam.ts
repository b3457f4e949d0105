/**
 * AWS_IAM on an HTTP API route: the REST check (iam/iam-authorizer.ts: SigV4 for service
 * `execute-api` by a local IAM principal, then its identity policies on
 * `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{VERB}/{path}`), answered as HTTP APIs
 * answer. HTTP APIs have no resource policies, so only an Allow lets the request in.
 *
 * Answers (all 403, rendered by compile/http-api-errors.ts): an unsigned request and a caller no
 * policy allows get `{"message":"Forbidden"}` (HTTP APIs have no `Missing Authentication Token`
 * gateway response); a bad, expired or unknown signature keeps the SigV4 text every AWS endpoint
 * sends ("The request signature we calculated does not match…"). AWS publishes no HTTP-API
 * capture of these bodies (reference aws-apigatewayv2.md §2.10, unsure), see docs/compatibility.md.
 *
 * A verified caller reaches the integration as `requestContext.authorizer.iam` (payload 2.0,
 * AWS's shape: accessKey, accountId, callerId, cognitoIdentity, principalOrgId, userArn, userId;
 * the Lambda URL/HTTP API samples carry `null` for the Cognito and organisation members of an
 * IAM user) and as `$context.identity.*`.
 */
import { gatewayError } from '../gateway/gateway-response-catalogue.ts'
import type { RoutePhaseInput } from '../gateway/method-phase.ts'
import type { PipelineStage, RequestContext, StageResult } from '../gateway/types.ts'
import { iamAuthorize, type IamAuthorizerDeps } from './iam/iam-authorizer.ts'
import { apiArn } from './request-facts.ts'

export function httpApiIamAuthorizer(deps: IamAuthorizerDeps, input: RoutePhaseInput): PipelineStage {
  const check = iamAuthorize(deps, apiArn(deps.region, deps.accountId, input.apiId), false)
  return async function httpApiIam(ctx) {
    const answer = await check(ctx)
    if (answer === undefined) {
      ctx.authorizer = { iam: iamAuthorizerContext(ctx.identity) }
      return undefined
    }
    return asHttpApiDenial(answer)
  }
}

/** `requestContext.authorizer.iam` of the payload 2.0 event, from the verified caller's `$context.identity`. */
export function iamAuthorizerContext(identity: RequestContext['identity']): Record<string, unknown> {
  return {
    accessKey: identity?.['accessKey'] ?? null,
    accountId: identity?.['accountId'] ?? null,
    callerId: identity?.['caller'] ?? null,
    cognitoIdentity: null,
    principalOrgId: identity?.['principalOrgId'] ?? null,
    userArn: identity?.['userArn'] ?? null,
    userId: identity?.['user'] ?? null,
  }
}

/** REST's answers in HTTP API terms: no signature or no Allow → `Forbidden`; signature faults keep their text. */
function asHttpApiDenial(answer: StageResult): StageResult {
  if (answer?.kind !== 'error') return answer
  if (answer.type === 'INVALID_SIGNATURE' || answer.type === 'EXPIRED_TOKEN') return { ...answer, keepMessage: true }
  return gatewayError('ACCESS_DENIED', { message: 'Forbidden' })
}
