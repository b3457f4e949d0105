import { interpolateStageVariables } from '../../vtl/aws/stage-variable-template.ts'
import { IntegrationConfigError } from '../errors.ts'
import { checkAwsIntegrationArn } from '../lambda-uri.ts'

/**
 * An AWS service integration URI (botocore `Integration.uri`, Developer Guide
 * integration-request-basic-setup):
 * - `arn:aws:apigateway:{region}:{service}:path/{path}` — the request goes to `{path}` on the
 *   service's endpoint (`{name}` placeholders filled from `integration.request.path.*`);
 * - `arn:aws:apigateway:{region}:{service}:action/{Action}[&Name=value…]` — the request goes to
 *   the endpoint's root with `Action={Action}` (and the extra pairs) in the query string
 *   (LocalStack's AWS-validated emulation; unsure for services without the query protocol).
 * `{service}` may carry a subdomain (`{subdomain}.{service}`), which is kept in the name.
 * Stage variables are filled in at compile time.
 */
export interface AwsServiceUri {
  region: string
  service: string
  kind: 'path' | 'action'
  /** path style: the path without its leading slash; action style: the action name */
  path: string
  /** action style: `&Name=value` pairs after the action */
  actionParams: Array<[string, string]>
}

const ARN = /^arn:aws[a-z-]*:apigateway:([a-z0-9-]*):([a-zA-Z0-9.-]+):(path|action)\/(.*)$/s

export function compileAwsServiceUri(rawUri: string | undefined, stageVariables: Readonly<Record<string, string>>, where: string): AwsServiceUri {
  checkAwsIntegrationArn(rawUri, where)
  const uri = interpolateStageVariables(rawUri!, stageVariables)
  const m = ARN.exec(uri)
  if (m === null) throw new IntegrationConfigError(`AWS ARN for integration must contain path or action (${where})`)
  const [, region, service, kind, rest] = m as unknown as [string, string, string, 'path' | 'action', string]
  if (kind === 'path') return { region, service, kind, path: rest.replace(/^\/+/, ''), actionParams: [] }
  const [action, ...pairs] = rest.split('&')
  if (action === undefined || action === '') throw new IntegrationConfigError(`AWS ARN for integration must contain path or action (${where})`)
  const actionParams: Array<[string, string]> = pairs.map((pair) => {
    const eq = pair.indexOf('=')
    return eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)]
  })
  return { region, service, kind, path: action, actionParams }
}
