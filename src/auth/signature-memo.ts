import type { KeyObject } from 'node:crypto'
import type { DecodedJwt } from './jwt.ts'

/** Remembered verdicts at most; the oldest is forgotten first. */
const DEFAULT_ENTRIES = 1024
/** Longer tokens are verified every time rather than kept (a header value is a few KB at most). */
const MAX_TOKEN_CHARS = 8 * 1024

/**
 * The tokens whose RSA signature verified, each with the key that verified it: a client sends
 * the same token on request after request, and checking its signature costs more than the rest
 * of an HTTP_PROXY request. A token counts as verified only with the very key object the JWKS
 * client still hands out for its `kid`, so a rotated-away key verifies nothing; every other
 * check (issuer, audience, times, scopes) still runs on every request. Bounded in entries and
 * token length; only signatures that verified are kept. The token's decoded form is kept beside
 * its key (frozen: every request that presents the token reads the same claims), so a repeated
 * token is not base64-decoded and JSON-parsed again either.
 */
export class SignatureMemo {
  readonly #verified = new Map<string, { key: KeyObject; jwt: DecodedJwt }>()
  readonly #max: number

  constructor(maxEntries = DEFAULT_ENTRIES) {
    this.#max = maxEntries
  }

  /** `token`'s signature verified with `key` before */
  verified(token: string, key: KeyObject): boolean {
    return this.#verified.get(token)?.key === key
  }

  /** a remembered token's decoded form and the key its signature verified with */
  recall(token: string): { key: KeyObject; jwt: DecodedJwt } | undefined {
    return this.#verified.get(token)
  }

  remember(token: string, key: KeyObject, jwt: DecodedJwt): void {
    if (token.length > MAX_TOKEN_CHARS || this.#max <= 0) return
    if (this.#verified.size >= this.#max && !this.#verified.has(token)) this.#verified.delete(this.#verified.keys().next().value!)
    this.#verified.set(token, { key, jwt: deepFreeze(jwt) })
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value) && !Buffer.isBuffer(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner)
    Object.freeze(value)
  }
  return value
}
