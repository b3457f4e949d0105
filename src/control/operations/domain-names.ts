import type { DomainName, DomainRecord } from '../../model/domain.ts'
import type { IpAddressType } from '../../model/index.ts'
import { badRequest } from '../protocol/errors.ts'
import type { Operation } from '../protocol/operation.ts'
import { paginate } from '../protocol/paging.ts'
import { applyPatch } from '../protocol/patch.ts'
import { optionalObject, optionalString, requiredString } from './support/input.ts'
import { createDomainRecord } from './support/domain-store.ts'
import { deleteDomain, findDomain } from '../domains/domain-access.ts'
import { defaultIpAddressType, IP_ADDRESS_TYPES } from './support/endpoint-configuration.ts'
import { checkCertificates, endpointNames, endpointTypes, newDomain, securityPolicyOf, setCertificate, setMutualTls, stringOrUndefined } from '../domains/domain-rules.ts'
import { checkPrivateTypes, makePrivate, setDomainPolicy } from '../domains/private-domains.ts'

/**
 * CreateDomainName, GetDomainName(s), UpdateDomainName, DeleteDomainName (management API v1).
 * Certificates are named by ARN from Portico's registry (`portico cert import`); a domain is
 * AVAILABLE at once (no CloudFront distribution to wait for). What it serves follows from its
 * base path mappings (base-path-mappings.ts) and the HTTPS listener's SNI. A PRIVATE domain
 * (private-domains.ts) is addressed by its name and the `domainNameId` query member.
 */

const ONE = '/domainnames/{domain_name}'

/**
 * A domain as AWS answers it: `endpointConfiguration.ipAddressType` is always there (the one
 * chosen, else `ipv4`, `dualstack` for PRIVATE, as for REST APIs), also for domains stored
 * before it was kept.
 */
function renderDomain(domain: DomainName): DomainName {
  const { types, ipAddressType } = domain.endpointConfiguration
  return { ...domain, endpointConfiguration: { ...domain.endpointConfiguration, ipAddressType: ipAddressType ?? defaultIpAddressType(types[0]) } }
}

function ipAddressTypeOf(configuration: Record<string, unknown> | undefined): IpAddressType | undefined {
  const value = configuration && optionalString(configuration, 'ipAddressType')
  if (value !== undefined && !IP_ADDRESS_TYPES.includes(value as IpAddressType)) throw badRequest('ipAddressType must be either ipv4 or dualstack.')
  return value as IpAddressType | undefined
}
/** GetDomainNames' and GetDomainNameAccessAssociations' `resourceOwner`: SELF (the default) or OTHER_ACCOUNTS */
export function resourceOwnerOf(query: URLSearchParams): 'SELF' | 'OTHER_ACCOUNTS' {
  const value = query.get('resourceOwner') ?? 'SELF'
  if (value !== 'SELF' && value !== 'OTHER_ACCOUNTS') throw badRequest(`Invalid resourceOwner ${value}: SELF or OTHER_ACCOUNTS`)
  return value
}

