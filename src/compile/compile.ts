import type { ValidateFunction } from 'ajv'
import type { RestApiDefinition, Stage } from '../model/index.ts'
import { integrationStages, integrationStreamsBody, type AwsServiceOptions, type IntegrationStagesInput, type PresentedCertificate, type UpstreamPools } from '../integrations/index.ts'
import type { FunctionInvoker } from '../gateway/function-invoker.ts'
import type { VpcLinkTargets } from '../gateway/vpc-link-targets.ts'
import { compileGatewayResponses } from './gateway-responses.ts'
import { validateRequest } from './validate-request.ts'
import type { MethodPlan, PipelineStage, RuntimePlan } from '../gateway/types.ts'
import type { MethodPhaseInput, MethodPhases, ObservationFactory } from '../gateway/method-phase.ts'
import { CompileError, compileStep } from './compile-error.ts'
import { createModelValidators, type ModelValidators } from './model-validators.ts'
import { createRouterBuilder } from './router.ts'

export type { IntegrationStagesInput }

/** Builds the integration phase of one method; throws on invalid configuration. */
export type IntegrationStagesFactory = (input: IntegrationStagesInput) => PipelineStage[]

export interface CompileInput {
  snapshot: RestApiDefinition
  deploymentId: string
  stage: Stage
  upstream: UpstreamPools
  /** runs Lambda functions for AWS and AWS_PROXY integrations (without it they answer 500) */
  invoker?: FunctionInvoker
  /** endpoints and credentials for AWS service integrations */
  services?: AwsServiceOptions
  /** where private integrations' VPC links lead */
  vpcLinks?: VpcLinkTargets
  /** `$context.isCanaryRequest` for the plan's requests: set only on a stage with canarySettings */
  isCanaryRequest?: boolean
  /** access control, traffic limits and the response cache, between routing and the integration */
  phases?: MethodPhases
  /** the integration phase builder; `integrationStages` from `integrations/` unless given (tests) */
  integrations?: IntegrationStagesFactory
  /** metrics, logs and tracing for the plan (observe/) */
  observe?: ObservationFactory
  /** the stage's client certificate, presented to HTTPS backends of HTTP and HTTP_PROXY integrations */
  clientCertificate?: PresentedCertificate
}

/**
 * compile(snapshot) → RuntimePlan: the resource tree as a router, each method's stage list
 * (request validation only when the method has a validator with something to check, then the
 * integration phase; whether the integration takes the request body as a stream), the API's gateway responses merged over AWS's defaults, the stage's
 * variables, the binary media types, whether the stage's methodSettings turn on execution logging, and
 * the observation observe/ compiles for the plan (`observe`). Pure apart from the upstream pools it is handed.
 * Throws CompileError naming the resource path and method that could not be compiled.
 */
