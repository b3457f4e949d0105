import type { DomainName, DomainRecord, MutualTlsAuthentication, SecurityPolicy } from '../../model/domain.ts'
import type { EndpointType } from '../../model/rest-api.ts'
import { CLOUDFRONT_HOSTED_ZONE_ID } from '../../model/domain.ts'
import { newId } from '../../lib/ids.ts'
import { badRequest } from '../protocol/errors.ts'
import type { ControlServices, Operation } from '../protocol/operation.ts'
import { paginate } from '../protocol/paging.ts'
import { applyPatch } from '../protocol/patch.ts'
import { optionalObject, optionalString, optionalStringMap, requiredString } from './support/input.ts'
import { StoreConflictError } from '../store/store.ts'
import { findDomain, unknownDomainName } from '../domains/domain-access.ts'
import { readTruststore } from '../domains/truststore.ts'

/**
 * CreateDomainName, GetDomainName(s), UpdateDomainName, DeleteDomainName (management API v1).
 * Certificates are named by ARN from Portico's registry (`portico cert import`); a domain is
 * AVAILABLE at once (no CloudFront distribution to wait for). What it serves follows from its
 * base path mappings (base-path-mappings.ts) and the HTTPS listener's SNI.
 */

const ONE = '/domainnames/{domain_name}'
const ENDPOINT_TYPES: readonly EndpointType[] = ['EDGE', 'REGIONAL', 'PRIVATE']
const SECURITY_POLICIES: readonly SecurityPolicy[] = ['TLS_1_0', 'TLS_1_2']
/** a host name, or a wildcard over its first label */
const DOMAIN = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{1,63}$/
/** regional hosted zones of API Gateway for a few regions (Route 53 alias targets) */
const REGIONAL_ZONES: Readonly<Record<string, string>> = { 'us-east-1': 'Z1UJRXOUMOOFQ8', 'us-east-2': 'ZOJJZC49E0EPZ', 'us-west-2': 'Z2OJLYMUO9EFXC', 'eu-west-1': 'ZLY8HYME6SFDD', 'eu-central-1': 'Z1U9ULNL0V5AJ3' }

