import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import type { GatewayError, RequestContext } from '../gateway/types.ts'
import { InvokeError, type FunctionInvoker, type InvokeResult } from '../gateway/function-invoker.ts'
import { completedWith, configurationError, integrationTimeout } from './errors.ts'
import { logging } from '../gateway/execution-log-sink.ts'
import { formatBody, formatMap } from './execution-log.ts'
import type { LambdaTarget } from './lambda-uri.ts'

/**
 * One call of a Lambda function by an integration (AWS_PROXY or AWS), bounded by the
 * integration timeout and logged the way AWS logs its Invoke call in the execution log
 * (`Endpoint request URI: https://lambda.{region}.amazonaws.com/2015-03-31/functions/…/invocations`,
 * the request headers with the signature masked, `Received response. Status: 200, Integration
 * latency: N ms`, AWS execution logs quoted in brefphp/bref#534 and serverless/examples#71).
 * The function's own console lines go in between, so a request's log tells its whole story.
 *
 * How the call can end, in AWS's terms:
 * - the function ran (`ok`), possibly with a function error (`result.functionError`), its own
 *   timeout included (`timedOut: 'function'`, Lambda's "Task timed out" error);
 * - the integration timeout elapsed first (our clock, or the runtime's `timedOut: 'caller'`) →
 *   504 `Endpoint request timed out` (INTEGRATION_TIMEOUT);
 * - Lambda refused the invocation (unknown function, throttled, payload too large) → 500
 *   `Internal server error`: "If the Lambda API rejects the invocation request, API Gateway
 *   returns a 500 error code" (Lambda Developer Guide, services-apigateway-errors; a throttled
 *   function behind a proxy integration answers 500, re:Post QUfI6bsdd0SOiPeyimzxSkfQ).
 */
export type LambdaCall = { ok: true; result: InvokeResult; latencyMs: number } | { ok: false; answer: GatewayError }

export interface LambdaCallOptions {
  invoker: FunctionInvoker
  target: LambdaTarget
  timeoutMs: number
}

/**
 * `payloadText` is what the execution log shows as the request body; with `payloadTextIsJson` it
 * is exactly `JSON.stringify(payload)` and the invoker takes it instead of serialising again.
 */
export async function callLambda(ctx: RequestContext, options: LambdaCallOptions, payload: unknown, payloadText: string, payloadTextIsJson = false): Promise<LambdaCall> {
  const { invoker, target, timeoutMs } = options
  const log = logging(ctx)
  if (log) logEndpointRequest(ctx, target, payloadText)

  const started = performance.now()
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs)
    timer.unref?.()
  })
  const invocation = invoker.invoke({
    functionName: target.functionName,
    qualifier: target.qualifier,
    payload,
    ...(payloadTextIsJson && { payloadJson: payloadText }),
    requestId: ctx.requestId,
    timeoutMs,
    ...(ctx.trace && { traceHeader: ctx.trace.startIntegration()['X-Amzn-Trace-Id'] }),
  })
  let outcome: InvokeResult | 'timeout'
  try {
    outcome = await Promise.race([invocation, deadline])
  } catch (err) {
    clearTimeout(timer)
    return { ok: false, answer: rejected(ctx, err) }
  } finally {
    clearTimeout(timer)
  }
  const latencyMs = Math.round(performance.now() - started)
  if (outcome === 'timeout' || callerTimedOut(outcome, latencyMs, timeoutMs)) {
    // the invocation may still settle; nobody is waiting for it any more
    invocation.catch(() => undefined)
    if (outcome !== 'timeout') for (const line of outcome.logs) ctx.log.push(line)
    ctx.integration = { ...ctx.integration, latencyMs, error: 'timeout' }
    ctx.log.push('Execution failed due to a timeout error')
    return { ok: false, answer: completedWith(ctx, integrationTimeout()) }
  }

  ctx.integration = { ...ctx.integration, status: 200, latencyMs }
  if (log) logEndpointResponse(ctx, target, outcome, latencyMs)
  return { ok: true, result: outcome, latencyMs }
}

