/**
 * The JWKS client against real HTTP servers: OIDC discovery, key rotation (an unknown kid
 * fetches again, at most once per refresh interval, on a controllable clock), and AWS's bounds
 * (a JWKS over the byte limit and an issuer that does not answer both fail).
 */
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createJwksClient, JwksFetchError } from '../../src/auth/jwks.ts'
import { startIssuer, type Issuer } from './oidc-issuer.ts'
import { closeHttpServer } from '../support/close-server.ts'

let issuer: Issuer
before(async () => {
  issuer = await startIssuer()
})
after(() => issuer.close())

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; server: Server }> {
  const server = createServer(handler)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

describe('JWKS client', () => {
  it('finds the keys by OIDC discovery and caches them', async () => {
    const client = createJwksClient()
    const before = issuer.jwksFetches
    assert.equal(client.knownKey?.(issuer.url, issuer.kid), undefined)
    const key = await client.signingKey({ issuer: issuer.url }, issuer.kid)
    assert.equal(key?.key.asymmetricKeyType, 'rsa')
    assert.equal(key?.alg, 'RS256')
    await client.signingKey({ issuer: issuer.url }, issuer.kid)
    assert.equal(issuer.jwksFetches, before + 1)
    // what is cached is known without a fetch or a promise; an unknown kid is not
    assert.equal(client.knownKey?.(issuer.url, issuer.kid), key)
    assert.equal(client.knownKey?.(issuer.url, 'no-such-kid'), undefined)
  })

  it('fetches again for an unknown kid (rotation), but not more than once per refresh interval', async () => {
    let now = 1_000_000
    const client = createJwksClient({ now: () => now, refreshIntervalMs: 30_000 })
    await client.signingKey({ issuer: issuer.url }, issuer.kid)
    const fetched = issuer.jwksFetches
    issuer.rotate()
    now += 1_000
    assert.equal(await client.signingKey({ issuer: issuer.url }, issuer.kid), undefined)
    assert.equal(issuer.jwksFetches, fetched)
    now += 30_000
    assert.ok(await client.signingKey({ issuer: issuer.url }, issuer.kid))
    assert.equal(issuer.jwksFetches, fetched + 1)
  })

  it('refuses a JWKS over the byte limit', async () => {
    const { url, server } = await listen((_req, res) => {
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify({ keys: [], padding: 'x'.repeat(2_000) }))
    })
    try {
      const client = createJwksClient({ maxBytes: 1_000 })
      await assert.rejects(client.signingKey({ issuer: url, jwksUri: `${url}/jwks` }, 'k'), (error: Error) => error instanceof JwksFetchError && /larger than 1000 bytes/.test(error.message))
    } finally {
      await closeHttpServer(server)
    }
  })

  it('gives up on an issuer that does not answer within the timeout', async () => {
    const { url, server } = await listen(() => {
      // never answers
    })
    try {
      const client = createJwksClient({ timeoutMs: 100 })
      await assert.rejects(client.signingKey({ issuer: url }, 'k'), (error: Error) => error instanceof JwksFetchError && /no answer within 100 ms/.test(error.message))
    } finally {
      await closeHttpServer(server)
    }
  })

  it('refuses a discovery document without jwks_uri', async () => {
    const { url, server } = await listen((_req, res) => res.end('{}'))
    try {
      await assert.rejects(createJwksClient().signingKey({ issuer: url }, 'k'), /no jwks_uri/)
    } finally {
      await closeHttpServer(server)
    }
  })
})
