import { constants, createPublicKey, verify, type KeyObject } from 'node:crypto'

/**
 * JSON Web Token signature and time checks with node:crypto, for tokens an OIDC issuer signs
 * with an RSA key from its JWKS. Only the RSA algorithms are accepted, as AWS's JWT
 * authorizers accept only RSA keys (http-api-jwt-authorizer): `none`, the HMAC family (the
 * "HS256 with the public key as secret" confusion) and anything else fail before a key is
 * looked up.
 */
export interface DecodedJwt {
  header: { alg: string; kid?: string; [name: string]: unknown }
  payload: Record<string, unknown>
  /** `header.payload` as sent: what the signature covers */
  signingInput: string
  signature: Buffer
}

const RSA_ALGORITHMS: Readonly<Record<string, { hash: string; pss: boolean }>> = {
  RS256: { hash: 'sha256', pss: false },
  RS384: { hash: 'sha384', pss: false },
  RS512: { hash: 'sha512', pss: false },
  PS256: { hash: 'sha256', pss: true },
  PS384: { hash: 'sha384', pss: true },
  PS512: { hash: 'sha512', pss: true },
}

/** Tokens longer than this are refused unread (a header value is at most a few KB anyway). */
const MAX_TOKEN_LENGTH = 16 * 1024

export class JwtError extends Error {
  override name = 'JwtError'
}

/** Splits and parses a compact JWS; throws JwtError when it is not one or its algorithm is not RSA. */
export function decodeJwt(token: string): DecodedJwt {
  if (token.length > MAX_TOKEN_LENGTH) throw new JwtError('token too long')
  const parts = token.split('.')
  if (parts.length !== 3) throw new JwtError('not a JWT: expected three dot-separated parts')
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string]
  const header = parseJsonPart(headerPart, 'header')
  const payload = parseJsonPart(payloadPart, 'payload')
  if (typeof header.alg !== 'string' || !(header.alg in RSA_ALGORITHMS)) throw new JwtError(`unsupported alg ${JSON.stringify(header.alg)}: only RS256/384/512 and PS256/384/512 are accepted`)
  if (header.kid !== undefined && typeof header.kid !== 'string') throw new JwtError('kid must be a string')
  if (!/^[A-Za-z0-9_-]+$/.test(signaturePart)) throw new JwtError('signature is not base64url')
  return { header: header as DecodedJwt['header'], payload, signingInput: `${headerPart}.${payloadPart}`, signature: Buffer.from(signaturePart, 'base64url') }
}

/** True when `jwt`'s signature verifies with `key` under the token's own (RSA) algorithm. */
export function verifySignature(jwt: DecodedJwt, key: KeyObject): boolean {
  const algorithm = RSA_ALGORITHMS[jwt.header.alg]!
  if (key.asymmetricKeyType !== 'rsa' && key.asymmetricKeyType !== 'rsa-pss') return false
  const options = algorithm.pss ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST } : { key }
  return verify(algorithm.hash, Buffer.from(jwt.signingInput), options, jwt.signature)
}

/**
 * The time claims, as AWS's JWT authorizer checks them: `exp` required and in the future, `nbf`
 * and `iat` (when present) not in the future. `nowSeconds` is epoch seconds.
 */
export function checkTimes(payload: Record<string, unknown>, nowSeconds: number): string | undefined {
  const { exp, nbf, iat } = payload
  if (typeof exp !== 'number') return 'exp missing'
  if (exp <= nowSeconds) return 'token expired'
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf > nowSeconds)) return 'token not yet valid (nbf)'
  if (iat !== undefined && (typeof iat !== 'number' || iat > nowSeconds)) return 'token issued in the future (iat)'
  return undefined
}

/** A JWK as a public key, or undefined when it is not a usable RSA signing key. */
export function publicKeyFromJwk(jwk: Record<string, unknown>): KeyObject | undefined {
  if (jwk.kty !== 'RSA' || typeof jwk.n !== 'string' || typeof jwk.e !== 'string') return undefined
  if (jwk.use !== undefined && jwk.use !== 'sig') return undefined
  try {
    return createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e }, format: 'jwk' })
  } catch {
    return undefined
  }
}

function parseJsonPart(part: string, what: string): Record<string, unknown> {
  if (!/^[A-Za-z0-9_-]+$/.test(part)) throw new JwtError(`${what} is not base64url`)
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
  } catch {
    throw new JwtError(`${what} is not JSON`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new JwtError(`${what} is not a JSON object`)
  return value as Record<string, unknown>
}
