import { performance } from 'node:perf_hooks'
import { InvokeError, type FunctionInvoker } from '../gateway/function-invoker.ts'
import type { RoutePhaseInput } from '../gateway/method-phase.ts'
import type { GatewayError, PipelineStage, RequestContext, StageResult } from '../gateway/types.ts'
import { isObject } from '../lib/is-object.ts'
import { lambdaInvocationUri } from '../lib/lambda-function-arn.ts'
import { stageScope, type DecisionCache } from './decision-cache.ts'
import type { AuthorizerUriCompiler } from './lambda-authorizer.ts'
import { compilePolicy, PolicyError, type CompiledPolicy } from './policy.ts'

/** What the decision cache keeps of an HTTP API Lambda authorizer's answer. */
export interface HttpApiLambdaDecision {
  /** `enableSimpleResponses`: the answer's `isAuthorized`; else the returned policy, evaluated per route ARN */
  verdict: boolean | CompiledPolicy
  principalId?: string
  context: Record<string, unknown>
}

export interface HttpApiLambdaAuthorizerDeps {
  invoker: FunctionInvoker
  /** integrations/lambda-uri.ts's compileLambdaUri, from main.ts */
  compileUri: AuthorizerUriCompiler
  /** the request's Lambda event in a payload format (integrations/http-api/, from main.ts) */
  event: (ctx: RequestContext, version: '1.0' | '2.0') => Record<string, unknown>
  cache: DecisionCache<HttpApiLambdaDecision>
  region: string
  accountId: string
  /** ms; default 10,000 (AWS's authorizer timeout) */
  timeoutMs?: number
}

const IDENTITY = /^\$(request\.header|request\.querystring|context|stageVariables)\.(.+)$/

/**
 * An HTTP API's Lambda (REQUEST) authorizer on one route (Developer Guide
 * http-api-lambda-authorizer.md):
 * - identity sources `$request.header.x` (case-insensitive), `$request.querystring.x`,
 *   `$context.x`, `$stageVariables.x`: one missing or empty → 401 without invoking;
 * - the event: payload 2.0 (`type`, `routeArn`, `identitySource` list, and the 2.0 proxy event's
 *   fields without the body) or 1.0 (REST's REQUEST event with `version`, `methodArn`,
 *   `identitySource` and `authorizationToken` as comma-joined text), bounded by 10 s;
 * - the answer: with `enableSimpleResponses` `{isAuthorized, context}`, else an IAM policy
 *   (`principalId`, `policyDocument`, `context`) evaluated against the route ARN; deny → 403
 *   `{"message":"Forbidden"}`; the function failing with `Unauthorized` → 401; any other failure,
 *   a timeout or an answer of neither shape → 500 `{"message":"Internal Server Error"}`;
 * - allowed: `requestContext.authorizer.lambda` holds the context (2.0, JSON types kept), or the
 *   context, `principalId` and `integrationLatency` flattened (1.0);
 * - `authorizerResultTtlInSeconds` > 0 caches the answer by the identity-source values for every
 *   route of the stage that uses the authorizer (ResetAuthorizersCache empties it).
 */
export function httpApiLambdaAuthorizer(deps: HttpApiLambdaAuthorizerDeps, input: RoutePhaseInput): PipelineStage {
  const authorizer = input.authorizer!
  const where = `authorizer ${authorizer.name} (${authorizer.authorizerId})`
  const version = authorizer.authorizerPayloadFormatVersion === '1.0' ? '1.0' : '2.0'
  const simple = version === '2.0' && authorizer.enableSimpleResponses === true
  const sources = (authorizer.identitySource ?? []).map((source) => identityReader(source, where))
  const ttl = sources.length > 0 ? (authorizer.authorizerResultTtlInSeconds ?? 0) : 0
  const target = deps.compileUri(lambdaInvocationUri(authorizer.authorizerUri), input.stageVariables, where)
  const timeoutMs = deps.timeoutMs ?? 10_000
  const apiArn = `arn:aws:execute-api:${deps.region}:${deps.accountId}:${input.apiId}`

  const decide = (ctx: RequestContext, decision: HttpApiLambdaDecision, routeArn: string, latencyMs: number): StageResult => {
    const allowed = typeof decision.verdict === 'boolean' ? decision.verdict : decision.verdict.evaluate({ action: 'execute-api:Invoke', resource: routeArn, conditionKeys: {} }) === 'Allow'
    if (!allowed) return denied(ctx, 403, 'Forbidden', 'the authorizer denied the request')
    ctx.authorization = { effect: 'Allow', latencyMs }
    ctx.authorizer =
      version === '2.0'
        ? { lambda: decision.context }
        : { ...stringified(decision.context), ...(decision.principalId !== undefined && { principalId: decision.principalId }), integrationLatency: latencyMs }
    return undefined
  }

  const invoke = async (ctx: RequestContext, values: string[], routeArn: string, cacheKey: string): Promise<StageResult> => {
    if (!target.ok) return failed(ctx, `${target.reason}: ${target.uri}`)
    const base = deps.event(ctx, version)
    const { body: _body, isBase64Encoded: _b64, ...rest } = base
    const event =
      version === '2.0'
        ? { ...rest, type: 'REQUEST', routeArn, identitySource: values }
        : { version: '1.0', type: 'REQUEST', methodArn: routeArn, identitySource: values.join(','), authorizationToken: values.join(','), ...rest }
    const started = performance.now()
    let timer: NodeJS.Timeout | undefined
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs)
      timer.unref?.()
    })
    const invocation = deps.invoker.invoke({ functionName: target.target.functionName, qualifier: target.target.qualifier, payload: event, requestId: ctx.requestId, timeoutMs })
    let outcome
    try {
      outcome = await Promise.race([invocation, deadline])
    } catch (error) {
      return failed(ctx, error instanceof InvokeError ? `Lambda invocation failed with status: ${error.statusCode} (${error.type})` : String(error))
    } finally {
      clearTimeout(timer)
    }
    const latencyMs = Math.round(performance.now() - started)
    if (outcome === 'timeout' || outcome.timedOut === 'caller') {
      invocation.catch(() => undefined)
      return failed(ctx, `the authorizer did not answer within ${timeoutMs} ms`)
    }
    if (outcome.functionError !== undefined) {
      const message = (outcome.payload as { errorMessage?: unknown } | null)?.errorMessage
      if (message === 'Unauthorized') return denied(ctx, 401, 'Unauthorized', 'the authorizer answered Unauthorized')
      return failed(ctx, `the authorizer failed: ${typeof message === 'string' ? message : 'function error'}`)
    }
    const decision = readAnswer(outcome.payload, simple, apiArn)
    if (typeof decision === 'string') return failed(ctx, decision)
    if (ttl > 0) deps.cache.set(stageScope(ctx.apiId, ctx.stageName), cacheKey, decision, ttl)
    return decide(ctx, decision, routeArn, latencyMs)
  }

  return function httpApiLambdaAuthorizer(ctx) {
    const values: string[] = []
    for (const read of sources) {
      const value = read(ctx)
      if (value === undefined || value === '') return denied(ctx, 401, 'Unauthorized', 'an identity source is missing or empty')
      values.push(value)
    }
    const routeArn = `${apiArn}/${ctx.stageName}/${ctx.httpMethod}${ctx.path}`
    const cacheKey = `${authorizer.authorizerId}\n${values.join('\n')}`
    if (ttl > 0) {
      const cached = deps.cache.get(stageScope(ctx.apiId, ctx.stageName), cacheKey)
      if (cached !== undefined) return decide(ctx, cached, routeArn, 0)
    }
    return invoke(ctx, values, routeArn, cacheKey)
  }
}

