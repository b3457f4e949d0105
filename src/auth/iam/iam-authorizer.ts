/**
 * AWS_IAM on invoke: the request must be signed with SigV4 for service `execute-api` in
 * Portico's region by an access key of a local IAM principal (auth/iam/config.ts); then the
 * principal's identity policies decide `execute-api:Invoke` on the method ARN. Failures answer
 * as API Gateway does (all 403): no signature → MISSING_AUTHENTICATION_TOKEN; a bad, expired or
 * malformed signature → INVALID_SIGNATURE with AWS's text; an unknown key → "The security token
 * included in the request is invalid." (UnrecognizedClientException); an expired session token →
 * EXPIRED_TOKEN; no Allow → ACCESS_DENIED, unless the API has a resource policy, which then
 * decides with the identity policies' verdict (resource-policy.ts, AWS's Tables A and B).
 */
import type { MethodPhase } from '../../gateway/method-phase.ts'
import { gatewayError } from '../../gateway/gateway-response-catalogue.ts'
import { tooLarge } from '../../gateway/request-too-large.ts'
import type { Answer, GatewayError, PipelineStage, RequestContext } from '../../gateway/types.ts'
import { SigV4Error, verifySigV4, type VerifiedCaller } from '../../lib/sigv4/verify.ts'
import { combineDecisions, type PolicyDecision } from '../policy.ts'
import { apiArn, identityOf, invokeRequest, methodArn, notAuthorizedMessage } from '../request-facts.ts'
import type { IamCredential, IamDirectory } from './config.ts'

export interface IamAuthorizerDeps {
  directory: IamDirectory
  region: string
  accountId: string
  /** epoch ms, for the 5-minute skew and session expiry; default Date.now */
  now?: () => number
}

/** The AWS_IAM authorizer of one method: one stage. */
export function createIamAuthorizer(deps: IamAuthorizerDeps): MethodPhase {
  return function iamAuthorizer(input) {
    const api = apiArn(deps.region, deps.accountId, input.api.restApi.id)
    const hasResourcePolicy = input.api.restApi.policy !== undefined && input.api.restApi.policy !== ''
    return [iamAuthorize(deps, api, hasResourcePolicy)]
  }
}

/**
 * The SigV4 check and the identity policies' verdict on `{api}/{stage}/{VERB}/{path}`; sets
 * `ctx.identity` for a verified caller. REST methods and HTTP API routes (auth/http-api-iam.ts).
 */
export function iamAuthorize(deps: IamAuthorizerDeps, api: string, hasResourcePolicy: boolean): PipelineStage {
  const now = deps.now ?? Date.now
  return async function iamAuthorize(ctx) {
    const body = await bufferedBody(ctx)
    if (body === 'client gone') return { kind: 'sent', statusCode: 499 }
    if (body === 'too large') return tooLarge(ctx)
    let caller: VerifiedCaller
    let credential: IamCredential | undefined
    try {
      caller = verifySigV4(
        { method: ctx.sent.method, url: ctx.sent.url, rawHeaders: ctx.sent.rawHeaders, body },
        { service: 'execute-api', now: now(), secretFor: (id) => (credential = deps.directory.credential(id)) },
      )
    } catch (error) {
      if (error instanceof SigV4Error) return signatureFailure(ctx, error)
      throw error
    }
    if (caller.region !== deps.region) {
      return deny(ctx, gatewayError('INVALID_SIGNATURE', { message: `Credential should be scoped to a valid region. ` }))
    }
    const principal = credential!.principal
    ctx.identity = { ...ctx.identity, ...identityOf(principal, caller.accessKeyId) }
    const resource = methodArn(api, ctx)
    const request = invokeRequest(ctx, resource, principal)
    const effect: PolicyDecision = combineDecisions(...principal.policies.map((p) => p.evaluate(request)))
    ctx.authorization = { effect, status: 200 }
    if (effect === 'Allow' || (effect === 'None' && hasResourcePolicy)) return undefined
    ctx.authorization.status = 403
    ctx.log.push('The client is not authorized to perform this operation.')
    const why = effect === 'Deny' ? ' with an explicit deny in an identity-based policy' : ` because no identity-based policy allows the ${request.action} action`
    return gatewayError('ACCESS_DENIED', { message: notAuthorizedMessage(principal, resource, why) })
  }
}

/** The SigV4 failure as API Gateway answers it on invoke. */
function signatureFailure(ctx: RequestContext, error: SigV4Error): Answer {
  switch (error.code) {
    case 'MissingAuthenticationTokenException':
      return deny(ctx, gatewayError('MISSING_AUTHENTICATION_TOKEN'))
    case 'ExpiredTokenException':
      return deny(ctx, gatewayError('EXPIRED_TOKEN', { message: error.message }))
    case 'InvalidSignatureException':
      return deny(ctx, gatewayError('INVALID_SIGNATURE', { message: error.message }))
    default:
      // an unknown key or an incomplete Authorization header: AWS names the exception in x-amzn-ErrorType
      return deny(ctx, gatewayError('INVALID_SIGNATURE', { message: error.message, errorType: error.code }))
  }
}

function deny(ctx: RequestContext, answer: GatewayError): GatewayError {
  ctx.authorization = { effect: 'Deny', status: 403 }
  return answer
}

/**
 * The body the signature covers. A method whose integration streams the body (HTTP_PROXY)
 * is read here instead (the stream's 10 MB limit holds), and goes on buffered.
 */
async function bufferedBody(ctx: RequestContext): Promise<Buffer | 'too large' | 'client gone'> {
  const streamed = ctx.bodyStream
  if (streamed === undefined) return ctx.body
  const chunks: Buffer[] = []
  try {
    for await (const chunk of streamed.stream) chunks.push(chunk as Buffer)
  } catch {
    return streamed.clientGone ? 'client gone' : 'too large'
  } finally {
    streamed.release()
  }
  delete ctx.bodyStream
  ctx.body = Buffer.concat(chunks)
  return ctx.body
}
