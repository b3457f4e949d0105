import type { GatewayError, PipelineStage, RequestContext, StageResult } from '../gateway/types.ts'
import type { RoutePhaseInput } from '../gateway/method-phase.ts'
import type { JwksClient, SigningKey } from './jwks.ts'
import { checkTimes, decodeJwt, JwtError, verifySignature, type DecodedJwt } from './jwt.ts'
import { SignatureMemo } from './signature-memo.ts'

export interface HttpApiJwtDeps {
  jwks: JwksClient
  /** ms since the epoch; injectable for tests */
  now?: () => number
}

const IDENTITY_SOURCE = /^\$request\.(header|querystring)\.(.+)$/

/**
 * An HTTP API's JWT authorizer on one route (Developer Guide http-api-jwt-authorizer.md):
 * - the token is the identity source's value (`$request.header.Authorization` or a query
 *   parameter), with or without `Bearer `; none → 401;
 * - RSA signature with the key `kid` names in the issuer's JWKS (OIDC discovery,
 *   auth/jwks.ts), `iss` equal to the configured issuer, `aud` or `client_id` among the
 *   audiences, `exp`/`nbf`/`iat`; any failure → 401 `{"message":"Unauthorized"}` with
 *   `www-authenticate: Bearer scope="" error="invalid_token" error_description="…"` (the
 *   descriptions other than AWS's audience one are Portico's);
 * - the route's `authorizationScopes`: the token's `scope` (space-separated) or `scp` must
 *   hold one of them, else 403 `{"message":"Forbidden"}` with `error="insufficient_scope"` (unsure);
 * - allowed: `requestContext.authorizer.jwt = {claims, scopes}` for the integration.
 * Keys are cached by the JWKS client; a token's verdict is not (AWS does not document one), only
 * that its signature verified with the key the JWKS client still holds (signature-memo.ts), so a
 * client's repeated token costs no RSA verification after the first.
 */
export function httpApiJwtAuthorizer(deps: HttpApiJwtDeps, input: RoutePhaseInput): PipelineStage {
  const { authorizer, route } = input
  const where = `${route.routeKey}: authorizer ${authorizer?.authorizerId ?? route.authorizerId ?? '(none)'}`
  if (authorizer === undefined) throw new Error(`${where} does not exist`)
  if (authorizer.authorizerType !== 'JWT') throw new Error(`${where} is not a JWT authorizer`)
  const issuer = authorizer.jwtConfiguration?.issuer
  const audiences = new Set(authorizer.jwtConfiguration?.audience ?? [])
  if (issuer === undefined || issuer === '') throw new Error(`${where} has no issuer`)
  const source = IDENTITY_SOURCE.exec(authorizer.identitySource?.[0] ?? '$request.header.Authorization')
  if (source === null) throw new Error(`${where}: identity source ${JSON.stringify(authorizer.identitySource?.[0])} is neither a header nor a query parameter`)
  const [, location, name] = source as unknown as [string, 'header' | 'querystring', string]
  const required = route.authorizationScopes ?? []
  const now = deps.now ?? Date.now
  const signatures = new SignatureMemo()

  /** the checks after the key is known: synchronous, so a token whose issuer's keys are cached keeps the request synchronous */
  const decide = (ctx: RequestContext, token: string, jwt: DecodedJwt, key: SigningKey | undefined, remembered = false): StageResult => {
    if (!key || (key.alg !== undefined && key.alg !== jwt.header.alg)) return invalid(ctx, 'no signing key matches the token')
    if (!remembered && !signatures.verified(token, key.key)) {
      if (!verifySignature(jwt, key.key)) return invalid(ctx, 'the token signature is invalid')
      signatures.remember(token, key.key, jwt)
    }
    const claims = jwt.payload
    if (claims.iss !== issuer) return invalid(ctx, 'the token does not have a valid issuer')
    if (!audienceOk(claims, audiences)) return invalid(ctx, 'the token does not have a valid audience')
    const timing = checkTimes(claims, Math.floor(now() / 1000))
    if (timing !== undefined) return invalid(ctx, timing === 'token expired' ? 'the token has expired' : timing)
    const scopes = tokenScopes(claims)
    if (required.length > 0 && !required.some((s) => scopes.includes(s))) {
      return denial(ctx, 403, 'Forbidden', `Bearer scope="${required.join(' ')}" error="insufficient_scope" error_description="the token does not have the scopes the route requires"`)
    }
    ctx.authorizer = { jwt: { claims, scopes: scopes.length === 0 ? null : scopes } }
    return undefined
  }

  const fetchKeyThenDecide = async (ctx: RequestContext, token: string, jwt: DecodedJwt): Promise<StageResult> => {
    let key
    try {
      key = await deps.jwks.signingKey({ issuer }, jwt.header.kid)
    } catch (error) {
      return invalid(ctx, `could not fetch the issuer's signing keys: ${(error as Error).message}`)
    }
    return decide(ctx, token, jwt, key)
  }

  const verify = (ctx: RequestContext, token: string): StageResult | Promise<StageResult> => {
    // a token seen before, whose key the JWKS client still holds: neither decoded nor verified again
    const remembered = signatures.recall(token)
    if (remembered !== undefined) {
      const known = deps.jwks.knownKey?.(issuer, remembered.jwt.header.kid)
      if (known !== undefined && known.key === remembered.key) return decide(ctx, token, remembered.jwt, known, true)
    }
    let jwt
    try {
      jwt = decodeJwt(token)
    } catch (error) {
      if (error instanceof JwtError) return invalid(ctx, 'the token is malformed')
      throw error
    }
    const known = deps.jwks.knownKey?.(issuer, jwt.header.kid)
    return known !== undefined ? decide(ctx, token, jwt, known) : fetchKeyThenDecide(ctx, token, jwt)
  }

  return function httpApiJwtAuthorizer(ctx) {
    const values = location === 'header' ? ctx.headers.getAll(name) : ctx.query.getAll(name)
    const raw = values[values.length - 1]
    if (raw === undefined || raw.trim() === '') return denial(ctx, 401, 'Unauthorized', 'Bearer')
    return verify(ctx, raw.replace(/^Bearer\s+/i, '').trim())
  }
}

function audienceOk(claims: Record<string, unknown>, audiences: ReadonlySet<string>): boolean {
  const aud = claims.aud
  const listed = Array.isArray(aud) ? aud : [aud]
  if (listed.some((a) => typeof a === 'string' && audiences.has(a))) return true
  return typeof claims.client_id === 'string' && audiences.has(claims.client_id)
}

function tokenScopes(claims: Record<string, unknown>): string[] {
  const scope = claims.scope ?? claims.scp
  if (typeof scope === 'string') return scope.split(' ').filter((s) => s !== '')
  if (Array.isArray(scope)) return scope.filter((s): s is string => typeof s === 'string')
  return []
}

function invalid(ctx: RequestContext, description: string): GatewayError {
  return denial(ctx, 401, 'Unauthorized', `Bearer scope="" error="invalid_token" error_description="${description.replace(/"/g, "'")}"`)
}

/** `$context.authorizer.error` keeps the reason; the answer is the bare status text. */
function denial(ctx: RequestContext, statusCode: 401 | 403, message: string, wwwAuthenticate: string): GatewayError {
  ctx.authorization = { effect: 'Deny', status: statusCode }
  return {
    kind: 'error',
    type: statusCode === 401 ? 'UNAUTHORIZED' : 'ACCESS_DENIED',
    message,
    statusCode,
    headers: { 'www-authenticate': wwwAuthenticate },
  }
}
