import type { Store } from './store/store.ts'

export interface ResetDeps {
  store: Store
  /** writes the data plane's pending usage counts first, so none lands after the reset */
  flushUsage: () => Promise<void>
  /** resolves once the data plane serves what the store holds */
  settled: () => Promise<void>
  flushStageCache: (apiId: string, stageName: string) => Promise<void>
  flushAuthorizerCache: (apiId: string, stageName: string) => void
  /** the request history and the access-log tail, emptied last */
  clearRequests: () => void
}

/**
 * Portico's reset (`POST /_portico/reset`, the embeddable gateway's `reset()`): back to an empty
 * gateway between CI runs without a restart. The store is emptied in one write (Store.reset),
 * which the plan loader follows like any other change; once it has, no stage is served, and the
 * caches that outlive a stage's plan (responses, authorizer decisions) are emptied for every
 * stage there was. Account settings, client certificates, the audit trail and the admin
 * credentials stay.
 */
export function createReset(deps: ResetDeps): () => Promise<void> {
  return async function reset() {
    const stages = await deps.store.listAllStages()
    await deps.flushUsage()
    await deps.store.reset()
    await deps.settled()
    for (const { apiId, stage } of stages) {
      await deps.flushStageCache(apiId, stage.stageName)
      deps.flushAuthorizerCache(apiId, stage.stageName)
    }
    deps.clearRequests()
  }
}
