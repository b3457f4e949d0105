/**
 * AWS Signature Version 4 in the browser with WebCrypto: the same canonical request the SDKs
 * build and Portico's verifier (src/lib/sigv4) rebuilds from the wire — the path URI-encoded
 * once more, the query decoded, re-encoded and sorted, `host` and `x-amz-date` signed, and the
 * SHA-256 of the body. Every management call carries its own signature, so no cookie or token
 * is ever sent on its own: a cross-site request cannot be forged.
 */

export interface Credentials {
  accessKeyId: string
  secretAccessKey: string
  region: string
}

export interface ToSign {
  method: string
  /** the path as sent (percent-encoded) */
  path: string
  query: ReadonlyArray<readonly [string, string]>
  host: string
  body: Uint8Array
  /** defaults to now */
  date?: Date
}

const encoder = new TextEncoder()

function hex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('')
}

async function sha256Hex(data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === 'string' ? encoder.encode(data) : data
  return hex(await crypto.subtle.digest('SHA-256', bytes as BufferSource))
}

async function hmac(key: ArrayBuffer | Uint8Array, text: string): Promise<ArrayBuffer> {
  const imported = await crypto.subtle.importKey('raw', key as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  return crypto.subtle.sign('HMAC', imported, encoder.encode(text))
}

/** RFC 3986 unreserved characters stay, everything else is %XX (upper case), as SigV4 asks. */
export function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/** The query string to send: SigV4's encoding (a space is %20, not URLSearchParams' `+`), which the server's decoding reverses exactly. */
export function queryString(query: ToSign['query']): string {
  return query.map(([k, v]) => `${uriEncode(k)}=${uriEncode(v)}`).join('&')
}

function canonicalPath(rawPath: string): string {
  return uriEncode(rawPath || '/').replace(/%2F/g, '/')
}

function canonicalQuery(query: ToSign['query']): string {
  return query
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
}

/** The headers to send: `x-amz-date` and `authorization` (the browser sends `host` itself). */
export async function signRequest(request: ToSign, credentials: Credentials, service = 'apigateway'): Promise<Record<string, string>> {
  const amzDate = (request.date ?? new Date()).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')
  const day = amzDate.slice(0, 8)
  const scope = `${day}/${credentials.region}/${service}/aws4_request`
  const signedHeaders = 'host;x-amz-date'
  const canonical = [
    request.method.toUpperCase(),
    canonicalPath(request.path),
    canonicalQuery(request.query),
    `host:${request.host}\nx-amz-date:${amzDate}\n`,
    signedHeaders,
    await sha256Hex(request.body),
  ].join('\n')
  const toSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${await sha256Hex(canonical)}`
  let key = await hmac(encoder.encode(`AWS4${credentials.secretAccessKey}`), day)
  for (const part of [credentials.region, service, 'aws4_request']) key = await hmac(key, part)
  const signature = hex(await hmac(key, toSign))
  return {
    'x-amz-date': amzDate,
    authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  }
}
