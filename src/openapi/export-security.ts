import type { RestApiDefinition, Authorizer, Method } from '../model/index.ts'
import { compact } from './json.ts'

export const API_KEY_SCHEME = 'api_key'
export const SIGV4_SCHEME = 'sigv4'

/**
 * Security schemes as AWS exports them: `api_key` (the `x-api-key` header) when a method needs a
 * key, `sigv4` (`x-amazon-apigateway-authtype: awsSigv4`) when one uses AWS_IAM, and one apiKey-typed
 * scheme per authorizer, named after it, with `x-amazon-apigateway-authorizer` when asked for.
 */
export function exportSecuritySchemes(definition: RestApiDefinition, withAuthorizers: boolean): Record<string, unknown> {
  const methods = definition.resources.flatMap((r) => Object.values(r.resourceMethods ?? {}))
  const schemes: Record<string, unknown> = {}
  if (methods.some((m) => m.apiKeyRequired)) schemes[API_KEY_SCHEME] = { type: 'apiKey', name: 'x-api-key', in: 'header' }
  if (methods.some((m) => m.authorizationType === 'AWS_IAM')) {
    schemes[SIGV4_SCHEME] = { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' }
  }
  for (const authorizer of definition.authorizers) schemes[authorizer.name] = authorizerScheme(authorizer, withAuthorizers)
  return schemes
}

function authorizerScheme(a: Authorizer, withExtension: boolean): Record<string, unknown> {
  const header = /^method\.request\.header\.([^,\s]+)$/.exec(a.identitySource ?? '')?.[1]
  return compact({
    type: 'apiKey',
    name: header ?? 'Unused',
    in: 'header',
    'x-amazon-apigateway-authtype': a.authType,
    'x-amazon-apigateway-authorizer': withExtension
      ? compact({
          type: a.type.toLowerCase(),
          authorizerUri: a.authorizerUri,
          authorizerCredentials: a.authorizerCredentials,
          identitySource: a.identitySource,
          identityValidationExpression: a.identityValidationExpression,
          authorizerResultTtlInSeconds: a.authorizerResultTtlInSeconds,
          providerARNs: a.providerARNs && [...a.providerARNs],
        })
      : undefined,
  })
}

/** A method's `security`: one requirement object per mechanism, as AWS writes them. */
export function methodSecurity(method: Method, definition: RestApiDefinition): Array<Record<string, string[]>> | undefined {
  const security: Array<Record<string, string[]>> = []
  if (method.authorizationType === 'AWS_IAM') security.push({ [SIGV4_SCHEME]: [] })
  if (method.authorizationType === 'CUSTOM' || method.authorizationType === 'COGNITO_USER_POOLS') {
    const authorizer = definition.authorizers.find((a) => a.id === method.authorizerId)
    if (authorizer) security.push({ [authorizer.name]: [...(method.authorizationScopes ?? [])] })
  }
  if (method.apiKeyRequired) security.push({ [API_KEY_SCHEME]: [] })
  return security.length > 0 ? security : undefined
}
