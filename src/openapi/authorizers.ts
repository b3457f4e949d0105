import type { AuthorizationType, Authorizer, AuthorizerType } from '../model/index.ts'
import type { ImportContext } from './context.ts'
import { compact, isObject, type JsonObject } from './json.ts'
import { child } from './problems.ts'

const AUTHORIZER_TYPES: Record<string, AuthorizerType> = { token: 'TOKEN', request: 'REQUEST', cognito_user_pools: 'COGNITO_USER_POOLS' }

/** What a security scheme means to API Gateway. */
export type Scheme = { kind: 'authorizer'; authorizer: Authorizer } | { kind: 'sigv4' } | { kind: 'apiKey' } | { kind: 'ignored' }

export interface SecuritySchemes {
  byName: Map<string, Scheme>
  authorizers: Authorizer[]
}

/** The parts of a Method that its `security` decides. */
export interface MethodAuth {
  authorizationType: AuthorizationType
  authorizerId?: string
  apiKeyRequired: boolean
  authorizationScopes?: string[]
}

/**
 * Security schemes (`securityDefinitions` / `components.securitySchemes`): a scheme with
 * `x-amazon-apigateway-authorizer` is a Lambda or Cognito authorizer; `x-amazon-apigateway-authtype:
 * awsSigv4` means AWS_IAM; an `x-api-key` header apiKey scheme means "API key required".
 */
export function importSecuritySchemes(ctx: ImportContext): SecuritySchemes {
  const base = ctx.version === 'swagger2' ? '/securityDefinitions' : '/components/securitySchemes'
  const raw = ctx.version === 'swagger2' ? ctx.doc.securityDefinitions : isObject(ctx.doc.components) ? ctx.doc.components.securitySchemes : undefined
  const byName = new Map<string, Scheme>()
  const authorizers: Authorizer[] = []
  if (raw !== undefined && !isObject(raw)) ctx.problems.error(base, 'Security schemes must be an object')
  for (const [name, scheme] of Object.entries(isObject(raw) ? raw : {})) {
    const at = child(base, name)
    if (!isObject(scheme)) {
      ctx.problems.error(at, 'A security scheme must be an object')
      continue
    }
    const authtype = scheme['x-amazon-apigateway-authtype']
    if (scheme['x-amazon-apigateway-authorizer'] !== undefined) {
      const authorizer = importAuthorizer(ctx, name, scheme, at)
      if (authorizer) authorizers.push(authorizer)
      // a broken authorizer is reported once, here, not again at every method that uses it
      byName.set(name, authorizer ? { kind: 'authorizer', authorizer } : { kind: 'ignored' })
    } else if (typeof authtype === 'string' && authtype.toLowerCase() === 'awssigv4') {
      byName.set(name, { kind: 'sigv4' })
    } else if (scheme.type === 'apiKey' && scheme.in === 'header' && String(scheme.name).toLowerCase() === 'x-api-key') {
      byName.set(name, { kind: 'apiKey' })
    } else {
      ctx.problems.warn(at, `Security scheme '${name}' has no API Gateway meaning and was ignored`)
      byName.set(name, { kind: 'ignored' })
    }
  }
  return { byName, authorizers }
}

