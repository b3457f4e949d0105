/**
 * The VpcLinkTargets the integrations ask (gateway/vpc-link-targets.ts): VPC links as the store
 * keeps them (v1 and apigatewayv2), loaded at start and again whenever the store announces a VPC
 * link change, and the config file's ARN → local URL map (v1: the link's NLB; v2: the private
 * integration's listener or Cloud Map service), replaced when the file is reloaded. Answers from memory.
 */
import type { VpcLinkStore } from './control/store/store.ts'
import type { VpcLinkTarget, VpcLinkTargets } from './gateway/vpc-link-targets.ts'
import type { VpcLink } from './model/vpc-link.ts'
import type { V2VpcLink } from './model/v2-vpc-link.ts'

export interface VpcLinkDirectory extends VpcLinkTargets {
  /** reads the links again (a VPC link was created, updated or deleted) */
  reload(): Promise<void>
  /** the config file's `vpcLinks`, resolved */
  setTargets(targets: Readonly<Record<string, string>> | undefined): void
}

export function createVpcLinkDirectory(store: VpcLinkStore, targets: Readonly<Record<string, string>> | undefined): VpcLinkDirectory {
  let links = new Map<string, VpcLink>()
  let v2Links = new Map<string, V2VpcLink>()
  let origins = targets ?? {}
  const originOf = (arn: string): VpcLinkTarget => {
    const origin = Object.hasOwn(origins, arn) ? origins[arn] : undefined
    return origin === undefined ? { reason: `its target ${arn} is mapped to no local URL (vpcLinks in portico.config.json)` } : { origin }
  }
  return {
    async reload() {
      links = new Map((await store.listVpcLinks()).map((link) => [link.id, link]))
      v2Links = new Map((await store.listV2VpcLinks()).map((link) => [link.vpcLinkId, link]))
    },
    setTargets(next) {
      origins = next ?? {}
    },
    target(vpcLinkId): VpcLinkTarget {
      const link = links.get(vpcLinkId)
      if (link === undefined) return { reason: 'no such VPC link' }
      if (link.status === 'FAILED' || link.status === 'DELETING') return { reason: `the VPC link is ${link.status}` }
      return originOf(link.targetArns[0]!)
    },
    privateTarget(vpcLinkId, targetArn): VpcLinkTarget {
      const link = v2Links.get(vpcLinkId)
      if (link === undefined) return { reason: 'no such VPC link' }
      if (link.vpcLinkStatus === 'FAILED' || link.vpcLinkStatus === 'DELETING' || link.vpcLinkStatus === 'INACTIVE') return { reason: `the VPC link is ${link.vpcLinkStatus}` }
      return originOf(targetArn)
    },
  }
}
