/**
 * Concurrency limits of the local runtime, counted as Lambda counts them: invocations in flight
 * (waiting for an environment or running), per function and for all functions together.
 * - Past a function's `reservedConcurrency`: TooManyRequestsException at once, as Lambda does.
 * - Past the limits that stand in for capacity Lambda would have had (`unreservedConcurrency` of a
 *   function without a reservation, `concurrentExecutions` of them all): the invocation waits for
 *   one in flight to end, in order, up to `maxQueueWaitMs` and `maxQueuedInvocations` waiting at
 *   once; beyond either, TooManyRequestsException. A burst then queues briefly on a small
 *   machine instead of failing, and work that piles up faster than it drains is shed.
 */
import { InvokeError } from '../gateway/function-invoker.ts'

export interface AdmissionLimits {
  readonly concurrentExecutions: number
  readonly unreservedConcurrency: number
  readonly maxQueuedInvocations: number
  readonly maxQueueWaitMs: number
}

export interface Admission {
  /**
   * true when admitted now; otherwise a promise that resolves when admitted and rejects with
   * TooManyRequestsException when shed. Throws TooManyRequestsException past `reserved` or when
   * it may not wait. `waitMs`: the caller's patience; the wait ends at the earlier of it and
   * `maxQueueWaitMs`. Every admission is followed by one `release`.
   */
  admit(name: string, reserved: number | undefined, waitMs: number): true | Promise<void>
  release(name: string): void
  /** sheds every waiting invocation */
  close(): void
}

interface Waiter {
  name: string
  limit: number
  /** performance.now() past which it is shed */
  until: number
  admit(): void
  shed(error: InvokeError): void
}

export function throttled(): InvokeError {
  return new InvokeError('TooManyRequestsException', 429, 'Rate Exceeded.')
}

export function createAdmission(limits: AdmissionLimits): Admission {
  const { concurrentExecutions, unreservedConcurrency, maxQueuedInvocations, maxQueueWaitMs } = limits
  const inFlight = new Map<string, number>()
  let total = 0
  let waiting: Waiter[] = []
  let expiry: NodeJS.Timeout | undefined
  /** when `expiry` fires */
  let expiryAt = Infinity

  function count(name: string, running: number): void {
    inFlight.set(name, running + 1)
    total++
  }

  /** admits the waiting invocations that now fit, in order; one held back by its function's limit holds back no other */
  function admitWaiting(): void {
    let kept: Waiter[] | undefined
    for (let i = 0; i < waiting.length; i++) {
      const waiter = waiting[i]!
      const running = inFlight.get(waiter.name) ?? 0
      if (total < concurrentExecutions && running < waiter.limit) {
        kept ??= waiting.slice(0, i)
        count(waiter.name, running)
        waiter.admit()
      } else kept?.push(waiter)
    }
    if (kept !== undefined) waiting = kept
    if (waiting.length === 0) stopExpiry()
  }

  function shedExpired(): void {
    expiry = undefined
    expiryAt = Infinity
    const now = performance.now()
    const expired = waiting.filter((waiter) => waiter.until <= now + 1)
    waiting = waiting.filter((waiter) => waiter.until > now + 1)
    for (const waiter of expired) waiter.shed(throttled())
    armExpiry()
  }

  function armExpiry(): void {
    if (expiry !== undefined || waiting.length === 0) return
    let until = Infinity
    for (const waiter of waiting) until = Math.min(until, waiter.until)
    expiryAt = until
    expiry = setTimeout(shedExpired, Math.max(1, until - performance.now()))
  }

  function stopExpiry(): void {
    clearTimeout(expiry)
    expiry = undefined
    expiryAt = Infinity
  }

  return {
    admit(name, reserved, waitMs) {
      const running = inFlight.get(name) ?? 0
      if (reserved !== undefined && running >= reserved) throw throttled()
      const limit = reserved ?? unreservedConcurrency
      if (running < limit && total < concurrentExecutions) {
        count(name, running)
        return true
      }
      const patience = Math.min(maxQueueWaitMs, waitMs)
      if (waiting.length >= maxQueuedInvocations || patience <= 0) throw throttled()
      return new Promise<void>((admit, shed) => {
        const until = performance.now() + patience
        waiting.push({ name, limit, until, admit, shed })
        // a caller more impatient than those before it: the timer must come sooner
        if (until < expiryAt) stopExpiry()
        armExpiry()
      })
    },
    release(name) {
      const running = inFlight.get(name) ?? 1
      if (running <= 1) inFlight.delete(name)
      else inFlight.set(name, running - 1)
      total--
      if (waiting.length > 0) admitWaiting()
    },
    close() {
      stopExpiry()
      const shed = waiting
      waiting = []
      for (const waiter of shed) waiter.shed(new InvokeError('ServiceException', 500, 'The function runtime is shutting down.'))
    },
  }
}
