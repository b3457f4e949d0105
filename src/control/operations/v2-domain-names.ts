import { isPrivateDomain, type BasePathMapping, type DomainName, type DomainRecord } from '../../model/domain.ts'
import type { EndpointType } from '../../model/rest-api.ts'
import type { ApiProtocol } from '../../model/index.ts'
import { newId } from '../../lib/ids.ts'
import { badRequest, conflict, notFound, type ApiError } from '../protocol/errors.ts'
import type { ControlServices, Operation } from '../protocol/operation.ts'
import { paginateItems } from '../protocol/paging.ts'
import { optionalObject, optionalString } from './support/input.ts'
import { deleteDomain, findDomain } from '../domains/domain-access.ts'
import { checkCertificates, endpointNames, ENDPOINT_TYPES, newDomain, securityPolicyOf, setCertificate, setMutualTls } from '../domains/domain-rules.ts'
import { createDomainRecord, deleteMapping, putMapping } from './support/domain-store.ts'
import { basePathOf } from './base-path-mappings.ts'

/**
 * apigatewayv2's CreateDomainName, GetDomainName(s), UpdateDomainName, DeleteDomainName and
 * ApiMapping CRUD, over the same domain objects and mappings as apigateway v1's DomainName and
 * BasePathMapping (a domain created through one API version is seen through the other, as on
 * AWS). An ApiMapping may name a REST API's stage or an HTTP API's.
 */

const ONE = '/v2/domainnames/{domainName}'
const MAPPINGS = `${ONE}/apimappings`
const MAPPING = `${MAPPINGS}/{apiMappingId}`

const iso = (epochSeconds: number | undefined) => (epochSeconds === undefined ? undefined : new Date(epochSeconds * 1000).toISOString())

/** the v1 domain as v2's DomainName: one configuration per endpoint type */
function renderDomain(domain: DomainName): Record<string, unknown> {
  const configurations = domain.endpointConfiguration.types.map((endpointType) => {
    const regional = endpointType === 'REGIONAL'
    const certificateArn = regional ? domain.regionalCertificateArn : domain.certificateArn
    return {
      apiGatewayDomainName: regional ? domain.regionalDomainName : domain.distributionDomainName,
      ...(certificateArn !== undefined && { certificateArn }),
      ...((regional ? domain.regionalCertificateName : domain.certificateName) !== undefined && { certificateName: regional ? domain.regionalCertificateName : domain.certificateName }),
      ...(domain.certificateUploadDate !== undefined && { certificateUploadDate: iso(domain.certificateUploadDate) }),
      domainNameStatus: domain.domainNameStatus,
      endpointType,
      hostedZoneId: regional ? domain.regionalHostedZoneId : domain.distributionHostedZoneId,
      securityPolicy: domain.securityPolicy,
    }
  })
  return {
    apiMappingSelectionExpression: '$request.basepath',
    domainName: domain.domainName,
    domainNameArn: domain.domainNameArn,
    domainNameConfigurations: configurations,
    ...(domain.mutualTlsAuthentication !== undefined && { mutualTlsAuthentication: domain.mutualTlsAuthentication }),
    tags: domain.tags ?? {},
  }
}

/** `domainNameConfigurations` applied to the domain (v2 names one configuration per endpoint type) */
async function applyConfigurations(services: ControlServices, domain: DomainName, value: unknown): Promise<void> {
  if (!Array.isArray(value) || value.length === 0) throw badRequest('domainNameConfigurations must hold one configuration')
  const types: EndpointType[] = []
  for (const configuration of value as Array<Record<string, unknown>>) {
    const endpointType = (configuration.endpointType ?? 'REGIONAL') as EndpointType
    if (!ENDPOINT_TYPES.includes(endpointType) || endpointType === 'PRIVATE') throw badRequest(`Invalid endpointType specified: '${String(endpointType)}'. Must be one of [REGIONAL, EDGE]`)
    types.push(endpointType)
    domain.securityPolicy = securityPolicyOf(typeof configuration.securityPolicy === 'string' ? configuration.securityPolicy : domain.securityPolicy)
    const arn = typeof configuration.certificateArn === 'string' ? configuration.certificateArn : undefined
    const member = endpointType === 'REGIONAL' ? 'regionalCertificateArn' : 'certificateArn'
    if (arn !== undefined) await setCertificate(services, domain, member, arn)
    if (typeof configuration.certificateName === 'string') domain[endpointType === 'REGIONAL' ? 'regionalCertificateName' : 'certificateName'] = configuration.certificateName
  }
  domain.endpointConfiguration = { ...domain.endpointConfiguration, types }
  endpointNames(domain, services.config.region)
}

const unknownMapping = (id: string): ApiError => notFound(`Invalid ApiMapping identifier specified ${id}`)

function renderMapping(mapping: BasePathMapping): Record<string, unknown> {
  return { apiId: mapping.restApiId, apiMappingId: mapping.apiMappingId, apiMappingKey: mapping.basePath, stage: mapping.stage }
}

/** the API (REST or HTTP) and its stage must exist */
async function checkTarget(services: ControlServices, apiId: string, stage: string): Promise<void> {
  let protocol: ApiProtocol | undefined
  for (const candidate of ['REST', 'HTTP'] as const) if (protocol === undefined && (await services.store.getApi(apiId, candidate))) protocol = candidate
  if (protocol === undefined) throw notFound(`Invalid API identifier specified ${services.config.accountId}:${apiId}`)
  if (!(await services.store.getStage(apiId, stage, protocol))) throw badRequest('Invalid stage identifier specified')
}

