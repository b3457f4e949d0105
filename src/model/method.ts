import type { Integration } from './integration.ts'

export type AuthorizationType = 'NONE' | 'AWS_IAM' | 'CUSTOM' | 'COGNITO_USER_POOLS'

export interface MethodResponse {
  statusCode: string
  /** `method.response.header.<name>` → required */
  responseParameters?: Record<string, boolean>
  /** content type → model name */
  responseModels?: Record<string, string>
}

export interface Method {
  httpMethod: string
  authorizationType: AuthorizationType
  authorizerId?: string
  apiKeyRequired: boolean
  requestValidatorId?: string
  operationName?: string
  /** `method.request.{path|querystring|header|multivaluequerystring|multivalueheader}.<name>` → required */
  requestParameters?: Record<string, boolean>
  /** content type → model name */
  requestModels?: Record<string, string>
  methodResponses?: Record<string, MethodResponse>
  methodIntegration?: Integration
  authorizationScopes?: string[]
}
