/**
 * The pieces of AWS Signature Version 4 that signing and verifying share ("Create a signed AWS
 * API request", IAM user guide): the canonical request (non-S3 rules), the string to sign, the
 * HMAC chain of date, region, service and `aws4_request`, and SigV4's URI encoding.
 */
import { createHash, createHmac } from 'node:crypto'

export const ALGORITHM = 'AWS4-HMAC-SHA256'

export interface CanonicalParts {
  method: string
  /** the raw (still percent-encoded) path as received */
  path: string
  /** decoded query pairs */
  query: ReadonlyArray<readonly [string, string]>
  /** lower-case name → value (duplicates joined with `,`) */
  headers: ReadonlyMap<string, string>
  signedHeaders: readonly string[]
  payloadHash: string
}

/** The canonical request of SigV4 (non-S3 rules). */
export function canonicalRequest(parts: CanonicalParts): string {
  const query = parts.query
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
  const headerLines = parts.signedHeaders.map((name) => `${name}:${trimValue(parts.headers.get(name) ?? '')}\n`).join('')
  return [parts.method.toUpperCase(), canonicalPath(parts.path), query, headerLines, parts.signedHeaders.join(';'), parts.payloadHash].join('\n')
}

/** Normalised (`.`/`..`/empty segments dropped) and URI-encoded once more, as the SDKs sign it. */
export function canonicalPath(rawPath: string): string {
  const segments: string[] = []
  for (const s of rawPath.split('/')) {
    if (s === '' || s === '.') continue
    if (s === '..') segments.pop()
    else segments.push(s)
  }
  const normalised = `${rawPath.startsWith('/') ? '/' : ''}${segments.join('/')}${segments.length > 0 && rawPath.endsWith('/') ? '/' : ''}`
  return uriEncode(normalised || '/').replace(/%2F/g, '/')
}

export function stringToSign(amzDate: string, scope: string, canonical: string): string {
  return `${ALGORITHM}\n${amzDate}\n${scope}\n${sha256Hex(canonical)}`
}

/** hex HMAC of `toSign` with the key derived from secret, date, region and service */
export function signature(secret: string, date: string, region: string, service: string, toSign: string): string {
  const kDate = createHmac('sha256', `AWS4${secret}`).update(date).digest()
  const kRegion = createHmac('sha256', kDate).update(region).digest()
  const kService = createHmac('sha256', kRegion).update(service).digest()
  const kSigning = createHmac('sha256', kService).update('aws4_request').digest()
  return createHmac('sha256', kSigning).update(toSign).digest('hex')
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

/** RFC 3986 unreserved characters stay, everything else is %XX (upper-case), as AWS's UriEncode. */
export function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

export function trimValue(value: string): string {
  return value.trim().replace(/\s+/g, ' ')
}

/** `20150830T123600Z` */
export function formatAmzDate(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')
}
