/**
 * The parts of an HTTP or WebSocket API (botocore apigatewayv2 2018-11-29 output shapes, wire
 * member names): routes, integrations, authorizers, models, route and integration responses.
 * Names clashing with REST's parts carry a `V2` prefix.
 */

export type V2AuthorizationType = 'NONE' | 'AWS_IAM' | 'CUSTOM' | 'JWT'

/** botocore `ParameterConstraints` (WebSocket route request parameters) */
export interface V2ParameterConstraints {
  required: boolean
}

/** botocore `Route`. */
export interface V2Route {
  routeId: string
  /** `VERB /path`, `ANY /path`, `$default` (HTTP) or a route selection value (WebSocket: `$connect`…) */
  routeKey: string
  apiKeyRequired: boolean
  authorizationType: V2AuthorizationType
  /** JWT routes: scopes any of which the token must carry */
  authorizationScopes?: string[]
  authorizerId?: string
  /** `integrations/{integrationId}` */
  target?: string
  operationName?: string
  /** true on what quick create made: the `$default` route key cannot change */
  apiGatewayManaged?: boolean
  /** WebSocket only */
  modelSelectionExpression?: string
  /** WebSocket only: content type → model name */
  requestModels?: Record<string, string>
  /** WebSocket only */
  requestParameters?: Record<string, V2ParameterConstraints>
  /** WebSocket only */
  routeResponseSelectionExpression?: string
}

/** botocore `RouteResponse` (WebSocket two-way routes). */
export interface V2RouteResponse {
  routeResponseId: string
  routeResponseKey: string
  modelSelectionExpression?: string
  responseModels?: Record<string, string>
  responseParameters?: Record<string, V2ParameterConstraints>
}

export type V2IntegrationType = 'AWS' | 'HTTP' | 'MOCK' | 'HTTP_PROXY' | 'AWS_PROXY'
export type V2ConnectionType = 'INTERNET' | 'VPC_LINK'
export type V2ContentHandlingStrategy = 'CONVERT_TO_BINARY' | 'CONVERT_TO_TEXT'
export type V2PassthroughBehavior = 'WHEN_NO_MATCH' | 'NEVER' | 'WHEN_NO_TEMPLATES'

/** botocore `TlsConfig`: the name an HTTPS private integration's certificate must carry. */
export interface V2TlsConfig {
  serverNameToVerify?: string
}

/** botocore `Integration`. */
export interface V2Integration {
  integrationId: string
  integrationType: V2IntegrationType
  /** Lambda ARN or invocation URI (AWS_PROXY), URL (HTTP_PROXY), listener ARN / service ARN (VPC_LINK) */
  integrationUri?: string
  /** AWS service integrations: e.g. `SQS-SendMessage` */
  integrationSubtype?: string
  integrationMethod?: string
  connectionType: V2ConnectionType
  /** the VpcLink's id when `connectionType` is VPC_LINK */
  connectionId?: string
  credentialsArn?: string
  description?: string
  /** `1.0` or `2.0` (2.0 only for Lambda on HTTP APIs) */
  payloadFormatVersion?: string
  /** 50..30000 on HTTP APIs (default 30000), 50..29000 on WebSocket APIs */
  timeoutInMillis: number
  /**
   * HTTP APIs: `overwrite:header.x` / `append:querystring.y` / `remove:…` / `overwrite:path` →
   * a mapping expression; AWS service integrations: the subtype's parameter names.
   * WebSocket APIs: `integration.request.header.x` → source.
   */
  requestParameters?: Record<string, string>
  /** HTTP APIs: status code → (`overwrite:header.x`, `overwrite:statuscode`…) → value */
  responseParameters?: Record<string, Record<string, string>>
  tlsConfig?: V2TlsConfig
  /** true on the integration quick create made: it can be updated but not deleted */
  apiGatewayManaged?: boolean
  /** WebSocket only */
  contentHandlingStrategy?: V2ContentHandlingStrategy
  /** WebSocket only */
  integrationResponseSelectionExpression?: string
  /** WebSocket only */
  passthroughBehavior?: V2PassthroughBehavior
  /** WebSocket only */
  requestTemplates?: Record<string, string>
  /** WebSocket only */
  templateSelectionExpression?: string
}

/** botocore `IntegrationResponse` (WebSocket). */
export interface V2IntegrationResponse {
  integrationResponseId: string
  integrationResponseKey: string
  contentHandlingStrategy?: V2ContentHandlingStrategy
  responseParameters?: Record<string, string>
  responseTemplates?: Record<string, string>
  templateSelectionExpression?: string
}

export type V2AuthorizerType = 'REQUEST' | 'JWT'

/** botocore `JWTConfiguration` */
export interface JwtConfiguration {
  audience?: string[]
  issuer?: string
}

/** botocore `Authorizer`. */
export interface V2Authorizer {
  authorizerId: string
  name: string
  authorizerType: V2AuthorizerType
  /** HTTP: `$request.header.Authorization`, `$context.x`, `$stageVariables.x`; WebSocket: `route.request.header.X` */
  identitySource?: string[]
  /** JWT authorizers */
  jwtConfiguration?: JwtConfiguration
  /** REQUEST authorizers: the Lambda invocation URI */
  authorizerUri?: string
  authorizerCredentialsArn?: string
  /** HTTP REQUEST authorizers: `1.0` or `2.0` */
  authorizerPayloadFormatVersion?: string
  /** 0..3600; REQUEST authorizers only */
  authorizerResultTtlInSeconds?: number
  /** HTTP REQUEST authorizers with payload 2.0: `{isAuthorized, context}` answers */
  enableSimpleResponses?: boolean
  /** kept, unused (AWS ignores it too) */
  identityValidationExpression?: string
}

/** botocore `Model` (WebSocket request validation). */
export interface V2Model {
  modelId: string
  name: string
  /** JSON schema draft 4, as a string */
  schema?: string
  contentType?: string
  description?: string
}
