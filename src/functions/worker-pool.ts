/**
 * The execution environments of one function version: worker threads, each running one
 * invocation at a time and kept warm between invocations. A crashed, timed-out or out-of-memory
 * worker is discarded and the next invocation starts a fresh one, as Lambda does.
 */
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { InvocationContextData } from './lambda-context.ts'
import { workerSource, type FromWorker, type RuntimeError, type ToWorker, type WorkerInit } from './worker-entry.ts'

export interface WorkerPoolOptions {
  /** `/abs/dir/module.export` */
  handler: string
  /** the execution environment's variables (process.env inside the worker) */
  env: Record<string, string>
  memorySize: number
  /** invocations that start at once without waiting (default: twice the machine's cores) */
  eagerConcurrency?: number
  /** an invocation waits for a busy environment only when that wait is expected to be shorter than this (default 2 ms) */
  maxQueueMs?: number
  /** the longest an invocation waits for a busy environment before it gets one of its own (default 50 ms) */
  maxWaitMs?: number
}

export interface Invocation {
  /** the event's JSON text */
  event: string
  context: InvocationContextData
  /** ms from now after which the worker is killed */
  timeoutMs: number
}

export interface InvocationOutcome {
  /** JSON text of the handler's result */
  payload?: string
  error?: RuntimeError
  /** set when the invocation ran past timeoutMs */
  timedOut?: true
  /** the environment died: process.exit(), out of memory */
  exited?: { code: number; outOfMemory: boolean }
  logs: string[]
  /** set on a cold start: ms from spawning the worker to the handler being loaded */
  initMs?: number
  durationMs: number
}

export interface WorkerPool {
  run(invocation: Invocation): Promise<InvocationOutcome>
  /** hot reload: idle workers go now, busy ones after their invocation */
  retire(): void
  /** workers alive (idle + busy) */
  size(): number
  close(): Promise<void>
}

interface Environment {
  worker: Worker
  ready: Promise<RuntimeError | undefined>
  startedAt: number
  readyAt: number | undefined
  busy: boolean
  stale: boolean
  dead: boolean
  /** lines not yet handed to an invocation (init phase, or the one in flight) */
  logs: string[]
  logBytes: number
  onMessage?: (message: FromWorker) => void
  onExit?: (code: number) => void
  outOfMemory: boolean
}

/**
 * Scheduling. Lambda starts an execution environment for every concurrent invocation. Here an
 * environment is a thread, and threads beyond the machine's cores are not free: with 64
 * invocations of a fast handler in flight on 2 cores, 64 threads take turns, each woken for
 * every invocation with its caches cold, and the gateway serves ~40 % fewer requests than with
 * a handful (bench/README.md). So:
 * - up to `eagerConcurrency` invocations start at once, on an idle environment (the most
 *   recently used first) or a new one;
 * - past that, an invocation waits for the first environment to finish only when the handler
 *   is known to be fast: its recent runs (measured inside the worker) say the wait would be
 *   under `maxQueueMs`. Otherwise — a slow or I/O-bound handler, or one not yet measured — it
 *   gets an environment of its own at once, as Lambda gives it;
 * - a waiting invocation that has waited `maxWaitMs` gets one of its own anyway (a fast handler
 *   that turned slow).
 * Concurrency limits count invocations in flight, waiting or running, as Lambda's count them.
 */
const DEFAULT_MAX_QUEUE_MS = 2
const DEFAULT_MAX_WAIT_MS = 50
/** weight of the newest run in the running average of a handler's run time */
const RUN_TIME_WEIGHT = 0.2

interface Waiting {
  enqueuedAt: number
  /** undefined: the pool closed while it waited */
  start(env: Environment | undefined): void
}

