import type { HttpAnswer } from '../gateway/types.ts'
import { jsonError } from './json-error.ts'

/**
 * What the listener answers itself, before any API's plan or instead of one, with no gateway
 * responses applied: a status, `{"message": …}` and `x-amzn-ErrorType`. Sources and confidence
 * per row: docs/errors.md ("Answers outside any API's gateway responses").
 */
export interface ListenerRefusal {
  readonly statusCode: number
  readonly message: string
  readonly errorType: string
}

const refusal = (statusCode: number, message: string, errorType: string): ListenerRefusal => Object.freeze({ statusCode, message, errorType })

export const NOT_EXECUTE_API_MESSAGE =
  'No API matches this URL. Invoke a stage as http://{apiId}.execute-api.{any-domain}:{port}/{stage}/{path} ' +
  'or http://{host}:{port}/_aws/execute-api/{apiId}/{stage}/{path}'

export const LISTENER_REFUSALS = Object.freeze({
  /** malformed HTTP */
  BAD_REQUEST: refusal(400, 'Bad Request', 'BadRequestException'),
  /** headers or the whole request not received in time */
  REQUEST_TIMEOUT: refusal(408, 'Request Timeout', 'RequestTimeoutException'),
  /** the request-target is over maxUrlLength */
  URI_TOO_LONG: refusal(414, 'Request-URI Too Long', 'RequestUriTooLongException'),
  /** header values over maxHeaderValueBytes, or request line and headers over Node's parser cap */
  HEADERS_TOO_LARGE: refusal(431, 'Request Header Fields Too Large', 'RequestHeaderFieldsTooLargeException'),
  /** no such API, its execute-api endpoint disabled, or a custom domain mapping nothing served */
  UNKNOWN_API: refusal(403, 'Forbidden', 'ForbiddenException'),
  /** a mutual TLS domain's client sent no certificate, an untrusted, expired or not-yet-valid one; or TLS below the domain's securityPolicy */
  TLS_FORBIDDEN: refusal(403, 'Forbidden', 'ForbiddenException'),
  /** a PRIVATE API asked for outside a VPC endpoint listener, or anything but a PRIVATE API through one (private-endpoints.ts) */
  ENDPOINT_FORBIDDEN: refusal(403, 'Forbidden', 'ForbiddenException'),
  /** the API exists, the stage does not (or none was given) */
  UNKNOWN_STAGE: refusal(403, 'Missing Authentication Token', 'MissingAuthenticationTokenException'),
  /** in no execute-api URL form, and not the management API's */
  NOT_EXECUTE_API: refusal(404, NOT_EXECUTE_API_MESSAGE, 'NotFoundException'),
  /** a WebSocket API's stage: stored, not served by this version */
  WEBSOCKET_API_NOT_SERVED: refusal(501, 'WebSocket APIs are not served by this version of Portico', 'NotImplementedException'),
  /** the process is saturated (event-loop-lag.ts): shed before the request is read further, as AWS throttles */
  OVERLOADED: refusal(429, 'Too Many Requests', 'TooManyRequestsException'),
  /** the listener itself failed */
  INTERNAL_ERROR: refusal(500, 'Internal server error', 'InternalServerErrorException'),
})

export type ListenerRefusalCode = keyof typeof LISTENER_REFUSALS

/** The refusal as an answer to write. */
export function refusalAnswer(code: ListenerRefusalCode): HttpAnswer {
  const { statusCode, message, errorType } = LISTENER_REFUSALS[code]
  return jsonError(statusCode, message, errorType)
}

/**
 * A request in no invoke-URL form, signed for a service other than `apigateway` (the AWS CLI's
 * `lambda`, `apigatewaymanagementapi` pointed at Portico): the NOT_EXECUTE_API refusal, saying
 * which service the signature names and what Portico serves instead.
 */
export function signedForAnotherService(service: string): HttpAnswer {
  const { statusCode, errorType } = LISTENER_REFUSALS.NOT_EXECUTE_API
  const what =
    service === 'execute-api'
      ? "This request is signed for 'execute-api' but its URL is no stage's invoke URL; the @connections API of WebSocket APIs is not served by Portico yet."
      : `This request is signed for the '${service}' service, which Portico does not serve.`
  return jsonError(statusCode, `${what} Portico serves Amazon API Gateway: its management API (requests signed for 'apigateway') and the invoke URLs of deployed stages.`, errorType)
}
