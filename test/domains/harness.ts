/**
 * A real Portico with an HTTPS listener (port 0) and a development CA in a temp directory:
 * certificates for custom domains, trusted and untrusted client certificates, and an HTTPS GET
 * that names its SNI host and may present a client certificate.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TLSSocket } from 'node:tls'
import { startHarness, useStarted, type Harness, type SuiteSetup } from '../control/harness.ts'
import type { FunctionsConfig } from '../../src/config-file.ts'
import { openDevCa, type DevCa } from '../../src/lib/dev-ca.ts'
import { issueCertificate, type IssuedCertificate } from '../../src/lib/x509-issue.ts'
import { importCertificate } from '../../src/control/domains/certificate-registry.ts'

export interface HttpsPortico extends Harness {
  ca: DevCa
  httpsPort: number
  /** issues a server certificate for `names` signed by the CA and registers it; returns its ARN */
  registerServerCertificate(names: string[]): Promise<string>
  /** a client certificate signed by the CA (validity in seconds from now; negative: expired) */
  clientCertificate(commonName: string, validity?: { from: number; to: number }): IssuedCertificate
}

export const now = (): number => Math.floor(Date.now() / 1000)

export interface HttpsPorticoOptions {
  /** the config file's, resolved (Lambda-backed tests); none unless given */
  functions?: FunctionsConfig
  /** `--https-only`: plain HTTP serves the management API alone */
  httpsOnly?: boolean
}

export async function startHttpsPortico(options: HttpsPorticoOptions = {}): Promise<HttpsPortico> {
  const dir = mkdtempSync(join(tmpdir(), 'portico-https-'))
  const ca = openDevCa(join(dir, 'certs'), now())
  const server = issueCertificate({ subject: { commonName: 'localhost' }, altNames: ['localhost', '*.execute-api.localhost', '127.0.0.1'], notBefore: now() - 60, notAfter: now() + 86_400, usage: ['server'], issuer: ca.issuer })
  writeFileSync(join(dir, 'default.pem'), server.certificatePem)
  writeFileSync(join(dir, 'default.key'), server.privateKeyPem)
  // the admin key pair Portico generates (as `portico serve` without one)
  const harness = await startHarness(
    { dataDir: dir, host: '127.0.0.1', httpsPort: 0, tlsCert: join(dir, 'default.pem'), tlsKey: join(dir, 'default.key'), adminAccessKeyId: undefined, adminSecretAccessKey: undefined, ...(options.httpsOnly === true && { httpsOnly: true }) },
    { functions: options.functions ?? { path: undefined, functions: {}, lambda: undefined } },
  )
  const { portico } = harness
  return {
    ...harness,
    async close() {
      await harness.close()
      rmSync(dir, { recursive: true, force: true })
    },
    ca,
    httpsPort: Number(new URL(portico.httpsUrl!).port),
    registerServerCertificate: (names) => registerServerCertificate(portico, ca, names),
    clientCertificate(commonName, validity = { from: -60, to: 86_400 }) {
      return issueCertificate({ subject: { commonName }, notBefore: now() + validity.from, notAfter: now() + validity.to, usage: ['client'], issuer: ca.issuer })
    },
  }
}

/** a server certificate for `names` signed by `ca`, registered as `portico cert import` does; its ARN */
async function registerServerCertificate(portico: Harness['portico'], ca: DevCa, names: string[]): Promise<string> {
  const issued = issueCertificate({ subject: { commonName: names[0]! }, altNames: names, notBefore: now() - 60, notAfter: now() + 86_400, usage: ['server'], issuer: ca.issuer })
  return (await importCertificate(portico.store, { certificatePem: issued.certificatePem, privateKeyPem: issued.privateKeyPem }, portico.config, now())).certificateArn
}

/** startHttpsPortico for the enclosing suite, `setup` after it started, closed after it (useStarted) */
export function useHttpsPortico(options: HttpsPorticoOptions = {}, setup?: SuiteSetup<HttpsPortico>): HttpsPortico {
  return useStarted(() => startHttpsPortico(options), setup)
}

export interface TlsVpcePortico extends Harness {
  ca: DevCa
  /** registers a certificate for `names` signed by the CA (as `portico cert import`); returns its ARN */
  registerServerCertificate(names: string[]): Promise<string>
}

/**
 * A real Portico with VPC endpoint listeners (`vpceListeners`, `https://` ones among them) and a
 * default certificate for `names` (and `*.execute-api.localhost`) signed by a development CA; no
 * --https-port.
 */
export async function startTlsVpcePortico(vpceListeners: string, names: string[] = []): Promise<TlsVpcePortico> {
  const dir = mkdtempSync(join(tmpdir(), 'portico-vpce-tls-'))
  const ca = openDevCa(join(dir, 'certs'), now())
  const server = issueCertificate({ subject: { commonName: 'localhost' }, altNames: ['localhost', '*.execute-api.localhost', ...names], notBefore: now() - 60, notAfter: now() + 3600, usage: ['server'], issuer: ca.issuer })
  writeFileSync(join(dir, 'default.pem'), server.certificatePem)
  writeFileSync(join(dir, 'default.key'), server.privateKeyPem)
  const harness = await startHarness({ dataDir: dir, host: '127.0.0.1', tlsCert: join(dir, 'default.pem'), tlsKey: join(dir, 'default.key'), vpceListeners })
  return {
    ...harness,
    ca,
    async close() {
      await harness.close()
      rmSync(dir, { recursive: true, force: true })
    },
    registerServerCertificate: (certNames) => registerServerCertificate(harness.portico, ca, certNames),
  }
}

export interface HttpsAnswer {
  status: number
  body: string
  /** the CN of the certificate the server presented */
  serverName: string
}

/** GET https://{host}:{port}{path} over a new connection to 127.0.0.1 with SNI `host`, trusting the CA. */
export function httpsGet(port: number, host: string, path: string, options: { ca: string; cert?: IssuedCertificate; servername?: string }): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        servername: options.servername ?? host,
        headers: { host: `${host}:${port}` },
        ca: options.ca,
        agent: false,
        ...(options.cert !== undefined && { cert: options.cert.certificatePem, key: options.cert.privateKeyPem }),
        // the default certificate does not name every test host
        checkServerIdentity: () => undefined,
      },
      (res) => {
        const chunks: Buffer[] = []
        const peer = (res.socket as TLSSocket).getPeerCertificate()
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), serverName: String(peer?.subject?.CN ?? '') })
        })
      },
    )
    req.setTimeout(10_000, () => req.destroy(new Error('timed out')))
    req.on('error', reject)
    req.end()
  })
}
