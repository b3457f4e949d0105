import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import { ApiError } from './errors.ts'

/**
 * AWS Signature Version 4 verification for the management API (service `apigateway`, any
 * region), header form (`Authorization: AWS4-HMAC-SHA256 Credential=…`) and query form
 * (`X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=…`).
 *
 * The canonical request is rebuilt from what arrived on the wire, as botocore and the JS SDK
 * build it before sending: the raw path normalised and URI-encoded once more (non-S3 services
 * sign the already-encoded path, "double encoding"), the query decoded, re-encoded and sorted,
 * the signed headers lower-cased with their values trimmed, and the SHA-256 of the body as
 * received — `x-amz-content-sha256` is never trusted.
 */

export interface AdminCredentials {
  accessKeyId: string
  secretAccessKey: string
}

export interface SignedRequest {
  method: string
  /** the request target as received: raw path and query */
  url: string
  /** Node's `rawHeaders`: name, value, name, value… */
  rawHeaders: readonly string[]
  body: Buffer
}

export interface VerifyOptions {
  /** looks up a secret by access key id; undefined when unknown */
  secretFor(accessKeyId: string): string | undefined
  /** accept any well-formed signature (`--dev`) */
  dev?: boolean
  /** epoch ms; injectable for tests */
  now?: number
  /** allowed clock skew, default 5 minutes as AWS */
  skewMs?: number
}

export const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'

const ALGORITHM = 'AWS4-HMAC-SHA256'
const SERVICE = 'apigateway'
const FIVE_MINUTES = 5 * 60 * 1000

interface ParsedSignature {
  accessKeyId: string
  date: string
  region: string
  service: string
  signedHeaders: string[]
  signature: string
  amzDate: string
  /** query form: the signature is not part of the canonical query */
  fromQuery: boolean
}

/** Verifies the request; returns the caller's access key id or throws a 403 ApiError with AWS's text. */
export function verifySigV4(request: SignedRequest, options: VerifyOptions): string {
  const headers = collectHeaders(request.rawHeaders)
  const { path, query } = splitUrl(request.url)
  const parsed = parseSignature(headers, query)
  if (options.dev) return parsed.accessKeyId

  if (parsed.service !== SERVICE) {
    throw new ApiError('InvalidSignatureException', `Credential should be scoped to correct service: '${SERVICE}'. `)
  }
  checkDate(parsed, options.now ?? Date.now(), options.skewMs ?? FIVE_MINUTES)
  const secret = options.secretFor(parsed.accessKeyId)
  if (secret === undefined) throw new ApiError('UnrecognizedClientException', 'The security token included in the request is invalid.')

  for (const name of parsed.signedHeaders) {
    if (!headers.has(name)) throw new ApiError('InvalidSignatureException', SIGNATURE_MISMATCH)
  }
  const canonical = canonicalRequest({
    method: request.method,
    path,
    query: parsed.fromQuery ? query.filter(([k]) => k !== 'X-Amz-Signature') : query,
    headers,
    signedHeaders: parsed.signedHeaders,
    payloadHash: sha256Hex(request.body),
  })
  const scope = `${parsed.date}/${parsed.region}/${parsed.service}/aws4_request`
  const expected = signature(secret, parsed.date, parsed.region, parsed.service, stringToSign(parsed.amzDate, scope, canonical))
  const given = Buffer.from(parsed.signature, 'utf8')
  const wanted = Buffer.from(expected, 'utf8')
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
    throw new ApiError('InvalidSignatureException', SIGNATURE_MISMATCH)
  }
  return parsed.accessKeyId
}

