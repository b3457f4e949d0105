import type { DomainName, DomainRecord, MutualTlsAuthentication, SecurityPolicy } from '../../model/domain.ts'
import type { EndpointType } from '../../model/rest-api.ts'
import { CLOUDFRONT_HOSTED_ZONE_ID } from '../../model/domain.ts'
import { newId } from '../../lib/ids.ts'
import { badRequest } from '../protocol/errors.ts'
import type { ControlServices } from '../protocol/operation.ts'
import { readTruststore } from './truststore.ts'

/**
 * The rules both management APIs apply to a custom domain (v1 domain-names.ts, v2
 * v2-domain-names.ts): one domain object, so a domain created through one is right for the other.
 */

export const ENDPOINT_TYPES: readonly EndpointType[] = ['EDGE', 'REGIONAL', 'PRIVATE']
const SECURITY_POLICIES: readonly SecurityPolicy[] = ['TLS_1_0', 'TLS_1_2']
/** a host name, or a wildcard over its first label */
const DOMAIN = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{1,63}$/
/** regional hosted zones of API Gateway for a few regions (Route 53 alias targets) */
const REGIONAL_ZONES: Readonly<Record<string, string>> = { 'us-east-1': 'Z1UJRXOUMOOFQ8', 'us-east-2': 'ZOJJZC49E0EPZ', 'us-west-2': 'Z2OJLYMUO9EFXC', 'eu-west-1': 'ZLY8HYME6SFDD', 'eu-central-1': 'Z1U9ULNL0V5AJ3' }

/** a new domain's identity: lower-cased name, checked, with its ARN */
export function newDomain(services: ControlServices, name: string, types: EndpointType[], securityPolicy: SecurityPolicy): DomainName {
  const domainName = name.toLowerCase()
  if (!DOMAIN.test(domainName) || domainName.length > 253) throw badRequest(`Invalid domain name ${domainName}`)
  return {
    domainName,
    domainNameArn: `arn:aws:apigateway:${services.config.region}::/domainnames/${domainName}`,
    endpointConfiguration: { types },
    domainNameStatus: 'AVAILABLE',
    securityPolicy,
  }
}

export function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

export function endpointTypes(configuration: Record<string, unknown> | undefined): EndpointType[] {
  const types = configuration?.types ?? ['EDGE']
  if (!Array.isArray(types) || types.length === 0 || !types.every((t) => ENDPOINT_TYPES.includes(t as EndpointType))) {
    throw badRequest(`Invalid endpoint configuration types ${JSON.stringify(types)}: one of EDGE, REGIONAL, PRIVATE`)
  }
  return [...new Set(types as EndpointType[])]
}

export function securityPolicyOf(value: string | undefined): SecurityPolicy {
  if (value === undefined) return 'TLS_1_2'
  if (!SECURITY_POLICIES.includes(value as SecurityPolicy)) throw badRequest(`Invalid security policy ${value}: TLS_1_0 or TLS_1_2`)
  return value as SecurityPolicy
}

/** a certificate ARN the registry knows; unknown → BadRequestException, as AWS answers an unknown ACM ARN */
export async function setCertificate(services: ControlServices, domain: DomainName, member: 'certificateArn' | 'regionalCertificateArn', arn: string | undefined): Promise<void> {
  if (arn === undefined) {
    delete domain[member]
    return
  }
  const certificate = await services.store.getCertificate(arn)
  if (certificate === undefined) throw badRequest(`Invalid certificate ARN: ${arn}. Certificate not found (register it with portico cert import)`)
  if (certificate.notAfter <= services.now()) throw badRequest(`Certificate ${arn} has expired`)
  domain[member] = arn
  if (member === 'certificateArn') domain.certificateUploadDate = certificate.importedAt
}

/** the endpoint host names AWS would create: a CloudFront distribution (EDGE), a regional name (REGIONAL) */
export function endpointNames(domain: DomainName, region: string): void {
  const types = domain.endpointConfiguration.types
  if (types.includes('EDGE')) {
    domain.distributionDomainName ??= `${newId(14).toLowerCase()}.cloudfront.net`
    domain.distributionHostedZoneId = CLOUDFRONT_HOSTED_ZONE_ID
  } else {
    delete domain.distributionDomainName
    delete domain.distributionHostedZoneId
  }
  if (types.includes('REGIONAL')) {
    domain.regionalDomainName ??= `d-${newId(10).toLowerCase()}.execute-api.${region}.amazonaws.com`
    domain.regionalHostedZoneId = REGIONAL_ZONES[region] ?? REGIONAL_ZONES['us-east-1']!
  } else {
    delete domain.regionalDomainName
    delete domain.regionalHostedZoneId
  }
}

export function checkCertificates(domain: DomainName): void {
  const types = domain.endpointConfiguration.types
  if (types.includes('REGIONAL') && domain.regionalCertificateArn === undefined) throw badRequest('A regional certificate ARN (regionalCertificateArn) is required for a REGIONAL domain name')
  if (!types.includes('REGIONAL') && domain.certificateArn === undefined) throw badRequest('A certificate ARN (certificateArn) is required for an EDGE or PRIVATE domain name')
  if (domain.mutualTlsAuthentication !== undefined) mutualTlsAllowed(domain)
}

function mutualTlsAllowed(domain: DomainName): void {
  if (!domain.endpointConfiguration.types.includes('REGIONAL') || domain.securityPolicy !== 'TLS_1_2') {
    throw badRequest('Mutual TLS is only supported on REGIONAL domain names with security policy TLS_1_2')
  }
}

export function setMutualTls(record: DomainRecord, uri: unknown, version: unknown, services: ControlServices): void {
  if (typeof uri !== 'string' || uri === '') throw badRequest('mutualTlsAuthentication.truststoreUri must not be blank')
  if (version !== undefined && typeof version !== 'string') throw badRequest('mutualTlsAuthentication.truststoreVersion must be a string')
  mutualTlsAllowed(record.domain)
  const truststore = readTruststore(uri, services.truststores, services.now())
  const settings: MutualTlsAuthentication = { truststoreUri: uri, ...(version !== undefined && version !== '' && { truststoreVersion: version }) }
  if (truststore.warnings.length > 0) settings.truststoreWarnings = truststore.warnings
  record.domain.mutualTlsAuthentication = settings
  record.truststorePem = truststore.pem
}

