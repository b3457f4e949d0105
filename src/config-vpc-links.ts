/**
 * The config file's `vpcLinks`: where a private integration (`connectionType: VPC_LINK`) goes.
 * On AWS a VPC link's `targetArns` name a network load balancer in a VPC; locally each NLB ARN
 * maps to the URL of a backend this machine reaches, and requests through the link go there
 * with the integration URI's path, query and Host header, as an NLB passes them on.
 *
 *   vpcLinks:
 *     arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/orders/1234567890abcdef: http://127.0.0.1:8080
 */
import { isObject } from './lib/is-object.ts'

export const VPC_LINK_KEYS = ['vpcLinks'] as const

export interface VpcLinksFileConfig {
  /** NLB ARN → `http(s)://host:port` of the local backend standing in for it */
  vpcLinks?: Record<string, string>
}

type Fail = (key: string, message: string) => never

const ELB_ARN = /^arn:aws[a-zA-Z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/.+$/

export function validateVpcLinks(top: Record<string, unknown>, fail: Fail): void {
  if (top.vpcLinks === undefined) return
  if (!isObject(top.vpcLinks)) fail('vpcLinks', 'must be an object: NLB ARN → local URL, e.g. { "arn:aws:elasticloadbalancing:…:loadbalancer/net/orders/…": "http://127.0.0.1:8080" }')
  for (const [arn, url] of Object.entries(top.vpcLinks as Record<string, unknown>)) {
    const at = `vpcLinks.${arn}`
    if (!ELB_ARN.test(arn)) fail(at, 'a key is the load balancer ARN a VPC link targets: arn:aws:elasticloadbalancing:{region}:{account}:loadbalancer/net/{name}/{id}')
    if (typeof url !== 'string' || !/^https?:\/\/[^/?#]+\/?$/.test(url)) fail(at, `must be an http(s) origin without a path, e.g. "http://127.0.0.1:8080", got ${JSON.stringify(url)}`)
  }
}

/** NLB ARN → origin (`http://127.0.0.1:8080`), frozen; empty when the file has none. */
export function resolveVpcLinks(contents: VpcLinksFileConfig): Readonly<Record<string, string>> {
  return Object.freeze(Object.fromEntries(Object.entries(contents.vpcLinks ?? {}).map(([arn, url]) => [arn, new URL(url).origin])))
}
