import type { PipelineStage } from '../gateway/types.ts'
import type { FunctionInvoker } from '../gateway/function-invoker.ts'
import type { RestApiDefinition, Integration, Method, Resource } from '../model/index.ts'
import type { AwsServiceOptions } from './aws-service/options.ts'
import { awsServiceIntegration } from './aws-service/aws-service-integration.ts'
import { compileEndpointUri, greedyPlaceholders } from './endpoint-uri.ts'
import { IntegrationConfigError } from './errors.ts'
import { httpIntegration } from './http.ts'
import { httpProxyIntegration } from './http-proxy.ts'
import { integrationRequest } from './integration-request.ts'
import { integrationResponse } from './integration-response.ts'
import { lambdaCustomIntegration } from './lambda-custom.ts'
import { lambdaProxyIntegration } from './lambda-proxy.ts'
import { lambdaUnavailable } from './lambda-unavailable.ts'
import { AWS_PROXY_TARGET_MESSAGE, checkAwsIntegrationArn, compileLambdaUri, isLambdaUri } from './lambda-uri.ts'
import { mockIntegration } from './mock.ts'
import { compileRequestParameters } from './parameter-mapping.ts'
import type { UpstreamPools } from './upstream-pools.ts'
import type { VpcLinkTargets } from '../gateway/vpc-link-targets.ts'
import { throughVpcLink } from './vpc-link.ts'

export { IntegrationConfigError } from './errors.ts'
export { createUpstreamPools, type PresentedCertificate, type UpstreamPoolOptions, type UpstreamPools } from './upstream-pools.ts'
export { MAX_ENDPOINT_RESPONSE_BYTES } from './http.ts'
export type { AwsCredentials, AwsServiceEndpoint, AwsServiceOptions } from './aws-service/options.ts'

export interface IntegrationStagesInput {
  api: RestApiDefinition
  resource: Resource
  method: Method
  stageVariables: Readonly<Record<string, string>>
  upstream: UpstreamPools
  /** runs AWS_PROXY / AWS Lambda integrations; without it they answer 500 (lambda-unavailable.ts) */
  invoker?: FunctionInvoker
  /** endpoints and keys of AWS service integrations; without it they answer 500 */
  services?: AwsServiceOptions
  /** where private integrations' VPC links lead (without it they answer 500) */
  vpcLinks?: VpcLinkTargets
  /** the method's answer is needed whole (the response cache stores it): HTTP_PROXY buffers instead of streaming */
  bufferResponse?: boolean
}

/**
 * The integration phase of one method, compiled for one stage: integration request,
 * integration, integration response — only the stages its integration type needs:
 *
 *   MOCK        integrationRequest → mockIntegration → integrationResponse
 *   HTTP        integrationRequest → httpIntegration → integrationResponse
 *   HTTP_PROXY  httpProxyIntegration (streams the answer itself, unless `bufferResponse`)
 *   AWS_PROXY   lambdaProxyIntegration (Lambda, payload 1.0 event and proxy response)
 *   AWS Lambda  integrationRequest → lambdaCustomIntegration → integrationResponse
 *   AWS other   integrationRequest → awsServiceIntegration → integrationResponse
 *   AWS(_PROXY) without an invoker / service configuration: lambdaUnavailable
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
      const uri = throughVpcLink(compileEndpointUri(integration.uri, stageVariables, where, greedyPlaceholders(resource.path, integration.requestParameters)), integration, stageVariables, input.vpcLinks)
      upstream.prepare(endpointOf(integration))
      return [
        integrationRequest(integration, where, binaryMediaTypes),
        httpIntegration({ integration, uri, upstream }),
        integrationResponse(integration, method, where, binaryMediaTypes),
      ]
    }
    case 'HTTP_PROXY': {
      const uri = throughVpcLink(compileEndpointUri(integration.uri, stageVariables, where, greedyPlaceholders(resource.path, integration.requestParameters)), integration, stageVariables, input.vpcLinks)
      const mapping = compileRequestParameters(integration.requestParameters, where)
      upstream.prepare(endpointOf(integration))
      return [httpProxyIntegration({ integration, uri, mapping, upstream, buffered: input.bufferResponse === true })]
    }
    case 'AWS_PROXY': {
      checkAwsIntegrationArn(integration.uri, where)
      if (!isLambdaUri(integration.uri)) throw new IntegrationConfigError(`${AWS_PROXY_TARGET_MESSAGE} (${where})`)
      if (input.invoker === undefined) return [lambdaUnavailable(integration.type, integration.uri)]
      const target = compileLambdaUri(integration.uri, stageVariables, where)
      return [lambdaProxyIntegration({ integration, target, invoker: input.invoker, binaryMediaTypes })]
    }
    case 'AWS': {
      checkAwsIntegrationArn(integration.uri, where)
      const lambda = isLambdaUri(integration.uri)
      if (lambda ? input.invoker === undefined : input.services === undefined) return [lambdaUnavailable(integration.type, integration.uri)]
      if (!lambda) upstream.prepare()
      const call = lambda
        ? lambdaCustomIntegration({ integration, target: compileLambdaUri(integration.uri, stageVariables, where), invoker: input.invoker! })
        : awsServiceIntegration({ integration, stageVariables, services: input.services!, upstream, where, multiSegment: greedyPlaceholders(resource.path, integration.requestParameters) })
      return [
        integrationRequest(integration, where, binaryMediaTypes),
        call,
        integrationResponse(integration, method, where, binaryMediaTypes),
      ]
    }
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

/** The endpoint an HTTP or HTTP_PROXY integration calls as written, or undefined when a VPC link's local target decides it. */
function endpointOf(integration: Integration): string | undefined {
  return integration.connectionType === 'VPC_LINK' ? undefined : integration.uri
}
