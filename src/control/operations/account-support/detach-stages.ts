import type { ControlServices } from '../../protocol/operation.ts'

/**
 * DeleteStage and DeleteRestApi take the stage (or every stage of the API) out of the usage plans
 * that serve it, as AWS does: a plan never lists an API stage that no longer exists, and
 * DeleteUsagePlan is not blocked by one.
 */
export async function detachFromUsagePlans(services: ControlServices, apiId: string, stageName?: string): Promise<void> {
  for (const plan of await services.store.listUsagePlans()) {
    const kept = plan.apiStages.filter((s) => !(s.apiId === apiId && (stageName === undefined || s.stage === stageName)))
    if (kept.length !== plan.apiStages.length) await services.store.updateUsagePlan({ ...plan, apiStages: kept })
  }
}
