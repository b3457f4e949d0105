/**
 * A local HTTP server playing an OIDC issuer for the Cognito authorizer tests: OIDC discovery,
 * a JWKS with real RSA keys from node:crypto, and a signer for ID and access tokens shaped as
 * Cognito issues them. `rotate()` replaces the signing key (new kid), as an issuer rotating keys.
 */
import { createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Issuer {
  url: string
  kid: string
  /** signs `claims` (iss, exp and iat filled in unless given) with the current key */
  token(claims: Record<string, unknown>, header?: Record<string, unknown>): string
  /** signs with a key that is not in the JWKS, under the current kid */
  forged(claims: Record<string, unknown>): string
  /** the HS256 confusion: HMAC with the public key's PEM as the secret */
  hmacWithPublicKey(claims: Record<string, unknown>): string
  unsigned(claims: Record<string, unknown>): string
  rotate(): void
  /** how many times the JWKS was fetched */
  readonly jwksFetches: number
  close(): Promise<void>
}

interface KeyPair {
  kid: string
  privateKey: KeyObject
  publicKey: KeyObject
}

let generation = 0
function keyPair(): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  generation += 1
  return { kid: `key-${generation}`, privateKey, publicKey }
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

export async function startIssuer(): Promise<Issuer> {
  let current = keyPair()
  const stranger = keyPair()
  let jwksFetches = 0
  let url = ''
  const server: Server = createServer((req, res) => {
    if (req.url === '/.well-known/openid-configuration') {
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify({ issuer: url, jwks_uri: `${url}/.well-known/jwks.json` }))
    } else if (req.url === '/.well-known/jwks.json') {
      jwksFetches += 1
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify({ keys: [{ ...current.publicKey.export({ format: 'jwk' }), kid: current.kid, alg: 'RS256', use: 'sig' }] }))
    } else {
      res.statusCode = 404
      res.end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const fill = (claims: Record<string, unknown>) => {
    const now = Math.floor(Date.now() / 1000)
    return { iss: url, iat: now, exp: now + 3600, ...claims }
  }
  const signed = (claims: Record<string, unknown>, header: Record<string, unknown>, key: KeyObject) => {
    const input = `${b64({ alg: 'RS256', typ: 'JWT', kid: current.kid, ...header })}.${b64(fill(claims))}`
    return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`
  }

  return {
    url,
    get kid() {
      return current.kid
    },
    token: (claims, header = {}) => signed(claims, header, current.privateKey),
    forged: (claims) => signed(claims, {}, stranger.privateKey),
    hmacWithPublicKey(claims) {
      const input = `${b64({ alg: 'HS256', typ: 'JWT', kid: current.kid })}.${b64(fill(claims))}`
      const secret = current.publicKey.export({ format: 'pem', type: 'spki' })
      return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`
    },
    unsigned: (claims) => `${b64({ alg: 'none', kid: current.kid })}.${b64(fill(claims))}.`,
    rotate() {
      current = keyPair()
    },
    get jwksFetches() {
      return jwksFetches
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
