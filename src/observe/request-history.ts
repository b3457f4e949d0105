/**
 * The last requests each stage answered, for CI runs that want to see what their tests sent
 * (`GET /_portico/requests`, the embeddable gateway's `requests()`): a ring of
 * `perStage` entries per stage, filled from `portico:request:end` like the rest of observe/, so
 * the request path carries no code for it.
 */
import diagnostics from 'node:diagnostics_channel'
import type { RequestContext, StagePlan } from '../gateway/types.ts'
import { StageRings, type Ring } from '../lib/ring.ts'

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
  const rings = new StageRings<Entry>(perStage)

  const onEnd = (message: unknown): void => {
    const { ctx, statusCode, durationMs } = message as { ctx: RequestContext; statusCode: number; durationMs: number }
    let ring = mine.get(ctx.plan)
    if (ring === undefined) return
    if (ring === null) mine.set(ctx.plan, (ring = rings.of(ctx.apiId, ctx.stageName)))
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
      const entries: Entry[] = []
      for (const ring of rings.select(filter)) entries.push(...ring.newestFirst())
      // the rings are each newest first; across stages, by arrival
      return entries.sort((a, b) => b.epochMs - a.epochMs).map(recorded)
    },
    clear() {
      // emptied in place: plans keep their rings
      rings.clear()
    },
    close() {
      if (perStage > 0) diagnostics.unsubscribe('portico:request:end', onEnd)
      rings.clear()
    },
  }
}

/** an entry as listed: its time formatted */
function recorded(entry: Entry): RecordedRequest {
  const { epochMs, ...rest } = entry
  return { ...rest, time: new Date(epochMs).toISOString() }
}
