import type { GatewayResponseType } from '../model/index.ts'
import type { GatewayError } from './types.ts'

/**
 * AWS's 21 gateway response types with their default status, default message and
 * `x-amzn-ErrorType`. Sources and confidence per row: docs/errors.md.
 */
export interface CatalogueEntry {
  readonly statusCode: number
  /** `$context.error.message` when the stage that failed gives none; null renders `{"message":null}` */
  readonly message: string | null
  readonly errorType: string
  /** which DEFAULT_* response this type inherits from when the API does not customise it */
  readonly family: 'DEFAULT_4XX' | 'DEFAULT_5XX'
  /** AWS does not apply customisations to this type (REQUEST_TOO_LARGE) */
  readonly fixed?: boolean
}

const entry = (statusCode: number, message: string | null, errorType: string, fixed?: boolean): CatalogueEntry =>
  Object.freeze({ statusCode, message, errorType, family: statusCode >= 500 ? 'DEFAULT_5XX' : 'DEFAULT_4XX', ...(fixed ? { fixed } : {}) })

export const GATEWAY_RESPONSE_CATALOGUE: Readonly<Record<GatewayResponseType, CatalogueEntry>> = Object.freeze({
  ACCESS_DENIED: entry(403, 'User is not authorized to access this resource with an explicit deny', 'AccessDeniedException'),
  API_CONFIGURATION_ERROR: entry(500, 'Internal server error', 'InternalServerErrorException'),
  AUTHORIZER_CONFIGURATION_ERROR: entry(500, null, 'AuthorizerConfigurationException'),
  AUTHORIZER_FAILURE: entry(500, 'Internal server error', 'AuthorizerFailureException'),
  BAD_REQUEST_PARAMETERS: entry(400, 'Invalid request parameters', 'BadRequestException'),
  BAD_REQUEST_BODY: entry(400, 'Invalid request body', 'BadRequestException'),
  DEFAULT_4XX: entry(400, 'Bad Request', 'BadRequestException'),
  DEFAULT_5XX: entry(500, 'Internal server error', 'InternalServerErrorException'),
  EXPIRED_TOKEN: entry(403, 'The security token included in the request is expired', 'ExpiredTokenException'),
  INTEGRATION_FAILURE: entry(504, 'Internal server error', 'InternalServerErrorException'),
  INTEGRATION_TIMEOUT: entry(504, 'Endpoint request timed out', 'InternalServerErrorException'),
  INVALID_API_KEY: entry(403, 'Forbidden', 'ForbiddenException'),
  INVALID_SIGNATURE: entry(
    403,
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    'InvalidSignatureException',
  ),
  MISSING_AUTHENTICATION_TOKEN: entry(403, 'Missing Authentication Token', 'MissingAuthenticationTokenException'),
  QUOTA_EXCEEDED: entry(429, 'Limit Exceeded', 'LimitExceededException'),
  REQUEST_TOO_LARGE: entry(413, 'Request Too Long', 'RequestTooLargeException', true),
  RESOURCE_NOT_FOUND: entry(404, 'Not Found', 'ResourceNotFoundException'),
  THROTTLED: entry(429, 'Too Many Requests', 'TooManyRequestsException'),
  UNAUTHORIZED: entry(401, 'Unauthorized', 'UnauthorizedException'),
  UNSUPPORTED_MEDIA_TYPE: entry(415, 'Unsupported Media Type', 'UnsupportedMediaTypeException'),
  WAF_FILTERED: entry(403, 'Forbidden', 'WafFilteredException'),
})

/** The default body template of every gateway response. */
export const DEFAULT_GATEWAY_RESPONSE_TEMPLATE = '{"message":$context.error.messageString}'

/** A gateway error of `type` with the catalogue's message unless one is given. */
export function gatewayError(
  type: GatewayResponseType,
  overrides: Partial<Omit<GatewayError, 'kind' | 'type'>> = {},
): GatewayError {
  return { kind: 'error', type, message: GATEWAY_RESPONSE_CATALOGUE[type].message, ...overrides }
}
