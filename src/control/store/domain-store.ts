import type { Certificate, DomainRecord } from '../../model/domain.ts'

/**
 * The custom-domain half of the Store: certificates (Portico's ACM), custom domain names with
 * their base path mappings, and the private keys of client certificates. A domain is read and
 * written whole, with its mappings, as an API definition is.
 *
 * Private keys pass only through these methods, so that sealing them at rest (as API key values
 * are) stays inside the implementation: callers always see PEM.
 */
export interface DomainStore {
  /** creates or replaces the certificate with that ARN */
  putCertificate(certificate: Certificate, privateKeyPem: string): Promise<void>
  getCertificate(arn: string): Promise<Certificate | undefined>
  getCertificateKey(arn: string): Promise<string | undefined>
  /** in import order */
  listCertificates(): Promise<Certificate[]>
  deleteCertificate(arn: string): Promise<boolean>

  /**
   * Domains are keyed by name, a PRIVATE one by `{name}+{domainNameId}` (model/domain.ts
   * domainKey), so a private domain may share its name with a public one and with other private ones.
   * Rejects with StoreConflictError when the key is taken.
   */
  createDomainName(record: DomainRecord): Promise<void>
  /** by domainKey */
  getDomainName(domainName: string): Promise<DomainRecord | undefined>
  /** in creation order */
  listDomainNames(): Promise<DomainRecord[]>
  /** replaces the domain and its mappings; rejects with StoreMissingError when it does not exist */
  updateDomainName(record: DomainRecord): Promise<void>
  deleteDomainName(domainName: string): Promise<boolean>

  /** the private key GenerateClientCertificate made, kept to present the certificate to backends */
  setClientCertificateKey(id: string, privateKeyPem: string): Promise<void>
  getClientCertificateKey(id: string): Promise<string | undefined>
}
