import { choosePlan, type PlanRegistry } from './plan-registry.ts'
import type { RuntimePlan } from './types.ts'

/**
 * Which API and stage a request is for. Two URL forms:
 * - host-style, as on AWS: Host `{apiId}.execute-api.<anything>`, path `/{stage}/{resourcePath}`
 * - path-style, any host:  `/_aws/execute-api/{apiId}/{stage}/{resourcePath}`
 */
export type Resolution =
  | {
      kind: 'stage'
      apiId: string
      stageName: string
      plan: RuntimePlan
      /** the path after the stage as sent (percent-encoded); `''` or `/` for the root resource */
      rawPath: string
    }
  /** no API with that id (or its execute-api endpoint is disabled): 403 Forbidden, as AWS */
  | { kind: 'unknown-api'; apiId: string }
  /** the API exists but has no such stage (or none was given): 403 Missing Authentication Token */
  | { kind: 'unknown-stage'; apiId: string; stageName: string }
  /** an HTTP or WebSocket API's stage: known, not served by this version (501) */
  | { kind: 'unserved'; apiId: string; stageName: string; protocol: 'HTTP' | 'WEBSOCKET' }
  /** neither URL form: 404 with an explanation */
  | { kind: 'not-execute-api' }

export const PATH_STYLE_PREFIX = '/_aws/execute-api/'
const HOST_MARKER = '.execute-api.'

/**
 * `rawPathname` is the request target's path (no query), as sent. The path-style prefix wins
 * over an execute-api Host, so a path-style URL works whatever Host a client or proxy sends.
 */
export function resolveRequest(registry: PlanRegistry, host: string | undefined, rawPathname: string): Resolution {
  if (rawPathname.startsWith(PATH_STYLE_PREFIX)) {
    const rest = rawPathname.slice(PATH_STYLE_PREFIX.length - 1)
    const end = rest.indexOf('/', 1)
    const apiId = (end < 0 ? rest.slice(1) : rest.slice(1, end)).toLowerCase()
    if (apiId === '') return { kind: 'not-execute-api' }
    return resolveStage(registry, apiId, end < 0 ? '' : rest.slice(end), 1)
  }
  const apiFromHost = host === undefined ? undefined : apiIdFromHost(host)
  if (apiFromHost !== undefined) return resolveStage(registry, apiFromHost, rawPathname, 1)
  return { kind: 'not-execute-api' }
}

function resolveStage(registry: PlanRegistry, apiId: string, path: string, from: number): Resolution {
  if (!registry.hasApi(apiId)) return { kind: 'unknown-api', apiId }
  const end = path.indexOf('/', from)
  const stageName = end < 0 ? path.slice(from) : path.slice(from, end)
  const entry = stageName === '' ? undefined : registry.plans(apiId, stageName)
  if (!entry) return { kind: 'unknown-stage', apiId, stageName }
  if (entry.plan.disableExecuteApiEndpoint) return { kind: 'unknown-api', apiId }
  const plan = choosePlan(entry)
  if (!plan) return { kind: 'unserved', apiId, stageName, protocol: entry.plan.protocol as 'HTTP' | 'WEBSOCKET' }
  return { kind: 'stage', apiId, stageName, plan, rawPath: end < 0 ? '' : path.slice(end) }
}

/** `abc123.execute-api.us-east-1.amazonaws.com:443` → `abc123`; private form `abc123-vpce-0x.execute-api…` too. */
export function apiIdFromHost(host: string): string | undefined {
  const lower = host.toLowerCase()
  const at = lower.indexOf(HOST_MARKER)
  if (at <= 0) return undefined
  const label = lower.slice(0, at)
  if (label.includes('.')) return undefined
  const vpce = label.indexOf('-vpce-')
  return vpce > 0 ? label.slice(0, vpce) : label
}
