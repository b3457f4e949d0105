/**
 * An HTTP or WebSocket API as apigatewayv2 describes it (botocore apigatewayv2 2018-11-29 `Api`),
 * with the fields the store keeps for now. Routes, integrations, authorizers and the rest come
 * with the issues that serve these protocols.
 */
export interface V2Api {
  apiId: string
  name: string
  protocolType: 'HTTP' | 'WEBSOCKET'
  description?: string
  /** epoch seconds (the v2 wire format sends ISO 8601; the store keeps one clock for both) */
  createdDate: number
  version?: string
  /** WebSocket APIs: e.g. `$request.body.action` */
  routeSelectionExpression?: string
  apiKeySelectionExpression?: string
  disableExecuteApiEndpoint: boolean
  tags?: Record<string, string>
}