function logEndpointResponse(ctx: RequestContext, target: LambdaTarget, outcome: InvokeResult, latencyMs: number): void {
  for (const line of outcome.logs) ctx.log.push(line)
  const text = payloadJson(outcome.payload)
  ctx.log.push(`Received response. Status: 200, Integration latency: ${latencyMs} ms`)
  const headers: Array<[string, string]> = [
    ['Date', new Date().toUTCString()],
    ['Content-Type', 'application/json'],
    ['Content-Length', String(Buffer.byteLength(text))],
    ['Connection', 'keep-alive'],
    ['x-amzn-RequestId', outcome.awsRequestId ?? randomUUID()],
  ]
  if (outcome.functionError !== undefined) headers.push(['X-Amz-Function-Error', outcome.functionError])
  headers.push(['X-Amz-Executed-Version', executedVersion(outcome, target)])
  ctx.log.push(`Endpoint response headers: ${formatMap(headers)}`)
  ctx.log.push(`Endpoint response body before transformations: ${formatBody(text)}`)
}

/** The runtime says so, or (a runtime that does not) a function error at the deadline. */
function callerTimedOut(result: InvokeResult, latencyMs: number, timeoutMs: number): boolean {
  if (result.timedOut !== undefined) return result.timedOut === 'caller'
  return result.functionError !== undefined && latencyMs >= timeoutMs
}

/** `X-Amz-Executed-Version`: what the runtime reports, else the qualifier when it is a version. */
export function executedVersion(result: InvokeResult, target: LambdaTarget): string {
  return result.executedVersion ?? (target.qualifier !== undefined && /^\d+$/.test(target.qualifier) ? target.qualifier : '$LATEST')
}

/** What Lambda's Invoke API returns as the payload: the JSON text of the result (`null` for undefined). */
export function payloadJson(payload: unknown): string {
  return payload === undefined ? 'null' : JSON.stringify(payload)
}

function logEndpointRequest(ctx: RequestContext, target: LambdaTarget, body: string): void {
  const amzDate = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')
  const sourceArn = `arn:aws:execute-api:${target.region}:${target.accountId}:${ctx.apiId}/${ctx.stageName}/${ctx.httpMethod}${ctx.route?.resourcePath ?? ctx.path}`
  ctx.log.push(`Endpoint request URI: ${target.invokeUrl}`)
  ctx.log.push(
    `Endpoint request headers: ${formatMap([
      ['x-amzn-lambda-integration-tag', ctx.requestId],
      ['Authorization', '*'.repeat(40)],
      ['X-Amz-Date', amzDate],
      ['x-amzn-apigateway-api-id', ctx.apiId],
      ['Accept', 'application/json'],
      ['User-Agent', `AmazonAPIGateway_${ctx.apiId}`],
      ['X-Amz-Source-Arn', sourceArn],
      ['Host', new URL(target.invokeUrl).host],
    ])}`,
  )
  ctx.log.push(`Endpoint request body after transformations: ${formatBody(body)}`)
  ctx.log.push(`Sending request to ${target.invokeUrl}`)
}

function rejected(ctx: RequestContext, err: unknown): GatewayError {
  if (err instanceof InvokeError) {
    // the function's concurrency (functions/admission.ts), as Lambda throttles
    if (err.type === 'TooManyRequestsException') ctx.shed = 'function-concurrency'
    ctx.log.push(`Lambda invocation failed with status: ${err.statusCode}. Lambda request id: ${randomUUID()}`)
    ctx.log.push(`Execution failed due to configuration error: ${err.type === 'TooManyRequestsException' ? 'Rate Exceeded.' : err.message}`)
    ctx.integration = { ...ctx.integration, status: err.statusCode, error: err.type }
  } else {
    ctx.log.push(`Execution failed due to configuration error: ${(err as Error)?.message ?? String(err)}`)
    ctx.integration = { ...ctx.integration, error: (err as Error)?.message ?? String(err) }
  }
  return completedWith(ctx, configurationError())
}
