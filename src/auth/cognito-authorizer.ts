import { performance } from 'node:perf_hooks'
import type { Authorizer } from '../model/index.ts'
import type { RequestContext } from '../gateway/types.ts'
import { userPoolFor, type UserPoolConfig, type UserPools } from './config.ts'
import { compileAuthorizerIdentitySources, identityValues } from './identity-source.ts'
import type { JwksClient } from './jwks.ts'
import { checkTimes, decodeJwt, JwtError, verifySignature, type DecodedJwt } from './jwt.ts'
import type { AuthorizerOutcome, CachedDecision } from './outcome.ts'
import { stageScope, type DecisionCache } from './decision-cache.ts'
import { logging } from '../gateway/execution-log-sink.ts'
import type { AuthorizerRun } from './lambda-authorizer.ts'
import { javaDate } from '../lib/java-date.ts'

/**
 * A COGNITO_USER_POOLS authorizer as JWT verification against the issuer that stands in for
 * each pool of its providerARNs (auth/config.ts). AWS's rules (apigateway-integrate-with-cognito,
 * Cognito's "Verifying a JSON web token"):
 * - the token is the identity source header (`Authorization`), with or without `Bearer `;
 * - its signature verifies with the issuer's JWKS key `kid` names, RSA algorithms only;
 *   `exp` is in the future; `iss` is one of the pools' issuers;
 * - a method without `authorizationScopes` takes an ID token (`token_use: id`); a method with
 *   scopes takes an access token (`token_use: access`) whose `scope` has at least one of them
 *   (tokens of other OIDC issuers, without `token_use`: see checkUse);
 * - `audience`, when configured, holds the ID token's `aud` / the access token's `client_id`;
 *   `identityValidationExpression`, when set, must match it too (AWS matches `aud` against it);
 * - any failure → 401 Unauthorized; an issuer whose keys cannot be fetched → 500.
 * The verified claims reach `$context.authorizer.claims.*` stringified. A verified token is
 * cached per stage for `authorizerResultTtlInSeconds` (never past its `exp`), as AWS caches
 * user pool authorizer results; each method still checks token use and scopes.
 */
export interface CognitoAuthorizerDeps {
  userPools: UserPools
  jwks: JwksClient
  /** verified tokens by stage and token, for the authorizer's TTL (capped at the token's `exp`) */
  cache: DecisionCache<CachedDecision>
  /** epoch ms */
  now: () => number
  /** `${stageVariables.x}` filled in (vtl/aws/stage-variable-template.ts, handed in from main.ts) */
  interpolate: (text: string, stageVariables: Readonly<Record<string, string>>) => string
}

export interface CognitoAuthorizerInput {
  authorizer: Authorizer
  /** the method's authorizationScopes */
  scopes: readonly string[] | undefined
  /** the stage's variables, for `${stageVariables.x}` in providerARNs */
  stageVariables: Readonly<Record<string, string>>
}

/** A token whose signature, issuer and times were checked: what the cache keeps (scopes are checked per method). */
export interface VerifiedToken {
  readonly claims: Readonly<Record<string, unknown>>
  readonly pool: Readonly<UserPoolConfig>
  /** the claims as they reach `$context.authorizer.claims` */
  readonly stringified: Readonly<Record<string, string>>
}