function parseSignature(headers: Map<string, string>, query: Array<[string, string]>): ParsedSignature {
  const authorization = headers.get('authorization')
  if (authorization !== undefined) {
    const space = authorization.indexOf(' ')
    const algorithm = space < 0 ? authorization : authorization.slice(0, space)
    const fields = new Map<string, string>()
    if (algorithm === ALGORITHM) {
      for (const part of authorization.slice(space + 1).split(',')) {
        const eq = part.indexOf('=')
        if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim())
      }
    }
    const amzDate = headers.get('x-amz-date') ?? isoBasic(headers.get('date'))
    // AWS lists everything missing at once, then echoes the header
    const problems = ['Credential', 'Signature', 'SignedHeaders'].filter((f) => !fields.get(f)).map((f) => `Authorization header requires '${f}' parameter.`)
    if (amzDate === undefined) problems.push(`Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.`)
    if (problems.length > 0) throw new ApiError('IncompleteSignatureException', `${problems.join(' ')} Authorization=${authorization}`)
    return {
      ...parseCredential(fields.get('Credential')!),
      signedHeaders: fields.get('SignedHeaders')!.split(';').map((h) => h.trim().toLowerCase()),
      signature: fields.get('Signature')!,
      amzDate: amzDate!,
      fromQuery: false,
    }
  }
  const q = new Map(query)
  if (q.get('X-Amz-Algorithm') === ALGORITHM && q.has('X-Amz-Credential') && q.has('X-Amz-Signature') && q.has('X-Amz-SignedHeaders') && q.has('X-Amz-Date')) {
    return {
      ...parseCredential(q.get('X-Amz-Credential')!),
      signedHeaders: q.get('X-Amz-SignedHeaders')!.split(';').map((h) => h.trim().toLowerCase()),
      signature: q.get('X-Amz-Signature')!,
      amzDate: q.get('X-Amz-Date')!,
      fromQuery: true,
    }
  }
  throw new ApiError('MissingAuthenticationTokenException', 'Missing Authentication Token')
}

function parseCredential(credential: string): Pick<ParsedSignature, 'accessKeyId' | 'date' | 'region' | 'service'> {
  const parts = credential.split('/')
  if (parts.length !== 5 || parts[4] !== 'aws4_request' || !/^\d{8}$/.test(parts[1]!) || parts[0] === '') {
    throw new ApiError(
      'IncompleteSignatureException',
      `Credential should be scoped to a valid region. ` /* AWS names the first thing wrong; close enough for a malformed scope */,
    )
  }
  return { accessKeyId: parts[0]!, date: parts[1]!, region: parts[2]!, service: parts[3]! }
}

/** `x-amz-date` within ±skew of now, and the credential scope's date agrees with it. */
function checkDate(parsed: ParsedSignature, now: number, skewMs: number): void {
  const at = parseAmzDate(parsed.amzDate)
  if (at === undefined) {
    throw new ApiError('IncompleteSignatureException', `Date must be in ISO-8601 'basic format'. Got '${parsed.amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601`)
  }
  const minutes = Math.round(skewMs / 60000)
  if (at < now - skewMs) {
    throw new ApiError(
      'InvalidSignatureException',
      `Signature expired: ${parsed.amzDate} is now earlier than ${formatAmzDate(now - skewMs)} (${formatAmzDate(now)} - ${minutes} min.)`,
    )
  }
  if (at > now + skewMs) {
    throw new ApiError(
      'InvalidSignatureException',
      `Signature not yet current: ${parsed.amzDate} is still later than ${formatAmzDate(now + skewMs)} (${formatAmzDate(now)} + ${minutes} min.)`,
    )
  }
  if (parsed.amzDate.slice(0, 8) !== parsed.date) {
    throw new ApiError(
      'InvalidSignatureException',
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${parsed.date}' != '${parsed.amzDate.slice(0, 8)}', from 'x-amz-date'.`,
    )
  }
}

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

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex')
}

/** RFC 3986 unreserved characters stay, everything else is %XX (upper-case), as AWS's UriEncode. */
export function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

function trimValue(value: string): string {
  return value.trim().replace(/\s+/g, ' ')
}

function collectHeaders(raw: readonly string[]): Map<string, string> {
  const headers = new Map<string, string>()
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase()
    const value = trimValue(raw[i + 1]!)
    const prior = headers.get(name)
    headers.set(name, prior === undefined ? value : `${prior},${value}`)
  }
  return headers
}

function splitUrl(url: string): { path: string; query: Array<[string, string]> } {
  const q = url.indexOf('?')
  const path = q < 0 ? url : url.slice(0, q)
  const query: Array<[string, string]> = []
  if (q >= 0) {
    for (const pair of url.slice(q + 1).split('&')) {
      if (pair === '') continue
      const eq = pair.indexOf('=')
      query.push(eq < 0 ? [safeDecode(pair), ''] : [safeDecode(pair.slice(0, eq)), safeDecode(pair.slice(eq + 1))])
    }
  }
  return { path, query }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

function parseAmzDate(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text)
  if (!m) return undefined
  const t = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)
  return Number.isNaN(t) ? undefined : t
}

/** `20150830T123600Z` */
export function formatAmzDate(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')
}

function isoBasic(httpDate: string | undefined): string | undefined {
  if (httpDate === undefined) return undefined
  const t = Date.parse(httpDate)
  return Number.isNaN(t) ? undefined : formatAmzDate(t)
}
