import type { MethodPhase, RoutePhase } from '../gateway/method-phase.ts'
import { httpApiThrottlePhase } from './http-api-throttle.ts'
import { DEFAULT_ACCOUNT } from '../model/account.ts'
import { emptyCatalogue, loadCatalogue, type Catalogue, type CatalogueSource } from './catalogue.ts'
import type { Clock, Counters } from './counters.ts'
import { quotaFor, trafficPhase } from './traffic-phase.ts'
import { createUsageRecorder, type UsageSink } from './usage-recorder.ts'

export type { Counters, Clock } from './counters.ts'
export { createMemoryCounters } from './memory-counters.ts'
export { createRedisCounters } from './redis-counters.ts'
export { DEFAULT_USAGE_FLUSH_MS } from './usage-recorder.ts'

/**
 * API keys, usage plans, throttling and quotas for the data plane: the traffic phase for
 * compile(), over a catalogue that main.ts reloads when the management API changes keys, plans
 * or the account.
 */
export interface TrafficLimits {
  readonly phase: MethodPhase
  /** HTTP API routes: throttling by route settings and the account (http-api-throttle.ts) */
  readonly routePhase: RoutePhase
  /** reloads keys, plans and the account throttle from the Store */
  reload(): Promise<void>
  /** UpdateUsage set a key's remaining quota (after flushUsage): the data plane's counter follows it */
  usageUpdated(planId: string, keyId: string): Promise<void>
  /** writes pending usage to the Store */
  flushUsage(): Promise<void>
  /** flushes usage and closes the counters */
  close(): Promise<void>
}

export interface TrafficLimitsOptions {
  store: CatalogueSource & UsageSink
  counters: Counters
  now?: Clock
  /** how often admitted requests' usage is written to the Store; 500 ms by default */
  usageFlushMs?: number
  /**
   * how often keys, plans and the account are reloaded even without a change through this
   * process's management API (another process of a fleet may have made one); 5000 ms by default
   */
  refreshMs?: number
  /** reports a failed periodic reload (the previous catalogue keeps serving) */
  onRefreshError?: (error: Error) => void
}

export const DEFAULT_REFRESH_MS = 5000

export async function createTrafficLimits(options: TrafficLimitsOptions): Promise<TrafficLimits> {
  const { store, counters } = options
  const now = options.now ?? Date.now
  const usage = createUsageRecorder(store, { ...(options.usageFlushMs !== undefined && { flushMs: options.usageFlushMs }) })
  let catalogue: Catalogue = emptyCatalogue(DEFAULT_ACCOUNT)
  // reloads may overlap (a change and the periodic refresh): the one started last wins
  let started = 0
  let applied = 0
  const reload = async () => {
    const mine = ++started
    const loaded = await loadCatalogue(store, now())
    if (mine > applied) {
      applied = mine
      catalogue = loaded
    }
  }
  await reload()
  const onRefreshError = options.onRefreshError ?? ((error) => console.error(`portico: could not reload API keys and usage plans: ${error.message}`))
  const refresher = setInterval(() => reload().catch(onRefreshError), options.refreshMs ?? DEFAULT_REFRESH_MS)
  refresher.unref()
  return {
    phase: trafficPhase({ counters, usage, now, catalogue: () => catalogue }),
    routePhase: httpApiThrottlePhase({ counters, catalogue: () => catalogue }),
    reload,
    async usageUpdated(planId, keyId) {
      await reload()
      const grant = catalogue.findById(keyId)?.grants.find((g) => g.plan.id === planId)
      const quota = grant && quotaFor(grant, keyId, now())
      if (quota) await counters.setUsed(quota, quota.seedUsed)
    },
    flushUsage: () => usage.flush(),
    async close() {
      clearInterval(refresher)
      await usage.close()
      await counters.close()
    },
  }
}
