/**
 * The VpcLinkTargets the integrations ask (gateway/vpc-link-targets.ts): VPC links as the store
 * keeps them, loaded at start and again whenever the store announces a VPC link change, and the
 * config file's NLB ARN → local URL map, replaced when the file is reloaded. Answers from memory.
 */
import type { VpcLinkStore } from './control/store/store.ts'
import type { VpcLinkTarget, VpcLinkTargets } from './gateway/vpc-link-targets.ts'
import type { VpcLink } from './model/vpc-link.ts'

export interface VpcLinkDirectory extends VpcLinkTargets {
  /** reads the links again (a VPC link was created, updated or deleted) */
  reload(): Promise<void>
  /** the config file's `vpcLinks`, resolved */
  setTargets(targets: Readonly<Record<string, string>> | undefined): void
}

export function createVpcLinkDirectory(store: VpcLinkStore, targets: Readonly<Record<string, string>> | undefined): VpcLinkDirectory {
  let links = new Map<string, VpcLink>()
  let origins = targets ?? {}
  return {
    async reload() {
      links = new Map((await store.listVpcLinks()).map((link) => [link.id, link]))
    },
    setTargets(next) {
      origins = next ?? {}
    },
    target(vpcLinkId): VpcLinkTarget {
      const link = links.get(vpcLinkId)
      if (link === undefined) return { reason: 'no such VPC link' }
      if (link.status === 'FAILED' || link.status === 'DELETING') return { reason: `the VPC link is ${link.status}` }
      const arn = link.targetArns[0]!
      const origin = Object.hasOwn(origins, arn) ? origins[arn] : undefined
      if (origin === undefined) return { reason: `its target ${arn} is mapped to no local URL (vpcLinks in portico.config.json)` }
      return { origin }
    },
  }
}
