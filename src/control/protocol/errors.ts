/**
 * Control-plane errors as AWS sends them: an HTTP status, the exception name in
 * `x-amzn-ErrorType`, and `{"message": "..."}`. Messages use AWS's exact texts where known
 * (../shared/reference/aws-apigateway.md §2.2).
 */
export type ApiErrorType =
  | 'BadRequestException'
  | 'UnauthorizedException'
  | 'NotFoundException'
  | 'ConflictException'
  | 'LimitExceededException'
  | 'TooManyRequestsException'
  | 'ServiceUnavailableException'
  | 'ValidationException'
  | 'SerializationException'
  | 'UnknownOperationException'
  | 'MissingAuthenticationTokenException'
  | 'UnrecognizedClientException'
  | 'InvalidSignatureException'
  | 'IncompleteSignatureException'
  | 'AccessDeniedException'
  | 'RequestEntityTooLargeException'
  | 'InternalFailure'

const STATUS: Record<ApiErrorType, number> = {
  BadRequestException: 400,
  UnauthorizedException: 401,
  NotFoundException: 404,
  ConflictException: 409,
  LimitExceededException: 429,
  TooManyRequestsException: 429,
  ServiceUnavailableException: 503,
  ValidationException: 400,
  SerializationException: 400,
  UnknownOperationException: 404,
  // SigV4 failures: AWS answers all of them 403
  MissingAuthenticationTokenException: 403,
  UnrecognizedClientException: 403,
  InvalidSignatureException: 403,
  IncompleteSignatureException: 403,
  AccessDeniedException: 403,
  RequestEntityTooLargeException: 413,
  InternalFailure: 500,
}

export class ApiError extends Error {
  readonly status: number
  constructor(
    readonly type: ApiErrorType,
    message: string,
  ) {
    super(message)
    this.name = type
    this.status = STATUS[type]
  }
}

export const badRequest = (message: string): ApiError => new ApiError('BadRequestException', message)
export const notFound = (message: string): ApiError => new ApiError('NotFoundException', message)
export const conflict = (message: string): ApiError => new ApiError('ConflictException', message)

/**
 * A member of the wrong JSON type: a SerializationException, as AWS's Coral front end answers.
 * Where a string was expected and a boolean or a number came, AWS's own Java texts (recorded:
 * LocalStack's snapshots test_put_integration_request_parameter_bool_type,
 * test_integration_response_invalid_responsetemplate); other mismatches get Portico's text
 * naming the member (AWS's are unknown).
 */
export const serializationError = (member: string, found?: unknown, expected?: 'string'): ApiError => {
  if (expected === 'string' && typeof found === 'boolean') return new ApiError('SerializationException', 'class java.lang.Boolean can not be converted to an String')
  if (expected === 'string' && typeof found === 'number') {
    return new ApiError('SerializationException', 'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String')
  }
  return new ApiError('SerializationException', `Unexpected value type for member '${member}'`)
}

/** AWS's ConflictException text for a lost update (a concurrent writer changed what was read). */
export const CONCURRENT_MODIFICATION = 'Unable to complete operation due to concurrent modification. Please try again later.'

/** a lost update, as AWS answers it */
export const concurrentModification = (): ApiError => conflict(CONCURRENT_MODIFICATION)
