/** AWS API Gateway v1 resource shapes, with AWS's own field names (botocore apigateway 2015-07-09). */

export type ApiKeySource = 'HEADER' | 'AUTHORIZER'
export type EndpointType = 'EDGE' | 'REGIONAL' | 'PRIVATE'

/** Who can reach the API: IPv4 only, or IPv4 and IPv6 (the only choice for PRIVATE). */
export type IpAddressType = 'ipv4' | 'dualstack'

export interface EndpointConfiguration {
  types: EndpointType[]
  /** absent in definitions stored before it existed: the endpoint type's default applies */
  ipAddressType?: IpAddressType
  vpcEndpointIds?: string[]
}

export interface RestApi {
  id: string
  name: string
  description?: string
  /** epoch seconds, as the v1 wire format sends it */
  createdDate: number
  version?: string
  warnings?: string[]
  binaryMediaTypes?: string[]
  minimumCompressionSize?: number
  apiKeySource: ApiKeySource
  endpointConfiguration: EndpointConfiguration
  /** resource policy, a JSON string */
  policy?: string
  tags?: Record<string, string>
  disableExecuteApiEndpoint: boolean
  rootResourceId: string
}

/** The create-time tag that pins a new API's id (LocalStack's convention). */
export const CUSTOM_ID_TAG = '_custom_id_'
