/**
 * A Lambda proxy (payload 1.0) result, checked the way AWS checks it. Every rule marked
 * "AWS-recorded" comes from responses recorded against real AWS in LocalStack's
 * `test_aws_proxy_response_payload_format_validation` and `test_lambda_aws_proxy_response_format`:
 * - the result must be a JSON object (`"justAString"` → 502) whose keys are among `statusCode`,
 *   `headers`, `multiValueHeaders`, `body`, `isBase64Encoded` (`wrongValue` → 502); all are
 *   optional (`{}` → 200, empty body) and `null` counts as absent (`"headers": null` → 200);
 * - `statusCode` may be a number or a numeric string (`"201"` → 201, `"test"` → 502);
 * - `headers` values may be strings or booleans (`true` → `true`); `multiValueHeaders` values
 *   must be arrays (`"value1"` → 502);
 * - a name in both maps is sent with every multi value first, then the single one, spelled as
 *   in `multiValueHeaders` (`tesT-Multi: value-multi, value-solo`);
 * - a response without Content-Type gets `application/json`.
 * Guessed (Jackson's default coercions in a Java service): numbers as header values and `body`
 * are accepted as their text; `isBase64Encoded` accepts `"true"`/`"false"`; a status outside
 * 100–599 is malformed.
 */
export interface ProxyResponse {
  statusCode: number
  /** merged `headers` and `multiValueHeaders`, in order, original spelling */
  headers: Array<[string, string[]]>
  body: string
  isBase64Encoded: boolean
}

export type ProxyResponseCheck = { ok: true; response: ProxyResponse } | { ok: false; reason: string }

const KEYS = new Set(['statusCode', 'headers', 'multiValueHeaders', 'body', 'isBase64Encoded'])

export function checkProxyResponse(payload: unknown): ProxyResponseCheck {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return bad('the result is not a JSON object')
  const result = payload as Record<string, unknown>
  for (const key of Object.keys(result)) if (!KEYS.has(key)) return bad(`unexpected field ${JSON.stringify(key)}`)

  let statusCode = 200
  const status = result['statusCode']
  if (status !== undefined && status !== null) {
    const n = typeof status === 'number' ? status : typeof status === 'string' && /^\s*\d+\s*$/.test(status) ? Number(status) : NaN
    if (!Number.isInteger(n) || n < 100 || n > 599) return bad(`statusCode ${JSON.stringify(status)} is not an HTTP status`)
    statusCode = n
  }

  const merged = new Map<string, [string, string[]]>()
  const single = result['headers']
  if (single !== undefined && single !== null) {
    if (typeof single !== 'object' || Array.isArray(single)) return bad('headers is not an object')
    for (const [name, value] of Object.entries(single)) {
      const text = scalar(value)
      if (text === undefined) return bad(`header ${JSON.stringify(name)} is not a string`)
      merged.set(name.toLowerCase(), [name, [text]])
    }
  }
  const multi = result['multiValueHeaders']
  if (multi !== undefined && multi !== null) {
    if (typeof multi !== 'object' || Array.isArray(multi)) return bad('multiValueHeaders is not an object')
    for (const [name, values] of Object.entries(multi)) {
      if (!Array.isArray(values)) return bad(`multiValueHeaders ${JSON.stringify(name)} is not a list`)
      const texts: string[] = []
      for (const v of values) {
        const text = scalar(v)
        if (text === undefined) return bad(`multiValueHeaders ${JSON.stringify(name)} holds a value that is not a string`)
        texts.push(text)
      }
      const lower = name.toLowerCase()
      const previous = merged.get(lower)
      merged.set(lower, [name, previous === undefined ? texts : [...texts, ...previous[1]]])
    }
  }
  if (!merged.has('content-type')) merged.set('content-type', ['Content-Type', ['application/json']])

  let body = ''
  const rawBody = result['body']
  if (rawBody !== undefined && rawBody !== null) {
    const text = scalar(rawBody)
    if (text === undefined) return bad('body is not a string')
    body = text
  }

  let isBase64Encoded = false
  const flag = result['isBase64Encoded']
  if (flag !== undefined && flag !== null) {
    if (flag === true || flag === 'true') isBase64Encoded = true
    else if (flag !== false && flag !== 'false') return bad('isBase64Encoded is not a boolean')
  }

  return { ok: true, response: { statusCode, headers: [...merged.values()], body, isBase64Encoded } }
}

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return String(value)
  return undefined
}

function bad(reason: string): ProxyResponseCheck {
  return { ok: false, reason }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/** The bytes of a base64 body; undefined when it is not base64 (AWS-recorded: 500). */
export function decodeBase64Body(body: string): Buffer | undefined {
  const compact = body.replace(/\s+/g, '')
  if (!BASE64.test(compact) || compact.length % 4 === 1) return undefined
  return Buffer.from(compact, 'base64')
}
