import diagnostics from 'node:diagnostics_channel'
import type { AnyStage, ApiDefinition } from '../model/index.ts'
import type { Store, StoreChange } from '../control/store/store.ts'
import { canaryStage } from '../compile/canary.ts'
import type { PlanRegistry } from './plan-registry.ts'
import { isRestPlan } from './resolve.ts'
import type { StagePlan } from '../gateway/types.ts'

/** A stage's change, as the loader applies it. */
export type StageChange = Extract<StoreChange, { kind: 'stage' }>

/** One deployment compiled for one stage (a canary's plan: the canary's view of the stage). */
export interface PlanTarget {
  /** a deployment of an API of any protocol */
  snapshot: ApiDefinition
  deploymentId: string
  /** REST's stage, or an HTTP or WebSocket API's (apigatewayv2) */
  stage: AnyStage
  /** set only on a stage with canarySettings: true for the canary's plan */
  isCanaryRequest?: boolean
  /** the stage's clientCertificateId, with its key: presented to HTTPS backends */
  clientCertificate?: { id: string; cert: string; key: string }
}

export interface PlanLoaderOptions {
  /** what the loader reads and follows of the store */
  store: Pick<Store, 'watch' | 'getAnyStage' | 'getDeploymentSnapshot' | 'listAllStages' | 'getClientCertificate' | 'getClientCertificateKey'>
  registry: PlanRegistry
  /** compiles one plan (a WebSocket API's stage to its unserved plan); throws on invalid configuration */
  compile(target: PlanTarget): StagePlan
  /**
   * A stage's deployment did not compile; its previous plan keeps serving. Without it, the
   * error fails `loadAll()`, and a later change's is logged.
   */
  onCompileError?: (change: StageChange, error: Error) => void
  /** every other change, applied in order with the stages' (API keys and usage plans: limits/) */
  onChange?: (change: Exclude<StoreChange, StageChange>) => Promise<void>
}

export interface PlanLoader {
  /** compiles every stage in the store; once, before serving */
  loadAll(): Promise<void>
  /** resolves once every change announced so far is being served */
  settled(): Promise<void>
  /** stops following the store; changes already queued still apply */
  close(): Promise<void>
}

/** Published after a stage's plans were swapped in (or the stage removed: `stage` undefined). */
export const PLAN_LOADED_CHANNEL = 'portico:plan:loaded'

export interface PlanLoadedMessage {
  apiId: string
  stageName: string
  /** the stage configuration the plans were compiled from; undefined when the stage is gone (or not deployed yet) */
  stage: AnyStage | undefined
}

const planLoaded = diagnostics.channel(PLAN_LOADED_CHANNEL)

/**
 * The data plane's follower of the store: each committed change is applied in order, one at a
 * time (a slow compile must never overwrite a newer plan), by reading the stage as it is then
 * and swapping its compiled plans in whole. A change like one already waiting its turn (the same
 * stage, the same key's quota, any account change) adds nothing: what waits reads the newest
 * state when it runs. So the queue holds at most one change per stage, per key's quota and one
 * account reload, however fast the store is written.
 */
