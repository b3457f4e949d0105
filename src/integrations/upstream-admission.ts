import { performance } from 'node:perf_hooks'
import type { Deadline } from './upstream-failure.ts'

/** A call's place among the calls to one origin; `release()` once, when the call is over. */
export interface UpstreamTicket {
  readonly shed?: undefined
  /**
   * Undefined when the call has its connection; otherwise the wait for it, which resolves when
   * the call's turn comes and rejects with the deadline's reason when the deadline fires first,
   * or with ShedWhileWaiting when the origin learns the call can no longer end before its
   * timeout. A waiting call is not handed to the pool until its turn: the pool never queues.
   */
  turn(deadline: Deadline): Promise<void> | undefined
  release(): void
}

/** The origin shed a call while it waited for a connection: answered as a call shed at admission is (503). */
export class ShedWhileWaiting extends Error {
  override readonly name = 'ShedWhileWaiting'
  constructor(
    readonly origin: string,
    readonly reason: string,
  ) {
    super(`shed: ${reason}`)
  }
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

/** weight of the newest hold time in the moving average and in the moving mean deviation */
const ALPHA = 0.2
/** the hold time a call is expected to take: the average plus this many mean deviations */
const DEVIATIONS = 2
/** waiting calls are looked at again when the expected hold time has grown by this factor since the last look */
const RECHECK_GROWTH = 1.1

/**
 * Admission to one origin's connections, in front of its undici pool (which would queue without
 * bound, each call's wait counting against its integration timeout). A call gets a connection
 * when one is free; otherwise it may wait (here, not in the pool), unless `maxQueue` calls already do, or it would not
 * end before its timeout. Such a call is shed at once instead of being held until it times out.
 *
 * When a call waiting at place `j` gets a connection: calls wait first in, first out, and each
 * holds its connection for about `hold` (the moving average of the calls that ended, plus twice
 * their mean deviation), so place `j` takes the connection of the `(j mod connections)`-th oldest
 * running call, after `floor(j / connections)` further holds on it — the wait comes in whole
 * holds, not in fractions of one (a burst of calls that started together also ends together).
 *
 * What was admitted is looked at again when that changes what it can expect: when the first call
 * to the origin ends (before that, a burst is admitted knowing nothing of the backend), and when
 * `hold` has grown by a tenth since the last look, every waiting call that can no longer end in
 * time is shed (`onShed`); and a call whose turn comes when too little of its time is left for
 * one hold is shed rather than sent.
 *
 * Calls are counted here, not read from undici: they wait first in, first out, so the call that
 * a release lets through is known, and with it the moment its hold time starts.
 */
export class OriginAdmission {
  readonly #limits: AdmissionLimits
  readonly #origin: string
  readonly #now: () => number
  /**
   * calls holding a connection, in the order they got it (which is the order of their start
   * times): a list through the tickets themselves, oldest first — no Set to hash into per call
   */
  #oldest: Ticket | undefined
  #newest: Ticket | undefined
  #running = 0
  readonly #waiting: Ticket[] = []
  /** the moving average of how long a call holds a connection, and its mean deviation, once a call has ended */
  #meanMs: number | undefined
  #deviationMs = 0
  /** `hold` when the waiting calls were last looked at */
  #checkedHoldMs = 0

  constructor(limits: AdmissionLimits, origin: string, now: () => number = () => performance.now()) {
    this.#limits = limits
    this.#origin = origin
    this.#now = now
  }

  /** calls holding a connection, and calls waiting for one */
  get load(): { running: number; waiting: number } {
    return { running: this.#running, waiting: this.#waiting.length }
  }

  /** the time a call is expected to hold a connection, or undefined before a call has ended */
  get #holdMs(): number | undefined {
    return this.#meanMs === undefined ? undefined : this.#meanMs + DEVIATIONS * this.#deviationMs
  }

