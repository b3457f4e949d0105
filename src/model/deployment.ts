import type { RestApi } from './rest-api.ts'
import type { Resource } from './resource.ts'
import type { Authorizer, GatewayResponse, Model, RequestValidator } from './api-parts.ts'
import type { V2Api } from './v2-api.ts'
import type { V2Authorizer, V2Integration, V2IntegrationResponse, V2Model, V2Route, V2RouteResponse } from './v2-parts.ts'
import type { V2Deployment, V2Stage } from './v2-stage.ts'

/**
 * Everything that makes up one API's configuration, tagged by protocol; a deployment freezes
 * one of these. A WebSocket API is its `api` alone so far.
 */
export type ApiDefinition = RestApiDefinition | HttpApiDefinition | WebSocketApiDefinition

export type ApiProtocol = ApiDefinition['protocol']

/** A REST API (apigateway v1): the RestApi and its resource tree, models, validators, responses, authorizers. */
export interface RestApiDefinition {
  protocol: 'REST'
  restApi: RestApi
  /** every resource, root included, each with its methods */
  resources: Resource[]
  models: Model[]
  requestValidators: RequestValidator[]
  /** only the responses the API customised; the rest are AWS's defaults */
  gatewayResponses: GatewayResponse[]
  authorizers: Authorizer[]
}

/**
 * An HTTP API (apigatewayv2, protocolType HTTP): the Api and every part of it a deployment
 * freezes. Each list keeps creation order.
 */
export interface HttpApiDefinition extends V2ApiContent {
  protocol: 'HTTP'
  api: V2Api
}

/** The parts of an apigatewayv2 API, beside its `api`. */
export interface V2ApiContent {
  routes: V2Route[]
  integrations: V2Integration[]
  authorizers: V2Authorizer[]
  models: V2Model[]
  /** by routeId; only routes with responses appear */
  routeResponses: Record<string, V2RouteResponse[]>
  /** by integrationId; only integrations with responses appear */
  integrationResponses: Record<string, V2IntegrationResponse[]>
}

/** A WebSocket API (apigatewayv2, protocolType WEBSOCKET). */
export interface WebSocketApiDefinition {
  protocol: 'WEBSOCKET'
  api: V2Api
}

/** The API's id, whatever its protocol. */
export function apiIdOf(definition: ApiDefinition): string {
  return definition.protocol === 'REST' ? definition.restApi.id : definition.api.apiId
}

/** A stage of an API of protocol P: REST's (apigateway v1) or apigatewayv2's (HTTP, WebSocket). */
export type StageOf<P extends ApiProtocol> = P extends 'REST' ? Stage : V2Stage

/** A deployment of an API of protocol P. */
export type DeploymentOf<P extends ApiProtocol> = P extends 'REST' ? Deployment : V2Deployment

export type AnyStage = Stage | V2Stage
export type AnyDeployment = Deployment | V2Deployment

/** A deployment's id, whatever its protocol (apigatewayv2 names it `deploymentId`). */
export function deploymentIdOf(deployment: AnyDeployment): string {
  return 'deploymentId' in deployment ? deployment.deploymentId : deployment.id
}

/** A REST API's deployment (apigateway v1 `Deployment`). */
export interface Deployment {
  id: string
  description?: string
  /** epoch seconds */
  createdDate: number
  /** `{path: {METHOD: {authorizationType, apiKeyRequired}}}` */
  apiSummary?: Record<string, Record<string, { authorizationType: string; apiKeyRequired: boolean }>>
}

export type LoggingLevel = 'OFF' | 'ERROR' | 'INFO'

export interface MethodSetting {
  metricsEnabled: boolean
  loggingLevel: LoggingLevel
  dataTraceEnabled: boolean
  throttlingBurstLimit: number
  throttlingRateLimit: number
  cachingEnabled: boolean
  cacheTtlInSeconds: number
  cacheDataEncrypted: boolean
  requireAuthorizationForCacheControl: boolean
  unauthorizedCacheControlHeaderStrategy: 'FAIL_WITH_403' | 'SUCCEED_WITH_RESPONSE_HEADER' | 'SUCCEED_WITHOUT_RESPONSE_HEADER'
}

export interface CanarySettings {
  percentTraffic?: number
  deploymentId?: string
  stageVariableOverrides?: Record<string, string>
  useStageCache?: boolean
}

export interface Stage {
  stageName: string
  deploymentId: string
  description?: string
  clientCertificateId?: string
  cacheClusterEnabled: boolean
  cacheClusterSize?: string
  cacheClusterStatus?: string
  /** keyed `*\/*` or `{resourcePath without leading slash}/{METHOD}` */
  methodSettings: Record<string, MethodSetting>
  variables?: Record<string, string>
  documentationVersion?: string
  accessLogSettings?: { format?: string; destinationArn?: string }
  canarySettings?: CanarySettings
  tracingEnabled: boolean
  webAclArn?: string
  tags?: Record<string, string>
  /** epoch seconds */
  createdDate: number
  lastUpdatedDate: number
}
