/**
 * A shared backend (Redis) as the request path sees it: up or down. The client's connection
 * events and the outcome of each command move it; each change is logged once (down with its
 * reason, up with how long it was away), every failed command is counted, and the error a
 * request gets says it was already reported, so an outage costs two log lines, not a stack
 * trace per request. A backend that flaps (some commands time out, others answer) goes down in
 * the log at most once per `quietMs`; the changes in between are summed up at its end.
 */

/** A command failed because the backend is away or failing; counted and logged by its BackendHealth. */
export class BackendUnavailableError extends Error {
  override name = 'BackendUnavailableError'
}

/** What ioredis emits that says the connection came or went. */
export interface ConnectionEvents {
  on(event: 'ready' | 'close', listener: () => void): unknown
  on(event: 'error', listener: (error: Error) => void): unknown
}

export interface BackendHealthOptions {
  /** `Redis counters at redis://…` (no password) */
  name: string
  /** what requests get while it is down, for the log line: `requests answer 500` */
  whileDown: string
  /** default console.error */
  report?: (message: string) => void
  /** epoch ms; default Date.now */
  now?: () => number
  /** at most one line per this many ms; default 10 s */
  quietMs?: number
}

export class BackendHealth {
  up = true
  /** commands that failed since start */
  failures = 0
  #downAt = 0
  #failuresAtDown = 0
  #lastError: string | undefined
  #closed = false
  #saidAt = -Infinity
  #unsaid = 0
  #timer: NodeJS.Timeout | undefined
  readonly #options: Required<BackendHealthOptions>

  constructor(options: BackendHealthOptions) {
    this.#options = { report: (message) => console.error(message), now: Date.now, quietMs: 10_000, ...options }
  }

  /** Follows the client's connection: `close` is down (with the last error as the reason), `ready` is up. */
  watch(client: ConnectionEvents): this {
    client.on('error', (error) => (this.#lastError = error.message))
    client.on('close', () => this.#down(this.#lastError ?? 'connection closed'))
    client.on('ready', () => {
      this.#lastError = undefined
      this.#up()
    })
    return this
  }

  /** The command's outcome, counted: resolves as it does, or rejects with a BackendUnavailableError. */
  track<T>(command: Promise<T>): Promise<T> {
    return command.then(this.#succeeded as (value: T) => T, this.#failed)
  }

  /** Counts a failed command and returns the error its request gets. */
  failed(error: unknown): BackendUnavailableError {
    const reason = error instanceof Error ? error.message : String(error)
    this.#down(reason)
    this.failures++
    return new BackendUnavailableError(`${this.#options.name} failed: ${reason}`, { cause: error })
  }

  readonly #succeeded = <T>(value: T): T => {
    if (!this.up) this.#up()
    return value
  }

  readonly #failed = (error: unknown): never => {
    throw this.failed(error)
  }

  /** Shutdown: the connection closing is not news. */
  close(): void {
    this.#closed = true
    clearTimeout(this.#timer)
  }

  #down(reason: string): void {
    if (!this.up || this.#closed) return
    this.up = false
    this.#downAt = this.#options.now()
    this.#failuresAtDown = this.failures
    this.#say('down', `portico: ${this.#options.name} is unavailable (${reason}): ${this.#options.whileDown} until it is back`)
  }

  #up(): void {
    if (this.up || this.#closed) return
    this.up = true
    const seconds = ((this.#options.now() - this.#downAt) / 1000).toFixed(1)
    this.#say('up', `portico: ${this.#options.name} is back after ${seconds} s; ${this.failures - this.#failuresAtDown} command(s) failed meanwhile`)
  }

  /** An up follows its down at once; a down waits for `quietMs` after the last one said. */
  #say(change: 'down' | 'up', line: string): void {
    if (!this.#timer) {
      const now = this.#options.now()
      if (change === 'up' || now - this.#saidAt >= this.#options.quietMs) {
        if (change === 'down') this.#saidAt = now
        this.#options.report(line)
        return
      }
      this.#timer = setTimeout(this.#sayState, this.#saidAt + this.#options.quietMs - now)
      this.#timer.unref()
    }
    this.#unsaid++
  }

  readonly #sayState = (): void => {
    this.#timer = undefined
    this.#saidAt = this.#options.now()
    const state = this.up ? 'available' : `unavailable: ${this.#options.whileDown} until it is back`
    this.#options.report(`portico: ${this.#options.name} changed state ${this.#unsaid} more time(s) in ${this.#options.quietMs / 1000} s and is ${state}; ${this.failures} command(s) failed since start`)
    this.#unsaid = 0
  }
}
