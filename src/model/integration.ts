export type IntegrationType = 'HTTP' | 'HTTP_PROXY' | 'MOCK' | 'AWS' | 'AWS_PROXY'
export type PassthroughBehavior = 'WHEN_NO_MATCH' | 'WHEN_NO_TEMPLATES' | 'NEVER'
export type ContentHandling = 'CONVERT_TO_BINARY' | 'CONVERT_TO_TEXT'
export type ConnectionType = 'INTERNET' | 'VPC_LINK'

export const DEFAULT_TIMEOUT_MS = 29_000
export const MIN_TIMEOUT_MS = 50
export const MAX_TIMEOUT_MS = 29_000

export interface IntegrationResponse {
  statusCode: string
  /** Java regex matched against the backend status (HTTP) or the Lambda errorMessage (AWS) */
  selectionPattern?: string
  /** `method.response.header.<name>` → mapping expression */
  responseParameters?: Record<string, string>
  /** content type → VTL template */
  responseTemplates?: Record<string, string | null>
  contentHandling?: ContentHandling
}

export interface Integration {
  type: IntegrationType
  /** the verb used to call the backend */
  httpMethod?: string
  uri?: string
  connectionType?: ConnectionType
  connectionId?: string
  credentials?: string
  /** `integration.request.{path|querystring|header}.<name>` → mapping expression */
  requestParameters?: Record<string, string>
  /** content type → VTL template */
  requestTemplates?: Record<string, string | null>
  passthroughBehavior?: PassthroughBehavior
  contentHandling?: ContentHandling
  cacheNamespace?: string
  cacheKeyParameters?: string[]
  /** 50..29000, default 29000 */
  timeoutInMillis: number
  integrationResponses?: Record<string, IntegrationResponse>
  tlsConfig?: { insecureSkipVerification?: boolean }
}