export function compilePlan(input: CompileInput): RuntimePlan {
  const { snapshot: api, stage, invoker, services, vpcLinks } = input
  const upstream = input.clientCertificate === undefined ? input.upstream : presenting(input.upstream, input.clientCertificate)
  const integrations = input.integrations ?? integrationStages
  const phases = input.phases ?? {}
  const stageVariables: Readonly<Record<string, string>> = Object.freeze({ ...(stage.variables ?? {}) })
  const validators = new Map(api.requestValidators.map((v) => [v.id, v]))
  let models: ModelValidators | undefined
  const router = createRouterBuilder<MethodPlan>()
  const methods: MethodPlan[] = []
  const executionLog = Object.values(stage.methodSettings ?? {}).some((m) => (m.loggingLevel !== undefined && m.loggingLevel !== 'OFF') || m.dataTraceEnabled === true)

  for (const resource of api.resources) {
    for (const [verb, method] of Object.entries(resource.resourceMethods ?? {})) {
      const where = `${verb} ${resource.path}`
      const phaseInput: MethodPhaseInput = {
        api,
        resource,
        method,
        stage,
        stageVariables,
        deploymentId: input.deploymentId,
        ...(input.isCanaryRequest !== undefined && { isCanaryRequest: input.isCanaryRequest }),
      }
      const stages: PipelineStage[] = phases.access ? compileStep(where, () => phases.access!(phaseInput)) : []
      const validator = method.requestValidatorId ? validators.get(method.requestValidatorId) : undefined
      // built here, placed after the traffic phase below: whether the method is cached decides how its bodies travel
      const cache = phases.cache ? compileStep(where, () => phases.cache!(phaseInput)) : []
      // the execution log prints the method request body, so a logged stage buffers it; a cached
      // method may answer from the cache without reading a body, so it buffers it too
      const streamsBody = cache.length === 0 && !executionLog && validator?.validateRequestBody !== true && method.methodIntegration !== undefined && integrationStreamsBody(method.methodIntegration)
      if (method.requestValidatorId && !validator) throw new CompileError(`${where}: request validator ${method.requestValidatorId} does not exist`)
      if (validator) {
        const bodyValidators = new Map<string, ValidateFunction>()
        if (validator.validateRequestBody) {
          models ??= compileStep('models', () => createModelValidators(api))
          for (const [contentType, modelName] of Object.entries(method.requestModels ?? {})) {
            bodyValidators.set(contentType.toLowerCase(), compileStep(where, () => models!.get(modelName)))
          }
        }
        const validation = validateRequest({ method, validator, bodyValidators })
        if (validation) stages.push(validation)
      }
      if (!method.methodIntegration) throw new CompileError(`${where}: No integration defined for method`)
      if (phases.traffic) stages.push(...compileStep(where, () => phases.traffic!(phaseInput)))
      stages.push(...cache)
      // a cached method needs the integration's answer whole, to store it; others stream as before
      const bufferResponse = cache.length > 0
      stages.push(...compileStep(where, () => integrations({ api, resource, method, stageVariables, upstream, invoker, services, bufferResponse, ...(vpcLinks && { vpcLinks }) })))
      const plan: MethodPlan = { resourceId: resource.id, resourcePath: resource.path, httpMethod: verb, stages, streamsBody }
      compileStep(where, () => router.add(resource.path, verb, plan))
      methods.push(plan)
    }
  }

  const routes = router.build()
  const gatewayResponses = compileStep('gateway responses', () => compileGatewayResponses(api.gatewayResponses))
  const observe = input.observe?.({ api, stage, deploymentId: input.deploymentId, methods, ...(input.isCanaryRequest !== undefined && { isCanaryRequest: input.isCanaryRequest }) })

  return Object.freeze({
    protocol: 'REST',
    apiId: api.restApi.id,
    stageName: stage.stageName,
    deploymentId: input.deploymentId,
    stageVariables,
    binaryMediaTypes: Object.freeze([...(api.restApi.binaryMediaTypes ?? [])]),
    disableExecuteApiEndpoint: api.restApi.disableExecuteApiEndpoint,
    endpointType: api.restApi.endpointConfiguration.types[0] ?? 'EDGE',
    vpcEndpointIds: Object.freeze([...(api.restApi.endpointConfiguration.vpcEndpointIds ?? [])]),
    executionLog,
    ...(input.isCanaryRequest !== undefined && { isCanaryRequest: input.isCanaryRequest }),
    ...(observe && { observe }),
    match(httpMethod: string, path: string) {
      const found = routes.match(httpMethod, path)
      return found && { method: found.value, pathParameters: found.pathParameters }
    },
    renderError: gatewayResponses.render,
  })
}

/** The pools with the stage's client certificate presented on every HTTPS connection its integrations open. */
function presenting(pools: UpstreamPools, certificate: PresentedCertificate): UpstreamPools {
  return {
    get: (origin, insecureTls, _certificate, serverName) => pools.get(origin, insecureTls, certificate, serverName),
    prepare: (uri) => pools.prepare(uri),
    get size() {
      return pools.size
    },
    close: () => pools.close(),
  }
}
