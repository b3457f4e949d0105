/**
 * The config file's `vpcLinks`: where a private integration (`connectionType: VPC_LINK`) goes.
 * On AWS a v1 VPC link's `targetArns` name a network load balancer in a VPC, and an HTTP API's
 * private integration names in its `integrationUri` an ALB or NLB listener, or a Cloud Map
 * service; locally each such ARN maps to the URL of a backend this machine reaches. v1: requests
 * through the link go there with the integration URI's path, query and Host header, as an NLB
 * passes them on; HTTP APIs: with the request's path and query (after parameter mapping).
 *
 *   vpcLinks:
 *     arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/orders/1234567890abcdef: http://127.0.0.1:8080
 *     arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2: http://127.0.0.1:8081
 *     arn:aws:servicediscovery:us-east-1:123456789012:service/srv-e4anhdhcy5xqd2e6: http://127.0.0.1:8082
 */
import { isObject } from './lib/is-object.ts'

export const VPC_LINK_KEYS = ['vpcLinks'] as const

export interface VpcLinksFileConfig {
  /** NLB ARN → `http(s)://host:port` of the local backend standing in for it */
  vpcLinks?: Record<string, string>
}

type Fail = (key: string, message: string) => never

const ELB_ARN = /^arn:aws[a-zA-Z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:(loadbalancer|listener)\/.+$/
const CLOUD_MAP_ARN = /^arn:aws[a-zA-Z-]*:servicediscovery:[a-z0-9-]+:\d{12}:service\/.+$/

export function validateVpcLinks(top: Record<string, unknown>, fail: Fail): void {
  if (top.vpcLinks === undefined) return
  if (!isObject(top.vpcLinks)) fail('vpcLinks', 'must be an object: NLB ARN → local URL, e.g. { "arn:aws:elasticloadbalancing:…:loadbalancer/net/orders/…": "http://127.0.0.1:8080" }')
  for (const [arn, url] of Object.entries(top.vpcLinks as Record<string, unknown>)) {
    const at = `vpcLinks.${arn}`
    if (!ELB_ARN.test(arn) && !CLOUD_MAP_ARN.test(arn)) {
      fail(at, 'a key is the load balancer ARN a VPC link targets (arn:aws:elasticloadbalancing:{region}:{account}:loadbalancer/net/{name}/{id}), or the listener or Cloud Map service ARN an HTTP API private integration names')
    }
    if (typeof url !== 'string' || !/^https?:\/\/[^/?#]+\/?$/.test(url)) fail(at, `must be an http(s) origin without a path, e.g. "http://127.0.0.1:8080", got ${JSON.stringify(url)}`)
  }
}

/** NLB ARN → origin (`http://127.0.0.1:8080`), frozen; empty when the file has none. */
export function resolveVpcLinks(contents: VpcLinksFileConfig): Readonly<Record<string, string>> {
  return Object.freeze(Object.fromEntries(Object.entries(contents.vpcLinks ?? {}).map(([arn, url]) => [arn, new URL(url).origin])))
}
