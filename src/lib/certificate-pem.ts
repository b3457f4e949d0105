import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto'

/**
 * Reads a certificate, its private key and chain (PEM) the way ACM's ImportCertificate checks
 * them: a parsable certificate, a key that matches it, a chain of certificates, and validity
 * now. Problems are CertificateProblem, with a message fit to show a user.
 */

export interface CertificateFacts {
  commonName: string
  subjectAlternativeNames: string[]
  issuer: string
  serial: string
  /** epoch seconds */
  notBefore: number
  notAfter: number
}

export class CertificateProblem extends Error {
  override name = 'CertificateProblem'
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g

/** every certificate of a PEM bundle, in order; none when the text holds none */
export function pemCertificates(text: string): string[] {
  return text.match(PEM_CERTIFICATE) ?? []
}

/** The facts of `certificatePem` after checking the key, the chain and (given `now`, epoch seconds) the validity. */
export function checkCertificatePair(certificatePem: string, privateKeyPem: string, chainPem: string | undefined, now: number): CertificateFacts {
  const [first] = pemCertificates(certificatePem)
  if (first === undefined) throw new CertificateProblem('The certificate is not a PEM-encoded X.509 certificate')
  const certificate = parse(first, 'The certificate')
  let key: KeyObject
  try {
    key = createPrivateKey(privateKeyPem)
  } catch {
    throw new CertificateProblem('The private key is not a PEM-encoded private key (or it is encrypted)')
  }
  if (!certificate.checkPrivateKey(key)) throw new CertificateProblem('The private key does not match the certificate')
  if (chainPem !== undefined) {
    const chain = pemCertificates(chainPem)
    if (chain.length === 0) throw new CertificateProblem('The certificate chain holds no PEM-encoded certificate')
    chain.forEach((pem, i) => parse(pem, `Certificate ${i + 1} of the chain`))
  }
  const facts = certificateFacts(certificate)
  if (facts.notAfter <= now) throw new CertificateProblem(`The certificate expired on ${certificate.validTo}`)
  if (facts.notBefore > now) throw new CertificateProblem(`The certificate is not valid before ${certificate.validFrom}`)
  return facts
}

export function certificateFacts(certificate: X509Certificate): CertificateFacts {
  return {
    commonName: /(?:^|\n)CN=([^\n]*)/.exec(certificate.subject)?.[1] ?? '',
    subjectAlternativeNames: (certificate.subjectAltName ?? '')
      .split(', ')
      .filter((entry) => entry !== '')
      .map((entry) => entry.replace(/^(DNS|IP Address):/, '')),
    issuer: certificate.issuer.replace(/\n/g, ', '),
    serial: certificate.serialNumber,
    notBefore: Math.floor(Date.parse(certificate.validFrom) / 1000),
    notAfter: Math.floor(Date.parse(certificate.validTo) / 1000),
  }
}

function parse(pem: string, what: string): X509Certificate {
  try {
    return new X509Certificate(pem)
  } catch {
    throw new CertificateProblem(`${what} is not a valid X.509 certificate`)
  }
}