  admit(timeoutMs: number): UpstreamTicket | UpstreamShed {
    const { connections, maxQueue } = this.#limits
    const now = this.#now()
    if (this.#running < connections) return this.#start(new Ticket(this, now + timeoutMs), now)
    const ahead = this.#waiting.length
    if (ahead >= maxQueue) return { shed: `all ${connections} connections are busy and ${ahead} calls already wait for one` }
    const hold = this.#holdMs
    if (hold !== undefined) {
      const expectedMs = this.#expectedEnd(ahead, [...this.#firstStarts(ahead % connections + 1)], hold, now) - now
      if (expectedMs >= timeoutMs) return { shed: tooLate(connections, ahead, hold, expectedMs, timeoutMs) }
    }
    const ticket = new Ticket(this, now + timeoutMs)
    this.#waiting.push(ticket)
    return ticket
  }

  /** @internal (Ticket) */
  release(ticket: Ticket): void {
    if (!this.#stop(ticket)) {
      // gave up while waiting (its deadline, or its client left), or was shed
      const at = this.#waiting.indexOf(ticket)
      if (at >= 0) this.#waiting.splice(at, 1)
      return
    }
    const now = this.#now()
    this.#learn(now - ticket.startedAt!)
    const hold = this.#holdMs!
    const shed: Array<{ ticket: Ticket; reason: string }> = []
    for (let next = this.#waiting.shift(); next !== undefined; next = this.#waiting.shift()) {
      const leftMs = next.deadline - now
      if (leftMs > hold) {
        this.#start(next, now)
        next.go()
        break
      }
      shed.push({ ticket: next, reason: `its turn for a connection came with ${Math.round(leftMs)} ms of its timeout left, and a call holds one for about ${Math.round(hold)} ms` })
    }
    if (hold > this.#checkedHoldMs * RECHECK_GROWTH) {
      this.#checkedHoldMs = hold
      this.#recheck(hold, now, shed)
    }
    // told last: a listener may come back here (its call's release)
    for (const { ticket: t, reason } of shed) t.shedWhileWaiting(new ShedWhileWaiting(this.#origin, reason))
  }

  #start(ticket: Ticket, now: number): Ticket {
    ticket.startedAt = now
    ticket.running = true
    ticket.older = this.#newest
    if (this.#newest !== undefined) this.#newest.newer = ticket
    else this.#oldest = ticket
    this.#newest = ticket
    this.#running++
    return ticket
  }

  /** takes a running call out of the list; false when it was not running */
  #stop(ticket: Ticket): boolean {
    if (!ticket.running) return false
    ticket.running = false
    const { older, newer } = ticket
    if (older !== undefined) older.newer = newer
    else this.#oldest = newer
    if (newer !== undefined) newer.older = older
    else this.#newest = older
    ticket.older = ticket.newer = undefined
    this.#running--
    return true
  }

  #learn(heldMs: number): void {
    if (this.#meanMs === undefined) {
      // one call says little of the next: a quarter of it as the first deviation (TCP's first RTO
      // takes half), which fades as calls that hold as long confirm it
      this.#meanMs = heldMs
      this.#deviationMs = heldMs / 4
      return
    }
    const error = heldMs - this.#meanMs
    this.#meanMs += error * ALPHA
    this.#deviationMs += (Math.abs(error) - this.#deviationMs) * ALPHA
  }

  /** every waiting call that can no longer end before its deadline leaves the queue for `shed` */
  #recheck(hold: number, now: number, shed: Array<{ ticket: Ticket; reason: string }>): void {
    const { connections } = this.#limits
    const starts = [...this.#firstStarts(connections)]
    const kept: Ticket[] = []
    for (const ticket of this.#waiting) {
      const end = this.#expectedEnd(kept.length, starts, hold, now)
      if (end < ticket.deadline) kept.push(ticket)
      else shed.push({ ticket, reason: tooLate(connections, kept.length, hold, end - now, Math.round(ticket.deadline - now)) + ' (what is left of it)' })
    }
    this.#waiting.splice(0, this.#waiting.length, ...kept)
  }

  /** when the call waiting at `place` is expected to end: `starts` are the oldest running calls' start times, oldest first */
  #expectedEnd(place: number, starts: number[], hold: number, now: number): number {
    const { connections } = this.#limits
    const started = starts[place % connections]
    const free = started === undefined ? now : Math.max(now, started + hold)
    return free + Math.floor(place / connections) * hold + hold
  }

  *#firstStarts(count: number): Iterable<number> {
    let n = 0
    for (let running = this.#oldest; running !== undefined; running = running.newer) {
      if (n++ === count) return
      yield running.startedAt!
    }
  }
}

function tooLate(connections: number, ahead: number, hold: number, expectedMs: number, timeoutMs: number): string {
  return `all ${connections} connections are busy, ${ahead} calls wait, and a call holds one for about ${Math.round(hold)} ms: this one would end after about ${Math.round(expectedMs)} ms, past its ${Math.round(timeoutMs)} ms timeout`
}

class Ticket implements UpstreamTicket {
  #released = false
  #waiter: { resolve(): void; reject(error: Error): void } | undefined
  #shed: ShedWhileWaiting | undefined
  /** when the call got a connection; undefined while it waits */
  startedAt: number | undefined
  /** @internal (OriginAdmission): holding a connection, and its neighbours in the running list */
  running = false
  older: Ticket | undefined = undefined
  newer: Ticket | undefined = undefined

  constructor(
    readonly admission: OriginAdmission,
    /** when the call's timeout ends */
    readonly deadline: number,
  ) {}

  turn(deadline: Deadline): Promise<void> | undefined {
    if (this.startedAt !== undefined) return undefined
    if (this.#shed !== undefined) return Promise.reject(this.#shed)
    const signal = deadline.signal
    if (signal.aborted) {
      this.release()
      return Promise.reject(signal.reason as Error)
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        this.#waiter = undefined
        this.release()
        reject(signal.reason as Error)
      }
      signal.addEventListener('abort', onAbort)
      this.#waiter = {
        resolve: () => {
          signal.removeEventListener('abort', onAbort)
          resolve()
        },
        reject: (error) => {
          signal.removeEventListener('abort', onAbort)
          reject(error)
        },
      }
    })
  }

  release(): void {
    if (this.#released) return
    this.#released = true
    this.admission.release(this)
  }

  /** @internal (OriginAdmission): the call's turn has come */
  go(): void {
    const waiter = this.#waiter
    this.#waiter = undefined
    waiter?.resolve()
  }

  /** @internal (OriginAdmission) */
  shedWhileWaiting(error: ShedWhileWaiting): void {
    this.#shed = error
    const waiter = this.#waiter
    this.#waiter = undefined
    waiter?.reject(error)
  }
}

/**
 * What a call may spend waiting for a connection and holding it, for its client to be answered
 * within the integration timeout of the request's arrival: the time the request took to reach its
 * integration (its body read, authorizers, mapping, a late event loop) comes off. Only what is
 * admitted and shed uses it; the 504 stays the integration's own timer, counted from its start as
 * AWS counts it. A free connection admits a call whatever its budget.
 */
export function admissionBudgetMs(arrivedAtMs: number, timeoutMs: number, nowMs: number = performance.now()): number {
  return Math.max(0, timeoutMs - Math.max(0, nowMs - arrivedAtMs))
}
