/**
 * Time as a component with timers sees it: a monotonic `now()` in ms and one-shot timers. The
 * component takes a clock in its options, defaulting to the system's, so that a test can drive
 * time (test/support/driven-clock.ts) instead of waiting for it.
 */
export interface Clock {
  /** ms on a monotonic scale (performance.now() for the system clock) */
  now(): number
  /** runs `fn` once, `ms` from now */
  setTimeout(fn: () => void, ms: number): ClockTimer
  clearTimeout(timer: ClockTimer | undefined): void
}

export interface ClockTimer {
  /** the timer does not keep the process alive */
  unref(): unknown
}

export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (timer) => clearTimeout(timer as NodeJS.Timeout | undefined),
}
