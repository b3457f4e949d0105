import type { X509Certificate } from 'node:crypto'
import type { ClientCertIdentity, HttpAnswer } from '../gateway/types.ts'
import { refusalAnswer } from './listener-refusals.ts'
import type { DomainFacts } from './resolve.ts'
import type { TlsPeer } from './tls-contexts.ts'

/**
 * Whether a request may be served, as far as TLS goes. AWS finishes the handshake of a mutual TLS
 * domain and answers 403 Forbidden to a client without a certificate, or with one that is
 * untrusted, expired or not yet valid (reference §4.5); so does Portico. A request to a mutual
 * TLS domain must also have been made over a handshake for that domain (the SNI name), not
 * over another name's connection or plain HTTP, or the client certificate check is bypassed.
 */
export function refuseTls(domain: DomainFacts | undefined, peer: TlsPeer | undefined, sniDomain: DomainFacts | undefined): HttpAnswer | undefined {
  if (peer !== undefined && !peer.protocolOk) return refusalAnswer('TLS_FORBIDDEN')
  if (domain === undefined || !domain.mutualTls) return undefined
  if (peer === undefined || !peer.mutualTls || sniDomain?.domainName !== domain.domainName) return refusalAnswer('TLS_FORBIDDEN')
  if (peer.peer === undefined || peer.verifyError !== undefined) return refusalAnswer('TLS_FORBIDDEN')
  return undefined
}

/** `$context.identity.clientCert` of a verified certificate, in AWS's field forms. */
export function clientCertIdentity(certificate: X509Certificate): ClientCertIdentity {
  return {
    clientCertPem: certificate.toString(),
    subjectDN: distinguishedName(certificate.subject),
    issuerDN: distinguishedName(certificate.issuer),
    serialNumber: certificate.serialNumber,
    validity: { notBefore: certificate.validFrom, notAfter: certificate.validTo },
  }
}

/** node's `O=Example\nCN=alice` → `O=Example,CN=alice` */
function distinguishedName(text: string): string {
  return text.split('\n').join(',')
}
