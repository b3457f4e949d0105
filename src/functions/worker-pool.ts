/**
 * The execution environments of one function version: worker threads, each running one
 * invocation at a time and kept warm between invocations. A crashed, timed-out or out-of-memory
 * worker is discarded and the next invocation starts a fresh one, as Lambda does.
 */
import { Worker } from 'node:worker_threads'
import type { InvocationContextData } from './lambda-context.ts'
import { workerSource, type FromWorker, type RuntimeError, type ToWorker, type WorkerInit } from './worker-entry.ts'

export interface WorkerPoolOptions {
  /** `/abs/dir/module.export` */
  handler: string
  /** the execution environment's variables (process.env inside the worker) */
  env: Record<string, string>
  memorySize: number
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

export function createWorkerPool(options: WorkerPoolOptions): WorkerPool {
  const idle: Environment[] = []
  const all = new Set<Environment>()
  const script = workerSource()

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
    let env = idle.pop()
    const cold = env === undefined
    env ??= spawn()
    env.busy = true
    const elapsed = () => performance.now() - started

    if (cold) {
      // Lambda gives init 10 s, then retries it inside the invocation under the function's timeout:
      // in effect the invocation's timeout bounds both
      const initError = await withTimeout(env.ready, invocation.timeoutMs)
      if (initError === TIMED_OUT) {
        discard(env)
        return { timedOut: true, logs: takeLogs(env), durationMs: elapsed() }
      }
      if (initError !== undefined) {
        discard(env)
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
    env.busy = false
    const logs = takeLogs(env)
    if (outcome.timedOut || outcome.exited || env.dead || env.stale) discard(env)
    else idle.push(env)
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
