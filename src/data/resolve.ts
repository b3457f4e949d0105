import type { PlanRegistry, StagePlans } from './plan-registry.ts'
import type { RuntimePlan, StagePlan } from '../gateway/types.ts'
import type { CompiledPolicy } from '../auth/policy.ts'

/**
 * Which API and stage a request is for, looked up in one resolution table compiled from the
 * stages being served (and, once the HTTPS/domains issue fills them, the custom domains):
 * - path-style, any host: `/_aws/execute-api/{apiId}/{stage}/{resourcePath}` (this prefix wins)
 * - a custom domain's Host, its base path mapping naming the API and stage
 * - host-style, as on AWS: Host `{apiId}.execute-api.<anything>`, path `/{stage}/{resourcePath}`
 * - an API's `$default` stage (HTTP APIs): no stage segment, whatever the path is not a stage name
 */
export type Resolution =
  | {
      kind: 'stage'
      apiId: string
      stageName: string
      plan: RuntimePlan
      /** the path after the stage as sent (percent-encoded); `''` or `/` for the root resource */
      rawPath: string
      /** through a custom domain: the base path that matched (`$context.customDomain.basePathMatched`; `(none)` for the empty one) */
      basePathMatched?: string
      /** through an EDGE custom domain (CloudFront in front: edge-headers.ts) */
      edgeDomain?: boolean
      /** through a PRIVATE custom domain (only ever on a VPC endpoint listener with an access association) */
      privateDomain?: PrivateDomain
    }
  /** no API with that id (or its execute-api endpoint is disabled, or a custom domain maps nothing there): 403 Forbidden, as AWS */
  | { kind: 'unknown-api'; apiId: string }
  /** the API exists but has no such stage (or none was given): 403 Missing Authentication Token */
  | { kind: 'unknown-stage'; apiId: string; stageName: string }
  /** a WebSocket API's stage: known, not served by this version (501) */
  | { kind: 'unserved'; apiId: string; stageName: string; protocol: 'WEBSOCKET' }
  /** `/ping` or `/sping` on an execute-api host or a custom domain: AWS's health check answers (health-check.ts) */
  | { kind: 'health' }
  /**
   * neither URL form: 404 with an explanation, or the management API on a listener it shares.
   * `forExecuteApi`: the path-style prefix without an API id; never the management API's.
   */
  | { kind: 'not-execute-api'; forExecuteApi: boolean }

/** A custom domain's base path mapping (fed from the store's domain names, data/domain-feed.ts). */
export interface DomainMapping {
  /** lower case, no port; `*.example.com` for a wildcard domain */
  domainName: string
  /** `''` for the mapping without a base path (AWS's `(none)`); else without slashes at either end, possibly several segments */
  basePath: string
  apiId: string
  /** undefined: the path segment after the base path names the stage (a v1 mapping without a stage) */
  stageName: string | undefined
  /** the domain asks for client certificates: a request without a trusted one is refused */
  mutualTls?: boolean
  /** an EDGE domain: CloudFront stands in front of it (edge-headers.ts) */
  edge?: boolean
  /** a PRIVATE domain: reached only through the VPC endpoints it has an access association with */
  private?: PrivateDomain
}

/** What the data plane knows of a PRIVATE custom domain (private-endpoints.ts decides with it). */
export interface PrivateDomain {
  /** `arn:aws:execute-api:{region}:{account}:/domainnames/{name}+{id}`: what its policy is asked about */
  readonly arn: string
  /** the VPC endpoint ids with an access association */
  readonly vpces: readonly string[]
  /** its resource policy for `execute-api:Invoke`; a policy that does not compile allows nothing */
  readonly policy: CompiledPolicy | undefined
}

/** What the listener needs to know of a Host's custom domain before serving it. */
export interface DomainFacts {
  /** the domain's name as configured (`*.example.com` for a wildcard) */
  domainName: string
  mutualTls: boolean
}

export const PATH_STYLE_PREFIX = '/_aws/execute-api/'
const HOST_MARKER = '.execute-api.'
const DEFAULT_STAGE = '$default'

interface ApiRoutes {
  /** the named stages; `$default` is not reachable by name */
  readonly stages: ReadonlyMap<string, StagePlans>
  readonly defaultStage: StagePlans | undefined
}

/**
 * The table a request is resolved against: immutable, compiled whole from the served stages and
 * the custom domains, and replaced whole when they change (PlanRegistry.table()). Nothing is
 * decided on the request path but lookups.
 */
export class ResolutionTable {
  readonly #apis: ReadonlyMap<string, ApiRoutes>
  /** by domain name, longest base path first */
  readonly #domains: ReadonlyMap<string, readonly DomainMapping[]>
  /** PRIVATE domains by VPC endpoint id, then name (an endpoint reaches one private domain of a name), longest base path first */
  readonly #privateDomains: ReadonlyMap<string, ReadonlyMap<string, readonly DomainMapping[]>>
  /** every PRIVATE domain's name */
  readonly #privateNames: ReadonlySet<string>

