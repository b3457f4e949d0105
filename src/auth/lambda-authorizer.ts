import { performance } from 'node:perf_hooks'
import type { Authorizer } from '../model/index.ts'
import type { RequestContext } from '../gateway/types.ts'
import { logging } from '../gateway/execution-log-sink.ts'
import { InvokeError, type FunctionInvoker, type InvokeResult } from '../gateway/function-invoker.ts'
import { AuthorizerOutputError, parseAuthorizerOutput, type AuthorizerResult } from './authorizer-output.ts'
import { stageScope, type DecisionCache } from './decision-cache.ts'
import { compileAuthorizerIdentitySources, identityValues } from './identity-source.ts'
import { maskIdentity, type AuthorizerOutcome, type CachedDecision } from './outcome.ts'

/**
 * A TOKEN or REQUEST Lambda authorizer, compiled once per method of a plan
 * (apigateway-use-lambda-authorizer, api-gateway-lambda-authorizer-input/output):
 * - the identity sources are read first; one missing or empty → 401 without invoking, and for
 *   TOKEN a token that does not match `identityValidationExpression` → 401 without invoking;
 * - with `authorizerResultTtlInSeconds` > 0 the identity-source values are the cache key, and a
 *   cached result skips the call;
 * - otherwise the function is invoked with AWS's event, bounded by the 10 s authorizer timeout;
 *   an error whose message is exactly `Unauthorized` → 401; any other function error, a
 *   timeout, a refused invocation or an output that is not a valid authorizer output → 500
 *   AuthorizerConfigurationException (`{"message":null}`), as AWS answers each of them.
 */
export interface AuthorizerFunction {
  functionName: string
  qualifier: string | undefined
  /** the Lambda Invoke URL the execution log names */
  invokeUrl: string
}

/** integrations/lambda-uri.ts's compileLambdaUri, handed in from main.ts (capabilities do not import each other). */
export type AuthorizerUriCompiler = (
  uri: string | undefined,
  stageVariables: Readonly<Record<string, string>>,
  where: string,
) => { ok: true; target: AuthorizerFunction } | { ok: false; uri: string; reason: string }

export interface LambdaAuthorizerDeps {
  invoker: FunctionInvoker
  compileUri: AuthorizerUriCompiler
  /** the REST proxy event (payload 1.0) of a request: a REQUEST authorizer's event is built from it */
  proxyEvent: (ctx: RequestContext) => object
  cache: DecisionCache<CachedDecision>
  /** ms; default 10,000 (AWS's authorizer timeout) */
  timeoutMs?: number
}

export interface LambdaAuthorizerInput {
  authorizer: Authorizer
  stageVariables: Readonly<Record<string, string>>
  /** `arn:aws:execute-api:{region}:{account}:{apiId}`: what `execute-api:/…` in a returned policy means */
  apiArn: string
}

export const AUTHORIZER_TIMEOUT_MS = 10_000

/** Runs the authorizer for one request (the method ARN is what the event names); synchronous when it needs no I/O. */
export type AuthorizerRun = (ctx: RequestContext, methodArn: string) => AuthorizerOutcome | Promise<AuthorizerOutcome>

