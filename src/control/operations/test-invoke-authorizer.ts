import type { AuthorizerTestRequest } from '../../gateway/test-invoker.ts'
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
      if (!services.testInvokeAuthorizer || !services.testInvoker) throw badRequest('TestInvokeAuthorizer is not available on this server')
      const ctx = services.testInvoker.authorizerContext(testRequest(definition.restApi.id, body))
      const result = await services.testInvokeAuthorizer(definition, authorizer, ctx)
      const stamp = javaDate(new Date(ctx.requestTimeEpoch))
      const log = [`Execution log for request ${ctx.requestId}`, ...result.log.map((line) => `${stamp} : ${line}`), ''].join('\n')
      return { ...result, log }
    },
  },
]

/** The test request as the authorizer sees it, from TestInvokeAuthorizer's input. */
function testRequest(apiId: string, body: Record<string, unknown>): AuthorizerTestRequest {
  const given = optionalString(body, 'pathWithQueryString') || '/'
  return {
    apiId,
    stageName: TEST_INVOKE_AUTHORIZER_STAGE,
    stageVariables: Object.freeze({ ...(optionalStringMap(body, 'stageVariables') ?? {}) }),
    pathWithQuery: given.startsWith('/') ? given : `/${given}`,
    headers: requestHeaders(body),
    body: Buffer.from(optionalString(body, 'body') ?? '', 'utf8'),
  }
}