  constructor(stages: Iterable<readonly [string, string, StagePlans]>, domains: readonly DomainMapping[] = []) {
    const apis = new Map<string, { stages: Map<string, StagePlans>; defaultStage: StagePlans | undefined }>()
    for (const [apiId, stageName, plans] of stages) {
      let routes = apis.get(apiId)
      if (!routes) apis.set(apiId, (routes = { stages: new Map(), defaultStage: undefined }))
      if (stageName === DEFAULT_STAGE) routes.defaultStage = plans
      else routes.stages.set(stageName, plans)
    }
    this.#apis = apis
    const byDomain = new Map<string, DomainMapping[]>()
    const byEndpoint = new Map<string, Map<string, DomainMapping[]>>()
    const privateNames = new Set<string>()
    for (const mapping of domains) {
      if (mapping.private === undefined) {
        append(byDomain, mapping.domainName, mapping)
        continue
      }
      privateNames.add(mapping.domainName)
      for (const vpceId of mapping.private.vpces) {
        let names = byEndpoint.get(vpceId)
        if (!names) byEndpoint.set(vpceId, (names = new Map()))
        append(names, mapping.domainName, mapping)
      }
    }
    const longestFirst = (list: DomainMapping[]) => list.sort((a, b) => b.basePath.length - a.basePath.length)
    for (const list of byDomain.values()) longestFirst(list)
    for (const names of byEndpoint.values()) for (const list of names.values()) longestFirst(list)
    this.#domains = byDomain
    this.#privateDomains = byEndpoint
    this.#privateNames = privateNames
  }

  /**
   * Through VPC endpoint `vpceId`, a Host naming a PRIVATE custom domain: the domain this endpoint
   * has an access association with (403 Forbidden without one); undefined when no private domain
   * has that name.
   */
  resolvePrivateDomain(vpceId: string, host: string, rawPathname: string): Resolution | undefined {
    if (this.#privateNames.size === 0) return undefined
    const name = hostname(host)
    if (!this.#privateNames.has(name)) return undefined
    const mappings = this.#privateDomains.get(vpceId)?.get(name)
    if (mappings === undefined) return { kind: 'unknown-api', apiId: '' }
    return isHealthCheck(rawPathname) ? HEALTH : this.#viaDomain(mappings, rawPathname)
  }

  /** `rawPathname` is the request target's path (no query), as sent. */
  resolve(host: string | undefined, rawPathname: string): Resolution {
    if (rawPathname.startsWith(PATH_STYLE_PREFIX)) {
      const rest = rawPathname.slice(PATH_STYLE_PREFIX.length - 1)
      const end = rest.indexOf('/', 1)
      const apiId = (end < 0 ? rest.slice(1) : rest.slice(1, end)).toLowerCase()
      if (apiId === '') return { kind: 'not-execute-api', forExecuteApi: true }
      return this.#viaExecuteApi(apiId, end < 0 ? '' : rest.slice(end))
    }
    if (host === undefined) return { kind: 'not-execute-api', forExecuteApi: false }
    if (this.#domains.size > 0) {
      const mappings = this.#domainMappings(hostname(host))
      if (mappings) return isHealthCheck(rawPathname) ? HEALTH : this.#viaDomain(mappings, rawPathname)
    }
    if (!host.toLowerCase().includes(HOST_MARKER)) return { kind: 'not-execute-api', forExecuteApi: false }
    if (isHealthCheck(rawPathname)) return HEALTH
    // an execute-api host names an API or none: never the management API's
    const apiId = apiIdFromHost(host)
    return apiId === undefined ? { kind: 'unknown-api', apiId: '' } : this.#viaExecuteApi(apiId, rawPathname)
  }

  /** An API named outright (a VPC endpoint's `x-apigw-api-id` header): `/{stage}/{path}`, as on its execute-api host. */
  resolveApi(apiId: string, rawPathname: string): Resolution {
    return this.#viaExecuteApi(apiId, rawPathname)
  }

  /** The custom domain a Host names (exact, then wildcard), if any. */
  domainFor(host: string): DomainFacts | undefined {
    if (this.#domains.size === 0) return undefined
    const first = this.#domainMappings(hostname(host))?.[0]
    return first && { domainName: first.domainName, mutualTls: first.mutualTls === true }
  }

  #domainMappings(name: string): readonly DomainMapping[] | undefined {
    const exact = this.#domains.get(name)
    if (exact !== undefined) return exact
    const dot = name.indexOf('.')
    return dot < 0 ? undefined : this.#domains.get(`*${name.slice(dot)}`)
  }

  /** `/{stage}/{path}` of an API, or its `$default` stage's `{path}` */
  #viaExecuteApi(apiId: string, sentPath: string): Resolution {
    const routes = this.#apis.get(apiId)
    if (!routes) return { kind: 'unknown-api', apiId }
    // `//stage/pets` is `/stage/pets` (AWS-recorded: invocation-payload-with-prepended-slash-to-stage)
    const path = sentPath.startsWith('//') ? sentPath.replace(/^\/+/, '/') : sentPath
    const end = path.indexOf('/', 1)
    const stageName = end < 0 ? path.slice(1) : path.slice(1, end)
    const named = stageName === '' ? undefined : routes.stages.get(stageName)
    if (named) return served(apiId, stageName, named, end < 0 ? '' : path.slice(end), true)
    if (routes.defaultStage) return served(apiId, DEFAULT_STAGE, routes.defaultStage, path, true)
    return { kind: 'unknown-stage', apiId, stageName }
  }

  /** the longest base path that is a whole-segment prefix of the path wins (mappings are sorted so) */
  #viaDomain(mappings: readonly DomainMapping[], path: string): Resolution {
    for (const mapping of mappings) {
      if (mapping.apiId === '') continue // a domain without mappings: known, maps nothing
      const base = mapping.basePath === '' ? '' : `/${mapping.basePath}`
      if (base !== '' && path !== base && !path.startsWith(`${base}/`)) continue
      const routes = this.#apis.get(mapping.apiId)
      let rest = path.slice(base.length)
      let stageName = mapping.stageName
      if (stageName === undefined) {
        const end = rest.indexOf('/', 1)
        stageName = end < 0 ? rest.slice(1) : rest.slice(1, end)
        rest = end < 0 ? '' : rest.slice(end)
      }
      const plans = stageName === DEFAULT_STAGE ? routes?.defaultStage : routes?.stages.get(stageName)
      if (!plans) return mapping.stageName === undefined && routes ? { kind: 'unknown-stage', apiId: mapping.apiId, stageName } : { kind: 'unknown-api', apiId: mapping.apiId }
      // a custom domain still serves an API whose execute-api endpoint is disabled: that is what it is for
      const resolution = served(mapping.apiId, stageName, plans, rest, false)
      if (resolution.kind === 'stage') {
        resolution.basePathMatched = mapping.basePath === '' ? '(none)' : mapping.basePath
        if (mapping.edge === true) resolution.edgeDomain = true
        if (mapping.private !== undefined) resolution.privateDomain = mapping.private
      }
      return resolution
    }
    return { kind: 'unknown-api', apiId: '' }
  }
}

