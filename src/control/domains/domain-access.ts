import type { DomainRecord } from '../../model/domain.ts'
import { notFound, type ApiError } from '../protocol/errors.ts'
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
