import type { RuntimePlan } from './types.ts'

/**
 * The plans being served: apiId → stageName → RuntimePlan. Swapping a plan is one Map write;
 * a request captures its plan once (in its RequestContext), so a redeploy never changes the plan
 * under a request in flight.
 */
export class PlanRegistry {
  readonly #apis = new Map<string, Map<string, RuntimePlan>>()

  set(apiId: string, stageName: string, plan: RuntimePlan): void {
    let stages = this.#apis.get(apiId)
    if (!stages) this.#apis.set(apiId, (stages = new Map()))
    stages.set(stageName, plan)
  }

  /** Removes one stage, or every stage of the API when `stageName` is omitted. */
  delete(apiId: string, stageName?: string): void {
    if (stageName === undefined) {
      this.#apis.delete(apiId)
      return
    }
    const stages = this.#apis.get(apiId)
    if (!stages) return
    stages.delete(stageName)
    if (stages.size === 0) this.#apis.delete(apiId)
  }

  get(apiId: string, stageName: string): RuntimePlan | undefined {
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
}
