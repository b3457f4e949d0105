import type { DomainRecord } from '../../model/domain.ts'
import { badRequest, notFound, type ApiError } from '../protocol/errors.ts'
import type { ControlServices } from '../protocol/operation.ts'

export const UNKNOWN_DOMAIN_NAME = 'Invalid domain name identifier specified'
export const unknownDomainName = (): ApiError => notFound(UNKNOWN_DOMAIN_NAME)

/** the domain as the URL names it (case-insensitive, as DNS) */
export async function findDomain(services: ControlServices, name: string): Promise<DomainRecord> {
  const record = await services.store.getDomainName(name.toLowerCase())
  if (!record) throw unknownDomainName()
  return record
}

/** the domain as the URL names it deleted, mappings and all */
export async function deleteDomain(services: ControlServices, name: string): Promise<void> {
  if (!(await services.store.deleteDomainName(name.toLowerCase()))) throw unknownDomainName()
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
