/**
 * An apigatewayv2 VPC link (botocore `VpcLink`, `vpcLinkVersion: V2`): HTTP APIs' way into a
 * VPC. Unlike v1 links it names no target: each private integration's `integrationUri` (an ALB
 * or NLB listener ARN, or a Cloud Map service ARN) does, and locally the config file's
 * `vpcLinks` maps that ARN to a URL (config-vpc-links.ts). Subnets and security groups are kept
 * as given.
 */
export type V2VpcLinkStatus = 'PENDING' | 'AVAILABLE' | 'DELETING' | 'FAILED' | 'INACTIVE'

export interface V2VpcLink {
  vpcLinkId: string
  name: string
  securityGroupIds: string[]
  subnetIds: string[]
  tags: Record<string, string>
  /** ISO 8601 */
  createdDate: string
  vpcLinkStatus: V2VpcLinkStatus
  vpcLinkStatusMessage?: string
  vpcLinkVersion: 'V2'
}
