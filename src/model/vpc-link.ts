/**
 * A VPC link (API Gateway v1, `VpcLink`): a private integration's way to a network load
 * balancer. Locally the NLB ARNs in `targetArns` stand for backends the config file maps to
 * local URLs (`vpcLinks` in portico.config.json).
 */
export type VpcLinkStatus = 'AVAILABLE' | 'PENDING' | 'DELETING' | 'FAILED'

export interface VpcLink {
  id: string
  name: string
  description?: string
  targetArns: string[]
  status: VpcLinkStatus
  statusMessage?: string
  tags?: Record<string, string>
}
