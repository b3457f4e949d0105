/**
 * Hostile requests against a real `portico serve` process: random methods, raw paths full of
 * percent-encodings and dot segments, query strings, headers, and bodies (JSON of any shape,
 * deeply nested JSON, bytes), some naming the JSONPath a template evaluates. Whatever arrives,
 * every request is answered with an HTTP status and a request id, the process stays up and keeps
 * serving, and the backend never receives a path outside the one its integration names.
 */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, request, type Server } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import fc from 'fast-check'
import { porticoServe, type RunningServer } from '../support/cli.ts'
import { fuzzParameters } from './runs.ts'

interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
}

const received: string[] = []
let backend: Server
let portico: RunningServer
let base: URL
const dir = mkdtempSync(join(tmpdir(), 'portico-fuzz-'))

before(async () => {
  backend = createServer((req, res) => {
    received.push(req.url ?? '')
    req.resume()
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"ok":true}')
    })
  })
  await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r))
  const port = (backend.address() as AddressInfo).port
  portico = await porticoServe([
    'test/fixtures/fuzz/gateway.yaml',
    '--port', '0',
    '--data-dir', dir,
    '--variable', `backend=127.0.0.1:${port}`,
  ])
  const apiId = /\/_aws\/execute-api\/([a-z0-9]+)\/dev/.exec(portico.stdout)?.[1]
  assert.ok(apiId, `no invoke URL in:\n${portico.stdout}`)
  base = new URL(`${portico.url}/_aws/execute-api/${apiId}/dev`)
})

after(async () => {
  await portico?.stop()
  await new Promise((r) => backend?.close(r))
  rmSync(dir, { recursive: true, force: true })
})

/** One request with a raw path (sent as is), answered or failed within 30 s. */
function send(method: string, rawPath: string, headers: Record<string, string>, body: Buffer | undefined): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: base.hostname, port: base.port, method, path: base.pathname + rawPath, headers, timeout: 30_000 },
      (res) => {
        res.resume()
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }))
        res.on('error', reject)
      },
    )
    req.on('timeout', () => req.destroy(new Error(`no answer in 30 s to ${method} ${rawPath}`)))
    req.on('error', reject)
    req.end(body)
  })
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

describe('fuzz: hostile requests to a running gateway', () => {
  test('every request is answered; the process stays up; no path escapes its integration', async () => {
    await fc.assert(
      fc.asyncProperty(method, rawPath, query, extraHeaders, body, contentType, async (m, path, q, h, b, type) => {
        const headers: Record<string, string> = { ...h }
        if (type !== undefined) headers['content-type'] = type
        const payload = b === undefined || m === 'GET' || m === 'HEAD' ? undefined : Buffer.from(String(b), 'latin1')
        // framed explicitly: Node sends an OPTIONS or DELETE body unframed, which no server can read
        if (payload) headers['content-length'] = String(payload.length)
        const answer = await send(m, path + q, headers, payload)
        assert.ok(answer.status >= 200 && answer.status <= 599, `status ${answer.status}`)
        assert.ok(answer.headers['x-amzn-requestid'], `no x-amzn-RequestId on ${answer.status}`)
        // the backend always answers 200: a 5xx on these routes is the gateway failing (on the MOCK
        // routes a 500 is AWS's answer to a template error or a body without a statusCode)
        if (path.startsWith('/item/') || path.startsWith('/base/')) assert.ok(answer.status < 500, `${m} ${path}${q} → ${answer.status}`)
      }),
      fuzzParameters(150, 'PORTICO_FUZZ_HTTP_RUNS'),
    )
    assert.equal(portico.child.exitCode, null, 'the gateway process exited')
    const ok = await send('POST', '/items', { 'content-type': 'application/json' }, Buffer.from('{"name":"still-serving"}'))
    assert.equal(ok.status, 200)
    const escaped = received.filter(
      (url) => hasDotSegment(url) || !(url.startsWith('/base/') || (url.startsWith('/items/') && url.split('?')[0]!.endsWith('/detail'))),
    )
    assert.deepEqual(escaped, [], 'backend paths outside the integration URI')
  })
})
