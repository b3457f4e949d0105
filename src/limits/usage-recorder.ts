/**
 * Counts the requests this process admitted per key, plan and UTC day, and adds them to the
 * Store in one transaction every `flushMs` (GetUsage reads them there; quotas are re-seeded from them after a
 * restart). A crash loses at most one interval's counts; close() flushes what is left. Each
 * process of a fleet flushes its own counts into the shared Store.
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
  /** 1000 ms unless given */
  flushMs?: number
  /** pending entries (key × plan × day) that force an early flush */
  maxPending?: number
  onError?: (error: Error) => void
}

export const DEFAULT_USAGE_FLUSH_MS = 1000

export function createUsageRecorder(sink: UsageSink, options: UsageRecorderOptions = {}): UsageRecorder {
  const maxPending = options.maxPending ?? 10_000
  const onError = options.onError ?? ((error) => console.error(`portico: usage not recorded yet, will retry: ${error.message}`))
  let pending = new Map<string, number>()
  let writing: Promise<void> | undefined

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
    if (writing) return writing
    if (pending.size === 0) return Promise.resolve()
    const batch = pending
    pending = new Map()
    writing = write(batch).finally(() => (writing = undefined))
    return writing
  }

  const timer = setInterval(() => void flush(), options.flushMs ?? DEFAULT_USAGE_FLUSH_MS)
  timer.unref()

  return {
    count(planId, keyId, day) {
      const id = `${planId}\n${keyId}\n${day}`
      pending.set(id, (pending.get(id) ?? 0) + 1)
      if (pending.size >= maxPending) void flush()
    },
    flush,
    async close() {
      clearInterval(timer)
      await writing
      await flush()
    },
  }
}
