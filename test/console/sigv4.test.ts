/**
 * The console's browser-side SigV4 (WebCrypto, console/src/sigv4.ts) against the verifier the
 * management API runs (src/lib/sigv4/verify.ts): what the browser signs, the server accepts, and
 * a wrong secret or a changed body it refuses. Node 20's global WebCrypto is the browser's API.
 */
import assert from 'node:assert/strict'
import { it } from 'node:test'
import { queryString, signRequest } from '../../console/src/sigv4.ts'
import { SigV4Error, verifySigV4 } from '../../src/lib/sigv4/verify.ts'

const credentials = { accessKeyId: 'AKIACONSOLE000000001', secretAccessKey: 'the-secret', region: 'eu-west-1' }
const host = '127.0.0.1:4566'

async function signed(method: string, path: string, query: Array<[string, string]>, body: string, secret = credentials.secretAccessKey) {
  const bytes = new TextEncoder().encode(body)
  const headers = await signRequest({ method, path, query, host, body: bytes }, { ...credentials, secretAccessKey: secret })
  const search = queryString(query)
  return {
    method,
    url: `${path}${search ? `?${search}` : ''}`,
    rawHeaders: ['Host', host, 'X-Amz-Date', headers['x-amz-date']!, 'Authorization', headers.authorization!, 'Content-Type', 'application/json'],
    body: Buffer.from(bytes),
  }
}

const verify = (request: Awaited<ReturnType<typeof signed>>) =>
  verifySigV4(request, { service: 'apigateway', secretFor: (id) => (id === credentials.accessKeyId ? { secretAccessKey: credentials.secretAccessKey } : undefined) })

it('a request the console signs passes the management API verifier (query, body, encoded path)', async () => {
  assert.equal(verify(await signed('GET', '/restapis', [['limit', '500'], ['embed', 'methods']], '')).accessKeyId, credentials.accessKeyId)
  assert.equal(verify(await signed('POST', '/restapis', [['mode', 'import']], 'openapi: 3.0.1\ninfo: {title: "A (b)*"}\n')).accessKeyId, credentials.accessKeyId)
  assert.equal(verify(await signed('PATCH', '/restapis/abc/resources/r1/methods/GET', [], '{"patchOperations":[]}')).accessKeyId, credentials.accessKeyId)
  assert.equal(verify(await signed('GET', '/_portico/metrics', [['from', '1700000000000'], ['apiId', 'a b!']], '')).accessKeyId, credentials.accessKeyId)
})

it('no signature, a wrong secret, or a body changed after signing is refused', async () => {
  assert.throws(() => verify({ method: 'GET', url: '/restapis', rawHeaders: ['Host', host], body: Buffer.alloc(0) }), (e: unknown) => e instanceof SigV4Error && e.code === 'MissingAuthenticationTokenException')
  const wrong = await signed('GET', '/restapis', [], '', 'not-the-secret')
  assert.throws(() => verify(wrong), (e: unknown) => e instanceof SigV4Error && e.code === 'InvalidSignatureException')
  const tampered = await signed('POST', '/apikeys', [], '{"name":"a"}')
  assert.throws(() => verify({ ...tampered, body: Buffer.from('{"name":"b"}') }), (e: unknown) => e instanceof SigV4Error && e.code === 'InvalidSignatureException')
})
