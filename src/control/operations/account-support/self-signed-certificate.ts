import { issueCertificate } from '../../../lib/x509-issue.ts'

/**
 * A real self-signed X.509 v3 certificate (RSA 2048, SHA-256) for GenerateClientCertificate.
 * The PEM is what AWS returns; the private key never leaves Portico either (AWS keeps it to
 * present the certificate to backends, and so does Portico: the store keeps it sealed).
 */

export interface GeneratedCertificate {
  pem: string
  privateKeyPem: string
  /** epoch seconds */
  notBefore: number
  notAfter: number
}

export function selfSignedCertificate(commonName: string, notBefore: number, days: number): GeneratedCertificate {
  const issued = issueCertificate({ subject: { commonName }, notBefore, notAfter: notBefore + days * 86_400, usage: ['client'], keyType: 'rsa' })
  return { pem: issued.certificatePem, privateKeyPem: issued.privateKeyPem, notBefore, notAfter: issued.notAfter }
}
