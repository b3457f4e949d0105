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

/** A member of the wrong JSON type: a SerializationException, as AWS's Coral front end answers. */
export const serializationError = (member: string): ApiError => new ApiError('SerializationException', `Unexpected value type for member '${member}'`)

/** AWS's ConflictException text for a lost update (a concurrent writer changed what was read). */
export const CONCURRENT_MODIFICATION = 'Unable to complete operation due to concurrent modification. Please try again later.'

/** a lost update, as AWS answers it */
export const concurrentModification = (): ApiError => conflict(CONCURRENT_MODIFICATION)
