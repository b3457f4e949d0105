/**
 * An HTTP or WebSocket API's stage and deployment (botocore apigatewayv2 2018-11-29 `Stage`,
 * `Deployment`, wire member names). Timestamps are epoch seconds in the store; the v2 wire
 * answers ISO 8601.
 */

export type V2LoggingLevel = 'ERROR' | 'INFO' | 'OFF'

/** botocore `RouteSettings`: the stage's default, or one route's (keyed by route key). */
export interface V2RouteSettings {
  detailedMetricsEnabled?: boolean
  throttlingBurstLimit?: number
  throttlingRateLimit?: number
  /** WebSocket only */
  dataTraceEnabled?: boolean
  /** WebSocket only */
  loggingLevel?: V2LoggingLevel
}

/** botocore `AccessLogSettings` */
export interface V2AccessLogSettings {
  destinationArn?: string
  /** must contain `$context.requestId` (or `$context.extendedRequestId`) */
  format?: string
}

/** botocore `Stage`. `$default` serves at the root, any other name under `/{stageName}`. */
export interface V2Stage {
  stageName: string
  /** absent until the stage is first deployed (by CreateDeployment or auto-deploy) */
  deploymentId?: string
  description?: string
  /** a new deployment on every change of the API */
  autoDeploy: boolean
  /** autoDeploy stages: how the last auto-deployment went */
  lastDeploymentStatusMessage?: string
  /** `{"detailedMetricsEnabled": false}` unless set */
  defaultRouteSettings: V2RouteSettings
  /** by route key (`GET /pets`) */
  routeSettings: Record<string, V2RouteSettings>
  stageVariables: Record<string, string>
  accessLogSettings?: V2AccessLogSettings
  /** WebSocket only */
  clientCertificateId?: string
  /** true on the `$default` stage quick create made: it cannot be modified */
  apiGatewayManaged?: boolean
  tags?: Record<string, string>
  /** epoch seconds */
  createdDate: number
  lastUpdatedDate: number
}

export type V2DeploymentStatus = 'PENDING' | 'FAILED' | 'DEPLOYED'

/** botocore `Deployment`: a frozen HTTP or WebSocket API (its snapshot is kept beside it). */
export interface V2Deployment {
  deploymentId: string
  description?: string
  /** true when a stage's autoDeploy made it */
  autoDeployed: boolean
  deploymentStatus: V2DeploymentStatus
  deploymentStatusMessage?: string
  /** epoch seconds */
  createdDate: number
}
