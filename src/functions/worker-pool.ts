/**
 * The execution environments of one function version: worker threads, each running one
 * invocation at a time and kept warm between invocations. A crashed, timed-out or out-of-memory
 * worker is discarded and the next invocation starts a fresh one, as Lambda does.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads'
import { systemClock, type Clock, type ClockTimer } from '../lib/clock.ts'
import { createEnvironmentBudget, type EnvironmentBudget } from './environment-budget.ts'
import type { InvocationContextData } from './lambda-context.ts'
import { defaultConcurrentStarts, RUNTIME_LIMITS_DEFAULTS } from './runtime-limits.ts'
import { QUEUED, WITHDRAWN, slotValue, workerSource, type FromWorker, type QueuedInvocation, type RuntimeError, type ToWorker, type WorkerInit } from './worker-entry.ts'

export interface WorkerPoolOptions {
  /** `/abs/dir/module.export` */
  handler: string
  /** the execution environment's variables (process.env inside the worker) */
  env: Record<string, string>
  memorySize: number
  /** an invocation queues behind a busy environment only when that wait is expected to be shorter than this (default 2 ms) */
  maxQueueMs?: number
  /** the longest an invocation waits behind a busy environment before it gets one of its own (default 50 ms) */
  maxWaitMs?: number
  /** environments idle this long are stopped, all but the most recently used one (default 5 minutes) */
  idleTimeoutMs?: number
  /** how many environments may start and live at once, shared with the runtime's other pools (default: this pool's own, with the runtime's default bounds) */
  budget?: EnvironmentBudget
  /** time for the timeouts, the waits and the idle reaper (default the system's; tests drive their own) */
  clock?: Clock
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
  logs: readonly string[]
  /** set on a cold start: ms from spawning the worker to the handler being loaded */
  initMs?: number
  /** the handler's run time; for an invocation that did not finish, the time since it was asked for */
  durationMs: number
}

export interface WorkerPool {
  run(invocation: Invocation): Promise<InvocationOutcome>
  /** hot reload: idle workers go now, busy ones after the invocations they hold */
  retire(): void
  /** workers alive (idle + busy) */
  size(): number
  close(): Promise<void>
}

/**
 * Scheduling. Lambda starts an execution environment for every concurrent invocation. Here an
 * environment is a thread, and threads are not free: every invocation handed to a sleeping
 * thread wakes it, and on a small machine those wake-ups, not the handlers, cost the most
 * (bench/README.md: ~40 µs of the gateway's thread per request, more than the rest of the
 * Lambda path). So invocations are handed over in batches — all those asked for in one turn of
 * the event loop go to an environment in one message — and a fast handler shares environments:
 * - an invocation queues behind a busy environment when the handler is known to be fast: its
 *   recent runs (measured inside the worker) say the wait would be under `maxQueueMs`, and the
 *   environment is warm. It goes to the busiest such environment: fuller batches, fewer threads awake;
 * - otherwise — a slow or I/O-bound handler, or one not yet measured — it gets an idle
 *   environment (the most recently used first) or a new one, as Lambda gives it;
 * - one that has waited `maxWaitMs` without starting is withdrawn and gets an environment of
 *   its own (a fast handler that turned slow); so is one whose environment died before it
 *   started.
 * An environment runs its queue in order, one invocation at a time. Whether an invocation has
 * started is decided in shared memory (a slot per invocation that the worker swaps to STARTED
 * and the pool to WITHDRAWN, whoever comes first), so withdrawing needs no answer from a worker
 * that may be stuck in a loop, and a queued invocation never runs twice.
 * Concurrency limits count invocations in flight, waiting or running, as Lambda's count them.
 *
 * Starting an environment goes through the runtime's EnvironmentBudget: a few start at once. An
 * invocation that needs a new environment when none may start waits in `pending`, unposted,
 * until a start is possible or one of this pool's environments becomes idle — whichever first.
 */
const DEFAULT_MAX_QUEUE_MS = 2
const DEFAULT_MAX_WAIT_MS = 50
/**
 * Lambda reclaims execution environments that have been idle for a while (minutes; the time is
 * not documented). Here a burst of cold starts would otherwise keep its threads — ~10 MB each —
 * for the life of the process. One warm environment stays, so a quiet API does not pay cold starts.
 */