/** The function's answer as a decision, or why it is neither shape. */
function readAnswer(payload: unknown, simple: boolean, apiArn: string): HttpApiLambdaDecision | string {
  if (!isObject(payload)) return 'the authorizer answer is not a JSON object'
  const context = payload.context
  if (context !== undefined && context !== null && !isObject(context)) return 'the authorizer answer has a context that is not an object'
  const ctx = (context ?? {}) as Record<string, unknown>
  if (simple) {
    if (typeof payload.isAuthorized !== 'boolean') return 'the authorizer answer has no boolean isAuthorized'
    return { verdict: payload.isAuthorized, context: ctx }
  }
  if (payload.principalId !== undefined && typeof payload.principalId !== 'string') return 'principalId must be a string'
  let policy: CompiledPolicy
  try {
    policy = compilePolicy(payload.policyDocument as object, { apiArn })
  } catch (error) {
    if (error instanceof PolicyError) return `invalid policy document: ${error.message}`
    throw error
  }
  return { verdict: policy, context: ctx, ...(typeof payload.principalId === 'string' && { principalId: payload.principalId }) }
}

function identityReader(source: string, where: string): (ctx: RequestContext) => string | undefined {
  const m = IDENTITY.exec(source)
  if (m === null) throw new Error(`${where}: identity source ${JSON.stringify(source)} is not $request.header.x, $request.querystring.x, $context.x or $stageVariables.x`)
  const [, root, name] = m as unknown as [string, string, string]
  switch (root) {
    case 'request.header':
      return (ctx) => joined(ctx.headers.getAll(name))
    case 'request.querystring':
      return (ctx) => joined(ctx.query.getAll(name))
    case 'stageVariables':
      return (ctx) => ctx.stageVariables[name]
    default:
      return (ctx) => contextValue(ctx, name)
  }
}

/** The `$context` variables an identity source may name that are known before authorization. */
function contextValue(ctx: RequestContext, name: string): string | undefined {
  switch (name) {
    case 'routeKey':
      return ctx.route?.routeKey
    case 'stage':
      return ctx.stageName
    case 'httpMethod':
      return ctx.httpMethod
    case 'identity.sourceIp':
      return ctx.sourceIp
    case 'identity.userAgent':
      return ctx.headers.get('user-agent')
    case 'domainName':
      return ctx.domainName
    case 'apiId':
      return ctx.apiId
    case 'requestId':
      return ctx.requestId
    default:
      return undefined
  }
}

function joined(values: readonly string[]): string | undefined {
  return values.length === 0 ? undefined : values.join(',')
}

function stringified(context: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(context)) out[key] = typeof value === 'string' ? value : JSON.stringify(value)
  return out
}

function denied(ctx: RequestContext, statusCode: 401 | 403, message: string, reason: string): GatewayError {
  ctx.authorization = { effect: 'Deny', status: statusCode }
  ctx.integration = { ...ctx.integration, error: reason }
  return { kind: 'error', type: statusCode === 401 ? 'UNAUTHORIZED' : 'ACCESS_DENIED', message, statusCode }
}

/** `$context.authorizer.error` would hold the reason; the client sees 500. */
function failed(ctx: RequestContext, reason: string): GatewayError {
  ctx.integration = { ...ctx.integration, error: reason }
  return { kind: 'error', type: 'AUTHORIZER_CONFIGURATION_ERROR', message: 'Internal Server Error', statusCode: 500 }
}
