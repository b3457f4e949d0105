/**
 * Where log lines go: a file with size-based rotation, a stream (stdout), or an HTTP endpoint.
 * Writers never block the request path: `write` appends to a bounded in-memory queue that one
 * sender per sink drains, a batch at a time; past `maxQueuedBytes` lines are dropped, counted
 * and reported (drop-report.ts).
 */
import { mkdir, open, rename, stat, type FileHandle } from 'node:fs/promises'
import { dirname } from 'node:path'
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../lib/private-dir.ts'
import { BatchSender } from './batch-sender.ts'
import type { DropReportOptions } from './drop-report.ts'

export interface LogSink {
  /** queues one line (without its newline) */
  write(line: string): void
  /** where the lines go, for reports and metrics: a file path, `stdout`, or a URL without credentials or query */
  readonly destination: string
  /** lines dropped because the queue was full or the destination failed */
  readonly dropped: number
  /** UTF-8 bytes waiting (not counting the batch being written) */
  readonly queuedBytes: number
  /** writes what is queued */
  flush(): Promise<void>
  close(): Promise<void>
}

export interface QueueLimits {
  /** default 4 MiB */
  maxQueuedBytes?: number
  /** lines wait at most this long to be written with others; default 50 ms */
  flushDelayMs?: number
  /** how lost lines are reported; default: stderr, at most every 10 s */
  drops?: DropReportOptions
}

export const DEFAULT_MAX_QUEUED_BYTES = 4 * 1024 * 1024

/** A batch this big is written without waiting for the delay: one write per batch of lines, since a write per line cost more CPU than rendering them. */
const EAGER_BYTES = 256 * 1024

/** Batches lines through one BatchSender; a slow destination costs queued bytes (then dropped lines), never a promise per line. */
abstract class QueuedSink implements LogSink {
  readonly #sender: BatchSender<string>

  constructor(
    readonly destination: string,
    limits: QueueLimits,
  ) {
    this.#sender = new BatchSender<string>({
      destination,
      deliver: (lines) => this.deliver(lines.join('\n') + '\n'),
      sizeOf: lineBytes,
      maxQueued: limits.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES,
      eagerSize: EAGER_BYTES,
      delayMs: limits.flushDelayMs ?? 50,
      ...(limits.drops && { drops: limits.drops }),
    })
  }

  get dropped(): number {
    return this.#sender.dropped
  }

  get queuedBytes(): number {
    return this.#sender.queuedSize
  }

  protected abstract deliver(batch: string): Promise<void>

  write(line: string): void {
    this.#sender.add(line)
  }

  /** Resolves once every line written before the call has been delivered or dropped. */
  flush(): Promise<void> {
    return this.#sender.flush()
  }

  close(): Promise<void> {
    return this.#sender.close()
  }
}

/** A line's UTF-8 bytes and its newline. */
function lineBytes(line: string): number {
  return Buffer.byteLength(line) + 1
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
    super(path, options)
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
    /** `stdout`, `stderr`: the destination in reports and metrics */
    name = 'stream',
  ) {
    super(name, limits)
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

/**
 * POSTs each batch (lines, newline-separated) to `url`; a failed POST drops its batch. A user and
 * password in the URL go as Basic authorization (fetch refuses them in the URL itself).
 */
export class HttpSink extends QueuedSink {
  readonly #target: string
  readonly #headers: Record<string, string>
  readonly #timeoutMs: number

  constructor(
    readonly url: string,
    options: HttpSinkOptions = {},
  ) {
    const parsed = new URL(url)
    super(`${parsed.protocol}//${parsed.host}${parsed.pathname}`, options)
    this.#headers = { 'content-type': 'text/plain; charset=utf-8' }
    if (parsed.username !== '' || parsed.password !== '') {
      const pair = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`
      this.#headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`
      parsed.username = ''
      parsed.password = ''
    }
    this.#target = parsed.toString()
    this.#timeoutMs = options.timeoutMs ?? 5_000
  }

  protected async deliver(batch: string): Promise<void> {
    let response: Response
    try {
      response = await fetch(this.#target, { method: 'POST', headers: this.#headers, body: batch, signal: AbortSignal.timeout(this.#timeoutMs) })
      await response.arrayBuffer()
    } catch (error) {
      // fetch's own message is "fetch failed"; the reason is its cause (never the URL, whose query may hold a token)
      const cause = (error as Error).cause
      throw new Error(cause instanceof Error ? cause.message : (error as Error).message, { cause: error })
    }
    if (!response.ok) throw new Error(`${this.destination} answered ${response.status}`)
  }
}
