import type { GatewayError, HttpAnswer, PipelineStage, RequestContext } from '../gateway/types.ts'
import type { FunctionInvoker } from '../gateway/function-invoker.ts'
import { DEFAULT_TIMEOUT_MS, type Integration } from '../model/index.ts'
import { logging } from '../gateway/execution-log-sink.ts'
import { binaryMediaTypeTest } from './content-handling.ts'
import { completedWith, configurationError } from './errors.ts'
import { formatBody, formatMap, logMethodRequest } from './execution-log.ts'
import { addEventTraceHeader, responseTraceHeader } from './trace-headers.ts'
import { callLambda } from './lambda-call.ts'
import type { CompiledLambdaUri } from './lambda-uri.ts'
import { buildProxyEventV1 } from './proxy-event-v1.ts'
import { checkProxyResponse, decodeBase64Body } from './proxy-response.ts'
import { methodResponseHeaderFate } from './remapped-headers.ts'

export interface LambdaProxyOptions {
  integration: Integration
  target: CompiledLambdaUri
  invoker: FunctionInvoker
  binaryMediaTypes?: readonly string[]
  accountId?: string
}

/**
 * AWS_PROXY to a Lambda function: the request becomes a payload 1.0 event (proxy-event-v1.ts),
 * the function's result becomes the response (proxy-response.ts). Outcomes:
 * - a function error (threw, crashed, timed out on its own clock) or a malformed result → 502
 *   `{"message": "Internal server error"}` ("If the function runs but returns an error, or
 *   returns a response in the wrong format, API Gateway returns a 502", Lambda Developer Guide
 *   services-apigateway-errors), logged as AWS does ("Lambda execution failed with status 200
 *   due to customer function error: …" / "Execution failed due to configuration error:
 *   Malformed Lambda proxy response", execution logs quoted in serverless-heaven/serverless-webpack#314);
 * - `isBase64Encoded: true` → the body is decoded to bytes only when the first value of the
 *   client's `Accept` matches the API's binaryMediaTypes, else the base64 text is returned as is;
 *   the response's Content-Type plays no part; a body that is not base64 then → 500
 *   (AWS-recorded, LocalStack `test_aws_proxy_binary_response`);
 * - an integration `httpMethod` other than POST → 500 (AWS-recorded,
 *   `test_lambda_aws_proxy_integration_non_post_method`);
 * - invocation refused, integration timeout: see lambda-call.ts.
 */
export function lambdaProxyIntegration(options: LambdaProxyOptions): PipelineStage {
  const { integration, target, invoker } = options
  const isBinary = binaryMediaTypeTest(options.binaryMediaTypes)
  const timeoutMs = integration.timeoutInMillis > 0 ? integration.timeoutInMillis : DEFAULT_TIMEOUT_MS
  const method = (integration.httpMethod ?? 'POST').toUpperCase()

  if (!target.ok) return lambdaTargetFailure(target.uri, target.reason)
  if (method !== 'POST') {
    return function lambdaProxyIntegration(ctx) {
      logMethodRequest(ctx)
      ctx.log.push(`Execution failed due to configuration error: Lambda functions are invoked with POST, not ${method}`)
      return completedWith(ctx, { ...configurationError(), type: 'INTEGRATION_FAILURE' })
    }
  }
  const call = { invoker, target: target.target, timeoutMs }

  return async function lambdaProxyIntegration(ctx) {
    logMethodRequest(ctx)
    const event = buildProxyEventV1(ctx, { isBinary, accountId: options.accountId })
    addEventTraceHeader(ctx, event)
    const outcome = await callLambda(ctx, call, event, JSON.stringify(event), true)
    if (!outcome.ok) return outcome.answer
    const { result } = outcome

    if (result.functionError !== undefined) {
      const error = result.payload as { errorMessage?: unknown } | null
      const message = typeof error?.errorMessage === 'string' ? error.errorMessage : JSON.stringify(result.payload)
      ctx.log.push(`Lambda execution failed with status 200 due to customer function error: ${message}. Lambda request id: ${result.awsRequestId ?? ctx.requestId}`)
      return completedWith(ctx, badGateway())
    }
    const checked = checkProxyResponse(result.payload)
    if (!checked.ok) {
      ctx.log.push(`Execution failed due to configuration error: Malformed Lambda proxy response (${checked.reason})`)
      return completedWith(ctx, badGateway())
    }
    const response = checked.response

    let body: Buffer | string = response.body
    if (response.isBase64Encoded && isBinary(ctx.headers.get('accept'))) {
      const bytes = decodeBase64Body(response.body)
      if (bytes === undefined) {
        ctx.log.push('Execution failed due to configuration error: Unable to base64-decode the Lambda proxy response body')
        return completedWith(ctx, configurationError())
      }
      body = bytes
    }
    const headers = responseHeaders(response.headers)
    // the function's own X-Amzn-Trace-Id (any spelling) wins; else the request's trace
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'x-amzn-trace-id')) headers['X-Amzn-Trace-Id'] = responseTraceHeader(ctx)
    const answer: HttpAnswer = { kind: 'http', statusCode: response.statusCode, headers, body }
    if (logging(ctx)) {
      ctx.log.push(`Method response body after transformations: ${formatBody(body)}`)
      ctx.log.push(`Method response headers: ${formatMap(Object.entries(answer.headers))}`)
      ctx.log.push('Successfully completed execution')
      ctx.log.push(`Method completed with status: ${response.statusCode}`)
    }
    return answer
  }
}

/** A Lambda URI that only failed once a stage's variables filled it in: 500 on every call. */
export function lambdaTargetFailure(uri: string, reason: string): PipelineStage {
  return function lambdaTargetFailure(ctx: RequestContext) {
    logMethodRequest(ctx)
    ctx.log.push(`Endpoint request URI: ${uri}`)
    ctx.log.push(`Execution failed due to configuration error: ${reason}`)
    return completedWith(ctx, configurationError())
  }
}

/** 502 `{"message": "Internal server error"}`, rendered through DEFAULT_5XX as AWS does. */
function badGateway(): GatewayError {
  return { kind: 'error', type: 'DEFAULT_5XX', message: 'Internal server error', errorType: 'InternalServerErrorException', statusCode: 502 }
}

function responseHeaders(headers: ReadonlyArray<[string, string[]]>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [name, values] of headers) {
    const fate = methodResponseHeaderFate(name.toLowerCase())
    if (fate.action === 'drop') continue
    out[fate.action === 'rename' ? fate.name : name] = values.length === 1 ? values[0]! : values
  }
  return out
}
