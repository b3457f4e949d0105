import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { bufferAnswerSink } from '../../data/buffer-answer-sink.ts'
import { injectedRequest } from '../../data/inject.ts'
import { createRequestContext } from '../../data/request-context.ts'
import type { RequestContext, RuntimePlan } from '../../gateway/types.ts'
import { newExtendedRequestId } from '../../lib/ids.ts'
import { javaDate } from '../../lib/java-date.ts'
import { TEST_INVOKE_AUTHORIZER_STAGE } from '../../auth/test-invoke.ts'
import { badRequest, notFound } from '../protocol/errors.ts'
import type { Operation } from '../protocol/operation.ts'
import { loadApi } from './support/api-access.ts'
import { optionalString, optionalStringMap } from './support/input.ts'
import { requestHeaders } from './test-invoke.ts'

/**
 * TestInvokeAuthorizer: runs one authorizer of the API's current (undeployed) definition on a
 * test request — headers, `pathWithQueryString`, body, stage variables — and answers AWS's
 * shape: clientStatus, principalId, policy, authorization (the context), claims (Cognito), the
 * execution log and the latency. The request is a GET of the given path (`/` without one) on
 * the stage `ESTestInvoke-stage`, as AWS's test events name it.
 */
export const testInvokeAuthorizerOperations: Operation[] = [
  {
    name: 'TestInvokeAuthorizer',
    method: 'POST',
    path: '/restapis/{restapi_id}/authorizers/{authorizer_id}',
    successStatus: 200,
    async handler({ params, body }, services) {
      const { definition } = await loadApi(services, params.restapi_id!)
      const authorizer = definition.authorizers.find((a) => a.id === params.authorizer_id)
      if (!authorizer) throw notFound('Invalid Authorizer identifier specified')
      if (!services.testInvokeAuthorizer) throw badRequest('TestInvokeAuthorizer is not available on this server')
      const ctx = testContext(definition.restApi.id, body)
      const result = await services.testInvokeAuthorizer(definition, authorizer, ctx)
      const stamp = javaDate(new Date(ctx.requestTimeEpoch))
      const log = [`Execution log for request ${ctx.requestId}`, ...result.log.map((line) => `${stamp} : ${line}`), ''].join('\n')
      return { ...result, log }
    },
  },
]

/**
 * The test request as the authorizer sees it: an injected request (data/inject.ts) on a plan
 * that is only the test stage's name and variables, since no method runs.
 */
function testContext(apiId: string, body: Record<string, unknown>): RequestContext {
  const given = optionalString(body, 'pathWithQueryString') || '/'
  const pathWithQuery = given.startsWith('/') ? given : `/${given}`
  const q = pathWithQuery.indexOf('?')
  const rawPath = q < 0 ? pathWithQuery : pathWithQuery.slice(0, q)
  const rawQuery = q < 0 ? '' : pathWithQuery.slice(q + 1)
  const rawHeaders: string[] = []
  for (const [name, values] of requestHeaders(body).entries()) for (const value of values) rawHeaders.push(name, value)
  const stageVariables = Object.freeze({ ...(optionalStringMap(body, 'stageVariables') ?? {}) })
  const plan = { apiId, stageName: TEST_INVOKE_AUTHORIZER_STAGE, deploymentId: 'test-invoke-deployment-id', stageVariables, executionLog: true } as unknown as RuntimePlan
  const ids = { requestId: randomUUID(), extendedRequestId: newExtendedRequestId() }
  return createRequestContext({
    sent: injectedRequest({ method: 'GET', url: pathWithQuery, rawHeaders }),
    sink: bufferAnswerSink({ maxStreamedBytes: 0 }),
    ids,
    receivedAt: { epochMs: Date.now(), perfMs: performance.now() },
    plan,
    apiId,
    stageName: TEST_INVOKE_AUTHORIZER_STAGE,
    rawPath,
    rawQuery,
    body: Buffer.from(optionalString(body, 'body') ?? '', 'utf8'),
    sourceIp: 'test-invoke-source-ip',
    domainName: 'testPrefix.testDomainName',
  })
}
