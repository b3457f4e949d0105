/**
 * Verified Cognito tokens are cached per stage for the authorizer's TTL, never past the token's
 * `exp`, on a controllable clock; each method still checks token use and scopes on a cached
 * token. The JWKS client is the real one, wrapped to count the key look-ups a verification makes.
 * Also: a pool ARN taken from a stage variable, as AWS allows in providerARNs.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createJwksClient, type JwksClient } from '../../src/auth/jwks.ts'
import { startIssuer, type Issuer } from './oidc-issuer.ts'
import { startAuthorizedApi, useAuthorizedApi } from './harness.ts'

const POOL = 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Cached'
let issuer: Issuer
let lookups = 0

const api = useAuthorizedApi(async (own) => {
  issuer = own(await startIssuer())
  const real = createJwksClient()
  const counting: JwksClient = {
    signingKey(source, kid) {
      lookups += 1
      return real.signingKey(source, kid)
    },
  }
  return {
    methods: {
      '/profile': { GET: { authorizationType: 'COGNITO_USER_POOLS', authorizerId: 'pool' } },
      '/orders': { GET: { authorizationType: 'COGNITO_USER_POOLS', authorizerId: 'pool', authorizationScopes: ['orders/read'] } },
    },
    authorizers: [{ id: 'pool', name: 'pool', type: 'COGNITO_USER_POOLS', providerARNs: [POOL], identitySource: 'method.request.header.Authorization', authorizerResultTtlInSeconds: 300 }],
    userPools: new Map([[POOL, { issuer: issuer.url }]]),
    jwks: counting,
  }
})

describe('Cognito decision cache', () => {
  it('verifies a token once, then serves it from the cache until its exp', async () => {
    const exp = Math.floor(api.now / 1000) + 100
    const token = issuer.token({ sub: 'u1', aud: 'client', token_use: 'id', exp, iat: Math.floor(api.now / 1000) - 1 })
    const before = lookups
    assert.equal((await api.get('/profile', { Authorization: token })).status, 200)
    assert.equal((await api.get('/profile', { Authorization: token })).status, 200)
    assert.equal(lookups, before + 1)
    const first = (await api.get('/profile', { Authorization: token })).json()
    assert.equal(first.authorizer.claims.sub, 'u1')
    // the cached ID token still is not an access token with the scope
    assert.equal((await api.get('/orders', { Authorization: token })).status, 401)
    api.now = exp * 1000
    assert.equal((await api.get('/profile', { Authorization: token })).status, 401)
  })

  it('a bad token is never cached: each attempt is verified again', async () => {
    const forged = issuer.forged({ sub: 'u2', aud: 'client', token_use: 'id', exp: Math.floor(api.now / 1000) + 600, iat: Math.floor(api.now / 1000) - 1 })
    const before = lookups
    assert.equal((await api.get('/profile', { Authorization: forged })).status, 401)
    assert.equal((await api.get('/profile', { Authorization: forged })).status, 401)
    assert.equal(lookups, before + 2)
  })
})

describe('providerARNs with ${stageVariables.x}', () => {
  const authorizer = {
    id: 'pool',
    name: 'pool',
    type: 'COGNITO_USER_POOLS' as const,
    providerARNs: ['arn:aws:cognito-idp:us-east-1:123456789012:userpool/${stageVariables.pool}'],
    identitySource: 'method.request.header.Authorization',
  }
  const methods = { '/profile': { GET: { authorizationType: 'COGNITO_USER_POOLS' as const, authorizerId: 'pool' } } }

  it('the stage\'s variable names the pool', async () => {
    const staged = await startAuthorizedApi({ methods, authorizers: [authorizer], stageVariables: { pool: 'us-east-1_Cached' }, userPools: new Map([[POOL, { issuer: issuer.url }]]) })
    try {
      const token = issuer.token({ sub: 'u3', aud: 'client', token_use: 'id' })
      assert.equal((await staged.get('/profile', { Authorization: token })).status, 200)
    } finally {
      await staged.close()
    }
  })

  it('a variable that makes no pool ARN answers 500 on the stage that has it', async () => {
    const staged = await startAuthorizedApi({ methods, authorizers: [authorizer], stageVariables: { pool: 'not a pool' }, userPools: new Map([[POOL, { issuer: issuer.url }]]) })
    try {
      const reply = await staged.get('/profile', { Authorization: issuer.token({ sub: 'u3', aud: 'client', token_use: 'id' }) })
      assert.equal(reply.status, 500)
      assert.equal(reply.headers['x-amzn-errortype'], 'AuthorizerConfigurationException')
    } finally {
      await staged.close()
    }
  })
})
