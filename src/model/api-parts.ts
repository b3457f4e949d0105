/** The smaller parts of a REST API: models, validators, gateway responses, authorizers. */

export interface Model {
  id: string
  name: string
  description?: string
  /** JSON schema draft 4, as a string (AWS stores and returns it as text) */
  schema?: string
  contentType: string
}

export interface RequestValidator {
  id: string
  name?: string
  validateRequestBody: boolean
  validateRequestParameters: boolean
}

export const GATEWAY_RESPONSE_TYPES = [
  'ACCESS_DENIED',
  'API_CONFIGURATION_ERROR',
  'AUTHORIZER_CONFIGURATION_ERROR',
  'AUTHORIZER_FAILURE',
  'BAD_REQUEST_PARAMETERS',
  'BAD_REQUEST_BODY',
  'DEFAULT_4XX',
  'DEFAULT_5XX',
  'EXPIRED_TOKEN',
  'INTEGRATION_FAILURE',
  'INTEGRATION_TIMEOUT',
  'INVALID_API_KEY',
  'INVALID_SIGNATURE',
  'MISSING_AUTHENTICATION_TOKEN',
  'QUOTA_EXCEEDED',
  'REQUEST_TOO_LARGE',
  'RESOURCE_NOT_FOUND',
  'THROTTLED',
  'UNAUTHORIZED',
  'UNSUPPORTED_MEDIA_TYPE',
  'WAF_FILTERED',
] as const
export type GatewayResponseType = (typeof GATEWAY_RESPONSE_TYPES)[number]

export interface GatewayResponse {
  responseType: GatewayResponseType
  statusCode?: string
  /** `gatewayresponse.header.<name>` → `method.request.*` | `'static'` | `context.*` | `stageVariables.*` */
  responseParameters?: Record<string, string>
  /** content type → template (not VTL: simple `$context`/`$stageVariables` substitution) */
  responseTemplates?: Record<string, string>
  defaultResponse: boolean
}

export type AuthorizerType = 'TOKEN' | 'REQUEST' | 'COGNITO_USER_POOLS'

export interface Authorizer {
  id: string
  name: string
  type: AuthorizerType
  providerARNs?: string[]
  authType?: string
  authorizerUri?: string
  authorizerCredentials?: string
  identitySource?: string
  identityValidationExpression?: string
  authorizerResultTtlInSeconds?: number
}
