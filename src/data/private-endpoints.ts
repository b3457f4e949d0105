/**
 * PRIVATE REST APIs and VPC endpoint listeners (`--vpce-listener`, config-vpce.ts), as AWS
 * documents them (apigateway-private-api-test-invoke-url, knowledge-center
 * api-gateway-vpc-connections):
 * - a PRIVATE API is reached only through a VPC endpoint: on any other listener it answers
 *   403 `{"message":"Forbidden"}`, as a public execute-api endpoint does;
 * - a VPC endpoint routes only to PRIVATE APIs: a REGIONAL or EDGE API, an HTTP API or a public
 *   custom domain asked for through it answers the same 403;
 * - through an endpoint the API is named by the private DNS host `{apiId}.execute-api…`, the
 *   Route 53 alias `{apiId}-{vpceId}.execute-api…` (whose vpce id must be this endpoint's, and one
 *   of the API's `vpcEndpointIds`: AWS creates the alias only for an associated endpoint), the
 *   path-style URL, or the `x-apigw-api-id` header (with the endpoint-specific host
 *   `vpce-….execute-api.{region}.vpce.amazonaws.com` or any other);
 * - a PRIVATE custom domain answers only through a VPC endpoint with an access association, and
 *   only when its resource policy allows the request (`aws:SourceVpce`, `aws:SourceVpc`,
 *   `aws:SourceIp`) on the domain's ARN (apigateway-private-custom-domains): an endpoint without
 *   an association answers 403 Forbidden, a denial 403 with AWS's `… is not authorized …` text.
 */
import type { VpcEndpoint } from '../config-vpce.ts'
import type { HttpAnswer } from '../gateway/types.ts'
import { refusalAnswer } from './listener-refusals.ts'
import { firstRawHeader, sourceIp } from './request-context.ts'
import { vpceIdFromHost, type PrivateDomain, type Resolution, type ResolutionTable } from './resolve.ts'
import { jsonError } from './json-error.ts'
import { INVOKE, notAuthorizedMessage } from '../auth/request-facts.ts'
import { EXPLICIT_DENY } from '../auth/resource-policy.ts'

/** The table's resolution of a request, reading `x-apigw-api-id` when it came through a VPC endpoint. */
export function resolveThrough(table: ResolutionTable, host: string | undefined, rawPathname: string, rawHeaders: readonly string[], vpce: VpcEndpoint | undefined): Resolution {
  if (vpce !== undefined) {
    const named = firstRawHeader(rawHeaders, 'x-apigw-api-id')?.trim().toLowerCase()
    if (named) return table.resolveApi(named, rawPathname)
    const domain = host === undefined ? undefined : table.resolvePrivateDomain(vpce.vpceId, host, rawPathname)
    if (domain !== undefined) return domain
  }
  return table.resolve(host, rawPathname)
}

/**
 * 403 when the stage may not be reached through this listener (`vpce`: a VPC endpoint's) or, through
 * a PRIVATE custom domain, its policy does not allow the request; else undefined.
 */
export function endpointRefusal(resolution: Extract<Resolution, { kind: 'stage' }>, vpce: VpcEndpoint | undefined, host: string | undefined, remoteAddress: string): HttpAnswer | undefined {
  const isPrivate = resolution.plan.endpointType === 'PRIVATE'
  if (vpce === undefined) return isPrivate ? refusalAnswer('ENDPOINT_FORBIDDEN') : undefined
  if (resolution.privateDomain !== undefined) return isPrivate ? domainPolicyRefusal(resolution.privateDomain, vpce, remoteAddress) : refusalAnswer('ENDPOINT_FORBIDDEN')
  if (!isPrivate || resolution.basePathMatched !== undefined) return refusalAnswer('ENDPOINT_FORBIDDEN')
  const aliased = host === undefined ? undefined : vpceIdFromHost(host)
  if (aliased === undefined) return undefined
  return aliased !== vpce.vpceId || !isAssociated(resolution.plan.vpcEndpointIds, aliased) ? refusalAnswer('ENDPOINT_FORBIDDEN') : undefined
}

function isAssociated(vpcEndpointIds: readonly string[] | undefined, vpceId: string): boolean {
  return vpcEndpointIds !== undefined && vpcEndpointIds.some((id) => id.toLowerCase() === vpceId)
}

/** The private domain's policy on `execute-api:Invoke` of its ARN: anything but Allow answers 403. */
function domainPolicyRefusal(domain: PrivateDomain, vpce: VpcEndpoint, remoteAddress: string): HttpAnswer | undefined {
  const conditionKeys: Record<string, string> = { 'aws:sourcevpce': vpce.vpceId, 'aws:sourceip': sourceIp(remoteAddress) }
  if (vpce.vpcId !== undefined) conditionKeys['aws:sourcevpc'] = vpce.vpcId
  const decision = domain.policy?.evaluate({ action: INVOKE, resource: domain.arn, conditionKeys }) ?? 'None'
  if (decision === 'Allow') return undefined
  return jsonError(403, notAuthorizedMessage(undefined, domain.arn, decision === 'Deny' ? EXPLICIT_DENY : ''), 'AccessDeniedException')
}
