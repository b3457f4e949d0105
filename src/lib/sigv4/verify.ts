import { timingSafeEqual } from 'node:crypto'
import { ALGORITHM, canonicalRequest, formatAmzDate, sha256Hex, signature, stringToSign, trimValue } from './canonical.ts'

/**
 * AWS Signature Version 4 verification, shared by the management API (service `apigateway`)
 * and AWS_IAM methods on invoke (service `execute-api`), any region, header form
 * (`Authorization: AWS4-HMAC-SHA256 Credential=…`) and query form
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

/** What a failure is called in `x-amzn-ErrorType`; every one is a 403 on AWS. */
export type SigV4ErrorCode =
  | 'MissingAuthenticationTokenException'
  | 'IncompleteSignatureException'
  | 'InvalidSignatureException'
  | 'UnrecognizedClientException'
  | 'ExpiredTokenException'

/** A request that does not pass, with AWS's exception name and text. */
export class SigV4Error extends Error {
  override readonly name = 'SigV4Error'
  constructor(
    readonly code: SigV4ErrorCode,
    message: string,
    /** the service a credential scope named when it was not the expected one (`execute-api`, `lambda`…) */
    readonly signedFor?: string,
  ) {
    super(message)
  }
}

/** A secret key, and for temporary credentials the session token that must come with it. */
export interface SigningSecret {
  secretAccessKey: string
  /** the request must carry it as `X-Amz-Security-Token` (header or query) */
  sessionToken?: string
  /** epoch ms after which the session token is expired */
  expiresAt?: number
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
  /** the signing name the credential scope must carry: `apigateway`, `execute-api` */
  service: string
  /** looks up a secret by access key id; undefined when unknown */
  secretFor(accessKeyId: string): SigningSecret | undefined
  /** accept any well-formed signature (`--dev`) */
  dev?: boolean
  /** epoch ms; injectable for tests */
  now?: number
  /** allowed clock skew, default 5 minutes as AWS */
  skewMs?: number
}

export const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'

export const INVALID_TOKEN = 'The security token included in the request is invalid.'
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

/** Who signed, once the signature checks out. */
export interface VerifiedCaller {
  accessKeyId: string
  /** the region of the credential scope */
  region: string
}

/** Verifies the request; returns who signed it or throws a SigV4Error (all 403 on AWS) with AWS's text. */
export function verifySigV4(request: SignedRequest, options: VerifyOptions): VerifiedCaller {
  const headers = collectHeaders(request.rawHeaders)
  const { path, query } = splitUrl(request.url)
  const parsed = parseSignature(headers, query)
  if (options.dev) return { accessKeyId: parsed.accessKeyId, region: parsed.region }

  if (parsed.service !== options.service) {
    throw new SigV4Error('InvalidSignatureException', `Credential should be scoped to correct service: '${options.service}'. `, parsed.service)
  }
  const now = options.now ?? Date.now()
  checkDate(parsed, now, options.skewMs ?? FIVE_MINUTES)
  const found = options.secretFor(parsed.accessKeyId)
  if (found === undefined) throw new SigV4Error('UnrecognizedClientException', INVALID_TOKEN)
  checkSessionToken(found, headers.get('x-amz-security-token') ?? new Map(query).get('X-Amz-Security-Token'), now)
  const secret = found.secretAccessKey

  for (const name of parsed.signedHeaders) {
    if (!headers.has(name)) throw new SigV4Error('InvalidSignatureException', SIGNATURE_MISMATCH)
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
    throw new SigV4Error('InvalidSignatureException', SIGNATURE_MISMATCH)
  }
  return { accessKeyId: parsed.accessKeyId, region: parsed.region }
}

/** Temporary credentials: the token must come with the request and still be current (STS's texts). */
function checkSessionToken(secret: SigningSecret, given: string | undefined, now: number): void {
  if (secret.sessionToken === undefined) return
  const a = Buffer.from(given ?? '', 'utf8')
  const b = Buffer.from(secret.sessionToken, 'utf8')
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw new SigV4Error('UnrecognizedClientException', INVALID_TOKEN)
  if (secret.expiresAt !== undefined && now >= secret.expiresAt) {
    throw new SigV4Error('ExpiredTokenException', 'The security token included in the request is expired')
  }
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
    if (problems.length > 0) throw new SigV4Error('IncompleteSignatureException', `${problems.join(' ')} Authorization=${authorization}`)
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
  throw new SigV4Error('MissingAuthenticationTokenException', 'Missing Authentication Token')
}

function parseCredential(credential: string): Pick<ParsedSignature, 'accessKeyId' | 'date' | 'region' | 'service'> {
  const parts = credential.split('/')
  if (parts.length !== 5 || parts[4] !== 'aws4_request' || !/^\d{8}$/.test(parts[1]!) || parts[0] === '') {
    throw new SigV4Error(
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
    throw new SigV4Error('IncompleteSignatureException', `Date must be in ISO-8601 'basic format'. Got '${parsed.amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601`)
  }
  const minutes = Math.round(skewMs / 60000)
  if (at < now - skewMs) {
    throw new SigV4Error(
      'InvalidSignatureException',
      `Signature expired: ${parsed.amzDate} is now earlier than ${formatAmzDate(now - skewMs)} (${formatAmzDate(now)} - ${minutes} min.)`,
    )
  }
  if (at > now + skewMs) {
    throw new SigV4Error(
      'InvalidSignatureException',
      `Signature not yet current: ${parsed.amzDate} is still later than ${formatAmzDate(now + skewMs)} (${formatAmzDate(now)} + ${minutes} min.)`,
    )
  }
  if (parsed.amzDate.slice(0, 8) !== parsed.date) {
    throw new SigV4Error(
      'InvalidSignatureException',
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${parsed.date}' != '${parsed.amzDate.slice(0, 8)}', from 'x-amz-date'.`,
    )
  }
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

function isoBasic(httpDate: string | undefined): string | undefined {
  if (httpDate === undefined) return undefined
  const t = Date.parse(httpDate)
  return Number.isNaN(t) ? undefined : formatAmzDate(t)
}
