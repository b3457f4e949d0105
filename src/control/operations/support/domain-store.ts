import type { BasePathMapping, DomainName, DomainRecord } from '../../../model/domain.ts'
import type { ApiError } from '../../protocol/errors.ts'
import type { ControlServices } from '../../protocol/operation.ts'
import { StoreConflictError } from '../../store/store.ts'
import { checkCertificates, setMutualTls } from '../../domains/domain-rules.ts'
import { optionalObject, optionalStringMap } from './input.ts'

/**
 * The writes both management APIs make to a custom domain and its mappings (v1
 * domain-names.ts and base-path-mappings.ts, v2 v2-domain-names.ts): the same record and the same
 * checks, only the error each API answers differs, so the caller names it.
 */

/** A new domain saved with the request's mutual TLS and tags; `exists` when the name is taken. */
export async function createDomainRecord(services: ControlServices, domain: DomainName, body: Record<string, unknown>, exists: () => ApiError): Promise<DomainRecord> {
  checkCertificates(domain)
  const record: DomainRecord = { domain, mappings: [] }
  const mtls = optionalObject(body, 'mutualTlsAuthentication')
  if (mtls !== undefined) setMutualTls(record, mtls.truststoreUri, mtls.truststoreVersion, services)
  const tags = optionalStringMap(body, 'tags')
  if (tags !== undefined) domain.tags = tags
  try {
    await services.store.createDomainName(record)
  } catch (error) {
    if (error instanceof StoreConflictError) throw exists()
    throw error
  }
  return record
}

/**
 * `mapping` saved at index `at` of the domain's mappings (appended when `at` is undefined);
 * `taken` when another mapping of the domain has its base path.
 */
export async function putMapping(services: ControlServices, record: DomainRecord, mapping: BasePathMapping, at: number | undefined, taken: () => ApiError): Promise<void> {
  if (record.mappings.some((m, i) => i !== at && m.basePath === mapping.basePath)) throw taken()
  const mappings = at === undefined ? [...record.mappings, mapping] : record.mappings.map((m, i) => (i === at ? mapping : m))
  await services.store.updateDomainName({ ...record, mappings })
}

/** the domain saved without its mapping at index `at` */
export async function deleteMapping(services: ControlServices, record: DomainRecord, at: number): Promise<void> {
  await services.store.updateDomainName({ ...record, mappings: record.mappings.filter((_, i) => i !== at) })
}
