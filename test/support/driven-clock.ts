import type { Clock, ClockTimer } from '../../src/lib/clock.ts'

export interface DrivenClock extends Clock {
  /** moves time on by `ms`, running every timer that falls due, in order of due time */
  advance(ms: number): void
  /** timers set and not yet run or cleared */
  pending(): number
}

/**
 * A clock whose time moves only when the test says so: a component built with it (the worker
 * pool's idle reaper, its waits) acts on time the test steps through, not on time it waits for.
 */
export function drivenClock(start = 0): DrivenClock {
  let now = start
  let sequence = 0
  const timers = new Map<ClockTimer, { due: number; order: number; fn: () => void }>()
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const timer: ClockTimer = { unref: () => timer }
      timers.set(timer, { due: now + Math.max(0, ms), order: sequence++, fn })
      return timer
    },
    clearTimeout(timer) {
      if (timer !== undefined) timers.delete(timer)
    },
    advance(ms) {
      const until = now + ms
      for (;;) {
        let next: [ClockTimer, { due: number; order: number; fn: () => void }] | undefined
        for (const entry of timers) {
          if (entry[1].due > until) continue
          if (next === undefined || entry[1].due < next[1].due || (entry[1].due === next[1].due && entry[1].order < next[1].order)) next = entry
        }
        if (next === undefined) break
        timers.delete(next[0])
        now = Math.max(now, next[1].due)
        next[1].fn()
      }
      now = until
    },
    pending: () => timers.size,
  }
}