function mappingAt(record: DomainRecord, id: string): number {
  const at = record.mappings.findIndex((m) => m.apiMappingId === id)
  if (at < 0) throw unknownMapping(id)
  return at
}

export const v2DomainNameOperations: Operation[] = [
  {
    name: 'CreateDomainName',
    method: 'POST',
    path: '/v2/domainnames',
    successStatus: 201,
    async handler({ body }, services) {
      const name = optionalString(body, 'domainName')
      if (name === undefined || name === '') throw badRequest("1 validation error detected: Value null at 'domainName' failed to satisfy constraint: Member must not be null")
      const domain = newDomain(services, name, ['REGIONAL'], 'TLS_1_2')
      await applyConfigurations(services, domain, body.domainNameConfigurations ?? [{}])
      await createDomainRecord(services, domain, body, () => conflict(`The domain name resource already exists: ${domain.domainName}`))
      return renderDomain(domain)
    },
  },
  {
    name: 'GetDomainName',
    method: 'GET',
    path: ONE,
    successStatus: 200,
    async handler({ params }, services) {
      return renderDomain((await findDomain(services, params.domainName!)).domain)
    },
  },
  {
    name: 'GetDomainNames',
    method: 'GET',
    path: '/v2/domainnames',
    successStatus: 200,
    async handler({ query }, services) {
      // apigatewayv2 has no private custom domain names (no domainNameId member): they are v1's only
      const domains = (await services.store.listDomainNames()).filter((record) => !isPrivateDomain(record.domain))
      return paginateItems(domains.map((record) => renderDomain(record.domain)), query)
    },
  },
  {
    name: 'UpdateDomainName',
    method: 'PATCH',
    path: ONE,
    successStatus: 200,
    async handler({ params, body }, services) {
      const record = await findDomain(services, params.domainName!)
      const domain = structuredClone(record.domain)
      if (body.domainNameConfigurations !== undefined) await applyConfigurations(services, domain, body.domainNameConfigurations)
      checkCertificates(domain)
      const next: DomainRecord = { ...record, domain }
      const mtls = optionalObject(body, 'mutualTlsAuthentication')
      if (mtls !== undefined) {
        if (mtls.truststoreUri === '' ) {
          delete next.domain.mutualTlsAuthentication
          delete next.truststorePem
        } else setMutualTls(next, mtls.truststoreUri ?? domain.mutualTlsAuthentication?.truststoreUri, mtls.truststoreVersion, services)
      }
      await services.store.updateDomainName(next)
      return renderDomain(next.domain)
    },
  },
  {
    name: 'DeleteDomainName',
    method: 'DELETE',
    path: ONE,
    successStatus: 204,
    async handler({ params }, services) {
      await deleteDomain(services, params.domainName!)
      return undefined
    },
  },
  {
    name: 'CreateApiMapping',
    method: 'POST',
    path: MAPPINGS,
    successStatus: 201,
    async handler({ params, body }, services) {
      const record = await findDomain(services, params.domainName!)
      const apiId = optionalString(body, 'apiId')
      const stage = optionalString(body, 'stage')
      if (apiId === undefined) throw badRequest("1 validation error detected: Value null at 'apiId' failed to satisfy constraint: Member must not be null")
      if (stage === undefined) throw badRequest("1 validation error detected: Value null at 'stage' failed to satisfy constraint: Member must not be null")
      const basePath = basePathOf(optionalString(body, 'apiMappingKey'), record)
      await checkTarget(services, apiId, stage)
      const mapping: BasePathMapping = { basePath, restApiId: apiId, stage, apiMappingId: newId(6) }
      await putMapping(services, record, mapping, undefined, () => conflict(`ApiMapping key ${basePath === '' ? '(none)' : basePath} already exists for this domain name`))
      return renderMapping(mapping)
    },
  },
  {
    name: 'GetApiMapping',
    method: 'GET',
    path: MAPPING,
    successStatus: 200,
    async handler({ params }, services) {
      const record = await findDomain(services, params.domainName!)
      return renderMapping(record.mappings[mappingAt(record, params.apiMappingId!)]!)
    },
  },
  {
    name: 'GetApiMappings',
    method: 'GET',
    path: MAPPINGS,
    successStatus: 200,
    async handler({ params, query }, services) {
      const record = await findDomain(services, params.domainName!)
      return paginateItems(record.mappings.map(renderMapping), query)
    },
  },
  {
    name: 'UpdateApiMapping',
    method: 'PATCH',
    path: MAPPING,
    successStatus: 200,
    async handler({ params, body }, services) {
      const record = await findDomain(services, params.domainName!)
      const at = mappingAt(record, params.apiMappingId!)
      const current = record.mappings[at]!
      const apiId = optionalString(body, 'apiId') ?? current.restApiId
      const stage = optionalString(body, 'stage') ?? current.stage
      if (stage === undefined) throw badRequest('Invalid stage identifier specified')
      const key = optionalString(body, 'apiMappingKey')
      const basePath = key === undefined ? current.basePath : basePathOf(key, record)
      await checkTarget(services, apiId, stage)
      const patched: BasePathMapping = { basePath, restApiId: apiId, stage, apiMappingId: current.apiMappingId! }
      await putMapping(services, record, patched, at, () => conflict(`ApiMapping key ${basePath} already exists for this domain name`))
      return renderMapping(patched)
    },
  },
  {
    name: 'DeleteApiMapping',
    method: 'DELETE',
    path: MAPPING,
    successStatus: 204,
    async handler({ params }, services) {
      const record = await findDomain(services, params.domainName!)
      const at = mappingAt(record, params.apiMappingId!)
      await deleteMapping(services, record, at)
      return undefined
    },
  },
]
