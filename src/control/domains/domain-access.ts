import type { DomainRecord } from '../../model/domain.ts'
import { badRequest, notFound, type ApiError } from '../protocol/errors.ts'
import type { ControlServices } from '../protocol/operation.ts'

export const UNKNOWN_DOMAIN_NAME = 'Invalid domain name identifier specified'
export const unknownDomainName = (): ApiError => notFound(UNKNOWN_DOMAIN_NAME)

/**
 * The domain as the URL names it (case-insensitive, as DNS), and a PRIVATE one by its
 * `domainNameId` query member too: without the id the public domain of that name is meant, as on
 * AWS ("If you ... don't provide the domain name ID, API Gateway will modify or delete your public
 * custom domain name"); a private domain asked for without it is not found (404 `Invalid domain
 * name identifier specified`, ekristen/aws-nuke#533).
 */
export async function findDomain(services: ControlServices, name: string, domainNameId?: string | null): Promise<DomainRecord> {
  const record = await services.store.getDomainName(keyOf(name, domainNameId))
  if (!record) throw unknownDomainName()
  return record
}

/** the domain as the URL (and `domainNameId`) names it deleted, mappings and access associations and all */
export async function deleteDomain(services: ControlServices, name: string, domainNameId?: string | null): Promise<void> {
  if (!(await services.store.deleteDomainName(keyOf(name, domainNameId)))) throw unknownDomainName()
}

function keyOf(name: string, domainNameId: string | null | undefined): string {
  return domainNameId ? `${name.toLowerCase()}+${domainNameId}` : name.toLowerCase()
}

/**
 * AWS refuses to delete an API that a custom domain still maps (400, texts as users meet them:
 * glomex/gcdt#373 for DeleteRestApi, gruntwork-io/cloud-nuke#370 for apigatewayv2 DeleteApi).
 */
export async function refuseWhileMapped(services: ControlServices, apiId: string, version: 'v1' | 'v2'): Promise<void> {
  const domains = (await services.store.listDomainNames()).filter((record) => record.mappings.some((m) => m.restApiId === apiId)).map((record) => record.domain.domainName)
  if (domains.length === 0) return
  throw badRequest(
    version === 'v1'
      ? `Deleting RestApi ${apiId} failed. Please remove all base path mappings related to the RestApi in your domains: ${domains.join(', ')}`
      : `Deleting API ${apiId} failed. Please remove all API mappings for the API from your custom domain names.`,
  )
}

/** the ARNs of the PRIVATE custom domains mapping `apiId`: while there are any, its endpoint type stays (apigateway-private-custom-domains) */
export async function privateDomainsMapping(services: ControlServices, apiId: string): Promise<string[]> {
  return (await services.store.listDomainNames()).filter((record) => record.domain.domainNameId !== undefined && record.mappings.some((m) => m.restApiId === apiId)).map((record) => record.domain.domainNameArn)
}