export const domainNameOperations: Operation[] = [
  {
    name: 'CreateDomainName',
    method: 'POST',
    path: '/domainnames',
    successStatus: 201,
    async handler({ body }, services) {
      const domainName = requiredString(body, 'domainName', 'Domain name must not be blank')
      if (body.certificateBody !== undefined || body.certificatePrivateKey !== undefined) {
        throw badRequest('Certificate uploads are not supported: register the certificate (portico cert import) and name its ARN in certificateArn or regionalCertificateArn')
      }
      const endpoint = optionalObject(body, 'endpointConfiguration')
      const types = endpointTypes(endpoint)
      const ipAddressType = ipAddressTypeOf(endpoint)
      const securityPolicyText = optionalString(body, 'securityPolicy')
      const securityPolicy = securityPolicyOf(securityPolicyText)
      const domain = newDomain(services, domainName, types, securityPolicy)
      if (checkPrivateTypes(types)) makePrivate(services, domain, { ...(securityPolicyText !== undefined && { securityPolicy: securityPolicyText }), ...(ipAddressType !== undefined && { ipAddressType }) })
      setDomainPolicy(services, domain, optionalString(body, 'policy'))
      if (ipAddressType !== undefined) domain.endpointConfiguration.ipAddressType = ipAddressType
      const certificateName = optionalString(body, 'certificateName')
      const regionalCertificateName = optionalString(body, 'regionalCertificateName')
      await setCertificate(services, domain, 'certificateArn', optionalString(body, 'certificateArn'))
      await setCertificate(services, domain, 'regionalCertificateArn', optionalString(body, 'regionalCertificateArn'))
      if (certificateName !== undefined) domain.certificateName = certificateName
      if (regionalCertificateName !== undefined) domain.regionalCertificateName = regionalCertificateName
      endpointNames(domain, services.config.region)
      await createDomainRecord(services, domain, body, () => badRequest('The domain name you provided already exists.'))
      return renderDomain(domain)
    },
  },
  {
    name: 'GetDomainName',
    method: 'GET',
    path: ONE,
    successStatus: 200,
    async handler({ params, query }, services) {
      return renderDomain((await findDomain(services, params.domain_name!, query.get('domainNameId'))).domain)
    },
  },
  {
    name: 'GetDomainNames',
    method: 'GET',
    path: '/domainnames',
    successStatus: 200,
    async handler({ query }, services) {
      // OTHER_ACCOUNTS: private domains other accounts share with this one (AWS RAM); Portico has one account
      if (resourceOwnerOf(query) === 'OTHER_ACCOUNTS') return paginate([], query)
      return paginate((await services.store.listDomainNames()).map((record) => renderDomain(record.domain)), query)
    },
  },
  {
    name: 'UpdateDomainName',
    method: 'PATCH',
    path: ONE,
    successStatus: 200,
    async handler({ params, body, query }, services) {
      const record = await findDomain(services, params.domain_name!, query.get('domainNameId'))
      const isPrivate = record.domain.domainNameId !== undefined
      let policy: string | undefined
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
          { path: '/policy', ops: ['replace'], apply: (_t, { value }) => void (policy = typeof value === 'string' ? value : '') },
          {
            path: '/endpointConfiguration/types',
            ops: ['replace'],
            apply: (target, { value }) => void (target.endpointConfiguration = { ...target.endpointConfiguration, types: endpointTypes({ types: [value] }) }),
          },
          {
            // AWS documents patching it on domain names as on REST APIs (apigateway-ip-address-type)
            path: '/endpointConfiguration/ipAddressType',
            ops: ['replace'],
            apply: (target, { value }) => void (target.endpointConfiguration = { ...target.endpointConfiguration, ipAddressType: ipAddressTypeOf({ ipAddressType: value })! }),
          },
          { path: '/mutualTlsAuthentication/truststoreUri', ops: ['replace'], apply: (_t, { value }) => void (truststore = { ...truststore, uri: value }) },
          { path: '/mutualTlsAuthentication/truststoreVersion', ops: ['replace'], apply: (_t, { value }) => void (truststore = { ...truststore, version: value }) },
        ],
        { ops: ['replace'] },
      )
      for (const [member, arn] of certificates) await setCertificate(services, patched, member, arn)
      if (checkPrivateTypes(patched.endpointConfiguration.types) !== isPrivate) throw badRequest('A custom domain name cannot change between public and private')
      if (isPrivate && patched.securityPolicy !== 'TLS_1_2') throw badRequest('Private custom domain names support only the TLS_1_2 security policy')
      if (policy !== undefined) setDomainPolicy(services, patched, policy)
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
      return renderDomain(next.domain)
    },
  },
  {
    name: 'DeleteDomainName',
    method: 'DELETE',
    path: ONE,
    successStatus: 202,
    async handler({ params, query }, services) {
      await deleteDomain(services, params.domain_name!, query.get('domainNameId'))
      return undefined
    },
  },
]
