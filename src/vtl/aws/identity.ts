import type { RequestContext } from '../../gateway/types.ts'

export interface CallerIdentityOptions {
  /**
   * `$context.identity` lists `apiKey`, `apiKeyId` and `clientCert` as null when the request has
   * none (the developer guide's `$context` table); the proxy event leaves them out (AWS-recorded)
   */
  unsetAsNull: boolean
}

/**
 * What API Gateway knows of the caller: `requestContext.identity` of the Lambda proxy event
 * (payload 1.0, integrations/proxy-event-v1.ts) and `$context.identity` of mapping templates and
 * access logs (context.ts) — one object in AWS, built once here so the two cannot drift.
 * Fields AWS cannot fill locally are null (`accessKey` included: AWS-recorded events carry it,
 * and an AWS_IAM caller sets it); the source IP and User-Agent are the request's; an API key
 * used on the request gives `apiKey`/`apiKeyId`; what authorization learned (an IAM caller's
 * accessKey, accountId, caller, user, userArn) overrides. `clientCert` is the certificate a
 * mutual TLS domain verified; `vpceId`/`vpcId` the VPC endpoint listener's, on a private API.
 */
export function callerIdentity(ctx: RequestContext, options: CallerIdentityOptions): Record<string, unknown> {
  const unset = options.unsetAsNull
  const identity: Record<string, unknown> = { accessKey: null, accountId: null }
  if (ctx.apiKey !== undefined) {
    identity['apiKey'] = ctx.apiKey.value
    identity['apiKeyId'] = ctx.apiKey.id
  } else if (unset) {
    identity['apiKey'] = null
    identity['apiKeyId'] = null
  }
  identity['caller'] = null
  if (ctx.clientCert !== undefined) identity['clientCert'] = ctx.clientCert
  else if (unset) identity['clientCert'] = null
  identity['cognitoAuthenticationProvider'] = null
  identity['cognitoAuthenticationType'] = null
  identity['cognitoIdentityId'] = null
  identity['cognitoIdentityPoolId'] = null
  identity['principalOrgId'] = null
  identity['sourceIp'] = ctx.sourceIp
  identity['user'] = null
  identity['userAgent'] = ctx.headers.get('user-agent') ?? null
  identity['userArn'] = null
  // a private API's caller: the VPC endpoint (and VPC) it came through
  if (ctx.vpce !== undefined) {
    identity['vpceId'] = ctx.vpce.vpceId
    if (ctx.vpce.vpcId !== undefined) identity['vpcId'] = ctx.vpce.vpcId
  }
  if (ctx.identity !== undefined) Object.assign(identity, ctx.identity)
  return identity
}