const DEFAULT_IDLE_TIMEOUT_MS = 5 * 60_000
/** weight of the newest run in the running average of a handler's run time */
const RUN_TIME_WEIGHT = 0.2
/** invocation slots per environment (a power of two); at most half are held at once */
const SLOTS = 1024

interface Job {
  invocation: Invocation
  askedAt: number
  settle(outcome: InvocationOutcome): void
  timer: ClockTimer
  /** where it is queued: undefined until placed */
  env?: Environment
  /** its sequence number in `env` */
  id: number
  /** waiting in `pending` for an environment of its own (withdrawn from a busy one, or its environment died) */
  own: boolean
}

interface Environment {
  worker: Worker
  /** the worker's messages: read in a row, one callback for all that arrived together */
  results: MessagePort
  slots: Int32Array
  startedAt: number
  readyAt: number | undefined
  /** the first result reports the init duration */
  initReported: boolean
  stale: boolean
  dead: boolean
  /** invocations given to it and not settled, in order: the first may be running */
  jobs: Job[]
  /** invocations given to it this turn, posted together at the turn's end */
  outbox: QueuedInvocation[]
  nextId: number
  /** the invocation it was killed for running past its timeout */
  timedOut?: Job
  /** lines not yet handed to an invocation (init phase, or the one in flight) */
  logs: string[]
  logBytes: number
  outOfMemory: boolean
  initError?: RuntimeError
  /** clock.now() when it last became idle */
  idleSince: number
  /** counted as starting by the budget: not ready, not gone */
  starting: boolean
  /** counted as alive by the budget */
  counted: boolean
  /** stops it if it is still loading the handler then (giveUpLoading) */
  initTimer?: ClockTimer
}

