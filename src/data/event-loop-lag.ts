/**
 * Whether the process is saturated: how late the event loop runs a timer. A request that
 * arrives while the loop is that late waits behind work the process cannot finish in time, and
 * parsing its body, rendering its templates and logging it only add to the backlog; the listener
 * sheds it instead (server.ts), with AWS's cheap 429 `Too Many Requests`, before any of that.
 *
 * A late loop alone is not saturation: one slow request (a large import compiling, a template
 * at its work budget) or a GC pause makes it late too, and shedding the next request would not
 * help. Saturation is a check that finds the loop later than the bound while at least
 * `MIN_ARRIVALS` requests arrived since the check before: shedding then lasts until the next
 * check (a fraction of the bound), so it stops as soon as the load eases.
 */
import { performance } from 'node:perf_hooks'

/**
 * `portico serve`'s bound on the loop's lateness, ms (`PORTICO_MAX_EVENT_LOOP_LAG_MS`; 0 turns
 * shedding off). An embedded gateway never sheds: its loop is shared with the code calling it,
 * whose own work would count as the gateway's overload.
 */
export const DEFAULT_MAX_EVENT_LOOP_LAG_MS = 500

/** requests arriving within one check interval that make a late loop a saturated one */
export const MIN_ARRIVALS = 32

export class EventLoopLag {
  #timer: NodeJS.Timeout | undefined
  #expectedAt = 0
  #arrivals = 0
  #saturated = false
  readonly #intervalMs: number

  constructor(readonly maxLagMs: number) {
    // often enough that a few checks fit in the bound, rarely enough to cost nothing
    this.#intervalMs = Math.max(5, Math.min(100, Math.floor(maxLagMs / 4)))
  }

  /** the last check found the loop late past the bound, with many requests arriving */
  get saturated(): boolean {
    return this.#saturated
  }

  /** counts a request that arrived (admitted or shed) */
  arrived(): void {
    this.#arrivals++
  }

  start(): void {
    if (this.maxLagMs <= 0 || this.#timer) return
    this.#schedule()
  }

  stop(): void {
    clearTimeout(this.#timer)
    this.#timer = undefined
    this.#saturated = false
  }

  #schedule(): void {
    this.#expectedAt = performance.now() + this.#intervalMs
    this.#timer = setTimeout(this.#check, this.#intervalMs)
    this.#timer.unref()
  }

  readonly #check = (): void => {
    const lag = performance.now() - this.#expectedAt
    this.#saturated = lag > this.maxLagMs && this.#arrivals >= MIN_ARRIVALS
    this.#arrivals = 0
    this.#schedule()
  }
}

/** `PORTICO_MAX_EVENT_LOOP_LAG_MS`: a whole number of ms, 0 for never shedding; the default when unset. */
export function maxEventLoopLagFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.PORTICO_MAX_EVENT_LOOP_LAG_MS
  if (text === undefined || text === '') return DEFAULT_MAX_EVENT_LOOP_LAG_MS
  const value = Number(text)
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`PORTICO_MAX_EVENT_LOOP_LAG_MS must be a whole number of milliseconds (0: never shed), got ${JSON.stringify(text)}`)
  return value
}
