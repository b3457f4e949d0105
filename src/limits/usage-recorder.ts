/**
 * Counts the requests this process admitted per key, plan and UTC day, and adds them to the
 * Store in one transaction every `flushMs` (GetUsage reads them there; quotas are re-seeded from
 * them after a restart). A crash loses the counts since the last write began: at most `flushMs`
 * plus one write, because a count that finds the last write `flushMs` old starts the next one
 * itself (a timer alone fires late when the event loop is busy, which is when counts arrive).
 * close() flushes what is left. Each process of a fleet flushes its own counts into the shared Store.
 */
export interface UsageSink {
  /** one write for many counts; counts of a deleted plan or key are dropped (AccountStore.addUsages) */
  addUsages(entries: ReadonlyArray<{ planId: string; keyId: string; day: string; count: number }>): Promise<void>
}

export interface UsageRecorder {
  count(planId: string, keyId: string, day: string): void
  /** writes the pending counts now; concurrent calls share one write */
  flush(): Promise<void>
  close(): Promise<void>
}

export interface UsageRecorderOptions {
  /** 500 ms unless given */
  flushMs?: number
  /** monotonic ms; injectable for tests */
  clock?: () => number
  /** pending entries (key × plan × day) that force an early flush */
  maxPending?: number
  onError?: (error: Error) => void
}

/** with one write's time, under the second a crash may lose (docs/configuration.md) */
export const DEFAULT_USAGE_FLUSH_MS = 500

export function createUsageRecorder(sink: UsageSink, options: UsageRecorderOptions = {}): UsageRecorder {
  const flushMs = options.flushMs ?? DEFAULT_USAGE_FLUSH_MS
  const maxPending = options.maxPending ?? 10_000
  const clock = options.clock ?? performance.now.bind(performance)
  const onError = options.onError ?? ((error) => console.error(`portico: usage not recorded yet, will retry: ${error.message}`))
  let pending = new Map<string, number>()
  let writing: Promise<void> | undefined
  // one flush waits behind the write in progress, for the counts that came after it began
  let following: Promise<void> | undefined
  let lastWriteAt = clock()

  async function write(batch: Map<string, number>): Promise<void> {
    const entries = [...batch].map(([id, count]) => {
      const [planId, keyId, day] = id.split('\n') as [string, string, string]
      return { planId, keyId, day, count }
    })
    try {
      await sink.addUsages(entries)
    } catch (error) {
      onError(error as Error)
      // the counts go back for the next flush, unless the backlog is full (bounded: those are dropped)
      for (const [id, count] of batch) if (pending.size < maxPending || pending.has(id)) pending.set(id, (pending.get(id) ?? 0) + count)
    }
  }

  function flush(): Promise<void> {
    if (writing) {
      following ??= writing.then(() => {
        following = undefined
        return flush()
      })
      return following
    }
    if (pending.size === 0) return Promise.resolve()
    const batch = pending
    pending = new Map()
    lastWriteAt = clock()
    writing = write(batch).finally(() => (writing = undefined))
    return writing
  }

  const timer = setInterval(() => void flush(), flushMs)
  timer.unref()

  return {
    count(planId, keyId, day) {
      const id = `${planId}\n${keyId}\n${day}`
      pending.set(id, (pending.get(id) ?? 0) + 1)
      if (pending.size >= maxPending || clock() - lastWriteAt >= flushMs) void flush()
    },
    flush,
    async close() {
      clearInterval(timer)
      await flush()
    },
  }
}
