import type { GatewayError, RequestContext } from '../gateway/types.ts'

/**
 * An integration configuration that AWS would refuse at PutIntegration / CreateDeployment time
 * (bad URI, unparsable template, bad mapping expression, bad selection pattern). Thrown by
 * `integrationStages()` at compile time, never on the request path.
 */
export class IntegrationConfigError extends Error {
  override readonly name = 'IntegrationConfigError'
}

const INTERNAL = 'InternalServerErrorException'

/**
 * The 500 `{"message": "Internal server error"}` AWS answers when the integration is
 * misconfigured at run time (no matching integration response, missing method response,
 * unreachable endpoint). AWS-recorded responses carry `x-amzn-ErrorType:
 * InternalServerErrorException` (LocalStack's AWS-validated snapshots, TestInvokeMethod with an
 * invalid endpoint address).
 */
export function configurationError(): GatewayError {
  return {
    kind: 'error',
    type: 'API_CONFIGURATION_ERROR',
    message: 'Internal server error',
    errorType: INTERNAL,
    statusCode: 500,
  }
}

/** `timeoutInMillis` elapsed: 504 `Endpoint request timed out` (AWS knowledge center, api-gateway-504-errors). */
export function integrationTimeout(): GatewayError {
  return { kind: 'error', type: 'INTEGRATION_TIMEOUT', message: 'Endpoint request timed out', errorType: INTERNAL }
}

/**
 * The backend broke the exchange after the connection was made (reset, TLS failure, oversize
 * body). AWS logs "Execution failed due to a network error communicating with endpoint" and
 * answers 500 Internal server error (LocalStack's emulation; not AWS-recorded: guessed).
 */
export function integrationFailure(): GatewayError {
  return {
    kind: 'error',
    type: 'INTEGRATION_FAILURE',
    message: 'Internal server error',
    errorType: INTERNAL,
    statusCode: 500,
  }
}

/**
 * A path parameter's value would put a `.` or `..` segment into the endpoint path
 * (endpoint-uri.ts), which the backend would resolve out of the integration's path: 400
 * BAD_REQUEST_PARAMETERS, before anything is sent (Portico's choice; AWS's answer is not
 * documented).
 */
export function dotSegmentInPath(ctx: RequestContext): GatewayError {
  ctx.log.push('Execution failed: a path parameter value would form a "." or ".." segment in the endpoint path')
  return completedWith(ctx, { kind: 'error', type: 'BAD_REQUEST_PARAMETERS', message: 'Invalid request parameters', statusCode: 400 })
}

/**
 * No connection to the backend would be free before the integration timeout (or too many calls
 * already wait for one: upstream-admission.ts): 503 at once, typed INTEGRATION_FAILURE so the
 * API's INTEGRATION_FAILURE / DEFAULT_5XX gateway responses render it and it counts as a 5XX
 * integration failure. AWS has no counterpart (its backend connections are not capped in a
 * documented way): the status says "try again later", which the AWS SDKs and most clients
 * retry; Portico's choice.
 */
export function integrationBusy(): GatewayError {
  return {
    kind: 'error',
    type: 'INTEGRATION_FAILURE',
    message: 'Service Unavailable',
    errorType: 'ServiceUnavailableException',
    statusCode: 503,
  }
}

/** passthroughBehavior rejected the request's content type. */
export function unsupportedMediaType(): GatewayError {
  return { kind: 'error', type: 'UNSUPPORTED_MEDIA_TYPE', message: 'Unsupported Media Type' }
}

/** Status a gateway error is logged with before the API's gateway responses render it. */
export function defaultStatusOf(error: GatewayError): number {
  if (error.statusCode !== undefined) return error.statusCode
  switch (error.type) {
    case 'INTEGRATION_TIMEOUT':
    case 'INTEGRATION_FAILURE':
      return 504
    case 'UNSUPPORTED_MEDIA_TYPE':
      return 415
    default:
      return 500
  }
}

/**
 * A `method.request.body.<JSONPath>` mapping met a payload that looks like JSON but is not: 400
 * "Invalid JSON in request body" (LocalStack's reading of AWS; unsure).
 */
export function invalidJsonBody(ctx: RequestContext): GatewayError {
  ctx.log.push('Execution failed: Invalid JSON in request body')
  return completedWith(ctx, { kind: 'error', type: 'BAD_REQUEST_BODY', message: 'Invalid JSON in request body', statusCode: 400 })
}

/** Logs the closing line AWS writes for a failed call and passes the error on. */
export function completedWith(ctx: RequestContext, error: GatewayError): GatewayError {
  ctx.log.push(`Method completed with status: ${defaultStatusOf(error)}`)
  return error
}