const HEALTH: Resolution = Object.freeze({ kind: 'health' })

function append<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

/**
 * `/ping` and `/sping` are "reserved for the service health check" on AWS's hosts
 * (api-gateway-known-issues): the gateway answers them before any API or stage is looked at.
 */
function isHealthCheck(rawPathname: string): boolean {
  return rawPathname === '/ping' || rawPathname === '/sping'
}

function served(apiId: string, stageName: string, entry: StagePlans, rawPath: string, viaExecuteApi: boolean): Resolution {
  if (viaExecuteApi && entry.plan.disableExecuteApiEndpoint) return { kind: 'unknown-api', apiId }
  const plan = choosePlan(entry)
  if (!plan) return { kind: 'unserved', apiId, stageName, protocol: 'WEBSOCKET' }
  return { kind: 'stage', apiId, stageName, plan, rawPath }
}

/** Resolves against the registry's current table. */
export function resolveRequest(registry: PlanRegistry, host: string | undefined, rawPathname: string): Resolution {
  return registry.table().resolve(host, rawPathname)
}

/**
 * The stage's plan for one request: during a canary release the canary's for `percentTraffic`
 * percent of the calls, chosen at random per call; undefined when the stage is not served.
 */
export function choosePlan(entry: StagePlans): RuntimePlan | undefined {
  const plan = entry.plan
  if (!isServedPlan(plan)) return undefined
  // a canary costs one Math.random() per request; a stage without one costs nothing
  const canary = entry.canary
  return canary !== undefined && Math.random() * 100 < canary.percentTraffic ? canary.plan : plan
}

/** A REST API's plan (an untagged plan is REST's): the only kind with a canary. */
export function isRestPlan(plan: StagePlan): plan is RuntimePlan {
  return plan.protocol === undefined || plan.protocol === 'REST'
}

/** A REST or HTTP API's plan, served through the pipeline; a WebSocket API's stage is not. */
export function isServedPlan(plan: StagePlan): plan is RuntimePlan {
  return plan.protocol !== 'WEBSOCKET'
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

/** `abc123-vpce-0123abcd.execute-api…` → `vpce-0123abcd`; undefined for every other host. */
export function vpceIdFromHost(host: string): string | undefined {
  const lower = host.toLowerCase()
  const at = lower.indexOf(HOST_MARKER)
  if (at <= 0) return undefined
  const label = lower.slice(0, at)
  const vpce = label.indexOf('-vpce-')
  return vpce > 0 && !label.includes('.') ? label.slice(vpce + 1) : undefined
}

/** `Api.Example.com:8443` → `api.example.com` */
function hostname(host: string): string {
  const lower = host.toLowerCase()
  const colon = lower.lastIndexOf(':')
  return colon > 0 && !lower.endsWith(']') && /^\d+$/.test(lower.slice(colon + 1)) ? lower.slice(0, colon) : lower
}
