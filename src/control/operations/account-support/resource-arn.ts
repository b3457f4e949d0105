import { badRequest } from '../../protocol/errors.ts'

/**
 * The resources TagResource, UntagResource and GetTags address, by ARN:
 * `arn:aws:apigateway:{region}::/restapis/{id}`, `…/restapis/{id}/stages/{stage}`,
 * `…/apikeys/{id}`, `…/usageplans/{id}`, `…/clientcertificates/{id}`, `…/vpclinks/{id}`,
 * `…/domainnames/{name}` (a domain's `domainNameArn`; a private one's `…/domainnames/{name}+{id}`).
 */
export type TaggedResource =
  | { type: 'restapi'; apiId: string }
  | { type: 'stage'; apiId: string; stageName: string }
  | { type: 'apikey'; id: string }
  | { type: 'usageplan'; id: string }
  | { type: 'clientcertificate'; id: string }
  | { type: 'vpclink'; id: string }
  | { type: 'domainname'; domainName: string }
  /** a well-formed ARN of something Portico does not keep (domain name access associations, …) */
  | { type: 'unknown'; path: string }

/** no account, but a private custom domain's ARN has one (`…:{account}:/domainnames/{name}+{id}`) */
const ARN = /^arn:[a-z-]+:apigateway:([a-z0-9-]*):(?:\d{12})?:(\/.*)$/

const PATHS: Array<[RegExp, (m: RegExpExecArray) => TaggedResource]> = [
  [/^\/restapis\/([^/]+)$/, (m) => ({ type: 'restapi', apiId: m[1]! })],
  [/^\/restapis\/([^/]+)\/stages\/([^/]+)$/, (m) => ({ type: 'stage', apiId: m[1]!, stageName: m[2]! })],
  [/^\/apikeys\/([^/]+)$/, (m) => ({ type: 'apikey', id: m[1]! })],
  [/^\/usageplans\/([^/]+)$/, (m) => ({ type: 'usageplan', id: m[1]! })],
  [/^\/clientcertificates\/([^/]+)$/, (m) => ({ type: 'clientcertificate', id: m[1]! })],
  [/^\/vpclinks\/([^/]+)$/, (m) => ({ type: 'vpclink', id: m[1]! })],
  // a private domain's `{name}+{id}` is its store key as it stands (the id keeps its case)
  [/^\/domainnames\/([^/+]+)(\+[^/]+)?$/, (m) => ({ type: 'domainname', domainName: m[1]!.toLowerCase() + (m[2] ?? '') })],
]

/** AWS's text for an ARN that does not parse (recorded against AWS for CreateVpcLink's targetArns). */
export function malformedArn(arn: string): Error {
  return badRequest(`Invalid ARN. ARN is not well formed ${arn}`)
}

export function parseResourceArn(arn: string): TaggedResource {
  const m = ARN.exec(arn)
  if (!m) throw malformedArn(arn)
  const path = m[2]!
  for (const [pattern, build] of PATHS) {
    const match = pattern.exec(path)
    if (match) return build(match)
  }
  return { type: 'unknown', path }
}

export function resourceArn(region: string, path: string): string {
  return `arn:aws:apigateway:${region}::${path}`
}
