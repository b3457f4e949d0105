import type { FunctionInvoker } from '../../gateway/function-invoker.ts'
import type { GatewayError, HttpAnswer, PipelineStage, RequestContext } from '../../gateway/types.ts'
import { completedWith } from '../errors.ts'
import { callLambda } from '../lambda-call.ts'
import type { CompiledLambdaUri } from '../lambda-uri.ts'
import { buildProxyEventV1, proxyEventHeaders, proxyEventQuery } from '../proxy-event-v1.ts'
import { buildProxyEventV2, type ProxyEventV2 } from '../proxy-event-v2.ts'
import { forwardingHeaders } from './forwarding.ts'
import { stagePath } from './context.ts'
import { checkLambdaResponse } from './lambda-response.ts'
import { compileHttpApiRequestParameters, type HttpApiRequestMapping } from './parameter-mapping.ts'

const NO_MAPPING = compileHttpApiRequestParameters(undefined, '')

export interface HttpApiLambdaOptions {
  target: CompiledLambdaUri
  invoker: FunctionInvoker
  /** 50–30000 ms */
  timeoutMs: number
  payloadFormatVersion: '1.0' | '2.0'
  mapping: HttpApiRequestMapping
  accountId?: string
}

/** Content types whose body a 2.0 or 1.0 event carries as text; everything else goes base64. */
const TEXT_TYPES = new Set(['application/json', 'application/xml', 'application/javascript'])

/**
 * AWS_PROXY to a Lambda function on an HTTP API. The event is payload 2.0 (proxy-event-v2.ts) or
 * 1.0 (REST's event plus `version`, proxy-event-v1.ts), built from the request after parameter
 * mapping (headers, query string, `overwrite:path` → 2.0 `rawPath`, 1.0 `path`). The result becomes the
 * response as lambda-response.ts reads it. Outcomes, as HTTP APIs answer them
 * (http-api-troubleshooting-lambda.md):
 * - the function failed (threw, crashed, timed out on its own clock) or returned a malformed
 *   response → 500 `{"message":"Internal Server Error"}`, the reason in `$context.integrationErrorMessage`;
 * - the integration timeout elapsed → 503 `{"message":"Service Unavailable"}`;
 * - the invocation was refused (unknown function, throttled) → 500.
 * The body is text in the event only for `text/*`, `application/json`, `application/xml` and
 * `application/javascript`; any other type, or none, goes base64 (HTTP APIs have no binaryMediaTypes).
 */
export function httpApiLambdaIntegration(options: HttpApiLambdaOptions): PipelineStage {
  const { target, invoker, timeoutMs, payloadFormatVersion, mapping } = options
  if (!target.ok) {
    const reason = target.reason
    return function httpApiLambdaIntegration(ctx) {
      ctx.log.push(`Execution failed due to configuration error: ${reason}`)
      return failure(ctx, reason)
    }
  }
  const call = { invoker, target: target.target, timeoutMs }

  return async function httpApiLambdaIntegration(ctx) {
    const event = httpApiLambdaEvent(ctx, payloadFormatVersion, mapping, options.accountId)
    const outcome = await callLambda(ctx, call, event, JSON.stringify(event), true)
    if (!outcome.ok) return outcome.answer
    const { result } = outcome
    if (result.functionError !== undefined) {
      const error = result.payload as { errorMessage?: unknown } | null
      const message = typeof error?.errorMessage === 'string' ? error.errorMessage : JSON.stringify(result.payload)
      ctx.log.push(`Lambda execution failed with status 200 due to customer function error: ${message}`)
      return failure(ctx, `The Lambda function returned an error: ${message}`)
    }
    const checked = checkLambdaResponse(result.payload, payloadFormatVersion)
    if (!checked.ok) {
      ctx.log.push(`Execution failed due to configuration error: Malformed Lambda proxy response (${checked.reason})`)
      return failure(ctx, `The response from the Lambda function doesn't match the format that API Gateway expects. ${checked.reason}`)
    }
    const { statusCode, headers, body } = checked.response
    const out: Record<string, string | string[]> = {}
    for (const [name, value] of headers) {
      const previous = out[name]
      out[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value]
    }
    return { kind: 'http', statusCode, headers: out, body } satisfies HttpAnswer
  }
}

