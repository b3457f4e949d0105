import { performance } from 'node:perf_hooks'

/** A call's place among the calls to one origin; `release()` once, when the call is over. */
export interface UpstreamTicket {
  readonly shed?: undefined
  release(): void
}

/** No place: the call would wait for a connection past its timeout. `shed` says why, for the execution log. */
export interface UpstreamShed {
  readonly shed: string
}

export interface AdmissionLimits {
  /** the origin's connections (the undici pool's size) */
  readonly connections: number
  /** calls that may wait for a connection at once; more are shed */
  readonly maxQueue: number
}

/** weight of the newest hold time in the moving average */
const ALPHA = 0.2

/**
 * Admission to one origin's connections, in front of its undici pool (which would queue without
 * bound, each call's wait counting against its integration timeout). A call gets a connection
 * when one is free; otherwise it may wait, unless `maxQueue` calls already do, or the wait it can
 * expect — calls ahead of it times the average time a call holds a connection, over the
 * connections — plus its own call would not end before its timeout. Such a call is shed at once
 * instead of being held until it times out.
 *
 * Calls are counted here, not read from undici: they wait first in, first out, so the call that
 * a release lets through is known, and with it the moment its hold time starts.
 */
export class OriginAdmission {
  readonly #limits: AdmissionLimits
  readonly #now: () => number
  #running = 0
  readonly #waiting: Ticket[] = []
  /** the moving average of how long a call holds a connection, once a call has ended */
  #holdMs: number | undefined

  constructor(limits: AdmissionLimits, now: () => number = () => performance.now()) {
    this.#limits = limits
    this.#now = now
  }

  /** calls holding a connection, and calls waiting for one */
  get load(): { running: number; waiting: number } {
    return { running: this.#running, waiting: this.#waiting.length }
  }

  admit(timeoutMs: number): UpstreamTicket | UpstreamShed {
    const { connections, maxQueue } = this.#limits
    if (this.#running < connections) {
      this.#running++
      return new Ticket(this, this.#now())
    }
    const ahead = this.#waiting.length
    if (ahead >= maxQueue) return { shed: `all ${connections} connections are busy and ${ahead} calls already wait for one` }
    const hold = this.#holdMs
    if (hold !== undefined) {
      const expectedMs = ((ahead + 1) * hold) / connections + hold
      if (expectedMs >= timeoutMs) {
        return { shed: `all ${connections} connections are busy, ${ahead} calls wait, and a call holds one for ${Math.round(hold)} ms on average: this one would end after about ${Math.round(expectedMs)} ms, past its ${timeoutMs} ms timeout` }
      }
    }
    const ticket = new Ticket(this, undefined)
    this.#waiting.push(ticket)
    return ticket
  }

  /** @internal (Ticket) */
  release(ticket: Ticket): void {
    if (ticket.startedAt === undefined) {
      // gave up while waiting (its deadline, or its client left)
      const at = this.#waiting.indexOf(ticket)
      if (at >= 0) this.#waiting.splice(at, 1)
      return
    }
    const now = this.#now()
    const held = now - ticket.startedAt
    this.#holdMs = this.#holdMs === undefined ? held : this.#holdMs + (held - this.#holdMs) * ALPHA
    this.#running--
    const next = this.#waiting.shift()
    if (next !== undefined) {
      next.startedAt = now
      this.#running++
    }
  }
}

class Ticket implements UpstreamTicket {
  #released = false
  constructor(
    readonly admission: OriginAdmission,
    /** when the call got a connection; undefined while it waits */
    public startedAt: number | undefined,
  ) {}

  release(): void {
    if (this.#released) return
    this.#released = true
    this.admission.release(this)
  }
}