export function createWorkerPool(options: WorkerPoolOptions): WorkerPool {
  const idle: Environment[] = []
  const all = new Set<Environment>()
  const script = workerSource()
  const eager = Math.max(1, options.eagerConcurrency ?? 2 * availableParallelism())
  const maxQueueMs = options.maxQueueMs ?? DEFAULT_MAX_QUEUE_MS
  const maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS
  const waiting: Waiting[] = []
  let busy = 0
  let waitTimer: NodeJS.Timeout | undefined
  /** running average of the handler's run time inside the worker, ms; undefined until one finished */
  let runMs: number | undefined

  /** an environment for the next invocation: idle (warm) when there is one, else a new one */
  function take(): Environment {
    busy++
    const env = idle.pop() ?? spawn()
    env.busy = true
    return env
  }

  function acquire(): Environment | Promise<Environment | undefined> {
    // the expected wait: the invocations ahead of this one, shared among the busy environments
    if (busy < eager || runMs === undefined || ((waiting.length + 1) / busy) * runMs > maxQueueMs) return take()
    return new Promise((start) => {
      waiting.push({ enqueuedAt: performance.now(), start })
      waitTimer ??= setTimeout(startOverdue, maxWaitMs)
    })
  }

  /** invocations that waited `maxWaitMs` get an environment of their own */
  function startOverdue(): void {
    waitTimer = undefined
    const now = performance.now()
    // timers may fire up to a millisecond early by performance.now()
    while (waiting.length > 0 && now - waiting[0]!.enqueuedAt >= maxWaitMs - 1) waiting.shift()!.start(take())
    if (waiting.length > 0) waitTimer = setTimeout(startOverdue, Math.max(1, maxWaitMs - (now - waiting[0]!.enqueuedAt)))
  }

  /** after an invocation: the environment goes to the first waiting invocation, or back to idle; not reusable, it is discarded */
  function release(env: Environment, reusable: boolean): void {
    busy--
    env.busy = false
    if (reusable) idle.push(env)
    else discard(env)
    const next = waiting.shift()
    if (next !== undefined) next.start(take())
    if (waiting.length === 0 && waitTimer !== undefined) {
      clearTimeout(waitTimer)
      waitTimer = undefined
    }
  }

  function spawn(): Environment {
    const worker = new Worker(script, {
      eval: true,
      // not the parent's flags: a TypeScript loader there (tsx in development) would add ~30 ms to every start
      execArgv: [],
      workerData: { handler: options.handler } satisfies WorkerInit,
      env: options.env,
      resourceLimits: { maxOldGenerationSizeMb: options.memorySize },
    })
    const env: Environment = {
      worker,
      ready: undefined as unknown as Promise<RuntimeError | undefined>,
      startedAt: performance.now(),
      readyAt: undefined,
      busy: false,
      stale: false,
      dead: false,
      logs: [],
      logBytes: 0,
      outOfMemory: false,
    }
    env.ready = new Promise((resolve) => {
      worker.on('message', (message: FromWorker) => {
        if (message.type === 'log') keepLog(env, message.line)
        else if (message.type === 'ready') {
          env.readyAt = performance.now()
          resolve(undefined)
        } else if (message.type === 'init-error') resolve(message.error)
        else env.onMessage?.(message)
      })
      worker.on('error', (error: Error & { code?: string }) => {
        if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') env.outOfMemory = true
      })
      worker.on('exit', (code) => {
        env.dead = true
        all.delete(env)
        const at = idle.indexOf(env)
        if (at >= 0) idle.splice(at, 1)
        resolve({ errorType: 'Runtime.ExitError', errorMessage: `Runtime exited with error: exit status ${code}`, trace: [] })
        env.onExit?.(code)
      })
    })
    all.add(env)
    return env
  }

  function discard(env: Environment): void {
    env.dead = true
    all.delete(env)
    void env.worker.terminate()
  }

  async function run(invocation: Invocation): Promise<InvocationOutcome> {
    const started = performance.now()
    const acquired = acquire()
    const env = acquired instanceof Promise ? await acquired : acquired
    // closed while waiting: as an invocation whose worker was terminated
    if (env === undefined) return { exited: { code: 1, outOfMemory: false }, logs: [], durationMs: performance.now() - started }
    const cold = env.readyAt === undefined
    const elapsed = () => performance.now() - started

    if (cold) {
      // Lambda gives init 10 s, then retries it inside the invocation under the function's timeout:
      // in effect the invocation's timeout bounds both
      const initError = await withTimeout(env.ready, invocation.timeoutMs)
      if (initError === TIMED_OUT) {
        release(env, false)
        return { timedOut: true, logs: takeLogs(env), durationMs: elapsed() }
      }
      if (initError !== undefined) {
        release(env, false)
        return { error: initError, logs: takeLogs(env), durationMs: elapsed() }
      }
    }
    const initMs = cold && env.readyAt !== undefined ? env.readyAt - env.startedAt : undefined
    const remaining = invocation.timeoutMs - elapsed()

    const outcome = await new Promise<Omit<InvocationOutcome, 'logs' | 'durationMs'>>((resolve) => {
      const timer = setTimeout(() => resolve({ timedOut: true }), Math.max(0, remaining))
      env.onMessage = (message) => {
        if (message.type !== 'result') return
        clearTimeout(timer)
        runMs = runMs === undefined ? message.ms : runMs + RUN_TIME_WEIGHT * (message.ms - runMs)
        resolve(message.error ? { error: message.error } : { payload: message.payload ?? 'null' })
      }
      env.onExit = (code) => {
        clearTimeout(timer)
        resolve({ exited: { code, outOfMemory: env.outOfMemory } })
      }
      env.worker.postMessage({ type: 'invoke', event: invocation.event, context: invocation.context } satisfies ToWorker)
    })
    env.onMessage = undefined
    env.onExit = undefined
    const logs = takeLogs(env)
    const reusable = !(outcome.timedOut || outcome.exited || env.dead || env.stale)
    release(env, reusable)
    return { ...outcome, logs, durationMs: elapsed(), ...(initMs === undefined ? {} : { initMs }) }
  }

  return {
    run,
    retire() {
      for (const env of all) env.stale = true
      for (const env of idle.splice(0)) discard(env)
    },
    size: () => all.size,
    async close() {
      clearTimeout(waitTimer)
      for (const w of waiting.splice(0)) w.start(undefined)
      idle.length = 0
      const workers = [...all].map((env) => env.worker.terminate())
      all.clear()
      await Promise.allSettled(workers)
    },
  }
}

/** Console output kept per invocation; a chatty handler cannot grow the gateway's memory without bound. */
export const MAX_LOG_BYTES_PER_INVOCATION = 256 * 1024

function keepLog(env: Environment, line: string): void {
  if (env.logBytes > MAX_LOG_BYTES_PER_INVOCATION) return
  env.logBytes += line.length
  env.logs.push(env.logBytes > MAX_LOG_BYTES_PER_INVOCATION ? `(Portico: further console output of this invocation dropped after ${MAX_LOG_BYTES_PER_INVOCATION} bytes)` : line)
}

function takeLogs(env: Environment): string[] {
  env.logBytes = 0
  return env.logs.splice(0)
}

const TIMED_OUT = Symbol('timed out')

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined
  return Promise.race([
    promise,
    new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMED_OUT), Math.max(0, ms))
    }),
  ]).finally(() => clearTimeout(timer))
}
