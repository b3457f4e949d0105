import { performance } from 'node:perf_hooks'
import { VtlLimitError } from './errors.ts'
import { DEFAULT_LIMITS, type TemplateLimits } from './limits.ts'

/**
 * What one render may spend: `maxWork` units of work and `maxRenderMs` of wall-clock time.
 * A render is synchronous, so nothing else runs on the event loop until it ends: every costly
 * primitive (loop pass, macro call, method call, JSONPath node, parsed or built string) draws
 * from the one budget of the render it runs in, and the render ends in a VtlLimitError (the
 * integration's 500) as soon as either is spent.
 *
 * Units: a loop pass, a macro call, a method call, a JSONPath node visited or result produced,
 * a value copied or printed each cost one; strings cost one per CHARS_PER_UNIT characters read
 * or built. The clock is read once every CLOCK_EVERY units rather than at every charge: reading
 * it costs as much as a cheap unit.
 */
const CHARS_PER_UNIT = 64
const CLOCK_EVERY = 1024

export type BudgetLimits = Pick<TemplateLimits, 'maxWork' | 'maxRenderMs' | 'maxOutputBytes'>

export class RenderBudget {
  #left: number
  #untilClock = CLOCK_EVERY
  readonly #deadline: number

  constructor(readonly limits: Readonly<BudgetLimits>) {
    this.#left = limits.maxWork
    this.#deadline = performance.now() + limits.maxRenderMs
  }

  spend(units: number): void {
    if ((this.#left -= units) < 0) {
      throw new VtlLimitError(`template render exceeds its work budget of ${this.limits.maxWork} steps`)
    }
    if ((this.#untilClock -= units) <= 0) {
      this.#untilClock = CLOCK_EVERY
      if (performance.now() > this.#deadline) {
        throw new VtlLimitError(`template render exceeds its time budget of ${this.limits.maxRenderMs} ms`)
      }
    }
  }

  /** Work proportional to `length` characters read or written. */
  spendChars(length: number): void {
    this.spend(1 + Math.floor(length / CHARS_PER_UNIT))
  }

  /** A string the render built: no longer than maxOutputBytes characters, and paid for. */
  string(s: string): string {
    if (s.length > this.limits.maxOutputBytes) throw new VtlLimitError(`string longer than ${this.limits.maxOutputBytes} characters`)
    this.spendChars(s.length)
    return s
  }
}

/** The budget of the render running now; renders are synchronous, so there is at most one per stack. */
let current: RenderBudget | undefined

/** Runs `render` with `budget` as the current one (restoring the previous one after: renders may nest). */
export function runWithBudget<T>(budget: RenderBudget, render: () => T): T {
  const previous = current
  current = budget
  try {
    return render()
  } finally {
    current = previous
  }
}

/** The running render's budget, or undefined outside a render (nothing to charge). */
export function currentBudget(): RenderBudget | undefined {
  return current
}

/** The running render's budget, or a fresh one with the default limits for work done outside a render. */
export function activeBudget(): RenderBudget {
  return current ?? new RenderBudget(DEFAULT_LIMITS)
}
