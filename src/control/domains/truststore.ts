import { X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { pemCertificates } from '../../lib/certificate-pem.ts'
import { badRequest } from '../protocol/errors.ts'

/**
 * A mutual TLS truststore, read when the domain is created or updated, as AWS copies it from S3
 * then: `file:///abs/path.pem`, or `s3://bucket/key` mapped to a local file by the config file's
 * `truststores`. `truststoreVersion` must be the file's current version: locally, any value is
 * accepted and echoed (there are no object versions). Certificates AWS would not use are
 * reported in `truststoreWarnings`; mutual TLS stays on, as on AWS.
 */
export interface Truststore {
  pem: string
  warnings: string[]
}

export function readTruststore(uri: string, truststores: Readonly<Record<string, string>> | undefined, now: number): Truststore {
  const file = localFile(uri, truststores)
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw badRequest(`Unable to read the truststore at ${uri}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
  }
  const pems = pemCertificates(text)
  if (pems.length === 0) throw badRequest(`The truststore at ${uri} holds no PEM-encoded certificate`)
  const warnings: string[] = []
  const usable: string[] = []
  pems.forEach((pem, i) => {
    let certificate: X509Certificate
    try {
      certificate = new X509Certificate(pem)
    } catch {
      warnings.push(`Certificate ${i + 1}: not a valid X.509 certificate`)
      return
    }
    const subject = certificate.subject.replace(/\n/g, ',')
    if (Date.parse(certificate.validTo) / 1000 <= now) warnings.push(`Certificate ${subject}: expired on ${certificate.validTo}`)
    else if (Date.parse(certificate.validFrom) / 1000 > now) warnings.push(`Certificate ${subject}: not valid before ${certificate.validFrom}`)
    else if (!certificate.ca) warnings.push(`Certificate ${subject}: not a certificate authority`)
    usable.push(pem)
  })
  return { pem: usable.join('\n'), warnings }
}

function localFile(uri: string, truststores: Readonly<Record<string, string>> | undefined): string {
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri)
    } catch {
      throw badRequest(`Invalid truststore URI ${uri}: a file: URI names an absolute path, file:///path/to/truststore.pem`)
    }
  }
  if (/^s3:\/\/[^/]+\/.+/.test(uri)) {
    const file = truststores?.[uri]
    if (file === undefined) throw badRequest(`Unable to read the truststore at ${uri}: map it to a local file in the config file's "truststores"`)
    return file
  }
  throw badRequest(`Invalid truststore URI ${uri}: use s3://bucket/key (mapped in the config file's "truststores") or file:///path`)
}
