/**
 * The config file's `userPools`: which OIDC issuer stands in for each Cognito user pool a
 * COGNITO_USER_POOLS authorizer names in its providerARNs. Validated with the rest of the file
 * (config-file.ts); a pool the file does not name is Cognito's own issuer
 * (`https://cognito-idp.{region}.amazonaws.com/{poolId}`).
 *
 *   userPools:
 *     arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbC:
 *       issuer: http://127.0.0.1:9000/realms/dev
 *       audience: [my-app-client-id]        # optional: the app client ids a token must be for
 *       jwksUri: http://127.0.0.1:9000/…    # optional: skips OIDC discovery
 */
import { isObject } from '../lib/is-object.ts'

export interface UserPoolConfig {
  /** the `iss` a token must carry; its JWKS is found by OIDC discovery unless `jwksUri` is given */
  issuer: string
  /** app client ids: an ID token's `aud` / an access token's `client_id` must be one of them */
  audience?: string[]
  jwksUri?: string
}

export interface UserPoolsFileConfig {
  userPools?: Record<string, UserPoolConfig>
}

export type UserPools = ReadonlyMap<string, Readonly<UserPoolConfig>>

export const USER_POOL_KEYS = ['userPools'] as const

type Fail = (key: string, message: string) => never

const POOL_ARN = /^arn:aws[a-z-]*:cognito-idp:([a-z0-9-]+):(\d{12}):userpool\/([\w-]+_[0-9a-zA-Z]+)$/
const POOL_KEYS = ['issuer', 'audience', 'jwksUri']
/** AWS's JWT authorizer quota: 50 audiences per authorizer */
const MAX_AUDIENCES = 50

/** Checks `userPools` of the parsed file; `fail` names the key path. */
export function validateUserPools(top: Record<string, unknown>, fail: Fail): void {
  if (top.userPools === undefined) return
  if (!isObject(top.userPools)) fail('userPools', 'must be an object keyed by user pool ARN')
  for (const [arn, pool] of Object.entries(top.userPools as Record<string, unknown>)) {
    const at = `userPools.${arn}`
    if (!POOL_ARN.test(arn)) fail(at, 'a user pool is named by its ARN, e.g. "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbCdEf123"')
    if (!isObject(pool)) fail(at, 'must be an object with "issuer"')
    const p = pool as Record<string, unknown>
    for (const key of Object.keys(p)) if (!POOL_KEYS.includes(key)) fail(`${at}.${key}`, `unknown key (expected one of ${POOL_KEYS.join(', ')})`)
    if (typeof p.issuer !== 'string' || !isHttpUrl(p.issuer)) fail(`${at}.issuer`, `is required: the issuer's http(s) URL, got ${JSON.stringify(p.issuer)}`)
    if (p.jwksUri !== undefined && (typeof p.jwksUri !== 'string' || !isHttpUrl(p.jwksUri))) fail(`${at}.jwksUri`, `must be an http(s) URL, got ${JSON.stringify(p.jwksUri)}`)
    if (p.audience !== undefined) {
      const audience = p.audience
      if (!Array.isArray(audience) || audience.length === 0 || audience.some((a) => typeof a !== 'string' || a === '')) {
        fail(`${at}.audience`, 'must be a non-empty list of app client ids')
      }
      if ((audience as unknown[]).length > MAX_AUDIENCES) fail(`${at}.audience`, `at most ${MAX_AUDIENCES} audiences`)
    }
  }
}

/** The validated pools, frozen; empty when the file names none. */
export function resolveUserPools(contents: UserPoolsFileConfig): UserPools {
  const pools = new Map<string, Readonly<UserPoolConfig>>()
  for (const [arn, pool] of Object.entries(contents.userPools ?? {})) {
    pools.set(arn, Object.freeze({ ...pool, ...(pool.audience && { audience: Object.freeze([...pool.audience]) as string[] }) }))
  }
  return pools
}

/** What the file says about `poolArn`, else Cognito's own issuer for it; undefined for a malformed ARN. */
export function userPoolFor(pools: UserPools, poolArn: string): Readonly<UserPoolConfig> | undefined {
  const configured = pools.get(poolArn)
  if (configured) return configured
  const match = POOL_ARN.exec(poolArn)
  if (!match) return undefined
  return { issuer: `https://cognito-idp.${match[1]}.amazonaws.com/${match[3]}` }
}

function isHttpUrl(text: string): boolean {
  return /^https?:\/\/[^/?#]+/.test(text)
}
