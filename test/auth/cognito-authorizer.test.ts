/**
 * COGNITO_USER_POOLS authorizers through real HTTP: a local OIDC issuer (real RSA keys, real
 * JWKS over HTTP) stands in for the user pool the config file's `userPools` names; Portico
 * verifies ID and access tokens as Cognito's authorizer does and passes the claims on.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Portico } from '../../src/main.ts'
import { serveFile } from '../support/serve-file.ts'
import { resolveConfigFile } from '../../src/config-file.ts'
import { startIssuer, type Issuer } from './oidc-issuer.ts'
import { GetAuthorizersCommand, TestInvokeAuthorizerCommand } from '@aws-sdk/client-api-gateway'
import { sdkClient, useHarness } from '../control/harness.ts'

const app = join(import.meta.dirname, '..', 'fixtures', 'e2e', 'authorizers-app')
const POOL = 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Local1'
const OFFLINE_POOL = 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Offline'
const CLIENT = 'app-client-1'
const ECHO = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:echo/invocations'

let issuer: Issuer
let portico: Portico
let base: string
let apiId: string

const cognito = (pool: string) => ({
  type: 'apiKey',
  name: 'Authorization',
  in: 'header',
  'x-amazon-apigateway-authtype': 'cognito_user_pools',
  'x-amazon-apigateway-authorizer': { type: 'cognito_user_pools', providerARNs: [pool] },
})

useHarness({}, {
  prepare: async () => {
    issuer = await startIssuer()
    return () => issuer.close()
  },
  // read when the Portico starts, after the issuer listens
  get functions() {
    return resolveConfigFile(
      {
        functions: { echo: { handler: './handlers.echo' } },
        userPools: {
          [POOL]: { issuer: issuer.url, audience: [CLIENT] },
          // nothing listens on port 1: the issuer cannot be reached
          [OFFLINE_POOL]: { issuer: 'http://127.0.0.1:1' },
        },
      },
      join(app, 'portico.config.json'),
    )
  },
  setup: async (h) => {
    portico = h.portico
    const apiFile = join(h.dir, 'api.json')
    writeFileSync(
      apiFile,
      JSON.stringify({
        openapi: '3.0.1',
        info: { title: 'Cognito', version: '1' },
        components: { securitySchemes: { pool: cognito(POOL), offline: cognito(OFFLINE_POOL) } },
        paths: {
          '/profile': {
            get: {
              security: [{ pool: [] }],
              responses: { '200': { description: 'ok' } },
              'x-amazon-apigateway-integration': {
                type: 'mock',
                requestTemplates: { 'application/json': '{"statusCode": 200}' },
                responses: { default: { statusCode: '200', responseTemplates: { 'application/json': '{"email": "$context.authorizer.claims.email", "sub": "$context.authorizer.claims.sub"}' } } },
              },
            },
          },
          '/orders': {
            get: { security: [{ pool: ['orders/read'] }], responses: { '200': { description: 'ok' } }, 'x-amazon-apigateway-integration': { type: 'aws_proxy', httpMethod: 'POST', uri: ECHO } },
          },
          '/offline': {
            get: { security: [{ offline: [] }], responses: { '200': { description: 'ok' } }, 'x-amazon-apigateway-integration': { type: 'mock', requestTemplates: { 'application/json': '{"statusCode": 200}' } } },
          },
        },
      }),
    )
    const served = await serveFile(portico, apiFile, 'prod')
    await portico.settled()
    apiId = served.apiId
    base = `${portico.url}/_aws/execute-api/${apiId}/prod`
  },
})

const idToken = (claims: Record<string, unknown> = {}) => ({ sub: 'user-1', email: 'ada@example.com', aud: CLIENT, token_use: 'id', ...claims })
const accessToken = (claims: Record<string, unknown> = {}) => ({ sub: 'user-1', client_id: CLIENT, token_use: 'access', scope: 'openid orders/read', ...claims })

async function call(path: string, token?: string): Promise<{ status: number; errorType: string | null; body: any }> {
  const res = await fetch(`${base}${path}`, { headers: token === undefined ? {} : { Authorization: token } })
  const text = await res.text()
  return { status: res.status, errorType: res.headers.get('x-amzn-errortype'), body: text === '' ? undefined : JSON.parse(text) }
}

async function assertUnauthorized(path: string, token: string | undefined): Promise<void> {
  const res = await call(path, token)
  assert.equal(res.status, 401, `expected 401 for ${token?.slice(0, 40)}`)
  assert.equal(res.errorType, 'UnauthorizedException')
  assert.deepEqual(res.body, { message: 'Unauthorized' })
}

describe('COGNITO_USER_POOLS authorizer', () => {
  it('accepts a valid ID token and puts its claims in $context.authorizer.claims', async () => {
    const res = await call('/profile', issuer.token(idToken()))
    assert.equal(res.status, 200)
    assert.deepEqual(res.body, { email: 'ada@example.com', sub: 'user-1' })
  })

  it('accepts the token with a Bearer prefix', async () => {
    assert.equal((await call('/profile', `Bearer ${issuer.token(idToken())}`)).status, 200)
  })

  it('passes the claims, stringified, to a Lambda proxy integration', async () => {
    const exp = Math.floor(Date.UTC(2099, 0, 2, 3, 4, 5) / 1000)
    const res = await call('/orders', issuer.token(accessToken({ exp, 'cognito:groups': ['admin', 'ops'] })))
    assert.equal(res.status, 200)
    const claims = res.body.authorizer.claims
    assert.equal(claims.client_id, CLIENT)
    assert.equal(claims.scope, 'openid orders/read')
    assert.equal(claims.exp, 'Fri Jan 02 03:04:05 UTC 2099')
    assert.equal(claims['cognito:groups'], 'admin,ops')
  })

  it('401 without a token', () => assertUnauthorized('/profile', undefined))
  it('401 for an expired token', () => assertUnauthorized('/profile', issuer.token(idToken({ exp: Math.floor(Date.now() / 1000) - 10 }))))
  it('401 for a token not yet valid', () => assertUnauthorized('/profile', issuer.token(idToken({ nbf: Math.floor(Date.now() / 1000) + 600 }))))
  it('401 for another issuer', () => assertUnauthorized('/profile', issuer.token(idToken({ iss: 'http://127.0.0.1:9/other' }))))
  it('401 for another audience', () => assertUnauthorized('/profile', issuer.token(idToken({ aud: 'someone-else' }))))
  it('401 for a bad signature', () => assertUnauthorized('/profile', issuer.forged(idToken())))
  it('401 for a tampered payload', async () => {
    const [header, , signature] = issuer.token(idToken()).split('.')
    const payload = Buffer.from(JSON.stringify({ ...idToken({ email: 'mallory@example.com' }), iss: issuer.url, exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url')
    await assertUnauthorized('/profile', `${header}.${payload}.${signature}`)
  })
  it('401 for alg none', () => assertUnauthorized('/profile', issuer.unsigned(idToken())))
  it('401 for HS256 signed with the public key (algorithm confusion)', () => assertUnauthorized('/profile', issuer.hmacWithPublicKey(idToken())))
  it('401 for a token that is not a JWT', () => assertUnauthorized('/profile', 'not-a-jwt'))

  it('a method with scopes takes an access token holding one of them', async () => {
    assert.equal((await call('/orders', issuer.token(accessToken()))).status, 200)
    await assertUnauthorized('/orders', issuer.token(accessToken({ scope: 'openid profile' })))
    await assertUnauthorized('/orders', issuer.token(idToken()))
  })

  it('a method without scopes takes an ID token, not an access token', () => assertUnauthorized('/profile', issuer.token(accessToken())))

  it('tokens of any OIDC issuer (no token_use): client from azp or aud, scopes from scope or scp', async () => {
    // Keycloak-shaped: an ID token with aud + azp, an access token for another audience with azp and scope
    assert.equal((await call('/profile', issuer.token({ sub: 'kc-1', aud: CLIENT, azp: CLIENT, email: 'kc@example.com' }))).status, 200)
    assert.equal((await call('/orders', issuer.token({ sub: 'kc-1', aud: 'account', azp: CLIENT, scope: 'openid orders/read' }))).status, 200)
    // Auth0 / Okta-shaped: scopes as a list in scp
    assert.equal((await call('/orders', issuer.token({ sub: 'a0-1', aud: ['https://api', CLIENT], scp: ['orders/read'] }))).status, 200)
    await assertUnauthorized('/orders', issuer.token({ sub: 'kc-1', azp: CLIENT, scope: 'openid profile' }))
    await assertUnauthorized('/profile', issuer.token({ sub: 'kc-1', aud: 'account', azp: 'another-client' }))
  })

  it('500 AuthorizerConfigurationException when the issuer cannot be reached', async () => {
    const res = await call('/offline', issuer.token(idToken({ iss: 'http://127.0.0.1:1' })))
    assert.equal(res.status, 500)
    assert.equal(res.errorType, 'AuthorizerConfigurationException')
    assert.deepEqual(res.body, { message: null })
  })

  it('TestInvokeAuthorizer (SDK) answers the claims of a valid token, 401 for a bad one', async () => {
    const client = sdkClient(portico.url, { accessKeyId: portico.admin.accessKeyId, secretAccessKey: portico.admin.secretAccessKey })
    try {
      const { items } = await client.send(new GetAuthorizersCommand({ restApiId: apiId }))
      const authorizerId = items!.find((a) => a.name === 'pool')!.id!
      const ok = await client.send(new TestInvokeAuthorizerCommand({ restApiId: apiId, authorizerId, headers: { Authorization: issuer.token(idToken()) } }))
      assert.equal(ok.clientStatus, 200)
      assert.equal(ok.claims?.email, 'ada@example.com')
      assert.equal(ok.claims?.token_use, 'id')
      const bad = await client.send(new TestInvokeAuthorizerCommand({ restApiId: apiId, authorizerId, headers: { Authorization: issuer.forged(idToken()) } }))
      assert.equal(bad.clientStatus, 401)
      assert.equal(bad.claims, undefined)
    } finally {
      client.destroy()
    }
  })
})
