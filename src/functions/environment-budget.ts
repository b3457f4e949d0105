/**
 * How many execution environments (worker threads) may start at once, and live at once, across
 * every pool of a runtime. Starting a thread is the expensive part of a burst: `new Worker` holds
 * the gateway's thread for milliseconds, and each start loads a module on the same few cores the
 * gateway runs on — a hundred started in one turn stalled every route for seconds (issue 14).
 * So starts go a few at a time; an invocation that finds none free waits in its pool for a start
 * to finish or an environment to become idle. Environments alive are bounded too (each costs
 * ~10 MB): past the bound, the idle environment least recently used, in any pool, is stopped to
 * make room, as Lambda reclaims idle environments.
 */

/** What a pool lends the budget: its idle environments, to be stopped under pressure. */
export interface IdleEnvironments {
  /** performance.now() when its least recently used idle environment became idle; undefined when none is idle */
  oldestIdleSince(): number | undefined
  /** stops that environment (the pool reports it through `stopped()`) */
  stopOldestIdle(): void
}

export interface EnvironmentBudget {
  /** counts a new environment as starting and alive when the bounds allow it, stopping an idle one if that makes room */
  tryStart(): boolean
  /** an environment counted by tryStart() is ready, or died before it was */
  started(): void
  /** an environment counted by tryStart() is gone */
  stopped(): void
  /** an environment became idle: one that a waiting pool may take */
  idled(): void
  /** `resume` is called once, the next time a start may succeed; waiters are resumed in order */
  waitForStart(resume: () => void): void
  /** the pool's idle environments may be stopped to make room; returns the withdrawal */
  lend(pool: IdleEnvironments): () => void
}

export interface EnvironmentBudgetOptions {
  /** environments starting at once */
  concurrentStarts: number
  /** environments alive at once, busy or idle */
  maxEnvironments: number
}

export function createEnvironmentBudget(options: EnvironmentBudgetOptions): EnvironmentBudget {
  const { concurrentStarts, maxEnvironments } = options
  const pools = new Set<IdleEnvironments>()
  const waiters: Array<() => void> = []
  let resuming = false
  let starting = 0
  let alive = 0

  function oldestIdle(): IdleEnvironments | undefined {
    let oldest: IdleEnvironments | undefined
    let since = Infinity
    for (const pool of pools) {
      const at = pool.oldestIdleSince()
      if (at !== undefined && at < since) {
        since = at
        oldest = pool
      }
    }
    return oldest
  }

  function canStart(): boolean {
    return starting < concurrentStarts && (alive < maxEnvironments || oldestIdle() !== undefined)
  }

  /** a start may have become possible: resume waiters, in order, while it is */
  function resume(): void {
    if (resuming) return
    resuming = true
    try {
      // each is resumed once here: one that waits again goes to the back
      for (let n = waiters.length; n > 0 && waiters.length > 0 && canStart(); n--) waiters.shift()!()
    } finally {
      resuming = false
    }
  }

  return {
    tryStart() {
      if (starting >= concurrentStarts) return false
      if (alive >= maxEnvironments) {
        const pool = oldestIdle()
        if (pool === undefined) return false
        // the room it makes is taken here, not offered to the waiting
        const wasResuming = resuming
        resuming = true
        try {
          pool.stopOldestIdle()
        } finally {
          resuming = wasResuming
        }
        if (alive >= maxEnvironments) return false
      }
      starting++
      alive++
      return true
    },
    started() {
      starting--
      resume()
    },
    stopped() {
      alive--
      resume()
    },
    idled() {
      if (waiters.length > 0) resume()
    },
    waitForStart(resume) {
      waiters.push(resume)
    },
    lend(pool) {
      pools.add(pool)
      return () => pools.delete(pool)
    },
  }
}
