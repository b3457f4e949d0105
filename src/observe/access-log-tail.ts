/**
 * The newest access-log lines of each stage, kept in memory for the console's live tail
 * (`GET /_portico/logs`): a ring of `perStage` lines per stage, filled where the observer
 * writes a line to the stage's destination, so only stages with access logging have lines.
 * Each line gets a process-wide sequence number; a follower asks for the lines after the
 * `cursor` of its last answer.
 */
import { StageRings } from '../lib/ring.ts'

export interface TailedLine {
  /** increasing across every stage: the order lines were written */
  readonly seq: number
  /** ISO 8601, when the line was written */
  readonly time: string
  readonly apiId: string
  readonly stage: string
  /** a canary request's line (AWS writes it to the `/Canary` stream) */
  readonly canary: boolean
  /** the line as the stage's format rendered it */
  readonly line: string
}

export interface TailQuery {
  apiId?: string
  stage?: string
  /** only lines with a greater `seq` (a previous answer's `cursor`) */
  since?: number
  /** the newest this many (default and maximum: `perStage`) */
  limit?: number
}

export interface AccessLogTail {
  /** lines kept per stage; 0: none */
  readonly perStage: number
  record(apiId: string, stage: string, canary: boolean, line: string, nowMs: number): void
  /** oldest first; `cursor` is the newest `seq` written so far (pass it as `since` next time) */
  list(query?: TailQuery): { cursor: number; items: TailedLine[] }
  clear(): void
}

export const DEFAULT_ACCESS_LOG_TAIL = 200

/** a line as kept: its time formatted only when read */
type KeptLine = Omit<TailedLine, 'time'> & { readonly timeMs: number }

export function createAccessLogTail(perStage = DEFAULT_ACCESS_LOG_TAIL): AccessLogTail {
  const rings = new StageRings<KeptLine>(perStage)
  let seq = 0
  return {
    perStage,
    record(apiId, stage, canary, line, nowMs) {
      if (perStage === 0) return
      const ring = rings.of(apiId, stage)
      ring.push({ seq: ++seq, timeMs: nowMs, apiId, stage, canary, line })
    },
    list(query = {}) {
      const since = query.since ?? 0
      const out: KeptLine[] = []
      for (const ring of rings.select(query)) {
        for (const item of ring.newestFirst()) {
          if (item.seq <= since) break
          out.push(item)
        }
      }
      out.sort((a, b) => a.seq - b.seq)
      const limit = Math.min(query.limit ?? perStage, perStage)
      const items = out.slice(Math.max(0, out.length - limit)).map((k) => ({ seq: k.seq, time: new Date(k.timeMs).toISOString(), apiId: k.apiId, stage: k.stage, canary: k.canary, line: k.line }))
      return { cursor: seq, items }
    },
    clear() {
      rings.clear()
    },
  }
}
