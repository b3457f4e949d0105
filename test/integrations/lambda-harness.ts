/**
 * For the Lambda and AWS service integration tests: a test-local FunctionInvoker that runs
 * plain JS functions (it stands in for the runtime's contract — `src/gateway/function-invoker.ts` — not
 * for anything a user runs), and a gateway compiled with it.
 */
import { InvokeError, type FunctionInvoker, type InvokeRequest, type InvokeResult } from '../../src/gateway/function-invoker.ts'
import { integrationStages, type AwsServiceOptions, type UpstreamPools } from '../../src/integrations/index.ts'
import type { RestApiDefinition, Integration, Resource } from '../../src/model/index.ts'
import { API_ID, methodWith, startGateway, type Gateway } from './harness.ts'

export type Handler = (event: any, context: { functionName: string; qualifier?: string; log(line: string): void }) => unknown

export interface FakeFunction {
  handler: Handler
  /** the function's own timeout: a slower handler ends as Lambda reports it */
  timeoutMs?: number
}

export interface FakeInvoker extends FunctionInvoker {
  readonly calls: InvokeRequest[]
}

/** Lambda's shape for a handler that threw (Node.js runtime: errorType, errorMessage, trace). */
function errorPayload(err: unknown) {
  const e = err instanceof Error ? err : new Error(String(err))
  return { errorType: e.name, errorMessage: e.message, trace: (e.stack ?? '').split('\n') }
}

/**
 * `functions` by name; `name:qualifier` entries answer a qualified call. A function named in
 * `throttled` is refused with TooManyRequestsException.
 */
export function fakeInvoker(functions: Record<string, Handler | FakeFunction>, throttled: string[] = []): FakeInvoker {
  const calls: InvokeRequest[] = []
  const lookup = (name: string, qualifier?: string): FakeFunction | undefined => {
    const key = qualifier === undefined ? name : `${name}:${qualifier}`
    const f = functions[key]
    return f === undefined ? undefined : typeof f === 'function' ? { handler: f } : f
  }
  return {
    calls,
    has: (name, qualifier) => lookup(name, qualifier) !== undefined,
    async invoke(request): Promise<InvokeResult> {
      calls.push(request)
      if (throttled.includes(request.functionName)) throw new InvokeError('TooManyRequestsException', 429, 'Rate Exceeded.')
      const fn = lookup(request.functionName, request.qualifier)
      if (fn === undefined) {
        throw new InvokeError('ResourceNotFoundException', 404, `Function not found: ${request.functionName}${request.qualifier ? ':' + request.qualifier : ''}`)
      }
      const logs: string[] = []
      const started = Date.now()
      const run = (async () => fn.handler(structuredClone(request.payload), { functionName: request.functionName, qualifier: request.qualifier, log: (l) => logs.push(`${request.requestId}\tINFO\t${l}`) }))()
      const limit = Math.min(fn.timeoutMs ?? Infinity, request.timeoutMs)
      const timedOut = Symbol('timeout')
      let timer: NodeJS.Timeout | undefined
      const clock = new Promise<symbol>((resolve) => {
        timer = setTimeout(() => resolve(timedOut), limit)
        timer.unref()
      })
      const outcome = await Promise.race([run.then((v) => ({ v }), (e: unknown) => ({ e })), clock])
      clearTimeout(timer)
      const durationMs = Date.now() - started
      if (outcome === timedOut) {
        return { payload: { errorMessage: `Task timed out after ${(limit / 1000).toFixed(2)} seconds` }, functionError: 'Unhandled', logs, durationMs }
      }
      const settled = outcome as { v?: unknown; e?: unknown }
      if ('e' in settled) return { payload: errorPayload(settled.e), functionError: 'Unhandled', logs, durationMs }
      // what goes over the wire is JSON
      return { payload: settled.v === undefined ? null : JSON.parse(JSON.stringify(settled.v)), logs, durationMs }
    },
    async close() {},
  }
}

export interface LambdaGatewayOptions {
  integration: Integration
  invoker?: FunctionInvoker
  services?: AwsServiceOptions
  upstream: UpstreamPools
  resourcePath?: string
  httpMethod?: string
  methodResponses?: string[]
  stageVariables?: Record<string, string>
  binaryMediaTypes?: string[]
}

export function compileWith(options: LambdaGatewayOptions) {
  const resource: Resource = { id: 'res123', path: options.resourcePath ?? '/' }
  const method = methodWith(options.integration, options.httpMethod ?? 'ANY', options.methodResponses ?? ['200'])
  const api = { restApi: { id: API_ID, binaryMediaTypes: options.binaryMediaTypes } } as unknown as RestApiDefinition
  return integrationStages({
    api,
    resource,
    method,
    stageVariables: options.stageVariables ?? {},
    upstream: options.upstream,
    invoker: options.invoker,
    services: options.services,
  })
}

export function startLambdaGateway(options: LambdaGatewayOptions): Promise<Gateway> {
  return startGateway({
    integration: options.integration,
    upstream: options.upstream,
    resourcePath: options.resourcePath,
    stageVariables: options.stageVariables,
    stages: compileWith(options),
  })
}

export const REGION = 'us-east-1'
export const ACCOUNT = '123456789012'

export function lambdaUri(fn: string): string {
  return `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/arn:aws:lambda:${REGION}:${ACCOUNT}:function:${fn}/invocations`
}