export function createWorkerPool(options: WorkerPoolOptions): WorkerPool {
  const all = new Set<Environment>()
  /** environments with nothing to do, the most recently used last */
  const idle: Environment[] = []
  const script = workerSource()
  const maxQueueMs = options.maxQueueMs ?? DEFAULT_MAX_QUEUE_MS
  const maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS
  const clock = options.clock ?? systemClock
  let reaper: ClockTimer | undefined
  /** asked for this turn, placed at its end */
  let asked: Job[] = []
  const outboxes = new Set<Environment>()
  let flushScheduled = false
  let overdueTimer: ClockTimer | undefined
  let closed = false
  const budget = options.budget ?? createEnvironmentBudget({ concurrentStarts: defaultConcurrentStarts(), maxEnvironments: RUNTIME_LIMITS_DEFAULTS.concurrentExecutions })
  /** placed when an environment may start or becomes idle, in order */
  const pending: Job[] = []
  let waitingForStart = false
  const unlend = budget.lend({
    oldestIdleSince: () => idle[0]?.idleSince,
    stopOldestIdle: () => discard(idle[0]!),
  })
  /** running average of the handler's run time inside the worker, ms; undefined until one finished */
  let runMs: number | undefined

  function run(invocation: Invocation): Promise<InvocationOutcome> {
    return new Promise((settle) => {
      const job: Job = { invocation, askedAt: clock.now(), settle, timer: undefined as unknown as ClockTimer, id: -1, own: false }
      job.timer = clock.setTimeout(() => deadline(job), Math.max(0, invocation.timeoutMs))
      asked.push(job)
      schedulePost()
    })
  }

  /** the turn's end: place what was asked for, post each environment its batch */
  function flush(): void {
    flushScheduled = false
    const jobs = asked
    asked = []
    for (const job of jobs) {
      if (closed) finish(job, { exited: { code: 1, outOfMemory: false } })
      else place(job, false)
    }
    for (const env of outboxes) {
      if (!env.dead) env.worker.postMessage({ type: 'invoke', jobs: env.outbox } satisfies ToWorker)
      env.outbox = []
    }
    outboxes.clear()
    if (overdueTimer === undefined) {
      for (const env of all) {
        if (env.jobs.length > 1) {
          overdueTimer = clock.setTimeout(startOverdue, maxWaitMs)
          break
        }
      }
    }
  }

  function place(job: Job, ownEnvironment: boolean): void {
    // behind those already waiting, unless a busy environment can take it
    const env = pending.length === 0 ? environmentFor(ownEnvironment) : ownEnvironment ? undefined : busyEnvironmentFor()
    if (env === undefined) {
      job.own = ownEnvironment
      pending.push(job)
      awaitStart()
    } else assign(job, env)
  }

  /** a busy environment to queue behind, an idle one, or a new one if the budget allows */
  function environmentFor(ownEnvironment: boolean): Environment | undefined {
    return (ownEnvironment ? undefined : busyEnvironmentFor()) ?? idle.pop() ?? (budget.tryStart() ? spawn() : undefined)
  }

  /** the busiest warm environment whose queue is expected to clear within maxQueueMs */
  function busyEnvironmentFor(): Environment | undefined {
    if (runMs === undefined) return undefined
    let env: Environment | undefined
    for (const candidate of all) {
      const queued = candidate.jobs.length
      if (queued === 0 || candidate.readyAt === undefined || candidate.stale || candidate.dead) continue
      if (queued * runMs > maxQueueMs || candidate.nextId - candidate.jobs[0]!.id >= SLOTS / 2) continue
      if (env === undefined || queued > env.jobs.length) env = candidate
    }
    return env
  }

  /** places the pending invocations, in order, while there is somewhere to put them */
  function drainPending(): void {
    let placed = false
    while (pending.length > 0) {
      const env = environmentFor(pending[0]!.own)
      if (env === undefined) {
        awaitStart()
        break
      }
      assign(pending.shift()!, env)
      placed = true
    }
    if (placed) schedulePost()
  }

  function awaitStart(): void {
    if (waitingForStart) return
    waitingForStart = true
    budget.waitForStart(function startPossible() {
      waitingForStart = false
      if (!closed) drainPending()
    })
  }

  function assign(job: Job, env: Environment): void {
    job.env = env
    job.id = env.nextId++
    Atomics.store(env.slots, job.id & (SLOTS - 1), slotValue(job.id, QUEUED))
    env.jobs.push(job)
    env.outbox.push({ id: job.id, event: job.invocation.event, context: job.invocation.context })
    outboxes.add(env)
  }

  /** places and posts at the end of this turn */
  function schedulePost(): void {
    if (!flushScheduled) {
      flushScheduled = true
      setImmediate(flush)
    }
  }

  /** queued invocations that have waited `maxWaitMs` without starting get an environment of their own */
  function startOverdue(): void {
    overdueTimer = undefined
    const now = clock.now()
    let next = Infinity
    for (const env of [...all]) {
      // the first may be running; the rest are waiting for it
      for (let i = 1; i < env.jobs.length; i++) {
        const job = env.jobs[i]!
        const waited = now - job.askedAt
        // timers may fire up to a millisecond early by clock.now()
        if (waited < maxWaitMs - 1) next = Math.min(next, maxWaitMs - waited)
        else if (withdraw(job)) {
          i--
          place(job, true)
          schedulePost()
        }
      }
    }
    if (next !== Infinity) overdueTimer = clock.setTimeout(startOverdue, Math.max(1, next))
  }

  /** takes a queued invocation back from its environment; false when it has started */
  function withdraw(job: Job): boolean {
    const env = job.env!
    if (!swapSlot(env, job)) return false
    remove(env, job)
    return true
  }

  /** QUEUED → WITHDRAWN; false when the worker had already swapped it to STARTED */
  function swapSlot(env: Environment, job: Job): boolean {
    const queued = slotValue(job.id, QUEUED)
    return Atomics.compareExchange(env.slots, job.id & (SLOTS - 1), queued, slotValue(job.id, WITHDRAWN)) === queued
  }

  function remove(env: Environment, job: Job): void {
    const at = env.jobs.indexOf(job)
    if (at >= 0) env.jobs.splice(at, 1)
    const posted = env.outbox.findIndex((queued) => queued.id === job.id)
    if (posted >= 0) env.outbox.splice(posted, 1)
    job.env = undefined
    if (env.jobs.length === 0) becameIdle(env)
  }

  function becameIdle(env: Environment): void {
    if (env.dead) return
    if (env.stale) return discard(env)
    env.idleSince = clock.now()
    idle.push(env)
    if (pending.length > 0) return drainPending()
    budget.idled()
    if (idle.length > 1 && reaper === undefined) {
      reaper = clock.setTimeout(reap, idleTimeoutMs)
      reaper.unref()
    }
  }

  /** stops the environments idle longer than idleTimeoutMs, but the most recently used one */
  function reap(): void {
    reaper = undefined
    const now = clock.now()
    // oldest first; the last one is the most recently used
    while (idle.length > 1 && now - idle[0]!.idleSince >= idleTimeoutMs - 1) discard(idle[0]!)
    if (idle.length > 1) {
      reaper = clock.setTimeout(reap, Math.max(1, idleTimeoutMs - (now - idle[0]!.idleSince)))
      reaper.unref()
    }
  }

  function deadline(job: Job): void {
    const env = job.env
    if (env === undefined) {
      // not placed yet (a timeout shorter than the turn), or waiting for an environment
      const at = asked.indexOf(job)
      if (at >= 0) asked.splice(at, 1)
      const waiting = pending.indexOf(job)
      if (waiting >= 0) pending.splice(waiting, 1)
      finish(job, { timedOut: true })
      return
    }
    if (withdraw(job)) {
      finish(job, { timedOut: true })
      if (env.readyAt === undefined) giveUpLoading(env, job.invocation.timeoutMs)
      return
    }
    // running: the environment goes with it
    env.timedOut = job
    discard(env)
  }

  /**
   * An invocation timed out while its environment was still loading the handler. Lambda gives up
   * on an environment whose init ran past the invocation's timeout; one that started later (the
   * invocation waited for a start) may finish loading and serve the next invocation — stopping
   * it would start another for the next, which may time out the same way, and so on in one turn.
   */
  function giveUpLoading(env: Environment, timeoutMs: number): void {
    const left = timeoutMs - (clock.now() - env.startedAt)
    if (left <= 1) return discard(env)
    clock.clearTimeout(env.initTimer)
    env.initTimer = clock.setTimeout(() => env.readyAt === undefined && discard(env), left)
  }

  function finish(job: Job, outcome: Omit<InvocationOutcome, 'logs' | 'durationMs'> & { logs?: readonly string[]; durationMs?: number }): void {
    clock.clearTimeout(job.timer)
    job.settle({ ...outcome, logs: outcome.logs ?? [], durationMs: outcome.durationMs ?? clock.now() - job.askedAt })
  }

  function onResult(env: Environment, message: Extract<FromWorker, { type: 'result' }>): void {
    // in order: the first one but for a result that crossed a withdrawal
    const at = env.jobs[0]?.id === message.id ? 0 : env.jobs.findIndex((job) => job.id === message.id)
    if (at < 0) return
    const job = at === 0 ? env.jobs.shift()! : env.jobs.splice(at, 1)[0]!
    // an environment's first run (code not yet compiled hot) says little about the next ones
    if (runMs === undefined) runMs = message.ms
    else if (env.initReported) runMs += RUN_TIME_WEIGHT * (message.ms - runMs)
    clock.clearTimeout(job.timer)
    const outcome: InvocationOutcome = message.error ? { error: message.error, logs: takeLogs(env), durationMs: message.ms } : { payload: message.payload ?? 'null', logs: takeLogs(env), durationMs: message.ms }
    if (!env.initReported) {
      env.initReported = true
      outcome.initMs = env.readyAt! - env.startedAt
    }
    job.settle(outcome)
    if (env.jobs.length === 0) becameIdle(env)
  }

  /** the environment is gone: the invocation it was running fails; those that had not started go elsewhere */
  function onExit(env: Environment, code: number): void {
    env.dead = true
    all.delete(env)
    const at = idle.indexOf(env)
    if (at >= 0) idle.splice(at, 1)
    uncount(env)
    const jobs = env.jobs.splice(0)
    let logs = takeLogs(env)
    for (const job of jobs) {
      const started = !swapSlot(env, job)
      job.env = undefined
      if (env.initError !== undefined) finish(job, { error: env.initError, logs })
      else if (env.readyAt === undefined && !closed) {
        // died loading the handler: every invocation waiting for it sees that
        finish(job, { error: { errorType: 'Runtime.ExitError', errorMessage: `Runtime exited with error: exit status ${code}`, trace: [] }, logs })
      } else if (started && env.timedOut === job) finish(job, { timedOut: true, logs })
      else if (started) finish(job, { exited: { code, outOfMemory: env.outOfMemory }, logs })
      else if (closed) finish(job, { exited: { code: 1, outOfMemory: false } })
      else {
        place(job, true)
        schedulePost()
        continue
      }
      logs = []
    }
  }

  function spawn(): Environment {
    const slots = new SharedArrayBuffer(SLOTS * Int32Array.BYTES_PER_ELEMENT)
    const { port1: results, port2: resultsForWorker } = new MessageChannel()
    const worker = new Worker(script, {
      eval: true,
      // not the parent's flags: a TypeScript loader there (tsx in development) would add ~30 ms to every start
      execArgv: [],
      workerData: { handler: options.handler, slots, results: resultsForWorker } satisfies WorkerInit,
      transferList: [resultsForWorker],
      env: options.env,
      resourceLimits: { maxOldGenerationSizeMb: options.memorySize },
    })
    const env: Environment = {
      worker,
      results,
      slots: new Int32Array(slots),
      startedAt: clock.now(),
      readyAt: undefined,
      initReported: false,
      stale: false,
      dead: false,
      jobs: [],
      outbox: [],
      nextId: 0,
      logs: [],
      logBytes: 0,
      outOfMemory: false,
      idleSince: 0,
      starting: true,
      counted: true,
    }
    const receive = (message: FromWorker): void => {
      if (message.type === 'result') onResult(env, message)
      else if (message.type === 'log') keepLog(env, message.line)
      else if (message.type === 'ready') {
        env.readyAt = clock.now()
        // once: a discarded environment's last messages are read after it gave its place back
        if (env.starting) {
          env.starting = false
          budget.started()
        }
        clock.clearTimeout(env.initTimer)
        // the invocation it was started for timed out while it loaded
        if (env.jobs.length === 0) becameIdle(env)
      }
      else if (message.type === 'init-error') {
        // Lambda retries a failed init on the next invocation: this environment is done
        env.initError = message.error
        discard(env)
      }
    }
    // the rest of what arrived is read here rather than each in its own callback (and microtask checkpoint)
    const drain = (): void => {
      for (let next = receiveMessageOnPort(results); next !== undefined; next = receiveMessageOnPort(results)) receive(next.message as FromWorker)
    }
    results.on('message', (message: FromWorker) => {
      receive(message)
      drain()
    })
    worker.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') env.outOfMemory = true
    })
    worker.on('exit', (code) => {
      // what the worker sent before it stopped comes first
      drain()
      results.close()
      onExit(env, code)
    })
    all.add(env)
    return env
  }

  /** stops the environment; its invocations are settled when it has exited */
  function discard(env: Environment): void {
    env.dead = true
    const at = idle.indexOf(env)
    if (at >= 0) idle.splice(at, 1)
    void env.worker.terminate()
    uncount(env)
  }

  /** gives the environment's place in the budget back, once */
  function uncount(env: Environment): void {
    clock.clearTimeout(env.initTimer)
    if (env.starting) {
      env.starting = false
      budget.started()
    }
    if (env.counted) {
      env.counted = false
      budget.stopped()
    }
  }

  return {
    run,
    retire() {
      for (const env of all) env.stale = true
      for (const env of idle.splice(0)) discard(env)
    },
    size: () => all.size,
    async close() {
      closed = true
      clock.clearTimeout(overdueTimer)
      clock.clearTimeout(reaper)
      unlend()
      for (const job of [...asked.splice(0), ...pending.splice(0)]) finish(job, { exited: { code: 1, outOfMemory: false } })
      idle.length = 0
      for (const env of all) uncount(env)
      const workers = [...all].map((env) => env.worker.terminate())
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

const NO_LINES: readonly string[] = Object.freeze([])

function takeLogs(env: Environment): readonly string[] {
  if (env.logs.length === 0) return NO_LINES
  env.logBytes = 0
  return env.logs.splice(0)
}
