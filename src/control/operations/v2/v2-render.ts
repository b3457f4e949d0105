import type { V2Api, V2Deployment, V2Stage } from '../../../model/index.ts'
import type { ControlServices } from '../../protocol/operation.ts'

/**
 * apigatewayv2's answers: the stored objects already carry the wire names; what differs is the
 * clock (ISO 8601, seconds precision, as AWS prints `2020-04-08T00:08:44Z`), the members AWS
 * always answers (`tags: {}`) and the API's endpoint, which depends on where Portico listens.
 */

export function iso(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/**
 * `http://{apiId}.execute-api.localhost:{port}`: the host-style URL `portico ls` prints, without
 * a stage (the `$default` stage answers at its root), as AWS's `https://{apiId}.execute-api.{region}.amazonaws.com`.
 */
export function apiEndpoint(services: ControlServices, api: V2Api): string {
  const scheme = api.protocolType === 'WEBSOCKET' ? 'ws' : 'http'
  return `${scheme}://${api.apiId}.execute-api.localhost:${services.dataPort?.() ?? services.config.port}`
}

export function renderApi(services: ControlServices, api: V2Api): Record<string, unknown> {
  const { createdDate, tags, ...rest } = api
  return { apiEndpoint: apiEndpoint(services, api), ...rest, createdDate: iso(createdDate), tags: tags ?? {} }
}

export function renderStage(stage: V2Stage): Record<string, unknown> {
  const { createdDate, lastUpdatedDate, tags, ...rest } = stage
  return { ...rest, createdDate: iso(createdDate), lastUpdatedDate: iso(lastUpdatedDate), tags: tags ?? {} }
}

export function renderDeployment(deployment: V2Deployment): Record<string, unknown> {
  return { ...deployment, createdDate: iso(deployment.createdDate) }
}