export function createPlanLoader(options: PlanLoaderOptions): PlanLoader {
  const { store, registry } = options
  let applying: Promise<void> = Promise.resolve()
  const waiting = new Set<string>()

  const enqueue = (run: () => Promise<void>, report: (error: Error) => void): void => {
    applying = applying.then(run).catch(report)
  }

  const loadChanged = async (change: StageChange): Promise<void> => {
    try {
      await loadStage(change.apiId, change.stageName)
    } catch (error) {
      if (options.onCompileError) options.onCompileError(change, error as Error)
      else throw error
    }
  }

  const loadStage = async (apiId: string, stageName: string): Promise<void> => {
    const entry = await store.getAnyStage(apiId, stageName)
    // an apigatewayv2 stage serves nothing until its first deployment
    if (!entry || entry.stage.deploymentId === undefined) {
      registry.delete(apiId, stageName)
      publish(apiId, stageName, undefined)
      return
    }
    const deploymentId = entry.stage.deploymentId
    const snapshot = await store.getDeploymentSnapshot(apiId, deploymentId)
    if (!snapshot) throw new Error(`stage ${stageName} points at missing deployment ${deploymentId}`)
    if (entry.protocol !== 'REST') {
      registry.set(apiId, stageName, options.compile({ snapshot, deploymentId, stage: entry.stage }))
      publish(apiId, stageName, entry.stage)
      return
    }
    const stage = entry.stage
    const canary = canaryStage(stage)
    const canarySnapshot = canary && (await store.getDeploymentSnapshot(apiId, canary.deploymentId))
    if (canary && !canarySnapshot) throw new Error(`the canary of stage ${stageName} points at missing deployment ${canary.deploymentId}`)
    // $context.isCanaryRequest exists only on a stage with canary settings
    const withCanary = stage.canarySettings !== undefined
    const clientCertificate = await presentedCertificate(store, stage.clientCertificateId)
    const plan = options.compile({ snapshot, deploymentId: stage.deploymentId, stage, ...(withCanary && { isCanaryRequest: false }), ...(clientCertificate && { clientCertificate }) })
    if (!canary || !canarySnapshot || !isRestPlan(plan)) registry.set(apiId, stageName, plan)
    else {
      const canaryPlan = options.compile({ snapshot: canarySnapshot, deploymentId: canary.deploymentId, stage: canary, isCanaryRequest: true, ...(clientCertificate && { clientCertificate }) })
      if (!isRestPlan(canaryPlan)) throw new Error(`the canary of stage ${stageName} is not a REST API's deployment`)
      registry.set(apiId, stageName, plan, { plan: canaryPlan, percentTraffic: stage.canarySettings!.percentTraffic! })
    }
    publish(apiId, stageName, stage)
  }

  const follow = (change: StoreChange): void => {
    const onChange = options.onChange
    if (change.kind !== 'stage' && !onChange) return
    const key = waitingKey(change)
    if (waiting.has(key)) return
    waiting.add(key)
    const apply = change.kind === 'stage' ? () => loadChanged(change) : () => onChange!(change)
    enqueue(
      () => {
        waiting.delete(key)
        return apply()
      },
      (error) =>
        console.error(
          change.kind === 'stage'
            ? `portico: could not load stage ${change.apiId}/${change.stageName}: ${error.message}`
            : `portico: could not apply a ${change.kind} change: ${error.message}`,
        ),
    )
  }

  const unwatch = store.watch(follow)
  return {
    loadAll() {
      const all = applying.then(async () => {
        for (const { apiId, stage } of await store.listAllStages()) {
          await loadChanged({ kind: 'stage', apiId, stageName: stage.stageName, deploymentId: stage.deploymentId })
        }
      })
      applying = all.catch(() => undefined)
      return all
    },
    settled: () => applying,
    async close() {
      unwatch()
      await applying
    },
  }
}

/** Changes with the same key, waiting together, are applied once. */
function waitingKey(change: StoreChange): string {
  switch (change.kind) {
    case 'stage':
      return `stage ${change.apiId}/${change.stageName}`
    case 'api':
      return `api ${change.apiId}`
    case 'remaining':
      return `remaining ${change.usagePlanId}/${change.keyId}`
    case 'account':
      // every account change reloads the same catalogue; custom domains and certificates, the served domains
      return change.resource === 'domain-name' || change.resource === 'certificate' ? 'domains' : 'account'
  }
}

function publish(apiId: string, stageName: string, stage: AnyStage | undefined): void {
  if (planLoaded.hasSubscribers) planLoaded.publish({ apiId, stageName, stage } satisfies PlanLoadedMessage)
}

/** A stage's client certificate with its key; none when it names none, or one made before keys were kept. */
async function presentedCertificate(
  store: Pick<Store, 'getClientCertificate' | 'getClientCertificateKey'>,
  id: string | undefined,
): Promise<PlanTarget['clientCertificate']> {
  if (id === undefined) return undefined
  const [certificate, key] = await Promise.all([store.getClientCertificate(id), store.getClientCertificateKey(id)])
  return certificate !== undefined && key !== undefined ? { id, cert: certificate.pemEncodedCertificate, key } : undefined
}
