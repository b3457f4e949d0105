import type { PipelineStage } from '../gateway/types.ts'
import type { FunctionInvoker } from '../gateway/function-invoker.ts'
import { HeaderMap } from '../lib/multi-map.ts'
import { DEFAULT_TIMEOUT_MS, type Integration } from '../model/index.ts'
import { completedWith, configurationError } from './errors.ts'
import { exchangeOf } from './exchange.ts'
import { formatBody } from './execution-log.ts'
import { callLambda, executedVersion, payloadJson } from './lambda-call.ts'
import type { CompiledLambdaUri } from './lambda-uri.ts'

export interface LambdaCustomOptions {
  integration: Integration
  target: CompiledLambdaUri
  invoker: FunctionInvoker
}

/**
 * The AWS (non-proxy) integration with a Lambda function, between the integration request
 * (whose template output is the event) and the integration response:
 * - the endpoint request body must be JSON, as Lambda's Invoke API requires; an empty one is
 *   sent as `{}` (guessed); anything else is refused by Lambda ("Could not parse request body
 *   into json", InvalidRequestContentException) and answered 500;
 * - the function's result is the endpoint response body, status 200, as Lambda's Invoke API
 *   answers even for a function error (`X-Amz-Function-Error`);
 * - a function error selects the integration response whose `selectionPattern` matches its
 *   `errorMessage`, else the default one; a success always selects the default response
 *   (Developer Guide handle-errors-in-lambda-integration: "Otherwise, Lambda errors are returned
 *   as 200 OK responses by default"; AWS-recorded in LocalStack `test_lambda_selection_patterns`:
 *   a success is not matched against `.+` or `200`, errors match `.*four hundred.*`);
 * - `integration.response.header.*` sees Lambda's Invoke response headers (Content-Type,
 *   X-Amz-Function-Error, X-Amz-Executed-Version).
 */
export function lambdaCustomIntegration(options: LambdaCustomOptions): PipelineStage {
  const { integration, target, invoker } = options
  const timeoutMs = integration.timeoutInMillis > 0 ? integration.timeoutInMillis : DEFAULT_TIMEOUT_MS
  const method = (integration.httpMethod ?? 'POST').toUpperCase()
  if (!target.ok) {
    const { uri, reason } = target
    return function lambdaCustomIntegration(ctx) {
      ctx.log.push(`Endpoint request URI: ${uri}`)
      ctx.log.push(`Execution failed due to configuration error: ${reason}`)
      return completedWith(ctx, configurationError())
    }
  }
  if (method !== 'POST') {
    return function lambdaCustomIntegration(ctx) {
      ctx.log.push(`Execution failed due to configuration error: Lambda functions are invoked with POST, not ${method}`)
      return completedWith(ctx, configurationError())
    }
  }
  const call = { invoker, target: target.target, timeoutMs }

  return async function lambdaCustomIntegration(ctx) {
    const exchange = exchangeOf(ctx)
    const text = (exchange.request?.body ?? ctx.body).toString('utf8')
    let payload: unknown
    try {
      payload = text.trim() === '' ? {} : JSON.parse(text)
    } catch (err) {
      ctx.log.push(`Endpoint request body after transformations: ${formatBody(text)}`)
      ctx.log.push('Lambda invocation failed with status: 400')
      ctx.log.push(`Execution failed due to configuration error: Could not parse request body into json: ${(err as Error).message}`)
      return completedWith(ctx, configurationError())
    }
    const outcome = await callLambda(ctx, call, payload, text)
    if (!outcome.ok) return outcome.answer
    const { result } = outcome

    const headers = new HeaderMap()
    headers.set('Content-Type', 'application/json')
    headers.set('X-Amz-Executed-Version', executedVersion(result, call.target))
    if (result.awsRequestId !== undefined) headers.set('x-amzn-RequestId', result.awsRequestId)
    let selectionValue: string | null = null
    if (result.functionError !== undefined) {
      headers.set('X-Amz-Function-Error', result.functionError)
      const message = (result.payload as { errorMessage?: unknown } | null)?.errorMessage
      selectionValue = typeof message === 'string' ? message : ''
      ctx.log.push(`Lambda execution failed with status 200 due to customer function error: ${selectionValue}. Lambda request id: ${result.awsRequestId ?? ctx.requestId}`)
    }
    exchange.response = { statusCode: 200, headers, body: Buffer.from(payloadJson(result.payload)), selectionValue }
    return undefined
  }
}
