/**
 * The contract between the integrations (AWS_PROXY, AWS, later Lambda authorizers) and whatever
 * runs a function: the local worker-thread runtime or a remote Lambda Invoke API endpoint.
 */
export interface InvokeRequest {
  /** function name as in the registry (the `function:{name}` part of the ARN) */
  functionName: string
  /** version or alias (`:{qualifier}` in the ARN); undefined = $LATEST */
  qualifier?: string
  /** the event, JSON-serialisable */
  payload: unknown
  /** `JSON.stringify(payload)`, when the caller has it already: it is not serialised again */
  payloadJson?: string
  /** the API Gateway request id; becomes part of the log lines */
  requestId: string
  /** the caller's deadline (e.g. the 29 s integration timeout); the function's own timeout also applies */
  timeoutMs: number
  /** `X-Amzn-Trace-Id` of a traced request: the function sees it as `_X_AMZN_TRACE_ID` */
  traceHeader?: string
}

export interface InvokeResult {
  /** what the handler returned (JSON value), or the error object Lambda reports */
  payload: unknown
  /**
   * set when the invocation failed, as Lambda's `X-Amz-Function-Error`: 'Unhandled' (threw,
   * crashed, timed out) or 'Handled'; payload then is `{errorMessage, errorType, stackTrace?}`
   */
  functionError?: 'Handled' | 'Unhandled'
  /** console output of this invocation, for the execution log */
  logs: string[]
  /** time spent in the function, ms */
  durationMs: number
  /** Lambda's request id for this invocation (`x-amzn-RequestId` of the Invoke response; `context.awsRequestId`) */
  awsRequestId?: string
  /** `X-Amz-Executed-Version`: `$LATEST` or the version number an alias resolved to */
  executedVersion?: string
  /**
   * set when the invocation was cut off: 'function' — the function's own timeout (Lambda's
   * `Task timed out` error, a function error); 'caller' — InvokeRequest.timeoutMs came first
   * (e.g. API Gateway's 29 s integration timeout, which AWS answers with 504). The payload is
   * Lambda's timeout error document either way.
   */
  timedOut?: 'function' | 'caller'
}

export interface FunctionInvoker {
  /** undefined when no such function (or qualifier) is known */
  has(functionName: string, qualifier?: string): boolean
  /**
   * Rejects with InvokeError for conditions Lambda answers as API errors (unknown function →
   * ResourceNotFoundException 404, concurrency limit → TooManyRequestsException 429, payload
   * too large → RequestEntityTooLargeException 413); a handler's own failure resolves with
   * `functionError` set.
   */
  invoke(request: InvokeRequest): Promise<InvokeResult>
  close(): Promise<void>
}

export class InvokeError extends Error {
  constructor(
    /** Lambda's exception name, e.g. `ResourceNotFoundException`, `TooManyRequestsException` */
    readonly type: string,
    readonly statusCode: number,
    message: string,
  ) {
    super(message)
    this.name = type
  }
}
