/**
 * What a policy sees of a request (apigateway-resource-policies-aws-condition-keys): the method
 * ARN it is asked about and the global condition keys API Gateway fills in. Shared by resource
 * policies and IAM identity policies.
 */
import type { RequestContext } from '../gateway/types.ts'
import type { PolicyRequest } from './policy.ts'

/** The caller as IAM knows it; undefined for anyone not signed with SigV4 ("anonymous"). */
export interface PolicyPrincipal {
  /** `arn:aws:iam::…:user/alice` or `arn:aws:sts::…:assumed-role/role/session` */
  arn: string
  accountId: string
  /** `aws:PrincipalArn`: the role's ARN for a role session, else `arn` */
  principalArn: string
  /** `aws:userid` */
  userId: string
  /** `aws:username`: users only */
  userName?: string
  /** `aws:PrincipalType`: `User` or `AssumedRole` */
  type: 'User' | 'AssumedRole'
}

export const INVOKE = 'execute-api:Invoke'

/** `arn:aws:execute-api:{region}:{account}:{apiId}` */
export function apiArn(region: string, accountId: string, apiId: string): string {
  return `arn:aws:execute-api:${region}:${accountId}:${apiId}`
}

/** `{apiArn}/{stage}/{VERB}/{path}` with the verb as sent and the path as requested (AWS's methodArn). */
export function methodArn(api: string, ctx: RequestContext): string {
  return `${api}/${ctx.stageName}/${ctx.httpMethod}${ctx.path}`
}

/** `execute-api:Invoke` on `resource` by `principal`, with the condition keys of this request. */
export function invokeRequest(ctx: RequestContext, resource: string, principal?: PolicyPrincipal): PolicyRequest {
  return { action: INVOKE, resource, ...(principal && { principal: { arn: principal.arn, accountId: principal.accountId } }), conditionKeys: conditionKeys(ctx, principal) }
}

/**
 * The keys by lower-case name. `aws:SourceVpce` and `aws:SourceVpc` are the VPC endpoint
 * listener's ids (`--vpce-listener`), absent on other listeners, as on AWS's public endpoints.
 * `aws:SourceArn` and the organisation keys have no local source: they are absent, so
 * `…IfExists` and `Null` conditions see them missing. `execute-api:viaDomainArn` is the PRIVATE
 * custom domain a request came through (service-authorization reference for execute-api).
 */
export function conditionKeys(ctx: RequestContext, principal?: PolicyPrincipal): Record<string, string | undefined> {
  const keys: Record<string, string | undefined> = {
    'aws:sourceip': ctx.sourceIp,
    'aws:useragent': ctx.headers.get('user-agent'),
    'aws:referer': ctx.headers.get('referer'),
    'aws:securetransport': ctx.sent.secure ? 'true' : 'false',
    'aws:currenttime': new Date(ctx.requestTimeEpoch).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'aws:epochtime': String(Math.floor(ctx.requestTimeEpoch / 1000)),
  }
  if (ctx.vpce !== undefined) {
    keys['aws:sourcevpce'] = ctx.vpce.vpceId
    if (ctx.vpce.vpcId !== undefined) keys['aws:sourcevpc'] = ctx.vpce.vpcId
  }
  // a PRIVATE API's policy may admit calls through one private custom domain (ArnEquals execute-api:viaDomainArn)
  if (ctx.viaDomainArn !== undefined) keys['execute-api:viadomainarn'] = ctx.viaDomainArn
  if (principal) {
    keys['aws:principalarn'] = principal.principalArn
    keys['aws:principalaccount'] = principal.accountId
    keys['aws:principaltype'] = principal.type
    keys['aws:userid'] = principal.userId
    if (principal.userName !== undefined) keys['aws:username'] = principal.userName
  }
  return keys
}

/** AWS's 403 text: `User: anonymous is not authorized to perform: execute-api:Invoke on resource: …` */
export function notAuthorizedMessage(who: PolicyPrincipal | undefined, resource: string, suffix = ''): string {
  return `User: ${who?.arn ?? 'anonymous'} is not authorized to perform: ${INVOKE} on resource: ${resource}${suffix}`
}

/** `$context.identity` of a SigV4 caller (apigateway mapping template reference). */
export function identityOf(principal: PolicyPrincipal, accessKeyId: string): Record<string, string> {
  return { accessKey: accessKeyId, accountId: principal.accountId, caller: principal.userId, user: principal.userId, userArn: principal.arn }
}

const ASSUMED_ROLE = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/
const USER = /^arn:aws:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/

/** The SigV4 caller back from `ctx.identity` (set by the AWS_IAM authorizer); undefined for anyone else. */
export function principalOf(identity: RequestContext['identity']): PolicyPrincipal | undefined {
  const arn = identity?.['userArn']
  const accountId = identity?.['accountId']
  const userId = identity?.['user']
  if (!arn || !accountId || !userId || identity['accessKey'] == null) return undefined
  const role = ASSUMED_ROLE.exec(arn)
  if (role) return { arn, accountId, userId, principalArn: `arn:aws:iam::${role[1]!}:role/${role[2]!}`, type: 'AssumedRole' }
  const user = USER.exec(arn)
  return { arn, accountId, userId, principalArn: arn, type: 'User', ...(user && { userName: user[1]! }) }
}
