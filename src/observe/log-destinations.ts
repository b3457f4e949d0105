/**
 * `accessLogSettings.destinationArn` in Portico's terms, and the sinks behind them (one per
 * destination, shared by every stage that names it, closed at shutdown):
 *
 * - `arn:aws:logs:{region}:{account}:log-group:{name}[:*]` → `<data-dir>/logs/{name}.log`
 *   (a CloudWatch log group becomes a file; `/` in the name makes subdirectories)
 * - `arn:aws:firehose:{region}:{account}:deliverystream/{name}` → `<data-dir>/logs/firehose/{name}.log`
 * - `arn:portico:stdout` / `arn:portico:stderr` → the process's stream
 * - `arn:portico:http://…` / `arn:portico:https://…` → batches POSTed to that URL
 */
import { join, resolve, sep } from 'node:path'
import type { MetricFamily } from './prometheus.ts'
import { FileSink, HttpSink, StreamSink, type FileSinkOptions, type LogSink, type QueueLimits } from './log-sink.ts'

export type Destination = { kind: 'file'; path: string } | { kind: 'stream'; name: 'stdout' | 'stderr' } | { kind: 'http'; url: string }

const LOG_GROUP = /^arn:aws[a-z-]*:logs:[a-z0-9-]*:\d*:log-group:([A-Za-z0-9_.#/-]{1,512})(?::\*)?$/
const FIREHOSE = /^arn:aws[a-z-]*:firehose:[a-z0-9-]*:\d*:deliverystream\/([A-Za-z0-9_.-]{1,64})$/

/** The destination an ARN names, or a sentence saying why it names none. */
export function parseDestinationArn(arn: string, logsDir: string): Destination | string {
  if (arn === 'arn:portico:stdout' || arn === 'arn:portico:stderr') return { kind: 'stream', name: arn.slice('arn:portico:'.length) as 'stdout' | 'stderr' }
  if (arn.startsWith('arn:portico:http://') || arn.startsWith('arn:portico:https://')) {
    const url = arn.slice('arn:portico:'.length)
    return URL.canParse(url) ? { kind: 'http', url } : `not a URL: ${url}`
  }
  const group = LOG_GROUP.exec(arn)?.[1]
  if (group !== undefined) return fileUnder(logsDir, group)
  const stream = FIREHOSE.exec(arn)?.[1]
  if (stream !== undefined) return fileUnder(join(logsDir, 'firehose'), stream)
  return `unsupported destination ${arn}: use a CloudWatch log group ARN, arn:portico:stdout or arn:portico:http(s)://…`
}

/** `{dir}/{name}.log`, refusing names that climb out of `dir`. */
export function fileUnder(dir: string, name: string): Destination | string {
  const segments = name.split('/').filter((s) => s !== '')
  if (segments.length === 0 || segments.some((s) => s === '.' || s === '..')) return `invalid log name ${name}`
  const root = resolve(dir)
  const path = resolve(root, ...segments) + '.log'
  return path.startsWith(root + sep) ? { kind: 'file', path } : `invalid log name ${name}`
}

export interface SinkPoolOptions {
  /** the queue of every sink (bound, delay, drop reports) */
  queue?: QueueLimits
  file?: FileSinkOptions
  stdout?: NodeJS.WritableStream
  stderr?: NodeJS.WritableStream
}

/** One sink per destination, made on first use. */
export class SinkPool {
  readonly #sinks = new Map<string, LogSink>()

  constructor(readonly options: SinkPoolOptions = {}) {}

  get(destination: Destination): LogSink {
    const key = destination.kind === 'file' ? `file:${destination.path}` : destination.kind === 'http' ? `http:${destination.url}` : destination.name
    let sink = this.#sinks.get(key)
    if (!sink) {
      sink = this.#make(destination)
      this.#sinks.set(key, sink)
    }
    return sink
  }

  /** every sink made so far (the drop metrics) */
  all(): IterableIterator<LogSink> {
    return this.#sinks.values()
  }

  #make(destination: Destination): LogSink {
    const queue = this.options.queue ?? {}
    switch (destination.kind) {
      case 'file':
        return new FileSink(destination.path, { ...queue, ...this.options.file })
      case 'http':
        return new HttpSink(destination.url, queue)
      case 'stream':
        return new StreamSink(destination.name === 'stdout' ? (this.options.stdout ?? process.stdout) : (this.options.stderr ?? process.stderr), queue, destination.name)
    }
  }

  async flush(): Promise<void> {
    await Promise.all([...this.#sinks.values()].map((s) => s.flush()))
  }

  async close(): Promise<void> {
    await Promise.all([...this.#sinks.values()].map((s) => s.close()))
    this.#sinks.clear()
  }
}

/** `portico_log_lines_dropped_total` and `portico_log_queued_bytes`, per destination. */
export function sinkMetricFamilies(pool: SinkPool): MetricFamily[] {
  const per = (read: (sink: LogSink) => number) =>
    function* samples(): Generator<readonly [Record<string, string>, number]> {
      for (const sink of pool.all()) yield [{ destination: sink.destination }, read(sink)]
    }
  return [
    { name: 'portico_log_lines_dropped_total', help: 'access and execution log lines lost: the queue was full or the destination failed', type: 'counter', samples: per((s) => s.dropped) },
    { name: 'portico_log_queued_bytes', help: 'log bytes waiting to be written; past the queue bound lines are dropped', type: 'gauge', samples: per((s) => s.queuedBytes) },
  ]
}
