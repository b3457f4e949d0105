/**
 * The SigV4 verifier, which sees every management-API request and every AWS_IAM method's
 * request before anything else does. Any request a signer produces verifies; any change to a
 * signed request is refused; and whatever bytes arrive in the Authorization header, the query
 * or the dates, the verifier answers with a SigV4Error (AWS's 403 texts) and nothing else.
 */
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { signRequest } from '../../src/lib/sigv4/sign.ts'
import { SigV4Error, verifySigV4, type SignedRequest } from '../../src/lib/sigv4/verify.ts'
import { fuzzParameters } from './runs.ts'

const KEY = { accessKeyId: 'AKIAFUZZ000000000001', secretAccessKey: 'fuzz-secret' }
const NOW = Date.UTC(2026, 11, 7, 3, 0, 0)
const secretFor = (id: string) => (id === KEY.accessKeyId ? { secretAccessKey: KEY.secretAccessKey } : undefined)

const segment = fc.stringMatching(/^[A-Za-z0-9._~!$'()*,;=:@ é-]{1,10}$/).filter((s) => s !== '.' && s !== '..')
const signedInput = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
  segments: fc.array(segment, { maxLength: 4 }),
  query: fc.array(fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 8 })), { maxLength: 4 }),
  headers: fc.dictionary(fc.stringMatching(/^x-[a-z0-9-]{1,10}$/), fc.stringMatching(/^[!-~]([ -~]{0,20}[!-~])?$/), { maxKeys: 4 }),
  body: fc.string({ maxLength: 64 }),
})

type Input = typeof signedInput extends fc.Arbitrary<infer T> ? T : never

function signed(input: Input): SignedRequest {
  const path = '/' + input.segments.map(encodeURIComponent).join('/')
  const search = input.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')
  const url = `http://gateway.test${path}${search ? '?' + search : ''}`
  const out = signRequest({ method: input.method, url, headers: input.headers, body: input.body, service: 'apigateway', region: 'us-east-1', ...KEY, now: new Date(NOW) })
  const rawHeaders = Object.entries(out.headers).flat()
  return { method: input.method, url: url.slice('http://gateway.test'.length), rawHeaders, body: Buffer.from(input.body) }
}

function verify(request: SignedRequest) {
  return verifySigV4(request, { service: 'apigateway', secretFor, now: NOW })
}

describe('fuzz: SigV4 verifier', () => {
  test('whatever a signer signs verifies', () => {
    fc.assert(
      fc.property(signedInput, (input) => {
        assert.equal(verify(signed(input)).accessKeyId, KEY.accessKeyId)
      }),
      fuzzParameters(500),
    )
  })

  test('a signed request changed in its body, method or a signed header is refused with the mismatch error', () => {
    fc.assert(
      fc.property(signedInput, fc.constantFrom('body', 'method', 'header'), (input, what) => {
        const request = signed(input)
        if (what === 'body') request.body = Buffer.concat([request.body, Buffer.from('x')])
        if (what === 'method') request.method = request.method === 'GET' ? 'POST' : 'GET'
        if (what === 'header') {
          const i = request.rawHeaders.findIndex((h) => h.toLowerCase() === 'x-amz-date')
          ;(request.rawHeaders as string[])[i + 1] = '20261207T030001Z'
        }
        assert.throws(() => verify(request), (e: unknown) => e instanceof SigV4Error && e.code === 'InvalidSignatureException')
      }),
      fuzzParameters(300),
    )
  })

  test('any Authorization header, date or presigned query is refused with a SigV4Error, never another error', () => {
    const fragment = fc.constantFrom(
      'AWS4-HMAC-SHA256', ' ', ',', '=', 'Credential=', 'SignedHeaders=', 'Signature=', `${KEY.accessKeyId}/20261207/us-east-1/apigateway/aws4_request`,
      'host;x-amz-date', 'abc', '/', ';', '\u00e9', '', 'aws4_request', '20261207',
    )
    const authorization = fc.array(fc.oneof(fragment, fc.string({ maxLength: 6 })), { maxLength: 12 }).map((p) => p.join(''))
    const date = fc.oneof(fc.constant('20261207T030000Z'), fc.string({ maxLength: 20 }), fc.stringMatching(/^\d{8}T\d{6}Z$/))
    const query = fc.array(fc.tuple(fc.constantFrom('X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Date', 'X-Amz-Security-Token', 'a'), fc.oneof(fragment, fc.string({ maxLength: 10 }))), { maxLength: 7 })
    fc.assert(
      fc.property(fc.option(authorization), fc.option(date), query, fc.string({ maxLength: 30 }), (auth, amzDate, pairs, path) => {
        const rawHeaders = ['host', 'gateway.test']
        if (auth !== null) rawHeaders.push('authorization', auth)
        if (amzDate !== null) rawHeaders.push('x-amz-date', amzDate)
        const search = pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')
        const request: SignedRequest = { method: 'GET', url: `/${path}${search ? '?' + search : ''}`, rawHeaders, body: Buffer.alloc(0) }
        try {
          verify(request)
          assert.fail('an unsigned request verified')
        } catch (error) {
          assert.ok(error instanceof SigV4Error, `threw ${String(error)}`)
          assert.ok(error.message.length > 0)
        }
      }),
      fuzzParameters(2000),
    )
  })
})
