import { isObject } from '../../lib/is-object.ts'
import { checkProxyResponse, decodeBase64Body } from '../proxy-response.ts'

/**
 * A Lambda function's result as an HTTP API's response (Developer Guide
 * http-api-develop-integrations-lambda.md, "Lambda function response format"):
 *
 * Payload 2.0
 * - an object with `statusCode` is the explicit format: `statusCode` (an integer 100–599),
 *   `headers` (string, number or boolean values), `cookies` (strings, each its own `set-cookie`),
 *   `body` (a string), `isBase64Encoded`; a wrong type in them is malformed → 500, other fields
 *   (`multiValueHeaders` too: 2.0 has none) are ignored (unsure). Without a
 *   Content-Type the response is `text/plain; charset=utf-8` (unsure: not documented);
 * - any other valid JSON is inferred: status 200, `content-type: application/json`, the body is
 *   the output itself — a JSON string becomes its value without quotes, anything else (object
 *   without `statusCode`, array, number, boolean, `null`) its JSON text (the doc shows the string
 *   and object cases; the rest is Portico's reading).
 * Payload 1.0: the REST proxy format, checked as REST checks it (proxy-response.ts); a response in
 * another shape → 500 (not REST's 502).
 * Either way `isBase64Encoded: true` decodes the body to bytes unconditionally (HTTP APIs have no
 * binaryMediaTypes); a body that is not base64 → 500.
 */
export interface HttpApiLambdaResponse {
  statusCode: number
  /** [name, value] in order; `set-cookie` once per cookie */
  headers: Array<[string, string]>
  body: Buffer | string
}

export type HttpApiLambdaResponseCheck = { ok: true; response: HttpApiLambdaResponse } | { ok: false; reason: string }

export function checkLambdaResponse(payload: unknown, version: '1.0' | '2.0'): HttpApiLambdaResponseCheck {
  if (version === '1.0') {
    const checked = checkProxyResponse(payload)
    if (!checked.ok) return checked
    const { statusCode, headers, body, isBase64Encoded } = checked.response
    const flat: Array<[string, string]> = []
    for (const [name, values] of headers) for (const value of values) flat.push([name, value])
    return withBody(statusCode, flat, body, isBase64Encoded)
  }
  if (!isObject(payload) || !('statusCode' in payload)) {
    const body = typeof payload === 'string' ? payload : JSON.stringify(payload ?? null)
    return { ok: true, response: { statusCode: 200, headers: [['content-type', 'application/json']], body } }
  }
  const status = payload['statusCode']
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) return bad(`statusCode ${JSON.stringify(status)} is not an HTTP status`)

  const headers: Array<[string, string]> = []
  const single = payload['headers']
  if (single !== undefined && single !== null) {
    if (!isObject(single)) return bad('headers is not an object')
    for (const [name, value] of Object.entries(single)) {
      const text = scalar(value)
      if (text === undefined) return bad(`header ${JSON.stringify(name)} is not a string`)
      headers.push([name, text])
    }
  }
  const cookies = payload['cookies']
  if (cookies !== undefined && cookies !== null) {
    if (!Array.isArray(cookies) || cookies.some((c) => typeof c !== 'string')) return bad('cookies is not a list of strings')
    for (const cookie of cookies as string[]) headers.push(['set-cookie', cookie])
  }
  if (!headers.some(([name]) => name.toLowerCase() === 'content-type')) headers.push(['content-type', 'text/plain; charset=utf-8'])

  const rawBody = payload['body']
  if (rawBody !== undefined && rawBody !== null && typeof rawBody !== 'string') return bad('body is not a string')
  const flag = payload['isBase64Encoded']
  if (flag !== undefined && flag !== null && typeof flag !== 'boolean') return bad('isBase64Encoded is not a boolean')
  return withBody(status, headers, rawBody ?? '', flag === true)
}

function withBody(statusCode: number, headers: Array<[string, string]>, body: string, isBase64Encoded: boolean): HttpApiLambdaResponseCheck {
  if (!isBase64Encoded) return { ok: true, response: { statusCode, headers, body } }
  const bytes = decodeBase64Body(body)
  if (bytes === undefined) return bad('the body is not base64 although isBase64Encoded is true')
  return { ok: true, response: { statusCode, headers, body: bytes } }
}

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return String(value)
  return undefined
}

function bad(reason: string): HttpApiLambdaResponseCheck {
  return { ok: false, reason }
}
