import type { GatewayError, HttpAnswer, PipelineStage, RequestContext } from '../../gateway/types.ts'
import { callEndpoint } from '../endpoint-call.ts'
import { completedWith, configurationError, IntegrationConfigError } from '../errors.ts'
import { MAX_ENDPOINT_RESPONSE_BYTES } from '../http.ts'
import { resolveCredentials, signed } from '../aws-service/aws-service-integration.ts'
import type { AwsServiceOptions } from '../aws-service/options.ts'
import type { UpstreamPools } from '../upstream-pools.ts'
import { SUBTYPES } from './aws-service-subtypes.ts'
import { compileMappingValue, type MappingValue } from './mapping-value.ts'
import { requestSources } from './parameter-mapping.ts'

export interface HttpApiAwsServiceOptions {
  integrationSubtype: string
  /** parameter name → mapping value (`$request.body.message`, `$context.requestId`, static text) */
  requestParameters: Readonly<Record<string, string>>
  /** the role whose keys sign the call (config file `roles`), else the service's keys */
  credentialsArn?: string
  timeoutMs: number
  services: AwsServiceOptions | undefined
  upstream: UpstreamPools
  /** Portico's region: the signing region when neither `Region` nor the service's config names one */
  region?: string
  where: string
}

/**
 * An AWS service integration of an HTTP API (`AWS_PROXY` + `integrationSubtype`): the
 * parameters' values are read from the request (HTTP API mapping values: mapping-value.ts), the
 * subtype's service request is built from them (aws-service-subtypes.ts), SigV4-signed for the
 * service with the keys the config file gives (`roles`/`services`/`credentials`, as REST's AWS
 * integrations: aws-service/) and sent to `services.{service}.endpoint`. The service's answer
 * (status, Content-Type, body) is the response; response parameter mapping applies to it.
 * A parameter whose value resolves to nothing is left out (the service then answers its own
 * error for a missing required one). No endpoint or keys configured for the service → 500
 * `{"message":"Internal Server Error"}`, the reason in `$context.integrationErrorMessage`;
 * unreachable endpoint → 500; integration timeout → 503 (as HTTP_PROXY).
 */
export function httpApiAwsServiceIntegration(options: HttpApiAwsServiceOptions): PipelineStage {
  const { where } = options
  const subtype = Object.hasOwn(SUBTYPES, options.integrationSubtype) ? SUBTYPES[options.integrationSubtype]! : undefined
  if (subtype === undefined) throw new IntegrationConfigError(`Unsupported integration subtype ${options.integrationSubtype} (${where})`)
  const values: Array<[string, MappingValue]> = Object.entries(options.requestParameters).map(([name, text]) => [name, compileMappingValue(text, 'request', where)])
  const config = options.services !== undefined && Object.hasOwn(options.services.services, subtype.service) ? options.services.services[subtype.service] : undefined
  const credentials = config === undefined ? undefined : resolveCredentials(options.services!, config, options.credentialsArn)
  const problem =
    config === undefined
      ? `no endpoint is configured for AWS service ${JSON.stringify(subtype.service)} (services.${subtype.service} in portico.config.json)`
      : credentials === undefined
        ? `no credentials are configured for ${options.credentialsArn !== undefined ? `role ${options.credentialsArn}` : `AWS service ${subtype.service}`}`
        : undefined
  if (problem !== undefined) {
    return function httpApiAwsServiceIntegration(ctx) {
      return misconfigured(ctx, problem)
    }
  }
  const origin = new URL(config!.endpoint).origin

  return async function httpApiAwsServiceIntegration(ctx) {
    const sources = requestSources(ctx)
    const resolved: Record<string, string> = {}
    for (const [name, value] of values) {
      const text = value(sources)
      if (text !== undefined) resolved[name] = text
    }
    const request = subtype.request(resolved)
    const body = request.body === undefined ? null : Buffer.from(request.body, 'utf8')
    const region = resolved['Region'] ?? config!.region ?? options.region ?? 'us-east-1'
    const headers = signed(request.method, origin + request.path, { Accept: 'application/json', ...request.headers }, body, {
      service: config!.signingName ?? subtype.service,
      region,
      ...credentials!,
    })
    const { host: _host, ...wire } = headers
    const result = await callEndpoint(ctx, {
      upstream: options.upstream.get(origin, false),
      origin,
      path: request.path,
      method: request.method,
      headers: wire,
      body,
      timeoutMs: options.timeoutMs,
      maxBytes: MAX_ENDPOINT_RESPONSE_BYTES,
    })
    if ('kind' in result) return result
    const contentType = result.headers.get('content-type')
    const answered: Record<string, string> = contentType === undefined ? {} : { 'Content-Type': contentType }
    return { kind: 'http', statusCode: result.statusCode, headers: answered, body: result.body } satisfies HttpAnswer
  }
}

function misconfigured(ctx: RequestContext, reason: string): GatewayError {
  ctx.log.push(`Execution failed due to configuration error: ${reason}`)
  ctx.integration = { ...ctx.integration, error: reason }
  return completedWith(ctx, configurationError())
}
