import type { FunctionInvoker } from '../../gateway/function-invoker.ts'
import type { PipelineStage } from '../../gateway/types.ts'
import type { V2Integration } from '../../model/index.ts'
import { lambdaInvocationUri } from '../../lib/lambda-function-arn.ts'
import { IntegrationConfigError } from '../errors.ts'
import type { HttpProxyOptions } from '../http-proxy.ts'
import { lambdaUnavailable } from '../lambda-unavailable.ts'
import { compileLambdaUri } from '../lambda-uri.ts'
import type { UpstreamPools } from '../upstream-pools.ts'
import type { AwsServiceOptions } from '../aws-service/options.ts'
import type { VpcLinkTargets } from '../../gateway/vpc-link-targets.ts'
import { interpolateStageVariables } from '../../vtl/aws/stage-variable-template.ts'
import { httpApiAwsServiceIntegration } from './aws-service-integration.ts'
import { httpApiProxyIntegration } from './http-proxy-integration.ts'
import { httpApiLambdaIntegration } from './lambda-integration.ts'
import { compileHttpApiRequestParameters } from './parameter-mapping.ts'

export { compileHttpApiResponseParameters, type HttpApiResponseMapping } from './parameter-mapping.ts'
export { httpApiLambdaEvent, isTextType } from './lambda-integration.ts'
export { httpApiContext } from './context.ts'

/** What the integration stage reads of an HTTP API's integration (botocore `Integration`). */
export type HttpApiIntegrationConfig = Pick<
  V2Integration,
  | 'integrationType'
  | 'integrationUri'
  | 'integrationMethod'
  | 'integrationSubtype'
  | 'connectionType'
  | 'payloadFormatVersion'
  | 'timeoutInMillis'
  | 'requestParameters'
  | 'credentialsArn'
  | 'connectionId'
  | 'tlsConfig'
>

export interface HttpApiIntegrationInput {
  integration: HttpApiIntegrationConfig
  /** the route's path; undefined for `$default` */
  routePath: string | undefined
  stageVariables: Readonly<Record<string, string>>
  upstream: UpstreamPools
  invoker?: FunctionInvoker
  accountId?: string
  /** AWS service integrations' endpoints and keys (the config file's `services`, `roles`, `credentials`) */
  services?: AwsServiceOptions
  /** Portico's region: AWS service calls are signed for it unless told otherwise */
  region?: string
  /** where private integrations' VPC links go (the store's v2 links, the config file's `vpcLinks`) */
  vpcLinks?: VpcLinkTargets
  /** the response mapping and CORS of the backend's head; absent when neither applies */
  responseHead?: HttpProxyOptions['responseHead']
  /** HTTP_PROXY answers its whole response instead of streaming it (its response mapping reads `$response.body`) */
  bufferResponse?: boolean
  where: string
}

/** HTTP APIs' integration timeout: 30 s at most, and by default (http-api-quotas). */
export const HTTP_API_TIMEOUT_MS = 30_000

/**
 * The integration stage of one HTTP API route: AWS_PROXY to Lambda (payload 1.0 or 2.0) or
 * HTTP_PROXY (payload 1.0) to a URL or, privately (`connectionType: VPC_LINK`), through a VPC
 * link to what its listener or Cloud Map ARN maps to, or an AWS service integration
 * (`integrationSubtype`, aws-service-integration.ts).
 */
export function httpApiIntegrationStage(input: HttpApiIntegrationInput): PipelineStage {
  const { integration, where } = input
  const timeoutMs = Math.min(integration.timeoutInMillis > 0 ? integration.timeoutInMillis : HTTP_API_TIMEOUT_MS, HTTP_API_TIMEOUT_MS)
  if (integration.integrationSubtype !== undefined) {
    return httpApiAwsServiceIntegration({
      integrationSubtype: integration.integrationSubtype,
      requestParameters: integration.requestParameters ?? {},
      ...(integration.credentialsArn !== undefined && { credentialsArn: integration.credentialsArn }),
      timeoutMs,
      services: input.services,
      upstream: input.upstream,
      ...(input.region !== undefined && { region: input.region }),
      where,
    })
  }
  const mapping = compileHttpApiRequestParameters(integration.requestParameters, where)
  switch (integration.integrationType) {
    case 'AWS_PROXY': {
      if (integration.integrationUri === undefined || integration.integrationUri === '') throw new IntegrationConfigError(`AWS_PROXY integrations need an integrationUri (${where})`)
      const uri = lambdaInvocationUri(integration.integrationUri)
      if (input.invoker === undefined) return lambdaUnavailable('AWS_PROXY', uri)
      const version = integration.payloadFormatVersion === '1.0' ? '1.0' : '2.0'
      return httpApiLambdaIntegration({
        target: compileLambdaUri(uri, input.stageVariables, where),
        invoker: input.invoker,
        timeoutMs,
        payloadFormatVersion: version,
        mapping,
        ...(input.accountId !== undefined && { accountId: input.accountId }),
      })
    }
    case 'HTTP_PROXY':
      if (integration.integrationUri === undefined) throw new IntegrationConfigError(`HTTP_PROXY integrations need an integrationUri (${where})`)
      return httpApiProxyIntegration({
        integrationUri: integration.integrationUri,
        ...(integration.integrationMethod !== undefined && { integrationMethod: integration.integrationMethod }),
        timeoutMs,
        stageVariables: input.stageVariables,
        routePath: input.routePath,
        mapping,
        upstream: input.upstream,
        ...(input.bufferResponse === true ? { buffered: true } : input.responseHead !== undefined && { responseHead: input.responseHead }),
        where,
        ...(integration.connectionType === 'VPC_LINK' && { vpcLink: privateLink(integration, input) }),
        ...(integration.tlsConfig?.serverNameToVerify !== undefined && { serverNameToVerify: integration.tlsConfig.serverNameToVerify }),
      })
    default:
      throw new IntegrationConfigError(
        `Currently, an API with a protocol type of HTTP may only be associated with proxy integrations (AWS_PROXY, HTTP_PROXY) (${where}: ${integration.integrationType})`,
      )
  }
}

/** A private integration's way: its (stage-variable filled) link id, asked of the v2 links for the integration URI's ARN. */
function privateLink(integration: HttpApiIntegrationConfig, input: HttpApiIntegrationInput): { id: string; targets: VpcLinkTargets } {
  const arn = integration.integrationUri ?? ''
  const directory = input.vpcLinks
  return {
    id: interpolateStageVariables(integration.connectionId ?? '', input.stageVariables),
    targets: { target: (id) => directory?.privateTarget?.(id, arn) ?? { reason: 'VPC links are not configured in this Portico' } },
  }
}