export const domainNameOperations: Operation[] = [
  {
    name: 'CreateDomainName',
    method: 'POST',
    path: '/domainnames',
    successStatus: 201,
    async handler({ body }, services) {
      const domainName = requiredString(body, 'domainName', 'Domain name must not be blank').toLowerCase()
      if (!DOMAIN.test(domainName) || domainName.length > 253) throw badRequest(`Invalid domain name ${domainName}`)
      if (body.certificateBody !== undefined || body.certificatePrivateKey !== undefined) {
        throw badRequest('Certificate uploads are not supported: register the certificate (portico cert import) and name its ARN in certificateArn or regionalCertificateArn')
      }
      const types = endpointTypes(optionalObject(body, 'endpointConfiguration'))
      const securityPolicy = securityPolicyOf(optionalString(body, 'securityPolicy'))
      const domain: DomainName = {
        domainName,
        domainNameArn: `arn:aws:apigateway:${services.config.region}::/domainnames/${domainName}`,
        endpointConfiguration: { types },
        domainNameStatus: 'AVAILABLE',
        securityPolicy,
      }
      const certificateName = optionalString(body, 'certificateName')
      const regionalCertificateName = optionalString(body, 'regionalCertificateName')
      await setCertificate(services, domain, 'certificateArn', optionalString(body, 'certificateArn'))
      await setCertificate(services, domain, 'regionalCertificateArn', optionalString(body, 'regionalCertificateArn'))
      if (certificateName !== undefined) domain.certificateName = certificateName
      if (regionalCertificateName !== undefined) domain.regionalCertificateName = regionalCertificateName
      endpointNames(domain, services.config.region)
      checkCertificates(domain)
      const record: DomainRecord = { domain, mappings: [] }
      const mtls = optionalObject(body, 'mutualTlsAuthentication')
      if (mtls !== undefined) setMutualTls(record, mtls.truststoreUri, mtls.truststoreVersion, services)
      const tags = optionalStringMap(body, 'tags')
      if (tags !== undefined) domain.tags = tags
      try {
        await services.store.createDomainName(record)
      } catch (error) {
        if (error instanceof StoreConflictError) throw badRequest('The domain name you provided already exists.')
        throw error
      }
      return domain
    },
  },
  {
    name: 'GetDomainName',
    method: 'GET',
    path: ONE,
    successStatus: 200,
    async handler({ params }, services) {
      return (await findDomain(services, params.domain_name!)).domain
    },
  },
  {
    name: 'GetDomainNames',
    method: 'GET',
    path: '/domainnames',
    successStatus: 200,
    async handler({ query }, services) {
      return paginate((await services.store.listDomainNames()).map((record) => record.domain), query)
    },
  },
  {
    name: 'UpdateDomainName',
    method: 'PATCH',
    path: ONE,
    successStatus: 200,
    async handler({ params, body }, services) {
      const record = await findDomain(services, params.domain_name!)
      const certificates: Array<['certificateArn' | 'regionalCertificateArn', string | undefined]> = []
      let truststore: { uri?: unknown; version?: unknown } | undefined
      const patched = applyPatch(
        record.domain,
        body.patchOperations,
        [
          { path: '/certificateArn', ops: ['replace'], apply: (_t, { value }) => void certificates.push(['certificateArn', stringOrUndefined(value)]) },
          { path: '/regionalCertificateArn', ops: ['replace'], apply: (_t, { value }) => void certificates.push(['regionalCertificateArn', stringOrUndefined(value)]) },
          { path: '/certificateName', ops: ['replace'] },
          { path: '/regionalCertificateName', ops: ['replace'] },
          { path: '/securityPolicy', ops: ['replace'], apply: (target, { value }) => void (target.securityPolicy = securityPolicyOf(stringOrUndefined(value))) },
          {
            path: '/endpointConfiguration/types',
            ops: ['replace'],
            apply: (target, { value }) => void (target.endpointConfiguration = { ...target.endpointConfiguration, types: endpointTypes({ types: [value] }) }),
          },
          { path: '/mutualTlsAuthentication/truststoreUri', ops: ['replace'], apply: (_t, { value }) => void (truststore = { ...truststore, uri: value }) },
          { path: '/mutualTlsAuthentication/truststoreVersion', ops: ['replace'], apply: (_t, { value }) => void (truststore = { ...truststore, version: value }) },
        ],
        { ops: ['replace'] },
      )
      for (const [member, arn] of certificates) await setCertificate(services, patched, member, arn)
      endpointNames(patched, services.config.region)
      checkCertificates(patched)
      const next: DomainRecord = { ...record, domain: patched }
      if (truststore !== undefined) {
        const uri = truststore.uri ?? record.domain.mutualTlsAuthentication?.truststoreUri
        if (uri === '' || uri === undefined) {
          // replacing the URI with '' turns mutual TLS off (reference §4.1)
          delete next.domain.mutualTlsAuthentication
          delete next.truststorePem
        } else setMutualTls(next, uri, truststore.version ?? record.domain.mutualTlsAuthentication?.truststoreVersion, services)
      }
      await services.store.updateDomainName(next)
      return next.domain
    },
  },
  {
    name: 'DeleteDomainName',
    method: 'DELETE',
    path: ONE,
    successStatus: 202,
    async handler({ params }, services) {
      if (!(await services.store.deleteDomainName(params.domain_name!.toLowerCase()))) throw unknownDomainName()
      return undefined
    },
  },
]

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

function endpointTypes(configuration: Record<string, unknown> | undefined): EndpointType[] {
  const types = configuration?.types ?? ['EDGE']
  if (!Array.isArray(types) || types.length === 0 || !types.every((t) => ENDPOINT_TYPES.includes(t as EndpointType))) {
    throw badRequest(`Invalid endpoint configuration types ${JSON.stringify(types)}: one of EDGE, REGIONAL, PRIVATE`)
  }
  return [...new Set(types as EndpointType[])]
}

function securityPolicyOf(value: string | undefined): SecurityPolicy {
  if (value === undefined) return 'TLS_1_2'
  if (!SECURITY_POLICIES.includes(value as SecurityPolicy)) throw badRequest(`Invalid security policy ${value}: TLS_1_0 or TLS_1_2`)
  return value as SecurityPolicy
}

/** a certificate ARN the registry knows; unknown → BadRequestException, as AWS answers an unknown ACM ARN */
async function setCertificate(services: ControlServices, domain: DomainName, member: 'certificateArn' | 'regionalCertificateArn', arn: string | undefined): Promise<void> {
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
function endpointNames(domain: DomainName, region: string): void {
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

function checkCertificates(domain: DomainName): void {
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

function setMutualTls(record: DomainRecord, uri: unknown, version: unknown, services: ControlServices): void {
  if (typeof uri !== 'string' || uri === '') throw badRequest('mutualTlsAuthentication.truststoreUri must not be blank')
  if (version !== undefined && typeof version !== 'string') throw badRequest('mutualTlsAuthentication.truststoreVersion must be a string')
  mutualTlsAllowed(record.domain)
  const truststore = readTruststore(uri, services.truststores, services.now())
  const settings: MutualTlsAuthentication = { truststoreUri: uri, ...(version !== undefined && version !== '' && { truststoreVersion: version }) }
  if (truststore.warnings.length > 0) settings.truststoreWarnings = truststore.warnings
  record.domain.mutualTlsAuthentication = settings
  record.truststorePem = truststore.pem
}

