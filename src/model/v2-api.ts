/**
 * An HTTP or WebSocket API as apigatewayv2 describes it (botocore apigatewayv2 2018-11-29 `Api`).
 * Members carry their wire (camelCase) names. Timestamps are epoch seconds, as everywhere in the
 * store; the v2 wire converts them to ISO 8601. `apiEndpoint` is not stored: it depends on the
 * address Portico serves at, so the management API computes it when it answers.
 */
export interface V2Api {
  apiId: string
  name: string
  protocolType: 'HTTP' | 'WEBSOCKET'
  description?: string
  /** epoch seconds */
  createdDate: number
  version?: string
  /** HTTP APIs: always `$request.method $request.path`; WebSocket APIs: e.g. `$request.body.action` */
  routeSelectionExpression?: string
  apiKeySelectionExpression?: string
  disableExecuteApiEndpoint: boolean
  /** WebSocket APIs only */
  disableSchemaValidation?: boolean
  /** HTTP APIs only */
  corsConfiguration?: V2Cors
  /** `ipv4` unless the API asked for `dualstack` */
  ipAddressType?: V2IpAddressType
  /** true for an API created by a managed service (never by Portico itself) */
  apiGatewayManaged?: boolean
  /** ImportApi/ReimportApi: what the import noted (HTTP APIs) */
  importInfo?: string[]
  /** ImportApi/ReimportApi: the warnings the import produced */
  warnings?: string[]
  tags?: Record<string, string>
}

export type V2IpAddressType = 'ipv4' | 'dualstack'

/** botocore `Cors`: an HTTP API's CORS configuration, answered by the gateway itself. */
export interface V2Cors {
  allowCredentials?: boolean
  allowHeaders?: string[]
  allowMethods?: string[]
  allowOrigins?: string[]
  exposeHeaders?: string[]
  /** seconds, -1..86400 */
  maxAge?: number
}
