import { createHash, randomUUID } from 'node:crypto'
import type { Certificate } from '../../model/domain.ts'
import { checkCertificatePair } from '../../lib/certificate-pem.ts'
import type { DomainStore } from '../store/domain-store.ts'

/**
 * Portico's stand-in for ACM: certificates are imported (`portico cert import`, the config
 * file's `certificates`, `portico cert dev`) and named by an ACM-shaped ARN, which a domain's
 * `certificateArn` / `regionalCertificateArn` then names. The private key is sealed by the store.
 */

export interface CertificateInput {
  certificatePem: string
  privateKeyPem: string
  chainPem?: string
  /** re-import under this ARN (as ACM's `--certificate-arn`); else a new one */
  arn?: string
}

export interface RegistryAccount {
  region: string
  accountId: string
}

const ARN = /^arn:aws:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/

export function isCertificateArn(text: string): boolean {
  return ARN.test(text)
}

/** Checks the pair (CertificateProblem when it is unusable) and stores it; returns what was stored. */
export async function importCertificate(store: Pick<DomainStore, 'putCertificate'>, input: CertificateInput, account: RegistryAccount, now: number): Promise<Certificate> {
  const facts = checkCertificatePair(input.certificatePem, input.privateKeyPem, input.chainPem, now)
  if (input.arn !== undefined && !isCertificateArn(input.arn)) throw new TypeError(`${input.arn} is not an ACM certificate ARN (arn:aws:acm:{region}:{account}:certificate/{id})`)
  const certificate: Certificate = {
    certificateArn: input.arn ?? certificateArn(account, randomUUID()),
    domainName: facts.commonName,
    subjectAlternativeNames: facts.subjectAlternativeNames,
    certificatePem: input.certificatePem,
    ...(input.chainPem !== undefined && { chainPem: input.chainPem }),
    issuer: facts.issuer,
    serial: facts.serial,
    notBefore: facts.notBefore,
    notAfter: facts.notAfter,
    importedAt: now,
  }
  await store.putCertificate(certificate, input.privateKeyPem)
  return certificate
}

export function certificateArn(account: RegistryAccount, id: string): string {
  return `arn:aws:acm:${account.region}:${account.accountId}:certificate/${id}`
}

/** The same certificate always gets the same ARN: the config file's entries without one keep theirs across restarts. */
export function stableCertificateId(certificatePem: string): string {
  const hex = createHash('sha256').update(certificatePem).digest('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}
