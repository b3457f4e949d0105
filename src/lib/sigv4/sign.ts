/**
 * AWS Signature Version 4 for outbound requests (Lambda Invoke, AWS service integrations), with
 * node:crypto only. Follows "Create a signed AWS API request" in the IAM user guide: canonical
 * request → string to sign → HMAC chain of date, region, service, `aws4_request`.
 */
import { ALGORITHM, formatAmzDate, sha256Hex, signature as sign, uriEncode } from './canonical.ts'

export interface SignRequestInput {
  method: string
  url: string | URL
  /** headers to send (and sign); `host` is taken from the URL when absent */
  headers?: Record<string, string>
  body?: string | Uint8Array
  service: string
  region: string
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
  now?: Date
  /** S3 signs the path as is; every other service encodes each segment once more (default: service is s3) */
  singleEncodePath?: boolean
  /** send and sign `x-amz-content-sha256` (S3 requires it; default: service is s3) */
  contentSha256Header?: boolean
}

export interface SignedRequest {
  /** the input headers (lower-cased) plus `host`, `x-amz-date`, `x-amz-content-sha256`?, `x-amz-security-token`?, `authorization` */
  headers: Record<string, string>
  /** for tests and debugging */
  canonicalRequest: string
  stringToSign: string
}

export function signRequest(input: SignRequestInput): SignedRequest {
  const url = typeof input.url === 'string' ? new URL(input.url) : input.url
  const amzDate = formatAmzDate((input.now ?? new Date()).getTime())
  const date = amzDate.slice(0, 8)
  const payloadHash = sha256Hex(input.body ?? '')

  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(input.headers ?? {})) headers[name.toLowerCase()] = value
  headers.host ??= url.host
  headers['x-amz-date'] = amzDate
  if (input.contentSha256Header ?? input.service === 's3') headers['x-amz-content-sha256'] = payloadHash
  if (input.sessionToken !== undefined) headers['x-amz-security-token'] = input.sessionToken

  const signedNames = Object.keys(headers).sort()
  const canonicalHeaders = signedNames.map((name) => `${name}:${headers[name]!.trim().replace(/\s+/g, ' ')}\n`).join('')
  const signedHeaders = signedNames.join(';')
  const canonicalRequest = [
    input.method.toUpperCase(),
    canonicalPath(url.pathname, input.singleEncodePath ?? input.service === 's3'),
    canonicalQuery(url.searchParams),
    canonicalHeaders,
    signedHeaders,
    payloadHash,
  ].join('\n')

  const scope = `${date}/${input.region}/${input.service}/aws4_request`
  const stringToSign = [ALGORITHM, amzDate, scope, sha256Hex(canonicalRequest)].join('\n')
  const signature = sign(input.secretAccessKey, date, input.region, input.service, stringToSign)
  headers.authorization = `${ALGORITHM} Credential=${input.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`
  return { headers, canonicalRequest, stringToSign }
}

function canonicalPath(pathname: string, singleEncode: boolean): string {
  if (pathname === '') return '/'
  if (singleEncode) return pathname
  // the URL already holds each segment encoded once; non-S3 services sign it encoded twice
  return pathname
    .split('/')
    .map((segment) => uriEncode(segment))
    .join('/')
}

function canonicalQuery(params: URLSearchParams): string {
  return [...params]
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
}
