import type { MultiMap } from '../lib/multi-map.ts'
import type { MethodPlan, RequestContext, RuntimePlan } from './types.ts'

/**
 * How the management API runs a test request through the data plane's pipeline with no socket
 * (TestInvokeMethod, TestInvokeAuthorizer). data/ implements it with `inject()`; main.ts hands
 * it to control/, which never imports the data plane.
 */
export interface TestInvoker {
  /** runs one method's compiled stages, the answer collected in memory */
  invokeMethod(invocation: TestInvocation, onError?: (error: unknown) => void): Promise<TestInvokeOutcome>
  /** the request context an authorizer sees for a test request (no method runs) */
  authorizerContext(request: AuthorizerTestRequest): RequestContext
}

export interface TestInvocation {
  plan: RuntimePlan
  method: MethodPlan
  requestId: string
  httpMethod: string
  /** the path after the stage, as sent (percent-encoded) */
  rawPath: string
  rawQuery: string
  pathParameters: Record<string, string>
  headers: MultiMap
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

/** A GET of `pathWithQuery` on the authorizer's test stage. */
export interface AuthorizerTestRequest {
  apiId: string
  stageName: string
  stageVariables: Readonly<Record<string, string>>
  /** the path after the stage and the query, as sent (percent-encoded), starting with `/` */
  pathWithQuery: string
  headers: MultiMap
  body: Buffer
}
