import type { ChildProcess } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { openDevCa } from '../../src/lib/dev-ca.ts'
import { issueCertificate } from '../../src/lib/x509-issue.ts'
import { BENCH_ADMIN_ENV, liftAccountThrottle } from './account.ts'
import { startChild } from './start-child.ts'

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

/**
 * `portico serve apiFile` (from dist/, stage `prod`) with a plain and an HTTPS listener presenting
 * `tls`, the account throttle lifted; added to `children` for the caller to stop.
 */
export async function startHttpsPortico(children: ChildProcess[], root: string, apiFile: string, tls: BenchCertificate, dataDir: string): Promise<{ child: ChildProcess; httpPort: number; httpsPort: number }> {
  const args = ['bin/portico.js', 'serve', apiFile, '--port', '0', '--https-port', '0', '--tls-cert', tls.certFile, '--tls-key', tls.keyFile, '--data-dir', dataDir, '--stage', 'prod']
  const { child, match } = await startChild(children, args, /listening on http:\/\/[^:]+:(\d+)[\s\S]*HTTPS on https:\/\/[^:]+:(\d+)/, { cwd: root, env: { ...process.env, ...BENCH_ADMIN_ENV } })
  const [httpPort, httpsPort] = [Number(match[1]), Number(match[2])]
  await liftAccountThrottle(`http://127.0.0.1:${httpPort}`)
  return { child, httpPort, httpsPort }
}
