/**
 * One sender for a slow destination: items (log lines, spans) wait in a bounded queue and go out
 * in batches, one batch in flight at a time, in order. Items written while a batch is in flight
 * wait and go in the next one, so a slow destination costs queued items (then dropped ones,
 * counted and reported by drop-report.ts), never a promise per item. Log sinks (log-sink.ts)
 * and the OTLP exporter (otlp-exporter.ts) both send through it.
 */
import { DropReport, type DropReportOptions } from './drop-report.ts'

export interface BatchSenderOptions<T> {
  /** where the batches go, for drop reports */
  destination: string
  /** hands one batch over; a rejection drops the batch (counted and reported) */
  deliver: (batch: T[]) => Promise<void>
  /** an item's share of `maxQueued` (its bytes, or 1 to count items) */
  sizeOf: (item: T) => number
  /** the most queued, in `sizeOf`'s unit; past it an item is dropped */
  maxQueued: number
  /** this much queued (in `sizeOf`'s unit) is sent without waiting for the delay */
  eagerSize: number
  /** the most items one batch takes; default: all that wait */
  maxBatchItems?: number
  /** an item waits at most this long to be sent with others */
  delayMs: number
  drops?: DropReportOptions
}

export class BatchSender<T> {
  #queue: T[] = []
  #queuedSize = 0
  #sending: Promise<void> | undefined
  #timer: NodeJS.Timeout | undefined
  readonly #options: BatchSenderOptions<T>
  readonly #maxBatchItems: number
  readonly #drops: DropReport

  constructor(options: BatchSenderOptions<T>) {
    this.#options = options
    this.#maxBatchItems = options.maxBatchItems ?? Infinity
    this.#drops = new DropReport(options.destination, options.drops)
  }

  /** items lost because the queue was full or a delivery failed */
  get dropped(): number {
    return this.#drops.total
  }

  /** what waits, in `sizeOf`'s unit (not counting the batch in flight) */
  get queuedSize(): number {
    return this.#queuedSize
  }

  add(item: T): void {
    const size = this.#options.sizeOf(item)
    if (this.#queuedSize + size > this.#options.maxQueued) {
      this.#drops.add(1, 'queue full')
      return
    }
    this.#queue.push(item)
    this.#queuedSize += size
    // the batch in flight sends what queued up behind it when it is done
    if (!this.#sending) this.#schedule()
  }

  /** Resolves once every item added before the call has been delivered or dropped. */
  async flush(): Promise<void> {
    // the batch in flight, then the batches the queue holds now
    for (let rounds = Math.ceil(this.#queue.length / this.#maxBatchItems) + 1; rounds > 0; rounds--) {
      if (!this.#sending) {
        if (this.#queue.length === 0) return
        this.#send()
      }
      await this.#sending
    }
  }

  async close(): Promise<void> {
    await this.flush()
    this.#drops.close()
  }

  /** Sends now when enough waits, else within the delay. */
  #schedule(): void {
    if (this.#queuedSize >= this.#options.eagerSize || this.#queue.length >= this.#maxBatchItems) this.#send()
    else if (this.#queue.length > 0 && !this.#timer) {
      this.#timer = setTimeout(this.#onTimer, this.#options.delayMs)
      this.#timer.unref()
    }
  }

  readonly #onTimer = (): void => {
    this.#timer = undefined
    if (!this.#sending && this.#queue.length > 0) this.#send()
  }

  #send(): void {
    clearTimeout(this.#timer)
    this.#timer = undefined
    let batch: T[]
    if (this.#queue.length <= this.#maxBatchItems) {
      batch = this.#queue
      this.#queue = []
      this.#queuedSize = 0
    } else {
      batch = this.#queue.splice(0, this.#maxBatchItems)
      for (const item of batch) this.#queuedSize -= this.#options.sizeOf(item)
    }
    this.#sending = this.#options.deliver(batch).then(this.#sent, (error: unknown) => {
      this.#drops.add(batch.length, 'write failed', error)
      this.#sent()
    })
  }

  readonly #sent = (): void => {
    this.#sending = undefined
    this.#schedule()
  }
}
