/**
 * Where log lines go: a file with size-based rotation, a stream (stdout), or an HTTP endpoint.
 * Writers never block the request path: `write` appends to a bounded in-memory queue that is
 * drained after the current tick; past `maxQueuedBytes` lines are dropped and counted.
 */
import { mkdir, open, rename, stat, type FileHandle } from 'node:fs/promises'
import { dirname } from 'node:path'
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../lib/private-dir.ts'

export interface LogSink {
  /** queues one line (without its newline) */
  write(line: string): void
  /** lines dropped because the queue was full or the destination failed */
  readonly dropped: number
  /** writes what is queued */
  flush(): Promise<void>
  close(): Promise<void>
}

export interface QueueLimits {
  /** default 4 MiB */
  maxQueuedBytes?: number
  /** lines wait at most this long to be written with others; default 50 ms */
  flushDelayMs?: number
}

/** A batch this big is written without waiting for the delay. */
const EAGER_BYTES = 256 * 1024

/** Batches lines and hands each batch to `deliver`, one batch at a time, in order. */
abstract class QueuedSink implements LogSink {
  dropped = 0
  #queue: string[] = []
  #queuedBytes = 0
  #draining: Promise<void> | undefined
  #timer: NodeJS.Timeout | undefined
  readonly #maxQueuedBytes: number
  readonly #flushDelayMs: number

  constructor(limits: QueueLimits) {
    this.#maxQueuedBytes = limits.maxQueuedBytes ?? 4 * 1024 * 1024
    this.#flushDelayMs = limits.flushDelayMs ?? 50
  }

  protected abstract deliver(batch: string): Promise<void>

  write(line: string): void {
    if (this.#queuedBytes + line.length > this.#maxQueuedBytes) {
      this.dropped++
      return
    }
    this.#queue.push(line)
    this.#queuedBytes += line.length + 1
    // one write per batch of lines: a write per line cost more CPU than rendering them
    if (this.#queuedBytes >= EAGER_BYTES) void this.flush()
    else if (!this.#timer) {
      this.#timer = setTimeout(() => void this.flush(), this.#flushDelayMs)
      this.#timer.unref()
    }
  }

  async flush(): Promise<void> {
    clearTimeout(this.#timer)
    this.#timer = undefined
    while (this.#draining) await this.#draining
    if (this.#queue.length === 0) return
    const lines = this.#queue
    this.#queue = []
    this.#queuedBytes = 0
    this.#draining = this.deliver(lines.join('\n') + '\n')
      .catch((error: unknown) => this.failed(error, lines.length))
      .finally(() => (this.#draining = undefined))
    await this.#draining
  }

  #reportedAt = -Infinity
  #unreported = 0

  /** Counts the lost lines; says so on stderr at most every 10 s, so a dead destination cannot flood it. */
  protected failed(error: unknown, lines: number): void {
    this.dropped += lines
    this.#unreported += lines
    const now = Date.now()
    if (now - this.#reportedAt < 10_000) return
    this.#reportedAt = now
    console.error(`portico: could not write ${this.#unreported} log line(s): ${(error as Error)?.message ?? String(error)}`)
    this.#unreported = 0
  }

  async close(): Promise<void> {
    await this.flush()
  }
}

export interface FileSinkOptions extends QueueLimits {
  /** rotate once the file reaches this size; default 10 MiB */
  maxFileBytes?: number
  /** rotated files kept as `<path>.1` (newest) … `<path>.N`; default 5 */
  maxFiles?: number
}

/** Appends to `path`; at `maxFileBytes` the file becomes `path.1` (older ones shift up) and a new one starts. */
export class FileSink extends QueuedSink {
  #handle: FileHandle | undefined
  #size = 0
  readonly #maxFileBytes: number
  readonly #maxFiles: number

  constructor(
    readonly path: string,
    options: FileSinkOptions = {},
  ) {
    super(options)
    this.#maxFileBytes = options.maxFileBytes ?? 10 * 1024 * 1024
    this.#maxFiles = options.maxFiles ?? 5
  }

  protected async deliver(batch: string): Promise<void> {
    const handle = await this.#open()
    const bytes = Buffer.from(batch)
    await handle.write(bytes)
    this.#size += bytes.length
    if (this.#size >= this.#maxFileBytes) await this.#rotate()
  }

  async #open(): Promise<FileHandle> {
    if (this.#handle) return this.#handle
    await mkdir(dirname(this.path), { recursive: true, mode: PRIVATE_DIR_MODE })
    this.#handle = await open(this.path, 'a', PRIVATE_FILE_MODE)
    this.#size = (await stat(this.path)).size
    return this.#handle
  }

  async #rotate(): Promise<void> {
    await this.#handle?.close()
    this.#handle = undefined
    for (let i = this.#maxFiles - 1; i >= 1; i--) await rename(`${this.path}.${i}`, `${this.path}.${i + 1}`).catch(ignoreMissing)
    if (this.#maxFiles >= 1) await rename(this.path, `${this.path}.1`)
    else await open(this.path, 'w', PRIVATE_FILE_MODE).then((h) => h.close())
  }

  override async close(): Promise<void> {
    await super.close()
    await this.#handle?.close()
    this.#handle = undefined
  }
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error
}

/** Lines to a stream (stdout); a stream that pushes back costs queued lines, not request time. */
export class StreamSink extends QueuedSink {
  constructor(
    readonly stream: NodeJS.WritableStream,
    limits: QueueLimits = {},
  ) {
    super(limits)
  }

  protected deliver(batch: string): Promise<void> {
    return new Promise((resolve) => {
      if (this.stream.write(batch)) resolve()
      else this.stream.once('drain', resolve)
    })
  }
}

export interface HttpSinkOptions extends QueueLimits {
  /** per POST; default 5 s */
  timeoutMs?: number
}

/** POSTs each batch (lines, newline-separated) to `url`; a failed POST drops its batch. */
export class HttpSink extends QueuedSink {
  readonly #timeoutMs: number

  constructor(
    readonly url: string,
    options: HttpSinkOptions = {},
  ) {
    super(options)
    this.#timeoutMs = options.timeoutMs ?? 5_000
  }

  protected async deliver(batch: string): Promise<void> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: batch,
      signal: AbortSignal.timeout(this.#timeoutMs),
    })
    await response.arrayBuffer()
    if (!response.ok) throw new Error(`${this.url} answered ${response.status}`)
  }
}
