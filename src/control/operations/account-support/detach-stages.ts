import type { ControlServices } from '../../protocol/operation.ts'
import { StoreVersionConflictError } from '../../store/store.ts'

/** a plan edited at the same moment is read again, this many times at most */
const ATTEMPTS = 5

/**
 * DeleteStage and DeleteRestApi take the stage (or every stage of the API) out of the usage plans
 * that serve it, as AWS does: a plan never lists an API stage that no longer exists, and
 * DeleteUsagePlan is not blocked by one. Each plan is version-checked: a plan changed meanwhile
 * is read again rather than overwritten.
 */
export async function detachFromUsagePlans(services: ControlServices, apiId: string, stageName?: string): Promise<void> {
  const serves = (s: { apiId: string; stage: string }) => s.apiId === apiId && (stageName === undefined || s.stage === stageName)
  for (const listed of await services.store.listUsagePlans()) {
    if (!listed.apiStages.some(serves)) continue
    for (let attempt = 1; ; attempt++) {
      const plan = await services.store.getUsagePlan(listed.id)
      if (plan === undefined || !plan.apiStages.some(serves)) break
      try {
        await services.store.updateUsagePlan({ ...plan, apiStages: plan.apiStages.filter((s) => !serves(s)) }, plan)
        break
      } catch (error) {
        if (!(error instanceof StoreVersionConflictError) || attempt === ATTEMPTS) throw error
      }
    }
  }
}
