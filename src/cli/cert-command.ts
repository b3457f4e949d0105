import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { PorticoConfig } from '../config.ts'
import type { LocalCertificates } from '../local-store.ts'
import { DEV_SERVER_NAMES, issueDevClient, issueDevServer, openDevCa } from '../lib/dev-ca.ts'
import { CertificateProblem } from '../lib/certificate-pem.ts'

export interface CertOptions {
  cert?: string | undefined
  key?: string | undefined
  chain?: string | undefined
  arn?: string | undefined
  client?: string[] | undefined
  json?: boolean | undefined
}

const USAGE = `Usage:
  portico cert dev [domain ...] [--client name ...]
                      a local CA (kept in <data-dir>/certs) and a certificate for localhost,
                      *.execute-api.localhost and each domain, registered; client certificates for mTLS
  portico cert import --cert f --key f [--chain f] [--arn arn]
                      registers a certificate; prints its ARN (name it in certificateArn)
  portico cert ls [--json]
                      the registered certificates, their names and expiry
`

/** `portico cert dev|import|ls`: Portico's ACM, in the data directory's store. */
export async function certCommand(
  config: PorticoConfig,
  withCertificates: <T>(fn: (certificates: LocalCertificates) => Promise<T>) => Promise<T>,
  args: string[],
  options: CertOptions,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  const [sub, ...names] = args
  try {
    switch (sub) {
      case 'dev':
        return await withCertificates((certificates) => certDev(config, certificates, names, options.client ?? [], out))
      case 'import': {
        if (options.cert === undefined || options.key === undefined) {
          err.write(`portico: cert import needs --cert and --key\n${USAGE}`)
          return 2
        }
        const input = {
          certificatePem: await readFile(options.cert, 'utf8'),
          privateKeyPem: await readFile(options.key, 'utf8'),
          ...(options.chain !== undefined && { chainPem: await readFile(options.chain, 'utf8') }),
          ...(options.arn !== undefined && { arn: options.arn }),
        }
        const certificate = await withCertificates((certificates) => certificates.import(input))
        out.write(`${certificate.certificateArn}\n`)
        return 0
      }
      case 'ls':
        return await withCertificates(async (certificates) => {
          const all = await certificates.list()
          if (options.json) out.write(JSON.stringify(all.map(({ certificatePem: _c, chainPem: _ch, ...rest }) => rest), null, 2) + '\n')
          else if (all.length === 0) out.write(`No certificates yet. Make development ones with 'portico cert dev', or 'portico cert import'.\n`)
          else for (const c of all) out.write(`${c.certificateArn}\n  ${c.subjectAlternativeNames.join(', ') || c.domainName}  expires ${new Date(c.notAfter * 1000).toISOString()}\n`)
          return 0
        })
      default:
        err.write(USAGE)
        return 2
    }
  } catch (error) {
    if (error instanceof CertificateProblem || error instanceof TypeError) {
      err.write(`portico: ${error.message}\n`)
      return 1
    }
    throw error
  }
}

async function certDev(config: PorticoConfig, certificates: LocalCertificates, domains: string[], clients: string[], out: NodeJS.WritableStream): Promise<number> {
  const now = Math.floor(Date.now() / 1000)
  const ca = openDevCa(join(config.dataDir, 'certs'), now)
  const names = [...DEV_SERVER_NAMES, ...domains.map((d) => d.toLowerCase())]
  const server = issueDevServer(ca, 'server', names, now)
  // a rerun re-imports under the same ARN: domains naming it get the new certificate
  const arnFile = join(ca.dir, 'server.arn')
  const arn = existsSync(arnFile) ? readFileSync(arnFile, 'utf8').trim() : undefined
  const registered = await certificates.import({ certificatePem: server.certificatePem, privateKeyPem: server.privateKeyPem, ...(arn !== undefined && { arn }) })
  writeFileSync(arnFile, registered.certificateArn + '\n')
  out.write(`${ca.created ? 'Created' : 'Using'} the development CA ${ca.caFile}\n`)
  out.write(`Server certificate for ${names.join(', ')}:\n  ${server.certificateFile}\n  ${server.keyFile}\n`)
  out.write(`Registered as ${registered.certificateArn}\n`)
  for (const client of clients) {
    const issued = issueDevClient(ca, client, now)
    out.write(`Client certificate CN=${client}: ${issued.certificateFile} ${issued.keyFile}\n`)
  }
  out.write(
    `\nServe HTTPS with it:\n  portico serve --https-port 4443 --tls-cert ${server.certificateFile} --tls-key ${server.keyFile}\n` +
      `Trust the CA:\n` +
      `  curl --cacert ${ca.caFile} https://{apiId}.execute-api.localhost:4443/{stage}/…\n` +
      `  NODE_EXTRA_CA_CERTS=${ca.caFile} node app.js\n` +
      `  AWS_CA_BUNDLE=${ca.caFile} aws …\n` +
      `  Linux: sudo cp ${ca.caFile} /usr/local/share/ca-certificates/portico-dev-ca.crt && sudo update-ca-certificates\n` +
      `  macOS: sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain ${ca.caFile}\n` +
      (domains.length > 0 ? `A custom domain names the certificate: aws apigateway create-domain-name --domain-name ${domains[0]} --regional-certificate-arn ${registered.certificateArn} --endpoint-configuration types=REGIONAL\n` : '') +
      (clients.length > 0 ? `Mutual TLS: use ${ca.caFile} as the domain's truststore (truststoreUri file://${ca.caFile})\n` : ''),
  )
  return 0
}
