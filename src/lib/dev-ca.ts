import { X509Certificate, createHash, createPrivateKey } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { makePrivateDir, PRIVATE_FILE_MODE } from './private-dir.ts'
import { issueCertificate, type CertificateIssuer, type CertificateSubject } from './x509-issue.ts'

/**
 * A local certificate authority for development, as mkcert keeps one: created once in a private
 * directory (`ca.pem`, `ca.key`), then reused to issue server certificates for
 * `*.execute-api.localhost` and named domains, and client certificates for mutual TLS.
 */

export const DEV_CA_SUBJECT: CertificateSubject = Object.freeze({ commonName: 'Portico development CA', organization: 'Portico' })
/** the names every development server certificate covers */
export const DEV_SERVER_NAMES = Object.freeze(['localhost', '*.execute-api.localhost', '127.0.0.1', '::1'])
const DAY = 86_400

export interface DevCa {
  dir: string
  caFile: string
  created: boolean
  issuer: CertificateIssuer
}

/** Opens the CA in `dir`, creating it (10 years) when missing. */
export function openDevCa(dir: string, now: number): DevCa {
  makePrivateDir(dir, ['ca.key'])
  const caFile = join(dir, 'ca.pem')
  const keyFile = join(dir, 'ca.key')
  if (existsSync(caFile) && existsSync(keyFile)) {
    const certificate = new X509Certificate(readFileSync(caFile, 'utf8'))
    const privateKey = createPrivateKey(readFileSync(keyFile, 'utf8'))
    const keyId = createHash('sha1').update(certificate.publicKey.export({ type: 'spki', format: 'der' })).digest()
    return { dir, caFile, created: false, issuer: { subject: subjectOf(certificate), privateKey, keyId } }
  }
  const ca = issueCertificate({ subject: DEV_CA_SUBJECT, notBefore: now - 60, notAfter: now + 3650 * DAY, ca: true })
  writeFileSync(keyFile, ca.privateKeyPem, { mode: PRIVATE_FILE_MODE })
  writeFileSync(caFile, ca.certificatePem)
  return { dir, caFile, created: true, issuer: ca.asIssuer }
}

export interface IssuedFiles {
  certificateFile: string
  keyFile: string
  certificatePem: string
  privateKeyPem: string
}

/** A server certificate (825 days, as browsers accept) for `names`, written as `{file}.pem` / `{file}.key`. */
export function issueDevServer(ca: DevCa, file: string, names: readonly string[], now: number): IssuedFiles {
  const issued = issueCertificate({ subject: { commonName: names[0]!, organization: 'Portico development' }, altNames: names, notBefore: now - 60, notAfter: now + 825 * DAY, usage: ['server'], issuer: ca.issuer })
  return write(ca.dir, file, issued.certificatePem, issued.privateKeyPem)
}

/** A client certificate for mutual TLS with `commonName`, written as `client-{name}.pem` / `.key`. */
export function issueDevClient(ca: DevCa, commonName: string, now: number): IssuedFiles {
  const issued = issueCertificate({ subject: { commonName, organization: 'Portico development' }, notBefore: now - 60, notAfter: now + 825 * DAY, usage: ['client'], issuer: ca.issuer })
  return write(ca.dir, `client-${commonName.replace(/[^A-Za-z0-9.-]/g, '_')}`, issued.certificatePem, issued.privateKeyPem)
}

function write(dir: string, file: string, certificatePem: string, privateKeyPem: string): IssuedFiles {
  const certificateFile = join(dir, `${file}.pem`)
  const keyFile = join(dir, `${file}.key`)
  writeFileSync(keyFile, privateKeyPem, { mode: PRIVATE_FILE_MODE })
  writeFileSync(certificateFile, certificatePem)
  return { certificateFile, keyFile, certificatePem, privateKeyPem }
}

function subjectOf(certificate: X509Certificate): CertificateSubject {
  const fields = Object.fromEntries(certificate.subject.split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]))
  return { commonName: fields['CN'] ?? '', ...(fields['O'] !== undefined && { organization: fields['O'] }) }
}
