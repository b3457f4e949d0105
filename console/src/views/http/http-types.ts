/** The shapes of apigatewayv2's answers that the HTTP API views read. */

export interface HttpApi {
  apiId: string
  name: string
  protocolType: string
  apiEndpoint?: string
  description?: string
  createdDate?: string
  corsConfiguration?: Cors
}

export interface Cors {
  allowOrigins?: string[]
  allowMethods?: string[]
  allowHeaders?: string[]
  exposeHeaders?: string[]
  maxAge?: number
  allowCredentials?: boolean
}

export interface HttpRoute {
  routeId: string
  routeKey: string
  target?: string
  authorizationType?: string
  authorizerId?: string
  authorizationScopes?: string[]
}

export interface HttpIntegration {
  integrationId: string
  integrationType: string
  integrationUri?: string
  integrationMethod?: string
  payloadFormatVersion?: string
  timeoutInMillis?: number
  description?: string
}

export interface HttpAuthorizer {
  authorizerId: string
  name: string
  authorizerType: 'JWT' | 'REQUEST'
  identitySource?: string[]
  jwtConfiguration?: { issuer?: string; audience?: string[] }
  authorizerUri?: string
  authorizerPayloadFormatVersion?: string
  enableSimpleResponses?: boolean
  authorizerResultTtlInSeconds?: number
}

export interface HttpStage {
  stageName: string
  description?: string
  autoDeploy?: boolean
  deploymentId?: string
  lastUpdatedDate?: string
  stageVariables?: Record<string, string>
  defaultRouteSettings?: HttpRouteSettings
  /** by route key (`GET /pets`) */
  routeSettings?: Record<string, HttpRouteSettings>
  accessLogSettings?: { destinationArn?: string; format?: string }
  /** auto-deploy stages: how the last automatic deployment went */
  lastDeploymentStatusMessage?: string
}

export interface HttpRouteSettings {
  throttlingRateLimit?: number
  throttlingBurstLimit?: number
  detailedMetricsEnabled?: boolean
}

export interface HttpDeployment {
  deploymentId: string
  description?: string
  autoDeployed?: boolean
  deploymentStatus?: string
  createdDate?: string
}

/** What every part of one HTTP API gets: the caller, the API's management path, and the item chosen in the tab (if any). */
export interface HttpApiContext {
  call: import('../../api.ts').Call
  apiId: string
  /** `/v2/apis/{apiId}` */
  base: string
  item: string | undefined
}

/** `a, b ,c` → ['a', 'b', 'c']: the comma-separated lists of the forms. */
export function list(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
}
