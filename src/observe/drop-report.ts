/**
 * Counts the log lines (or spans) one destination lost and says so on stderr: the first loss at once, then
 * at most one line every `everyMs` while losses go on, each with the count since the last one,
 * so a dead or slow destination costs a line per interval, never a line per request.
 */

export interface DropReportOptions {
  /** default 10 s */
  everyMs?: number
  /** default: console.error */
  report?: (message: string) => void
  /** what is lost; default `log line` */
  unit?: string
}

export type DropReason = 'queue full' | 'write failed'

export class DropReport {
  /** every line lost since the sink was made (the drop metric) */
  total = 0
  #queueFull = 0
  #failed = 0
  #lastError = ''
  #reportedAt = -Infinity
  #timer: NodeJS.Timeout | undefined
  readonly #everyMs: number
  readonly #report: (message: string) => void
  readonly #unit: string

  constructor(
    readonly destination: string,
    options: DropReportOptions = {},
  ) {
    this.#everyMs = options.everyMs ?? 10_000
    this.#report = options.report ?? ((message) => console.error(message))
    this.#unit = options.unit ?? 'log line'
  }

  add(lines: number, reason: DropReason, error?: unknown): void {
    this.total += lines
    if (reason === 'queue full') this.#queueFull += lines
    else {
      this.#failed += lines
      this.#lastError = error instanceof Error ? error.message : String(error)
    }
    if (this.#timer) return
    const wait = this.#reportedAt + this.#everyMs - Date.now()
    if (wait <= 0) this.#flush()
    else {
      this.#timer = setTimeout(this.#onTimer, wait)
      this.#timer.unref()
    }
  }

  /** Reports what is unreported now (shutdown). */
  close(): void {
    clearTimeout(this.#timer)
    this.#timer = undefined
    this.#flush()
  }

  readonly #onTimer = (): void => {
    this.#timer = undefined
    this.#flush()
  }

  #flush(): void {
    const lines = this.#queueFull + this.#failed
    if (lines === 0) return
    const causes: string[] = []
    if (this.#queueFull > 0) causes.push(`${this.#queueFull} with the queue full`)
    if (this.#failed > 0) causes.push(`${this.#failed} in failed writes (${this.#lastError})`)
    this.#report(`portico: dropped ${lines} ${this.#unit}(s) for ${this.destination}: ${causes.join(', ')}`)
    this.#reportedAt = Date.now()
    this.#queueFull = 0
    this.#failed = 0
  }
}