export function compileLambdaAuthorizer(deps: LambdaAuthorizerDeps, input: LambdaAuthorizerInput): AuthorizerRun {
  const { authorizer, stageVariables, apiArn } = input
  const where = `authorizer ${authorizer.name} (${authorizer.id})`
  const sources = compileAuthorizerIdentitySources(authorizer.type, authorizer.identitySource)
  const validation = authorizer.type === 'TOKEN' && authorizer.identityValidationExpression ? new RegExp(`^(?:${authorizer.identityValidationExpression})$`) : undefined
  const target = deps.compileUri(authorizer.authorizerUri, stageVariables, where)
  const ttl = sources.length > 0 ? (authorizer.authorizerResultTtlInSeconds ?? 300) : 0
  const timeoutMs = deps.timeoutMs ?? AUTHORIZER_TIMEOUT_MS

  /** the invocation, once the identity sources are in and the cache had nothing */
  async function invokeAuthorizer(ctx: RequestContext, methodArn: string, values: string[], cacheKey: string): Promise<AuthorizerOutcome> {
    if (!target.ok) return { kind: 'failed', reason: `${target.reason}: ${target.uri}` }
    const event =
      authorizer.type === 'TOKEN' ? { type: 'TOKEN', methodArn, authorizationToken: values[0]! } : { type: 'REQUEST', methodArn, ...requestEventParts(deps.proxyEvent(ctx)) }
    const eventJson = JSON.stringify(event)
    if (logging(ctx)) ctx.log.push(`Endpoint request URI: ${target.target.invokeUrl}`, `Endpoint request body after transformations: ${loggedEvent(event)}`)
    ctx.log.push(`Sending request to ${target.target.invokeUrl}`)
    const started = performance.now()
    const call = await invokeWithin(deps.invoker, { functionName: target.target.functionName, qualifier: target.target.qualifier, payload: event, payloadJson: eventJson, requestId: ctx.requestId, timeoutMs }, timeoutMs)
    const latencyMs = Math.round(performance.now() - started)
    if (call.kind !== 'ok') return { kind: 'failed', reason: call.reason, latencyMs }
    for (const line of call.result.logs) ctx.log.push(line)
    if (logging(ctx)) ctx.log.push(`Authorizer result body before parsing: ${loggedResult(call.result.payload)}`)
    if (call.result.functionError !== undefined) {
      const message = (call.result.payload as { errorMessage?: unknown } | null)?.errorMessage
      if (message === 'Unauthorized') return { kind: 'unauthorized', reason: 'Authorizer returned Unauthorized', latencyMs }
      return { kind: 'failed', reason: `Authorizer error: ${typeof message === 'string' ? message : 'function error'}`, latencyMs }
    }
    let result: AuthorizerResult
    try {
      result = parseAuthorizerOutput(call.result.payload, apiArn)
    } catch (error) {
      if (error instanceof AuthorizerOutputError) return { kind: 'failed', reason: error.message, latencyMs }
      throw error
    }
    if (ttl > 0) deps.cache.set(stageScope(ctx.apiId, ctx.stageName), cacheKey, result, ttl)
    return { kind: 'result', result, latencyMs }
  }

  // synchronous up to the cache: a cached decision costs no promise
  return function lambdaAuthorizer(ctx, methodArn) {
    const log = logging(ctx)
    if (log) ctx.log.push(`Starting authorizer: ${authorizer.id} for request: ${ctx.requestId}`)
    const values = identityValues(sources, ctx)
    if (values === undefined) return { kind: 'unauthorized', reason: 'Identity source missing or empty' }
    if (log && authorizer.type === 'TOKEN') ctx.log.push(`Incoming identity: ${maskIdentity(values[0]!)}`)
    if (validation && !validation.test(values[0]!)) return { kind: 'unauthorized', reason: 'Incoming identity does not match the identity validation expression' }
    const cacheKey = `${authorizer.id}\n${values.join('\n')}`
    if (ttl > 0) {
      const cached = deps.cache.get(stageScope(ctx.apiId, ctx.stageName), cacheKey)
      if (cached && 'policy' in cached) return { kind: 'result', result: cached, latencyMs: 0 }
    }
    return invokeAuthorizer(ctx, methodArn, values, cacheKey)
  }
}

/**
 * The event as the execution log shows it: a TOKEN event with its token masked, a REQUEST
 * event without its headers and query string (where its credentials travel). Secrets never
 * reach a log line.
 */
function loggedEvent(event: Record<string, unknown>): string {
  if (event.type === 'TOKEN') return JSON.stringify({ ...event, authorizationToken: maskIdentity(event.authorizationToken as string) })
  const { headers: _h, multiValueHeaders: _mh, queryStringParameters: _q, multiValueQueryStringParameters: _mq, ...rest } = event
  return JSON.stringify(rest)
}

/** The function's answer as the log shows it: an API key it returns (`usageIdentifierKey`) masked. */
function loggedResult(payload: unknown): string {
  if (typeof payload !== 'object' || payload === null || !('usageIdentifierKey' in payload)) return JSON.stringify(payload) ?? 'null'
  const key = (payload as { usageIdentifierKey: unknown }).usageIdentifierKey
  return JSON.stringify({ ...payload, usageIdentifierKey: typeof key === 'string' ? maskIdentity(key) : key })
}

/** The proxy event without what a REQUEST authorizer does not get: the body. */
function requestEventParts(proxyEvent: object): object {
  const { body: _body, isBase64Encoded: _isBase64Encoded, ...rest } = proxyEvent as Record<string, unknown>
  return rest
}

type Invocation = { kind: 'ok'; result: InvokeResult } | { kind: 'failed'; reason: string }

/** One invocation bounded by `timeoutMs`, whatever the function's own timeout. */
async function invokeWithin(invoker: FunctionInvoker, request: Parameters<FunctionInvoker['invoke']>[0], timeoutMs: number): Promise<Invocation> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs)
    timer.unref?.()
  })
  const invocation = invoker.invoke(request)
  try {
    const outcome = await Promise.race([invocation, deadline])
    if (outcome === 'timeout' || outcome.timedOut === 'caller') {
      // nobody waits for the invocation any more
      invocation.catch(() => undefined)
      return { kind: 'failed', reason: `Authorizer did not answer within ${timeoutMs} ms` }
    }
    return { kind: 'ok', result: outcome }
  } catch (error) {
    if (error instanceof InvokeError) return { kind: 'failed', reason: `Lambda invocation failed with status: ${error.statusCode} (${error.type}: ${error.message})` }
    return { kind: 'failed', reason: (error as Error)?.message ?? String(error) }
  } finally {
    clearTimeout(timer)
  }
}
