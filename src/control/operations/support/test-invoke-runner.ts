import { performance } from 'node:perf_hooks'
import { injectedRequest, injectIntoPlan } from '../../../data/inject.ts'
import type { MethodPlan, RuntimePlan } from '../../../gateway/types.ts'
import { newExtendedRequestId } from '../../../lib/ids.ts'
import type { HeaderMap } from '../../../lib/multi-map.ts'

/**
 * Runs one method's compiled stages for TestInvokeMethod through the pipeline the data plane
 * runs, injected (data/inject.ts): no socket, the answer collected in memory. The method sees
 * exactly the headers, body, path and verb the caller gave; its `log` is a list of its own,
 * since the plan is compiled with full logging. Source IP and domain name are AWS's
 * test-invoke placeholders.
 */

export interface TestInvocation {
  plan: RuntimePlan
  method: MethodPlan
  requestId: string
  httpMethod: string
  /** the path after the stage, as sent (percent-encoded) */
  rawPath: string
  rawQuery: string
  pathParameters: Record<string, string>
  headers: HeaderMap
  body: Buffer
}

export interface TestInvokeOutcome {
  status: number
  /** response headers in wire order, names as sent */
  headers: Array<[string, string]>
  body: Buffer
  /** the method's execution-log lines */
  log: string[]
  latencyMs: number
}

// framing a transport adds; AWS's TestInvokeMethod reports only the method's own headers
const TRANSPORT_HEADERS = new Set(['connection', 'content-length'])

export async function runTestInvocation(invocation: TestInvocation, onError?: (error: unknown) => void): Promise<TestInvokeOutcome> {
  const started = performance.now()
  const rawHeaders: string[] = []
  for (const [name, values] of invocation.headers.entries()) for (const value of values) rawHeaders.push(name, value)
  const { answer, ctx } = await injectIntoPlan({
    plan: invocation.plan,
    sent: injectedRequest({
      method: invocation.httpMethod,
      url: invocation.rawPath + (invocation.rawQuery === '' ? '' : `?${invocation.rawQuery}`),
      rawHeaders,
    }),
    body: invocation.body,
    ids: { requestId: invocation.requestId, extendedRequestId: newExtendedRequestId() },
    idsInHead: false,
    rawPath: invocation.rawPath,
    rawQuery: invocation.rawQuery,
    route: invocation.method,
    pathParameters: { ...invocation.pathParameters },
    sourceIp: 'test-invoke-source-ip',
    domainName: 'testPrefix.testDomainName',
    onError: (error) => onError?.(error),
  })
  const headers: Array<[string, string]> = []
  const raw = answer.rawHeaders
  for (let i = 0; i + 1 < raw.length; i += 2) if (!TRANSPORT_HEADERS.has(raw[i]!.toLowerCase())) headers.push([raw[i]!, raw[i + 1]!])
  return { status: answer.statusCode, headers, body: answer.body, log: ctx.log, latencyMs: Math.round(performance.now() - started) }
}
