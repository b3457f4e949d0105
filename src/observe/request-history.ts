/**
 * The last requests each stage answered, for CI runs that want to see what their tests sent
 * (`GET /_portico/requests`, the embeddable gateway's `requests()`): a ring of
 * `perStage` entries per stage, filled from `portico:request:end` like the rest of observe/, so
 * the request path carries no code for it.
 */
import diagnostics from 'node:diagnostics_channel'
import type { RequestContext, StagePlan } from '../gateway/types.ts'
import { Ring } from '../lib/ring.ts'

/** One answered request. */
export interface RecordedRequest {
  readonly apiId: string
  readonly stage: string
  readonly method: string
  /** the path after the stage, percent-decoded */
  readonly path: string
  /** the matched resource's path template; null when no method matched */
  readonly resourcePath: string | null
  readonly status: number
  /** from arrival to the answer handed to the client */
  readonly latencyMs: number
  /** the integration's status (a MOCK's own); null when none ran (refused earlier, answered from the cache) */
  readonly integrationStatus: number | null
  readonly requestId: string
  /** ISO 8601, when the request arrived */
  readonly time: string
}

export interface RequestHistoryFilter {
  apiId?: string
  stage?: string
}

export interface RequestHistory {
  /** how many requests each stage keeps; 0: nothing is recorded */
  readonly perStage: number
  /** marks a plan this gateway compiled: only its requests are recorded (the channel is process-wide) */
  adopt<P extends StagePlan>(plan: P): P
  /** newest first */
  list(filter?: RequestHistoryFilter): RecordedRequest[]
  clear(): void
  close(): void
}

export const DEFAULT_REQUEST_HISTORY = 100
/** a stage's ring never grows past this, whatever PORTICO_REQUEST_HISTORY asks */
export const MAX_REQUEST_HISTORY = 10_000

export class RequestHistoryConfigError extends Error {
  override name = 'ConfigError'
}

/** PORTICO_REQUEST_HISTORY: requests kept per stage (0 turns the history off). */
export function requestHistorySizeFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.PORTICO_REQUEST_HISTORY
  if (text === undefined || text === '') return DEFAULT_REQUEST_HISTORY
  const value = Number(text)
  if (!Number.isSafeInteger(value) || value < 0 || value > MAX_REQUEST_HISTORY) {
    throw new RequestHistoryConfigError(`PORTICO_REQUEST_HISTORY must be a whole number from 0 to ${MAX_REQUEST_HISTORY}, got ${JSON.stringify(text)}`)
  }
  return value
}

/** What a ring holds of one request: a RecordedRequest whose time is still the epoch (formatted when listed). */
type Entry = Omit<RecordedRequest, 'time'> & { readonly epochMs: number }

export function createRequestHistory(options: { perStage: number }): RequestHistory {
  const { perStage } = options
  // each adopted plan's ring, found on its first request (null until then): one lookup per request
  const mine = new WeakMap<StagePlan, Ring<Entry> | null>()
  // apiId → stage → ring
  const rings = new Map<string, Map<string, Ring<Entry>>>()

  const ringOf = (apiId: string, stageName: string): Ring<Entry> => {
    let stages = rings.get(apiId)
    if (!stages) rings.set(apiId, (stages = new Map()))
    let ring = stages.get(stageName)
    if (!ring) stages.set(stageName, (ring = new Ring<Entry>(perStage)))
    return ring
  }

  const onEnd = (message: unknown): void => {
    const { ctx, statusCode, durationMs } = message as { ctx: RequestContext; statusCode: number; durationMs: number }
    let ring = mine.get(ctx.plan)
    if (ring === undefined) return
    if (ring === null) mine.set(ctx.plan, (ring = ringOf(ctx.apiId, ctx.stageName)))
    ring.push({
      apiId: ctx.apiId,
      stage: ctx.stageName,
      method: ctx.httpMethod,
      path: ctx.path,
      resourcePath: ctx.route?.resourcePath ?? null,
      status: statusCode,
      latencyMs: Math.round(durationMs * 1000) / 1000,
      integrationStatus: ctx.integration?.status ?? null,
      requestId: ctx.requestId,
      epochMs: ctx.requestTimeEpoch,
    })
  }
  if (perStage > 0) diagnostics.subscribe('portico:request:end', onEnd)

  return {
    perStage,
    adopt(plan) {
      if (perStage > 0) mine.set(plan, null)
      return plan
    },
    list(filter = {}) {
      const out: RecordedRequest[] = []
      for (const [apiId, stages] of rings) {
        if (filter.apiId !== undefined && filter.apiId !== apiId) continue
        for (const [stage, ring] of stages) if (filter.stage === undefined || filter.stage === stage) out.push(...ring.newestFirst().map(recorded))
      }
      // the rings are each newest first; across stages, by arrival
      return out.sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0))
    },
    clear() {
      // emptied in place: plans keep their rings
      for (const stages of rings.values()) for (const ring of stages.values()) ring.clear()
    },
    close() {
      if (perStage > 0) diagnostics.unsubscribe('portico:request:end', onEnd)
      for (const stages of rings.values()) for (const ring of stages.values()) ring.clear()
    },
  }
}

/** an entry as listed: its time formatted */
function recorded(entry: Entry): RecordedRequest {
  const { epochMs, ...rest } = entry
  return { ...rest, time: new Date(epochMs).toISOString() }
}