function importAuthorizer(ctx: ImportContext, name: string, scheme: JsonObject, at: string): Authorizer | undefined {
  const ext = scheme['x-amazon-apigateway-authorizer']
  const eat = child(at, 'x-amazon-apigateway-authorizer')
  if (!isObject(ext)) {
    ctx.problems.error(eat, 'x-amazon-apigateway-authorizer must be an object')
    return undefined
  }
  const before = ctx.problems.errors.length
  const type = typeof ext.type === 'string' ? AUTHORIZER_TYPES[ext.type.toLowerCase()] : undefined
  if (!type) ctx.problems.error(child(eat, 'type'), `Invalid authorizer type: ${JSON.stringify(ext.type)}. Valid options are token,request,cognito_user_pools`)

  const uri = ext.authorizerUri
  if ((type === 'TOKEN' || type === 'REQUEST') && typeof uri !== 'string') {
    ctx.problems.error(child(eat, 'authorizerUri'), `Missing authorizerUri for a ${type} authorizer`)
  }
  const arns = ext.providerARNs
  const arnsOk = Array.isArray(arns) && arns.length > 0 && arns.every((a) => typeof a === 'string')
  if (type === 'COGNITO_USER_POOLS' && !arnsOk) {
    ctx.problems.error(child(eat, 'providerARNs'), 'A cognito_user_pools authorizer needs providerARNs, a non-empty array of user pool ARNs')
  }
  let ttl: number | undefined
  if (ext.authorizerResultTtlInSeconds !== undefined) {
    ttl = Number(ext.authorizerResultTtlInSeconds)
    if (!Number.isInteger(ttl) || ttl < 0 || ttl > 3600) {
      ctx.problems.error(child(eat, 'authorizerResultTtlInSeconds'), 'authorizerResultTtlInSeconds must be an integer between 0 and 3600')
    }
  }
  let identitySource = typeof ext.identitySource === 'string' ? ext.identitySource : undefined
  if (identitySource === undefined && type !== 'REQUEST' && scheme.in === 'header' && typeof scheme.name === 'string') {
    identitySource = `method.request.header.${scheme.name}`
  }
  if (ctx.problems.errors.length > before || !type) return undefined
  const authtype = scheme['x-amazon-apigateway-authtype']
  return compact<Authorizer>({
    id: ctx.ids.authorizer(name),
    name,
    type,
    providerARNs: arnsOk ? [...(arns as string[])] : undefined,
    authType: typeof authtype === 'string' ? authtype : undefined,
    authorizerUri: typeof uri === 'string' ? uri : undefined,
    authorizerCredentials: typeof ext.authorizerCredentials === 'string' ? ext.authorizerCredentials : undefined,
    identitySource,
    identityValidationExpression: typeof ext.identityValidationExpression === 'string' ? ext.identityValidationExpression : undefined,
    authorizerResultTtlInSeconds: ttl,
  })
}

/**
 * A method's authorization from its `security` (else the document's): requirements are unioned,
 * since API Gateway has one authorization type per method plus an API-key flag.
 */
export function methodAuth(ctx: ImportContext, schemes: SecuritySchemes, operation: JsonObject, at: string): MethodAuth {
  const own = operation.security !== undefined
  const security = own ? operation.security : ctx.doc.security
  const sat = own ? child(at, 'security') : '/security'
  const result: MethodAuth = { authorizationType: 'NONE', apiKeyRequired: false }
  const auth = operation['x-amazon-apigateway-auth']
  if (isObject(auth) && typeof auth.type === 'string' && auth.type.toUpperCase() === 'AWS_IAM') result.authorizationType = 'AWS_IAM'
  if (security === undefined) return result
  if (!Array.isArray(security)) {
    ctx.problems.error(sat, 'security must be an array of security requirements')
    return result
  }
  security.forEach((requirement, i) => {
    for (const [name, scopes] of Object.entries(isObject(requirement) ? requirement : {})) {
      const scheme = schemes.byName.get(name)
      if (!scheme) {
        ctx.problems.error(child(sat, i, name), `Invalid security requirement: '${name}' is not a defined security scheme`)
        continue
      }
      if (scheme.kind === 'apiKey') result.apiKeyRequired = true
      if (scheme.kind !== 'sigv4' && scheme.kind !== 'authorizer') continue
      const type: AuthorizationType =
        scheme.kind === 'sigv4' ? 'AWS_IAM' : scheme.authorizer.type === 'COGNITO_USER_POOLS' ? 'COGNITO_USER_POOLS' : 'CUSTOM'
      const authorizerId = scheme.kind === 'authorizer' ? scheme.authorizer.id : undefined
      if (result.authorizationType !== 'NONE' && (result.authorizationType !== type || result.authorizerId !== authorizerId)) {
        ctx.problems.error(child(sat, i, name), 'A method can use only one authorizer (or AWS_IAM)')
        continue
      }
      result.authorizationType = type
      if (authorizerId) result.authorizerId = authorizerId
      if (type === 'COGNITO_USER_POOLS' && Array.isArray(scopes) && scopes.length > 0) {
        result.authorizationScopes = scopes.filter((s): s is string => typeof s === 'string')
      }
    }
  })
  return result
}
