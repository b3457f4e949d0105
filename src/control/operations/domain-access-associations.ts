import type { DomainNameAccessAssociation, DomainRecord } from '../../model/domain.ts'
import { domainKey, isPrivateDomain } from '../../model/domain.ts'
import { badRequest, conflict, notFound, type ApiError } from '../protocol/errors.ts'
import type { ControlServices, Operation } from '../protocol/operation.ts'
import { paginate } from '../protocol/paging.ts'
import { optionalStringMap, requiredString } from './support/input.ts'
import { UNKNOWN_DOMAIN_NAME } from '../domains/domain-access.ts'
import { malformedArn } from './account-support/resource-arn.ts'
import { resourceOwnerOf } from './domain-names.ts'

/**
 * CreateDomainNameAccessAssociation, GetDomainNameAccessAssociations,
 * DeleteDomainNameAccessAssociation, RejectDomainNameAccessAssociation: the VPC endpoints that may
 * call a PRIVATE custom domain (developer guide apigateway-private-custom-domains-tutorial, AWS CLI
 * examples). An association is kept with its domain (DomainRecord.accessAssociations) and is
 * ready at once (AWS takes about 15 minutes). Portico has one account: every association is the
 * account's own (`resourceOwner` SELF), so none can be rejected ("You can't reject a domain name
 * access association in your own account": delete it instead).
 */

/** `arn:aws:apigateway:{region}:{account}:/domainnames/{name}+{id}` */
const DOMAIN_ARN = /^arn:aws:apigateway:([a-z0-9-]+):(\d{12}):\/domainnames\/([^/+]+)(?:\+([^/]+))?$/
/** `arn:aws:apigateway:{region}:{account}:/domainnameaccessassociations/domainname/{name}+{id}/vpcesource/{vpceId}` */
const ASSOCIATION_ARN = /^arn:aws:apigateway:([a-z0-9-]+):(\d{12}):\/domainnameaccessassociations\/domainname\/([^/+]+)\+([^/]+)\/vpcesource\/([^/]+)$/
const VPCE_ID = /^vpce-[0-9a-z]{1,32}$/

const unknownAssociation = (): ApiError => notFound('Invalid domain name access association identifier specified')

function associationArn(services: ControlServices, record: DomainRecord, vpceId: string): string {
  return `arn:aws:apigateway:${services.config.region}:${services.config.accountId}:/domainnameaccessassociations/domainname/${domainKey(record.domain)}/vpcesource/${vpceId}`
}

/** the private domain a domain ARN names, this account's and region's */
async function domainOfArn(services: ControlServices, arn: string): Promise<DomainRecord> {
  const m = DOMAIN_ARN.exec(arn)
  if (!m) throw malformedArn(arn)
  if (m[4] === undefined) throw badRequest('Domain name access associations are supported only for private custom domain names (a domainNameArn ending in +{domainNameId})')
  const record = m[1] === services.config.region && m[2] === services.config.accountId ? await services.store.getDomainName(`${m[3]!.toLowerCase()}+${m[4]}`) : undefined
  if (!record) throw notFound(UNKNOWN_DOMAIN_NAME)
  return record
}

/** the domain and the index of the association an association ARN names */
async function findAssociation(services: ControlServices, arn: string): Promise<{ record: DomainRecord; at: number }> {
  const m = ASSOCIATION_ARN.exec(arn)
  if (!m) throw malformedArn(arn)
  const record = m[1] === services.config.region && m[2] === services.config.accountId ? await services.store.getDomainName(`${m[3]!.toLowerCase()}+${m[4]}`) : undefined
  const at = record?.accessAssociations?.findIndex((a) => a.domainNameAccessAssociationArn === arn) ?? -1
  if (!record || at < 0) throw unknownAssociation()
  return { record, at }
}

export const domainAccessAssociationOperations: Operation[] = [
  {
    name: 'CreateDomainNameAccessAssociation',
    method: 'POST',
    path: '/domainnameaccessassociations',
    successStatus: 201,
    async handler({ body }, services) {
      const domainNameArn = requiredString(body, 'domainNameArn', 'domainNameArn must not be blank')
      const type = requiredString(body, 'accessAssociationSourceType', 'accessAssociationSourceType must not be blank')
      const source = requiredString(body, 'accessAssociationSource', 'accessAssociationSource must not be blank').toLowerCase()
      if (type !== 'VPCE') throw badRequest(`Invalid accessAssociationSourceType ${type}: VPCE`)
      if (!VPCE_ID.test(source)) throw badRequest(`Invalid accessAssociationSource ${source}: a VPC endpoint id (vpce-…)`)
      const record = await domainOfArn(services, domainNameArn)
      const tags = optionalStringMap(body, 'tags')
      const existing = record.accessAssociations ?? []
      if (existing.some((a) => a.accessAssociationSource === source)) throw conflict(`A domain name access association between ${source} and ${record.domain.domainNameArn} already exists`)
      // "You can't invoke private custom domain names with the same name from the same VPC endpoint"
      const sameName = (await services.store.listDomainNames()).find(
        (other) => other !== record && isPrivateDomain(other.domain) && other.domain.domainName === record.domain.domainName && other.domain.domainNameId !== record.domain.domainNameId && (other.accessAssociations ?? []).some((a) => a.accessAssociationSource === source),
      )
      if (sameName) throw conflict(`${source} is already associated with ${sameName.domain.domainNameArn}, a private custom domain name of the same name`)
      const association: DomainNameAccessAssociation = {
        domainNameAccessAssociationArn: associationArn(services, record, source),
        domainNameArn: record.domain.domainNameArn,
        accessAssociationSourceType: 'VPCE',
        accessAssociationSource: source,
        ...(tags !== undefined && { tags }),
      }
      await services.store.updateDomainName({ ...record, accessAssociations: [...existing, association] })
      return association
    },
  },
  {
    name: 'GetDomainNameAccessAssociations',
    method: 'GET',
    path: '/domainnameaccessassociations',
    successStatus: 200,
    async handler({ query }, services) {
      // OTHER_ACCOUNTS: associations other accounts made with this account's domains; Portico has one account
      if (resourceOwnerOf(query) === 'OTHER_ACCOUNTS') return paginate([], query)
      return paginate((await services.store.listDomainNames()).flatMap((record) => record.accessAssociations ?? []), query)
    },
  },
  {
    name: 'DeleteDomainNameAccessAssociation',
    method: 'DELETE',
    path: '/domainnameaccessassociations/{domain_name_access_association_arn}',
    successStatus: 202,
    async handler({ params }, services) {
      const { record, at } = await findAssociation(services, params.domain_name_access_association_arn!)
      await services.store.updateDomainName({ ...record, accessAssociations: record.accessAssociations!.filter((_, i) => i !== at) })
      return undefined
    },
  },
  {
    name: 'RejectDomainNameAccessAssociation',
    method: 'POST',
    path: '/rejectdomainnameaccessassociations',
    successStatus: 202,
    async handler({ query }, services) {
      const arn = query.get('domainNameAccessAssociationArn') ?? ''
      const domainNameArn = query.get('domainNameArn') ?? ''
      if (arn === '' || domainNameArn === '') throw badRequest('domainNameAccessAssociationArn and domainNameArn must not be blank')
      const { record } = await findAssociation(services, arn)
      if (record.domain.domainNameArn !== domainNameArn) throw unknownAssociation()
      throw badRequest("You can't reject a domain name access association in your own account: delete it (DeleteDomainNameAccessAssociation)")
    },
  },
]
