/**
 * Where a VPC link's requests go, as the integrations ask it on each call: the composition root
 * answers from the VPC links it keeps in memory (followed through the store's announcements) and
 * the config file's `vpcLinks` map, so a link created or re-pointed after a deployment is used
 * without a redeploy, and the request path never reads the store.
 */
export type VpcLinkTarget = { readonly origin: string } | { readonly reason: string }

export interface VpcLinkTargets {
  /** a v1 link: where its target NLB goes */
  target(vpcLinkId: string): VpcLinkTarget
  /** an apigatewayv2 link (HTTP APIs): where the private integration's listener or Cloud Map service ARN goes through it */
  privateTarget?(vpcLinkId: string, targetArn: string): VpcLinkTarget
}