export function compileCognitoAuthorizer(deps: CognitoAuthorizerDeps, input: CognitoAuthorizerInput): AuthorizerRun {
  const { authorizer } = input
  const sources = compileAuthorizerIdentitySources(authorizer.type, authorizer.identitySource ?? 'method.request.header.Authorization')
  const pools = new Map<string, Readonly<UserPoolConfig>>()
  // a pool ARN built from stage variables can only be judged per stage: a bad one fails the requests, not the deployment
  let misconfigured: string | undefined
  for (const raw of authorizer.providerARNs ?? []) {
    const arn = deps.interpolate(raw, input.stageVariables)
    const pool = userPoolFor(deps.userPools, arn)
    if (pool) pools.set(pool.issuer.replace(/\/+$/, ''), pool)
    else if (arn === raw) throw new Error(`authorizer ${authorizer.name} (${authorizer.id}): invalid user pool ARN ${arn}`)
    else misconfigured = `invalid user pool ARN ${JSON.stringify(arn)} (from ${raw})`
  }
  const validation = authorizer.identityValidationExpression ? new RegExp(`^(?:${authorizer.identityValidationExpression})$`) : undefined
  const scopes = input.scopes && input.scopes.length > 0 ? input.scopes : undefined
  const ttl = authorizer.authorizerResultTtlInSeconds ?? 300

  /** the method's own checks, on a fresh or a cached token */
  function decide(ctx: RequestContext, token: VerifiedToken, latencyMs: number): AuthorizerOutcome {
    const problem = checkTimes(token.claims, Math.floor(deps.now() / 1000)) ?? checkUse(token.claims, token.pool, scopes, validation)
    if (problem) return unauthorized(problem)
    if (logging(ctx)) ctx.log.push('Successfully completed authorizer execution')
    return { kind: 'claims', claims: token.stringified, latencyMs }
  }

  async function verify(ctx: RequestContext, text: string, cacheKey: string): Promise<AuthorizerOutcome> {
    let jwt: DecodedJwt
    try {
      jwt = decodeJwt(text)
    } catch (error) {
      if (error instanceof JwtError) return unauthorized(`Invalid token: ${error.message}`)
      throw error
    }
    const claims = jwt.payload
    const pool = typeof claims.iss === 'string' ? pools.get(claims.iss.replace(/\/+$/, '')) : undefined
    if (!pool) return unauthorized('Token issuer is not one of the authorizer\'s user pools')
    const started = performance.now()
    let key
    try {
      key = await deps.jwks.signingKey(pool, jwt.header.kid)
    } catch (error) {
      return { kind: 'failed', reason: `Could not fetch the signing keys of ${pool.issuer}: ${(error as Error).message}` }
    }
    if (!key || (key.alg !== undefined && key.alg !== jwt.header.alg)) return unauthorized('No signing key for the token')
    if (!verifySignature(jwt, key.key)) return unauthorized('Invalid token signature')
    const nowSeconds = Math.floor(deps.now() / 1000)
    const expired = checkTimes(claims, nowSeconds)
    if (expired) return unauthorized(expired)
    const token: VerifiedToken = { claims, pool, stringified: stringifyClaims(claims) }
    if (ttl > 0) deps.cache.set(stageScope(ctx.apiId, ctx.stageName), cacheKey, token, Math.min(ttl, (claims.exp as number) - nowSeconds))
    return decide(ctx, token, Math.round(performance.now() - started))
  }

  // synchronous for a token verified before: no promise, no signature check
  return function cognitoAuthorizer(ctx: RequestContext) {
    if (logging(ctx)) ctx.log.push(`Starting authorizer: ${authorizer.id} for request: ${ctx.requestId}`)
    if (misconfigured) return { kind: 'failed', reason: misconfigured }
    const values = identityValues(sources, ctx)
    if (values === undefined) return unauthorized('Identity source missing or empty')
    const text = values[0]!.replace(/^Bearer\s+/i, '')
    const cacheKey = `${authorizer.id}\n${text}`
    const cached = ttl > 0 ? deps.cache.get(stageScope(ctx.apiId, ctx.stageName), cacheKey) : undefined
    if (cached && 'claims' in cached) return decide(ctx, cached, 0)
    return verify(ctx, text, cacheKey)
  }
}

function unauthorized(reason: string): AuthorizerOutcome {
  return { kind: 'unauthorized', reason }
}

/**
 * Token use and audience. A Cognito token says what it is (`token_use`): an ID token (`aud` =
 * the app client) for a method without scopes, an access token (`client_id`, `scope`) with one
 * of the method's scopes otherwise. A token from another OIDC issuer has no `token_use`; it is
 * judged as AWS's JWT authorizers judge any issuer's tokens: the scopes from `scope` (space
 * separated) or `scp` (a list), the client from `client_id`, `azp` or `aud`.
 */
function checkUse(claims: Record<string, unknown>, pool: Readonly<UserPoolConfig>, scopes: readonly string[] | undefined, validation: RegExp | undefined): string | undefined {
  const cognito = claims.token_use !== undefined
  if (cognito && claims.token_use !== (scopes ? 'access' : 'id')) {
    return scopes ? 'an access token is required for a method with authorization scopes' : 'an ID token is required for a method without authorization scopes'
  }
  if (scopes && !scopes.some((s) => grantedScopes(claims).includes(s))) return 'the token has none of the method\'s scopes'
  const clients = cognito ? asList(scopes ? claims.client_id : claims.aud) : asList(claims.client_id ?? claims.azp ?? claims.aud)
  if (clients.length === 0) return 'no client in the token (aud / client_id)'
  if (pool.audience && !clients.some((c) => pool.audience!.includes(c))) return 'token audience not accepted'
  if (validation && !clients.some((c) => validation.test(c))) return 'token audience does not match the identity validation expression'
  return undefined
}

function grantedScopes(claims: Record<string, unknown>): string[] {
  if (typeof claims.scope === 'string') return claims.scope.split(' ')
  return asList(claims.scp)
}

function asList(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

const DATE_CLAIMS = new Set(['exp', 'iat', 'auth_time', 'nbf'])
/**
 * Claims as a REST API passes them on: every value a string, the time claims as Java's
 * Date.toString in UTC (`Sun Nov 22 01:00:00 UTC 2026`), lists comma-joined.
 */
function stringifyClaims(claims: Record<string, unknown>): Readonly<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(claims)) {
    if (DATE_CLAIMS.has(name) && typeof value === 'number') out[name] = javaDate(new Date(value * 1000))
    else if (Array.isArray(value)) out[name] = value.join(',')
    else out[name] = typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)
  }
  return Object.freeze(out)
}
