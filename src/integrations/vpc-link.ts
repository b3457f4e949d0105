import type { RequestContext } from '../gateway/types.ts'
import type { VpcLinkTargets } from '../gateway/vpc-link-targets.ts'
import type { Integration } from '../model/index.ts'
import { interpolateStageVariables } from '../vtl/aws/stage-variable-template.ts'
import type { CompiledEndpointUri, EndpointUri } from './endpoint-uri.ts'

/**
 * A private integration (`connectionType: VPC_LINK`): the request goes to the network load
 * balancer the VPC link targets, carrying the integration URI's path and query and, in `Host`,
 * its host (an NLB passes the request on unchanged; the backend sees the URI's host). Locally the
 * NLB is the backend the config file's `vpcLinks` maps its ARN to. `connectionId` may be
 * `${stageVariables.vpcLinkId}`, resolved per stage like the URI.
 */
export interface VpcLinkRoute {
  readonly id: string
  /** `Host` of the requests: the integration URI's host[:port]; empty: the target's host (HTTP APIs' private integrations) */
  readonly host: string
  readonly targets: VpcLinkTargets | undefined
}

/** The endpoint through the integration's VPC link; `uri` unchanged for an INTERNET integration. */
export function throughVpcLink(uri: CompiledEndpointUri, integration: Integration, stageVariables: Readonly<Record<string, string>>, targets: VpcLinkTargets | undefined): CompiledEndpointUri {
  if (integration.connectionType !== 'VPC_LINK' || !uri.ok) return uri
  return viaVpcLink(uri, interpolateStageVariables(integration.connectionId ?? '', stageVariables), new URL(uri.uri.origin).host, targets)
}

/** `uri`'s path and query, sent through VPC link `id` with `Host: host` (empty: the target's own host). */
export function viaVpcLink(uri: CompiledEndpointUri, id: string, host: string, targets: VpcLinkTargets | undefined): CompiledEndpointUri {
  if (!uri.ok) return uri
  const route: VpcLinkRoute = { id, host, targets }
  const endpoint: EndpointUri = { origin: uri.uri.origin, pathAndQuery: (p, q) => uri.uri.pathAndQuery(p, q), vpcLink: route }
  return { ok: true, uri: endpoint }
}

/**
 * The origin one call goes to: the URI's, or its VPC link's target now. Undefined (with the
 * reason in the execution log, as AWS logs a configuration error) when the link is unknown, not
 * available or its NLB is mapped to no local URL.
 */
export function originOf(ctx: RequestContext, endpoint: EndpointUri): string | undefined {
  const route = endpoint.vpcLink
  if (route === undefined) return endpoint.origin
  const target = route.targets?.target(route.id) ?? { reason: 'VPC links are not configured in this Portico' }
  if ('origin' in target) return target.origin
  ctx.log.push(`Execution failed due to configuration error: VPC link ${route.id}: ${target.reason}`)
  return undefined
}
