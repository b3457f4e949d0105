/** The shapes of GetMethod's answer that the method execution views read. */

export interface IntegrationResponse {
  statusCode: string
  selectionPattern?: string
  responseTemplates?: Record<string, string | null>
  responseParameters?: Record<string, string>
}

export interface Integration {
  type: string
  httpMethod?: string
  uri?: string
  passthroughBehavior?: string
  contentHandling?: string
  timeoutInMillis?: number
  connectionType?: string
  connectionId?: string
  credentials?: string
  cacheKeyParameters?: string[]
  requestParameters?: Record<string, string>
  requestTemplates?: Record<string, string | null>
  integrationResponses?: Record<string, IntegrationResponse>
}

export interface MethodResponse {
  statusCode: string
  responseParameters?: Record<string, boolean>
  responseModels?: Record<string, string>
}

export interface Method {
  httpMethod: string
  authorizationType?: string
  authorizerId?: string
  apiKeyRequired?: boolean
  requestValidatorId?: string
  requestParameters?: Record<string, boolean>
  requestModels?: Record<string, string>
  methodResponses?: Record<string, MethodResponse>
  methodIntegration?: Integration
}

/** What every panel of one method gets: the caller, the method's management path, and a reload. */
export interface MethodContext {
  call: import('../api.ts').Call
  apiId: string
  /** `/restapis/{id}/resources/{id}/methods/{verb}` */
  path: string
  reload: () => void
}

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'ANY'] as const
