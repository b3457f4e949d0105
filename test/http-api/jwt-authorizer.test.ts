/**
 * JWT authorizers on HTTP API routes against a local OIDC issuer (discovery, JWKS, real RSA
 * keys): the token from the Authorization header with or without Bearer, issuer, audience or
 * client_id, expiry, signatures that do not verify, scopes; 401 with www-authenticate, 403 on
 * scopes; claims and scopes delivered in the 2.0 event; routes without the authorizer untouched.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createHttpApiAccessPhase } from '../../src/auth/http-api-access.ts'
import { createJwksClient } from '../../src/auth/jwks.ts'
import type { FunctionInvoker } from '../../src/functions/index.ts'
import { createUpstreamPools, type UpstreamPools } from '../../src/integrations/index.ts'
import { startIssuer, type Issuer } from '../auth/oidc-issuer.ts'
import { send, useServed } from '../data/fixtures.ts'
import { handlerRuntime, httpApi, httpPlan, lambda } from './harness.ts'

let invoker: FunctionInvoker
let upstream: UpstreamPools
let issuer: Issuer
/** moves the authorizer's clock on, ahead of the issuer's */
let clockAheadMs = 0

const gw = useServed(async (own) => {
  invoker = own(handlerRuntime())
  upstream = own(createUpstreamPools({ connections: 2 }))
  issuer = own(await startIssuer())
  const api = httpApi(
    { 'GET /private': lambda('echo'), 'GET /admin': lambda('echo'), 'GET /public': lambda('echo'), 'GET /iam': lambda('echo') },
    { authorizers: [{ authorizerId: 'jwt1', name: 'oidc', authorizerType: 'JWT', identitySource: ['$request.header.Authorization'], jwtConfiguration: { issuer: issuer.url, audience: ['my-app'] } }] },
  )
  for (const route of api.routes) {
    if (route.routeKey === 'GET /public') continue
    if (route.routeKey === 'GET /iam') {
      route.authorizationType = 'AWS_IAM'
      continue
    }
    Object.assign(route, { authorizationType: 'JWT', authorizerId: 'jwt1' })
    if (route.routeKey === 'GET /admin') route.authorizationScopes = ['admin:write', 'admin:all']
  }
  return [httpPlan(api, '$default', { upstream, invoker, phases: { access: createHttpApiAccessPhase({ jwks: createJwksClient(), now: () => Date.now() + clockAheadMs }) } })]
})

function get(path: string, token?: string) {
  return send(gw.address.port, { path, headers: { host: gw.host, ...(token !== undefined && { authorization: token }) } })
}

describe('JWT authorizer', () => {
  it('lets a valid token through and hands its claims and scopes to the integration', async () => {
    for (const token of [issuer.token({ sub: 'u1', aud: 'my-app', scope: 'read write' }), `Bearer ${issuer.token({ sub: 'u1', aud: 'my-app', scope: 'read write' })}`]) {
      const r = await get('/private', token)
      assert.equal(r.status, 200)
      const { jwt } = r.json().requestContext.authorizer
      assert.equal(jwt.claims.sub, 'u1')
      assert.equal(jwt.claims.iss, issuer.url)
      assert.deepEqual(jwt.scopes, ['read', 'write'])
    }
  })

  it('accepts client_id in place of aud (access tokens)', async () => {
    assert.equal((await get('/private', issuer.token({ client_id: 'my-app' }))).status, 200)
  })

  it('answers 401 Unauthorized with www-authenticate for a missing, malformed, forged, expired or foreign token', async () => {
    const now = Math.floor(Date.now() / 1000)
    for (const [token, description] of [
      [undefined, undefined],
      ['not-a-jwt', 'the token is malformed'],
      [issuer.forged({ aud: 'my-app' }), 'the token signature is invalid'],
      [issuer.token({ aud: 'other-app' }), 'the token does not have a valid audience'],
      [issuer.token({ aud: 'my-app', iss: 'https://elsewhere.example' }), 'the token does not have a valid issuer'],
      [issuer.token({ aud: 'my-app', exp: now - 10 }), 'the token has expired'],
      [issuer.hmacWithPublicKey({ aud: 'my-app' }), 'the token is malformed'],
    ] as const) {
      const r = await get('/private', token)
      assert.equal(r.status, 401, String(description))
      assert.equal(r.body, '{"message":"Unauthorized"}')
      assert.ok(r.headers['apigw-requestid'])
      const expected = description === undefined ? 'Bearer' : `Bearer scope="" error="invalid_token" error_description="${description}"`
      assert.equal(r.headers['www-authenticate'], expected)
    }
  })

  it('checks everything but a remembered signature again on a token it verified before: a changed payload, expiry in between', async () => {
    const now = Math.floor(Date.now() / 1000)
    const token = issuer.token({ sub: 'u1', aud: 'my-app', exp: now + 60 })
    assert.equal((await get('/private', token)).status, 200)
    assert.equal((await get('/private', token)).status, 200)
    // the verified signature under another payload: not the token that verified
    const [header, , signature] = token.split('.')
    const payload = Buffer.from(JSON.stringify({ iss: issuer.url, sub: 'admin', aud: 'my-app', iat: now, exp: now + 3600 })).toString('base64url')
    const tampered = await get('/private', `${header}.${payload}.${signature}`)
    assert.equal(tampered.status, 401)
    assert.match(String(tampered.headers['www-authenticate']), /the token signature is invalid/)
    // the same token, after its exp: the remembered signature does not keep it alive
    clockAheadMs = 120_000
    const late = await get('/private', token).finally(() => (clockAheadMs = 0))
    assert.equal(late.status, 401)
    assert.match(String(late.headers['www-authenticate']), /the token has expired/)
  })

  it('answers 403 Forbidden when the token has none of the route’s scopes', async () => {
    let r = await get('/admin', issuer.token({ aud: 'my-app', scope: 'read' }))
    assert.equal(r.status, 403)
    assert.equal(r.body, '{"message":"Forbidden"}')
    assert.match(String(r.headers['www-authenticate']), /error="insufficient_scope"/)
    r = await get('/admin', issuer.token({ aud: 'my-app', scp: ['admin:all'] }))
    assert.equal(r.status, 200)
  })

  it('leaves a route without an authorizer open, and never lets a request through a route it cannot authorize', async () => {
    assert.equal((await get('/public')).status, 200)
    const r = await get('/iam', issuer.token({ aud: 'my-app' }))
    assert.equal(r.status, 500)
    assert.equal(r.body, '{"message":"Internal Server Error"}')
  })
})
