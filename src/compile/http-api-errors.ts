import type { GatewayError, HttpAnswer, RequestContext } from '../gateway/types.ts'
import type { GatewayResponseType } from '../model/index.ts'
import type { Cors } from './http-api-cors.ts'

/**
 * How an HTTP API answers what the gateway itself refuses or fails: HTTP APIs have no gateway
 * responses to customise, and every such answer is `{"message":"…"}` with the status's text
 * (Developer Guide http-api-troubleshooting-*.md; `Internal Server Error` with capitals, unlike
 * REST's `Internal server error`), `apigw-requestid`, and the CORS headers for an allowed origin
 * (AWS adds them to authorizer denials, aws-sam-cli#9087; Portico to every error).
 */
const BY_TYPE: Partial<Record<GatewayResponseType, [number, string]>> = {
  MISSING_AUTHENTICATION_TOKEN: [404, 'Not Found'],
  RESOURCE_NOT_FOUND: [404, 'Not Found'],
  INTEGRATION_TIMEOUT: [503, 'Service Unavailable'],
  THROTTLED: [429, 'Too Many Requests'],
  QUOTA_EXCEEDED: [429, 'Too Many Requests'],
  UNAUTHORIZED: [401, 'Unauthorized'],
  ACCESS_DENIED: [403, 'Forbidden'],
  INVALID_SIGNATURE: [403, 'Forbidden'],
  EXPIRED_TOKEN: [403, 'Forbidden'],
  INVALID_API_KEY: [403, 'Forbidden'],
  WAF_FILTERED: [403, 'Forbidden'],
  REQUEST_TOO_LARGE: [413, 'Request Entity Too Large'],
  BAD_REQUEST_PARAMETERS: [400, 'Bad Request'],
  BAD_REQUEST_BODY: [400, 'Bad Request'],
  DEFAULT_4XX: [400, 'Bad Request'],
  UNSUPPORTED_MEDIA_TYPE: [415, 'Unsupported Media Type'],
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  413: 'Request Entity Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
}

export function httpApiErrorRenderer(cors: Cors | undefined): (error: GatewayError, ctx: RequestContext) => HttpAnswer {
  return function renderHttpApiError(error, ctx) {
    const [statusCode, message] = statusAndMessage(error)
    // an error before any route ran (no route matched): still an HTTP API's answer, without REST's ids
    ctx.sink.omitRequestIds()
    const headers: Record<string, string> = { 'Content-Type': 'application/json', 'apigw-requestid': ctx.requestId, ...error.headers }
    if (cors !== undefined) for (const [name, value] of cors.headers(ctx)) headers[name] = value
    return { kind: 'http', statusCode, headers, body: JSON.stringify({ message }) }
  }
}

function statusAndMessage(error: GatewayError): [number, string] {
  const known = BY_TYPE[error.type]
  if (error.keepMessage === true && error.message !== null) return [error.statusCode ?? known?.[0] ?? 500, error.message]
  // a stage that chose its status (the integration's 503 when no connection is free) keeps it
  const statusCode = error.statusCode ?? known?.[0] ?? 500
  if (known !== undefined && known[0] === statusCode) return known
  return [statusCode, STATUS_TEXT[statusCode] ?? (statusCode >= 500 ? 'Internal Server Error' : 'Bad Request')]
}
