import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { openDevCa } from '../../src/lib/dev-ca.ts'
import { issueCertificate } from '../../src/lib/x509-issue.ts'

export interface BenchCertificate {
  /** the development CA that issued it: NODE_EXTRA_CA_CERTS / `--cacert` for clients */
  caFile: string
  certFile: string
  keyFile: string
}

/** A development CA in `dir` and a server certificate (P-256, a day) for 127.0.0.1 and localhost, as `portico cert dev` makes them. */
export function benchCertificate(dir: string): BenchCertificate {
  const now = Math.floor(Date.now() / 1000)
  const ca = openDevCa(join(dir, 'ca'), now)
  const server = issueCertificate({ subject: { commonName: '127.0.0.1' }, altNames: ['127.0.0.1', 'localhost'], notBefore: now - 60, notAfter: now + 86_400, usage: ['server'], issuer: ca.issuer })
  const certFile = join(dir, 'server.pem')
  const keyFile = join(dir, 'server.key')
  writeFileSync(certFile, server.certificatePem)
  writeFileSync(keyFile, server.privateKeyPem)
  return { caFile: ca.caFile, certFile, keyFile }
}
