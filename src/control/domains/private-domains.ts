import type { DomainName, DomainRecord } from '../../model/domain.ts'
import { domainInvokeArn, domainKey } from '../../model/domain.ts'
import type { EndpointType } from '../../model/rest-api.ts'
import { newId } from '../../lib/ids.ts'
import { compileResourcePolicyText } from '../../auth/resource-policy.ts'
import { badRequest } from '../protocol/errors.ts'
import type { ControlServices } from '../protocol/operation.ts'

/**
 * Custom domain names for private APIs (AWS, Nov 2024; developer guide
 * apigateway-private-custom-domains): a PRIVATE domain has a `domainNameId`, so several may share
 * one name (and share it with a public domain); its ARN carries the account and the id
 * (`…:{account}:/domainnames/{name}+{id}`); a resource `policy` for `execute-api:Invoke` decides
 * which VPC endpoints may call it; the security policy is always TLS_1_2; no wildcard names, no
 * mutual TLS, no multi-level base paths, and only PRIVATE REST APIs may be mapped.
 */

/** API Gateway's answer for a public domain given a policy: "Supported only for private custom domain names" (service model) */
const POLICY_ONLY_PRIVATE = 'A policy is supported only for private custom domain names'

/**
 * The types of a new domain: PRIVATE stands alone (a public domain cannot become private, nor
 * the reverse: "You can't migrate a public custom domain name to a private custom domain name").
 */
export function checkPrivateTypes(types: readonly EndpointType[]): boolean {
  if (!types.includes('PRIVATE')) return false
  if (types.length > 1) throw badRequest('A private custom domain name cannot have another endpoint type')
  return true
}

/** A new PRIVATE domain's identity (id, account-qualified ARN) and its checks; `domain` comes from newDomain(). */
export function makePrivate(services: ControlServices, domain: DomainName, requested: { securityPolicy?: string; ipAddressType?: string }): void {
  if (domain.domainName.startsWith('*.')) throw badRequest('Wildcard custom domain names are not supported for private custom domain names')
  // "You can't set a minimum TLS version for your private custom domain name. All private custom domain names have the security policy of TLS-1-2."
  if (requested.securityPolicy !== undefined && requested.securityPolicy !== 'TLS_1_2') throw badRequest('Private custom domain names support only the TLS_1_2 security policy')
  if (requested.ipAddressType === 'ipv4') throw badRequest('Only dualstack ipAddressType is supported for private custom domain names.')
  domain.domainNameId = newId(10)
  domain.domainNameArn = `arn:aws:apigateway:${services.config.region}:${services.config.accountId}:/domainnames/${domainKey(domain)}`
  domain.routingMode = 'BASE_PATH_MAPPING_ONLY'
}

/**
 * The domain's policy as AWS stores it: checked as the data plane will compile it, the
 * `execute-api:/*` shorthand replaced by the domain's ARN and a one-resource list by that string
 * (AWS CLI create-domain-name example 2). Without one, a domain denies everyone, as the console
 * provisions it ("API Gateway provisions a domain name with a deny all resource policy").
 */
export function setDomainPolicy(services: ControlServices, domain: DomainName, text: string | undefined): void {
  if (domain.domainNameId === undefined) {
    if (text !== undefined && text !== '') throw badRequest(POLICY_ONLY_PRIVATE)
    return
  }
  const arn = domainInvokeArn(domain)
  if (text === undefined || text === '') {
    domain.policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: arn }] })
    return
  }
  let document: { Statement?: unknown }
  try {
    document = JSON.parse(text) as { Statement?: unknown }
    compileResourcePolicyText(text, arn)
  } catch {
    throw badRequest('Invalid policy document. Please check the policy syntax and try again.')
  }
  const statements = Array.isArray(document.Statement) ? document.Statement : document.Statement === undefined ? [] : [document.Statement]
  for (const statement of statements as Array<Record<string, unknown>>) {
    for (const member of ['Resource', 'NotResource'] as const) {
      const value = statement[member]
      if (value === undefined) continue
      const resolved = (Array.isArray(value) ? value : [value]).map((r) => (typeof r === 'string' ? resolveShorthand(r, arn) : r))
      statement[member] = resolved.length === 1 ? resolved[0] : resolved
    }
  }
  domain.policy = JSON.stringify(document)
}

/** `execute-api:/*` names the domain itself; `execute-api:/…` anything under its ARN */
function resolveShorthand(resource: string, arn: string): string {
  if (resource === 'execute-api:/*' || resource === 'execute-api:/') return arn
  return resource.startsWith('execute-api:/') ? arn + resource.slice('execute-api:'.length) : resource
}

/** "You can't send traffic from a private custom domain name to a public API." */
export async function checkPrivateTarget(services: ControlServices, record: DomainRecord, restApiId: string): Promise<void> {
  if (record.domain.domainNameId === undefined) return
  const api = await services.store.getApi(restApiId)
  if (api && api.definition.restApi.endpointConfiguration.types[0] !== 'PRIVATE') throw badRequest('Only private REST APIs can be mapped to a private custom domain name')
}
