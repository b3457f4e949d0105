import type { PipelineStage } from '../data/types.ts'
import type { ApiDefinition, Integration, Method, Resource } from '../model/index.ts'
import { compileEndpointUri } from './endpoint-uri.ts'
import { IntegrationConfigError } from './errors.ts'
import { httpIntegration } from './http.ts'
import { httpProxyIntegration } from './http-proxy.ts'
import { integrationRequest } from './integration-request.ts'
import { integrationResponse } from './integration-response.ts'
import { lambdaUnavailable } from './lambda-unavailable.ts'
import { mockIntegration } from './mock.ts'
import { compileRequestParameters } from './parameter-mapping.ts'
import type { UpstreamPools } from './upstream-pools.ts'

export { IntegrationConfigError } from './errors.ts'
export { createUpstreamPools, type UpstreamPoolOptions, type UpstreamPools } from './upstream-pools.ts'
export { MAX_ENDPOINT_RESPONSE_BYTES } from './http.ts'

export interface IntegrationStagesInput {
  api: ApiDefinition
  resource: Resource
  method: Method
  stageVariables: Readonly<Record<string, string>>
  upstream: UpstreamPools
}

/**
 * The integration phase of one method, compiled for one stage: integration request,
 * integration, integration response — only the stages its integration type needs:
 *
 *   MOCK        integrationRequest → mockIntegration → integrationResponse
 *   HTTP        integrationRequest → httpIntegration → integrationResponse
 *   HTTP_PROXY  httpProxyIntegration (streams the answer itself)
 *   AWS(_PROXY) lambdaUnavailable (until the function runtime lands)
 *
 * Throws IntegrationConfigError for what AWS refuses at PutIntegration/CreateDeployment: no
 * integration, a literal URI that is not http(s), unparsable templates, invalid mapping
 * expressions or selection patterns.
 */
export function integrationStages(input: IntegrationStagesInput): PipelineStage[] {
  const { resource, method, stageVariables, upstream } = input
  const binaryMediaTypes = input.api.restApi.binaryMediaTypes
  const where = `${method.httpMethod} ${resource.path}`
  const integration = method.methodIntegration
  if (integration === undefined) throw new IntegrationConfigError(`No integration defined for method (${where})`)

  switch (integration.type) {
    case 'MOCK':
      return [
        integrationRequest(integration, where, binaryMediaTypes),
        mockIntegration(),
        integrationResponse(integration, method, where, binaryMediaTypes),
      ]
    case 'HTTP': {
      const uri = compileEndpointUri(integration.uri, stageVariables, where)
      return [
        integrationRequest(integration, where, binaryMediaTypes),
        httpIntegration({ integration, uri, upstream }),
        integrationResponse(integration, method, where, binaryMediaTypes),
      ]
    }
    case 'HTTP_PROXY': {
      const uri = compileEndpointUri(integration.uri, stageVariables, where)
      const mapping = compileRequestParameters(integration.requestParameters, where)
      return [httpProxyIntegration({ integration, uri, mapping, upstream })]
    }
    case 'AWS':
    case 'AWS_PROXY':
      return [lambdaUnavailable(integration.type, integration.uri)]
    default:
      throw new IntegrationConfigError(`Unsupported integration type ${JSON.stringify((integration as { type: unknown }).type)} (${where})`)
  }
}

/**
 * Whether the integration can take the method request body as a stream instead of a buffer:
 * HTTP_PROXY sends it on unchanged, unless a requestParameters mapping reads
 * `method.request.body`. (The caller also buffers when a validator checks the body.)
 */
export function integrationStreamsBody(integration: Integration): boolean {
  if (integration.type !== 'HTTP_PROXY') return false
  return !Object.values(integration.requestParameters ?? {}).some((expression) => expression.startsWith('method.request.body'))
}
