import type { KeyObject } from 'node:crypto'
import { publicKeyFromJwk } from './jwt.ts'

/**
 * An issuer's signing keys, fetched over HTTP with AWS's JWT authorizer quotas
 * (http-api-jwt-authorizer / limits): OIDC discovery and the JWKS each answer within 1500 ms
 * and a JWKS is at most 150,000 bytes. Keys are kept per issuer and fetched again when a
 * token names a `kid` the cached set lacks (key rotation), at most once per `refreshIntervalMs`,
 * so a stream of made-up kids cannot turn into a stream of fetches.
 */
export interface SigningKey {
  key: KeyObject
  /** the JWK's `alg`, when it names one: a token must then use exactly that algorithm */
  alg?: string
}

export interface JwksClientOptions {
  /** ms; default 1500 (AWS's OIDC discovery and JWKS timeouts) */
  timeoutMs?: number
  /** bytes; default 150,000 (AWS's JWKS size quota) */
  maxBytes?: number
  /** ms between fetches of one issuer's keys; default 30 s */
  refreshIntervalMs?: number
  /** ms; injectable for tests */
  now?: () => number
}

export interface JwksClient {
  /** the key `kid` names (`undefined` kid: the set's only key); undefined when the issuer has none such */
  signingKey(source: { issuer: string; jwksUri?: string }, kid: string | undefined): Promise<SigningKey | undefined>
  /** the key signingKey would answer at once, from the keys already fetched; undefined when it would have to fetch or has none */
  knownKey?(issuer: string, kid: string | undefined): SigningKey | undefined
}

/** Not more keys per set than this are kept; issuers are bounded by the config file. */
const MAX_KEYS = 100

interface KeySet {
  keys: Map<string, SigningKey>
  fetchedAt: number
  pending?: Promise<void>
}

export class JwksFetchError extends Error {
  override name = 'JwksFetchError'
}

export function createJwksClient(options: JwksClientOptions = {}): JwksClient {
  const timeoutMs = options.timeoutMs ?? 1500
  const maxBytes = options.maxBytes ?? 150_000
  const refreshIntervalMs = options.refreshIntervalMs ?? 30_000
  const now = options.now ?? Date.now
  const sets = new Map<string, KeySet>()

  async function refresh(source: { issuer: string; jwksUri?: string }, set: KeySet): Promise<void> {
    const jwksUri = source.jwksUri ?? (await discoverJwksUri(source.issuer, timeoutMs, maxBytes))
    const document = await fetchJson(jwksUri, timeoutMs, maxBytes)
    set.keys = parseKeySet(document, jwksUri)
    set.fetchedAt = now()
  }

  return {
    async signingKey(source, kid) {
      let set = sets.get(source.issuer)
      if (!set) {
        set = { keys: new Map(), fetchedAt: Number.NEGATIVE_INFINITY }
        sets.set(source.issuer, set)
      }
      const found = lookup(set, kid)
      if (found || now() - set.fetchedAt < refreshIntervalMs) return found
      set.pending ??= refresh(source, set).finally(() => {
        set.pending = undefined
      })
      await set.pending
      return lookup(set, kid)
    },
    knownKey(issuer, kid) {
      const set = sets.get(issuer)
      return set === undefined ? undefined : lookup(set, kid)
    },
  }
}

function lookup(set: KeySet, kid: string | undefined): SigningKey | undefined {
  if (kid !== undefined) return set.keys.get(kid)
  return set.keys.size === 1 ? set.keys.values().next().value : undefined
}

async function discoverJwksUri(issuer: string, timeoutMs: number, maxBytes: number): Promise<string> {
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`
  const document = await fetchJson(url, timeoutMs, maxBytes)
  const jwksUri = (document as Record<string, unknown>).jwks_uri
  if (typeof jwksUri !== 'string' || !/^https?:\/\//.test(jwksUri)) throw new JwksFetchError(`${url}: no jwks_uri`)
  return jwksUri
}

function parseKeySet(document: unknown, where: string): Map<string, SigningKey> {
  const list = (document as Record<string, unknown>).keys
  if (!Array.isArray(list)) throw new JwksFetchError(`${where}: not a JWKS (no "keys" array)`)
  const keys = new Map<string, SigningKey>()
  for (const [index, jwk] of list.slice(0, MAX_KEYS).entries()) {
    if (typeof jwk !== 'object' || jwk === null) continue
    const key = publicKeyFromJwk(jwk as Record<string, unknown>)
    if (!key) continue
    const { kid, alg } = jwk as Record<string, unknown>
    keys.set(typeof kid === 'string' ? kid : `#${index}`, { key, ...(typeof alg === 'string' && { alg }) })
  }
  return keys
}

/** GET `url` as JSON within the deadline and byte budget; throws JwksFetchError saying why not. */
async function fetchJson(url: string, timeoutMs: number, maxBytes: number): Promise<unknown> {
  let response: Response
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' }, redirect: 'error' })
  } catch (error) {
    throw new JwksFetchError(`${url}: ${(error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (error as Error).message}`)
  }
  if (response.status !== 200) {
    await response.body?.cancel()
    throw new JwksFetchError(`${url}: status ${response.status}`)
  }
  const declared = Number(response.headers.get('content-length') ?? Number.NaN)
  if (declared > maxBytes) {
    await response.body?.cancel()
    throw new JwksFetchError(`${url}: larger than ${maxBytes} bytes`)
  }
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    for await (const chunk of response.body ?? []) {
      size += chunk.byteLength
      if (size > maxBytes) throw new JwksFetchError(`${url}: larger than ${maxBytes} bytes`)
      chunks.push(chunk)
    }
    return JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch (error) {
    if (error instanceof JwksFetchError) throw error
    throw new JwksFetchError(`${url}: ${(error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : `not JSON (${(error as Error).message})`}`)
  }
}
