import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import type { MultiMap } from '../lib/multi-map.ts'
import { newExtendedRequestId } from '../lib/ids.ts'
import type { AuthorizerTestRequest, TestInvocation, TestInvokeOutcome, TestInvoker } from '../gateway/test-invoker.ts'
import type { RequestContext, RuntimePlan } from '../gateway/types.ts'
import { bufferAnswerSink } from './buffer-answer-sink.ts'
import { injectedRequest, injectIntoPlan } from './inject.ts'
import { createRequestContext } from './request-context.ts'

// framing a transport adds; AWS's TestInvokeMethod reports only the method's own headers
const TRANSPORT_HEADERS = new Set(['connection', 'content-length'])

// AWS's test-invoke placeholders
const TEST_SOURCE_IP = 'test-invoke-source-ip'
const TEST_DOMAIN_NAME = 'testPrefix.testDomainName'

/** The management API's test requests, run through the pipeline the data plane runs, injected (inject.ts). */
export function createTestInvoker(): TestInvoker {
  return { invokeMethod, authorizerContext }
}

/**
 * Runs one method's compiled stages for TestInvokeMethod. The method sees exactly the headers,
 * body, path and verb the caller gave; its `log` is a list of its own, since the plan is
 * compiled with full logging.
 */
async function invokeMethod(invocation: TestInvocation, onError?: (error: unknown) => void): Promise<TestInvokeOutcome> {
  const started = performance.now()
  const { answer, ctx } = await injectIntoPlan({
    plan: invocation.plan,
    sent: injectedRequest({
      method: invocation.httpMethod,
      url: invocation.rawPath + (invocation.rawQuery === '' ? '' : `?${invocation.rawQuery}`),
      rawHeaders: rawHeadersOf(invocation.headers),
    }),
    body: invocation.body,
    ids: { requestId: invocation.requestId, extendedRequestId: newExtendedRequestId() },
    idsInHead: false,
    rawPath: invocation.rawPath,
    rawQuery: invocation.rawQuery,
    route: invocation.method,
    pathParameters: { ...invocation.pathParameters },
    sourceIp: TEST_SOURCE_IP,
    domainName: TEST_DOMAIN_NAME,
    onError: (error) => onError?.(error),
  })
  const headers: Array<[string, string]> = []
  const raw = answer.rawHeaders
  for (let i = 0; i + 1 < raw.length; i += 2) if (!TRANSPORT_HEADERS.has(raw[i]!.toLowerCase())) headers.push([raw[i]!, raw[i + 1]!])
  return { status: answer.statusCode, headers, body: answer.body, log: ctx.log, latencyMs: Math.round(performance.now() - started) }
}

/** TestInvokeAuthorizer's request: injected, on a plan that is only the test stage's name and variables, since no method runs. */
function authorizerContext(request: AuthorizerTestRequest): RequestContext {
  const { apiId, stageName, stageVariables, pathWithQuery } = request
  const q = pathWithQuery.indexOf('?')
  const rawPath = q < 0 ? pathWithQuery : pathWithQuery.slice(0, q)
  const rawQuery = q < 0 ? '' : pathWithQuery.slice(q + 1)
  const plan = { apiId, stageName, deploymentId: 'test-invoke-deployment-id', stageVariables, executionLog: true } as unknown as RuntimePlan
  return createRequestContext(
    {
      sent: injectedRequest({ method: 'GET', url: pathWithQuery, rawHeaders: rawHeadersOf(request.headers) }),
      sink: bufferAnswerSink({ maxStreamedBytes: 0 }),
      ids: { requestId: randomUUID(), extendedRequestId: newExtendedRequestId() },
      receivedAt: { epochMs: Date.now(), perfMs: performance.now() },
      rawQuery,
      body: request.body,
      sourceIp: TEST_SOURCE_IP,
      domainName: TEST_DOMAIN_NAME,
    },
    { plan, apiId, stageName, rawPath },
  )
}

function rawHeadersOf(headers: MultiMap): string[] {
  const raw: string[] = []
  for (const [name, values] of headers.entries()) for (const value of values) raw.push(name, value)
  return raw
}
