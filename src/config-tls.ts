/**
 * The config file's TLS settings: certificates to register at start-up (Portico's ACM) and where
 * an `s3://bucket/key` truststore URI is read from locally. Validated with the rest of the file
 * (config-file.ts); paths resolved against the file's directory.
 *
 *   "certificates": [{ "certificate": "certs/api.pem", "privateKey": "certs/api.key", "chain": "certs/chain.pem",
 *                      "arn": "arn:aws:acm:us-east-1:123456789012:certificate/…" }],
 *   "truststores": { "s3://my-bucket/truststore.pem": "certs/truststore.pem" }
 */
import { isAbsolute, resolve } from 'node:path'
import { isObject } from './lib/is-object.ts'

export interface CertificateFileEntry {
  certificate: string
  privateKey: string
  chain?: string
  /** the ARN it is known by; without one, an ARN derived from the certificate (stable across restarts) */
  arn?: string
}

export interface TlsFileConfig {
  certificates?: CertificateFileEntry[]
  /** `s3://bucket/key` → local file */
  truststores?: Record<string, string>
}

/** Resolved: absolute paths. */
export interface TlsConfig {
  readonly certificates: readonly Readonly<CertificateFileEntry>[]
  readonly truststores: Readonly<Record<string, string>>
}

export const TLS_KEYS = ['certificates', 'truststores'] as const

type Fail = (key: string, message: string) => never

export function validateTlsConfig(top: Record<string, unknown>, fail: Fail): void {
  if (top.certificates !== undefined) {
    if (!Array.isArray(top.certificates)) fail('certificates', 'must be a list of { "certificate": file, "privateKey": file, "chain"?: file, "arn"?: ARN }')
    ;(top.certificates as unknown[]).forEach((entry, i) => {
      const at = `certificates[${i}]`
      if (!isObject(entry)) fail(at, 'must be an object with "certificate" and "privateKey"')
      const e = entry as Record<string, unknown>
      for (const key of Object.keys(e)) if (!['certificate', 'privateKey', 'chain', 'arn'].includes(key)) fail(`${at}.${key}`, 'unknown key (certificate, privateKey, chain, arn)')
      for (const key of ['certificate', 'privateKey']) if (typeof e[key] !== 'string' || e[key] === '') fail(`${at}.${key}`, 'must name a PEM file')
      if (e.chain !== undefined && typeof e.chain !== 'string') fail(`${at}.chain`, 'must name a PEM file')
      if (e.arn !== undefined && (typeof e.arn !== 'string' || !/^arn:aws:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/.test(e.arn))) {
        fail(`${at}.arn`, 'must be an ACM certificate ARN, arn:aws:acm:{region}:{account}:certificate/{id}')
      }
    })
  }
  if (top.truststores !== undefined) {
    if (!isObject(top.truststores)) fail('truststores', 'must map s3://bucket/key URIs to local PEM files')
    for (const [uri, file] of Object.entries(top.truststores as Record<string, unknown>)) {
      if (!/^s3:\/\/[^/]+\/.+/.test(uri)) fail(`truststores.${uri}`, 'keys are s3://bucket/key URIs')
      if (typeof file !== 'string' || file === '') fail(`truststores.${uri}`, 'must name a local PEM file')
    }
  }
}

export function resolveTlsConfig(contents: TlsFileConfig, base: string): TlsConfig | undefined {
  if (contents.certificates === undefined && contents.truststores === undefined) return undefined
  const at = (file: string) => (isAbsolute(file) ? file : resolve(base, file))
  return Object.freeze({
    certificates: Object.freeze(
      (contents.certificates ?? []).map((e) =>
        Object.freeze({ certificate: at(e.certificate), privateKey: at(e.privateKey), ...(e.chain !== undefined && { chain: at(e.chain) }), ...(e.arn !== undefined && { arn: e.arn }) }),
      ),
    ),
    truststores: Object.freeze(Object.fromEntries(Object.entries(contents.truststores ?? {}).map(([uri, file]) => [uri, at(file)]))),
  })
}
