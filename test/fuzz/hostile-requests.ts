/**
 * The request fuzzer's inputs and checks, shared by its runs through `inject()` (in-process, the
 * long mode's million) and over sockets to a `portico serve` process (test/fuzz/gateway-requests.test.ts):
 * random methods, raw paths full of percent-encodings and dot segments, query strings, headers,
 * and bodies (JSON of any shape, deeply nested JSON, bytes), some naming the JSONPath a template
 * evaluates, aimed at test/fixtures/fuzz/gateway.yaml.
 */
import assert from 'node:assert/strict'
import fc from 'fast-check'

export interface HostileRequest {
  method: string
  /** raw path and query after the stage, sent as is */
  target: string
  headers: Record<string, string>
  body: Buffer | undefined
}

const segment = fc.oneof(
  fc.constantFrom('a', 'item', '.', '..', '%2e', '%2E%2E', '.%2e', '%2f', '%2F..%2F', '..%2f..%2fadmin', '%', '%zz', '%00', '%C3%A9', '%FF', '~', "!$'()*+,;=:@", '{id}', 'base', 'echo', 'items'),
  fc.stringMatching(/^[A-Za-z0-9._~-]{0,12}$/),
)
const rawPath = fc.oneof(
  fc.array(segment, { minLength: 1, maxLength: 6 }).map((parts) => '/' + parts.join('/')),
  fc.array(segment, { maxLength: 5 }).map((parts) => '/item/' + parts.join('/')),
  fc.array(segment, { minLength: 1, maxLength: 6 }).map((parts) => '/base/' + parts.join('/')),
  fc.constant('/echo'),
  fc.constant('/items'),
)
const jsonPath = fc
  .array(fc.constantFrom('..', '.a', '.*', '[*]', '[0]', '[-1]', '[1:3]', "['a','b']", '..a', '..*', '[?(@.a)]', '[?(@.s =~ /(a+)+$/)]', '[?(@.n > 1)]', '.length()', '[(@.x)]', '['), { maxLength: 8 })
  .map((parts) => '$' + parts.join(''))
const query = fc.oneof(
  fc.constant(''),
  jsonPath.map((p) => '?p=' + encodeURIComponent(p)),
  fc.array(fc.tuple(fc.stringMatching(/^[a-z%0-9]{1,6}$/), fc.stringMatching(/^[A-Za-z0-9%.=&+]{0,10}$/)), { maxLength: 4 })
    .map((pairs) => '?' + pairs.map(([k, v]) => `${k}=${v}`).join('&')),
)
/** `{"a":{"a":…}}` or `[[[…]]]`, up to 6,000 levels; shown in a counterexample by its depth */
const deepJson = fc.tuple(fc.integer({ min: 1, max: 6000 }), fc.boolean()).map(([depth, objects]) => {
  const text = objects ? '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) : '['.repeat(depth) + ']'.repeat(depth)
  return Object.assign(new String(text), { [fc.toStringMethod]: () => `<${objects ? 'objects' : 'arrays'} nested ${depth} deep>` })
})
const body = fc.oneof(
  fc.constant(undefined),
  fc.json({ maxDepth: 6 }),
  deepJson,
  fc.record({ name: fc.string({ maxLength: 80 }), tags: fc.array(fc.string(), { maxLength: 5 }) }).map((o) => JSON.stringify(o)),
  fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.from(b).toString('latin1')),
)
const contentType = fc.constantFrom(undefined, 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream')
const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'BREW')
const extraHeaders = fc.dictionary(
  fc.constantFrom('x-fuzz', 'accept', 'x-http-method-override', 'cache-control', 'authorization', 'x-api-key', 'x-amzn-requestid'),
  fc.stringMatching(/^[ -~]{0,40}$/),
  { maxKeys: 4 },
)

/** A raw path segment that the backend would take for a dot segment */
function hasDotSegment(url: string): boolean {
  const path = url.split('?')[0] ?? ''
  return path.split('/').some((s) => s === '.' || s === '..')
}

/** A request as a client would send it: a body only where the method carries one, framed by Content-Length. */
export const hostileRequest: fc.Arbitrary<HostileRequest> = fc.tuple(method, rawPath, query, extraHeaders, body, contentType).map(([m, path, q, h, b, type]) => {
  const headers: Record<string, string> = { ...h }
  if (type !== undefined) headers['content-type'] = type
  const payload = b === undefined || m === 'GET' || m === 'HEAD' ? undefined : Buffer.from(String(b), 'latin1')
  // framed explicitly: Node sends an OPTIONS or DELETE body unframed, which no server can read
  if (payload) headers['content-length'] = String(payload.length)
  return { method: m, target: path + q, headers, body: payload }
})

/** Whatever was sent: an HTTP status and a request id; on the HTTP routes never a 5xx. */
export function assertAnswered(request: HostileRequest, status: number, requestId: unknown): void {
  assert.ok(status >= 200 && status <= 599, `status ${status}`)
  assert.ok(requestId, `no x-amzn-RequestId on ${status}`)
  // the backend always answers 200: a 5xx on these routes is the gateway failing (on the MOCK
  // routes a 500 is AWS's answer to a template error or a body without a statusCode)
  if (request.target.startsWith('/item/') || request.target.startsWith('/base/')) assert.ok(status < 500, `${request.method} ${request.target} → ${status}`)
}

/** The backend paths outside the integration URIs (`/items/{id}/detail`, `/base/{proxy}`). */
export function escapedPaths(received: readonly string[]): string[] {
  return received.filter((url) => hasDotSegment(url) || !(url.startsWith('/base/') || (url.startsWith('/items/') && url.split('?')[0]!.endsWith('/detail'))))
}
