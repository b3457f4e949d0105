/**
 * `--vpce-listener`: a listener standing in for an interface VPC endpoint of `execute-api`. On
 * AWS a PRIVATE REST API is reached only through such an endpoint, and requests through it carry
 * the endpoint's id (`aws:SourceVpce`) and its VPC's (`aws:SourceVpc`) for resource policies.
 * Locally a listener address plays the endpoint:
 *
 *   --vpce-listener vpce-0123abcd=127.0.0.1:4600
 *   --vpce-listener 127.0.0.1:4600=vpce-0123abcd          (either order)
 *   --vpce-listener vpce-0123abcd/vpc-0456cdef=127.0.0.1:4600   (with the endpoint's VPC id)
 *   --vpce-listener vpce-0123abcd=https://127.0.0.1:4600          (HTTPS, as AWS's endpoints are: its
 *                                  private domains' certificates by SNI, else --tls-cert/--tls-key's)
 *
 * Repeatable; `PORTICO_VPCE_LISTENERS` takes the same specs separated by commas.
 */

/** What a request through a VPC endpoint listener carries. */
export interface VpcEndpoint {
  /** `vpce-0123abcd` */
  readonly vpceId: string
  /** `vpc-0456cdef`, when given */
  readonly vpcId?: string
}

export interface VpceListenerSpec extends VpcEndpoint {
  readonly host: string
  readonly port: number
  /** `https://` before the address: TLS (the default certificate, and its private domains' by SNI) */
  readonly tls?: true
}

const VPCE_ID = /^vpce-[0-9a-z]{1,32}$/
const VPC_ID = /^vpc-[0-9a-z]{1,32}$/

/** The specs of a comma-separated list; throws Error with the spec's problem. */
export function parseVpceListeners(text: string, defaultHost: string): VpceListenerSpec[] {
  return text
    .split(',')
    .map((spec) => spec.trim())
    .filter((spec) => spec !== '')
    .map((spec) => parseVpceListener(spec, defaultHost))
}

function parseVpceListener(spec: string, defaultHost: string): VpceListenerSpec {
  const usage = `--vpce-listener takes vpce-{id}[/vpc-{id}]=[https://][host:]port, e.g. vpce-0123abcd=127.0.0.1:4600; got ${JSON.stringify(spec)}`
  const parts = spec.split('=')
  if (parts.length !== 2) throw new Error(usage)
  const [endpointPart, address] = parts[0]!.startsWith('vpce-') ? [parts[0]!, parts[1]!] : [parts[1]!, parts[0]!]
  const scheme = /^(https?):\/\//i.exec(address)
  const tls = scheme?.[1]!.toLowerCase() === 'https'
  const addressPart = scheme ? address.slice(scheme[0].length) : address
  const [vpceId, vpcId, extra] = endpointPart.toLowerCase().split('/')
  if (extra !== undefined || vpceId === undefined || !VPCE_ID.test(vpceId) || (vpcId !== undefined && !VPC_ID.test(vpcId))) throw new Error(usage)
  const colon = addressPart.lastIndexOf(':')
  const host = colon < 0 ? defaultHost : addressPart.slice(0, colon).replace(/^\[(.*)\]$/, '$1')
  const portText = colon < 0 ? addressPart : addressPart.slice(colon + 1)
  const port = Number(portText)
  if (host === '' || portText === '' || !Number.isInteger(port) || port < 0 || port > 65535) throw new Error(usage)
  return Object.freeze({ vpceId, ...(vpcId !== undefined && { vpcId }), host, port, ...(tls && { tls: true as const }) })
}
