/** A RequestContext for binding tests, without a server: what the listener and router would fill in. */
import type { AnswerSink } from '../../src/gateway/answer-sink.ts'
import type { RequestContext, RuntimePlan } from '../../src/gateway/types.ts'
import { HeaderMap } from '../../src/lib/multi-map.ts'

export interface FakeRequest {
  body?: string
  params?: { path?: Record<string, string>; querystring?: Record<string, string | string[]>; header?: Record<string, string | string[]> }
  httpMethod?: string
  path?: string
  resourcePath?: string
  resourceId?: string
  stageName?: string
  stageVariables?: Record<string, string>
  authorizer?: Record<string, unknown>
  apiKey?: { id: string; value: string }
  error?: RequestContext['error']
}

/** 2023-11-14T22:13:20.000Z */
export const REQUEST_TIME_EPOCH = 1_700_000_000_000

export function fakeRequestContext(r: FakeRequest = {}): RequestContext {
  const headers = new HeaderMap()
  for (const [name, value] of Object.entries(r.params?.header ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v)
  }
  const query = new HeaderMap(true)
  for (const [name, value] of Object.entries(r.params?.querystring ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) query.append(name, v)
  }
  const stageName = r.stageName ?? 'prod'
  const stageVariables = r.stageVariables ?? {}
  const plan = { apiId: 'a1b2c3d4e5', stageName, deploymentId: 'dep1', stageVariables } as unknown as RuntimePlan
  return {
    sent: { method: r.httpMethod ?? 'POST', url: r.path ?? '/', rawHeaders: [], httpVersion: '1.1', remoteAddress: '192.0.2.1', secure: false, incoming: undefined },
    sink: {} as AnswerSink,
    requestId: 'c0ffee00-0000-4000-8000-000000000001',
    extendedRequestId: 'AbCdEfGhIjKlMnO=',
    requestTimeEpoch: REQUEST_TIME_EPOCH,
    startedAt: 0,
    httpMethod: r.httpMethod ?? 'POST',
    path: r.path ?? '/',
    rawQuery: '',
    query,
    headers,
    body: Buffer.from(r.body ?? '', 'utf8'),
    sourceIp: '192.0.2.1',
    protocol: 'HTTP/1.1',
    domainName: 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com',
    apiId: 'a1b2c3d4e5',
    stageName,
    stageVariables,
    plan,
    route: { resourceId: r.resourceId ?? 'root1', resourcePath: r.resourcePath ?? '/', httpMethod: r.httpMethod ?? 'POST', stages: [] },
    pathParameters: { ...(r.params?.path ?? {}) },
    error: r.error,
    authorizer: r.authorizer,
    apiKey: r.apiKey,
    log: [],
  }
}

/** Merges `patch` into `target` in place (plain objects recursively), so override maps keep their identity. */
export function mergeInto(target: Record<string, unknown>, patch: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(patch)) {
    const current = target[key]
    if (isPlain(value) && isPlain(current)) mergeInto(current, value)
    else target[key] = value
  }
}

function isPlain(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
