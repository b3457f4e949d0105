import { choosePlan, ResolutionTable, type DomainMapping } from './resolve.ts'
import type { RuntimePlan, StagePlan } from '../gateway/types.ts'

/** A canary release on a stage: the canary deployment's plan and its share of the requests. */
export interface CanaryPlan {
  readonly plan: RuntimePlan
  /** 0.0–100.0, the stage's `canarySettings.percentTraffic` */
  readonly percentTraffic: number
}

/** What one stage serves: its own deployment's plan and, during a canary release, the canary's. */
export interface StagePlans {
  readonly plan: StagePlan
  readonly canary: CanaryPlan | undefined
}

/**
 * The plans being served: apiId → stageName → StagePlans. A canary is a weighted pair of plans.
 * A request resolves against `table()`, compiled whole from these and the custom domains after
 * a change and swapped in at once; a request captures its plan once (in its RequestContext), so
 * a redeploy never changes the plan under a request in flight.
 */
export class PlanRegistry {
  readonly #apis = new Map<string, Map<string, StagePlans>>()
  #domains: readonly DomainMapping[] = []
  #table: ResolutionTable | undefined

  /** `plan` may be an HTTP API's, or a WebSocket API's (unserved) stage; only a REST plan has a canary */
  set(apiId: string, stageName: string, plan: StagePlan, canary?: CanaryPlan): void {
    let stages = this.#apis.get(apiId)
    if (!stages) this.#apis.set(apiId, (stages = new Map()))
    stages.set(stageName, { plan, canary: canary && canary.percentTraffic > 0 ? canary : undefined })
    this.#table = undefined
  }

  /** replaces every custom domain's base path mappings */
  setDomains(mappings: readonly DomainMapping[]): void {
    this.#domains = Object.freeze([...mappings])
    this.#table = undefined
  }

  /** What requests resolve against: rebuilt whole on the first request after a change. */
  table(): ResolutionTable {
    return (this.#table ??= new ResolutionTable(this.#entries(), this.#domains))
  }

  /** Removes one stage, or every stage of the API when `stageName` is omitted. */
  delete(apiId: string, stageName?: string): void {
    this.#table = undefined
    if (stageName === undefined) {
      this.#apis.delete(apiId)
      return
    }
    const stages = this.#apis.get(apiId)
    if (!stages) return
    stages.delete(stageName)
    if (stages.size === 0) this.#apis.delete(apiId)
  }

  /**
   * The plan for one request to a REST API's stage. During a canary release it is the canary's
   * for `percentTraffic` percent of the calls, chosen at random per call; otherwise always the
   * stage's own. Undefined for a stage that is not there, or not served (HTTP, WebSocket).
   */
  get(apiId: string, stageName: string): RuntimePlan | undefined {
    const entry = this.#apis.get(apiId)?.get(stageName)
    return entry === undefined ? undefined : choosePlan(entry)
  }

  /** Both plans of a stage, without choosing. */
  plans(apiId: string, stageName: string): StagePlans | undefined {
    return this.#apis.get(apiId)?.get(stageName)
  }

  /** true when at least one stage of the API is being served */
  hasApi(apiId: string): boolean {
    return this.#apis.has(apiId)
  }

  /** [apiId, stageName] pairs being served */
  *stages(): Iterable<[string, string]> {
    for (const [apiId, stages] of this.#apis) for (const stageName of stages.keys()) yield [apiId, stageName]
  }

  *#entries(): Iterable<[string, string, StagePlans]> {
    for (const [apiId, stages] of this.#apis) for (const [stageName, plans] of stages) yield [apiId, stageName, plans]
  }
}