/** 500 `Internal Server Error`, the reason kept for `$context.integrationErrorMessage`. */
function failure(ctx: RequestContext, reason: string): GatewayError {
  ctx.integration = { ...ctx.integration, error: reason }
  return completedWith(ctx, { kind: 'error', type: 'INTEGRATION_FAILURE', message: 'Internal Server Error', statusCode: 500 })
}

/**
 * The event a Lambda function gets for an HTTP API request, in either payload format, after the
 * integration's parameter mapping (http-api-parameter-mapping.md maps "before they reach your
 * backend integrations", whatever the format); a Lambda authorizer's event is built from it too
 * (main.ts hands this to auth/, without a mapping).
 */
export function httpApiLambdaEvent(ctx: RequestContext, version: '1.0' | '2.0', mapping: HttpApiRequestMapping | undefined, accountId: string | undefined): Record<string, unknown> {
  return version === '2.0' ? (eventV2(ctx, mapping, accountId) as unknown as Record<string, unknown>) : eventV1(ctx, mapping, accountId)
}

function eventV2(ctx: RequestContext, mapping: HttpApiRequestMapping | undefined, accountId: string | undefined): ProxyEventV2 {
  const mapped = mapping?.apply(ctx) ?? NO_MAPPING.apply(ctx)
  for (const [name, value] of forwardingHeaders(ctx)) mapped.headers.set(name, value)
  const rawQuery = mapping === undefined || mapping.empty ? ctx.rawQuery : encodeQuery(mapped.query.entries())
  return buildProxyEventV2({
    routeKey: ctx.route?.routeKey ?? '$default',
    httpMethod: ctx.httpMethod,
    rawPath: mapped.path ?? stagePath(ctx),
    rawQuery,
    query: mapped.query,
    headers: mapped.headers,
    body: ctx.body,
    binary: !isTextType(ctx.headers.get('content-type')),
    pathParameters: ctx.pathParameters,
    stageVariables: ctx.stageVariables,
    apiId: ctx.apiId,
    stage: ctx.stageName,
    requestId: ctx.requestId,
    requestTimeEpoch: ctx.requestTimeEpoch,
    domainName: ctx.domainName,
    sourceIp: ctx.sourceIp,
    protocol: 'HTTP/1.1',
    ...(accountId !== undefined && { accountId }),
    ...(ctx.authorizer !== undefined && { authorizer: ctx.authorizer }),
  })
}

/**
 * Payload 1.0 on an HTTP API: REST's proxy event plus `version`, with the route's path as
 * `resource`, the stage prefix in `requestContext.path` only for a named stage, and the text
 * rule of 2.0 for the body (docs' 1.0 sample).
 */
function eventV1(ctx: RequestContext, mapping: HttpApiRequestMapping | undefined, accountId: string | undefined): Record<string, unknown> {
  const binary = (contentType: string | undefined) => !isTextType(contentType)
  const event = buildProxyEventV1(ctx, { isBinary: binary, ...(accountId !== undefined && { accountId }) }) as unknown as Record<string, unknown>
  if (mapping !== undefined && !mapping.empty) {
    const mapped = mapping.apply(ctx)
    Object.assign(event, proxyEventHeaders(mapped.headers.entries()), proxyEventQuery(mapped.query.entries()))
    if (mapped.path !== undefined) event['path'] = mapped.path
  }
  const requestContext = event['requestContext'] as Record<string, unknown>
  requestContext['path'] = stagePath(ctx)
  requestContext['routeKey'] = ctx.route?.routeKey ?? '$default'
  requestContext['resourceId'] = ctx.route?.routeKey ?? '$default'
  return { version: '1.0', ...event }
}

/** `text/*`, `application/json`, `application/xml`, `application/javascript` (parameters ignored). */
export function isTextType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false
  const semi = contentType.indexOf(';')
  const type = (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase()
  return type.startsWith('text/') || TEXT_TYPES.has(type)
}

function encodeQuery(entries: Iterable<[string, string[]]>): string {
  const pairs: string[] = []
  for (const [name, values] of entries) for (const value of values) pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
  return pairs.join('&')
}
