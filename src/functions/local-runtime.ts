/**
 * Runs registry functions locally in worker threads and answers the way Lambda's Invoke API does:
 * API-level failures (unknown function, throttled, request too large) reject with InvokeError;
 * the function's own failures (threw, timed out, exited, ran out of memory, answered too much)
 * resolve with `functionError: 'Unhandled'` and Lambda's error document as the payload.
 */
import { randomUUID } from 'node:crypto'
import { watch, type FSWatcher } from 'node:fs'
import { dirname } from 'node:path'
import type { Clock } from '../lib/clock.ts'
import { InvokeError, type FunctionInvoker, type InvokeRequest, type InvokeResult } from '../gateway/function-invoker.ts'
import { executionEnvironment, functionArn, invocationContext, newLogStreamName, type LambdaLocation } from './lambda-context.ts'
import type { FunctionRegistry, FunctionTarget } from './registry.ts'
import { createAdmission } from './admission.ts'
import { createEnvironmentBudget } from './environment-budget.ts'
import { resolveRuntimeLimits, type RuntimeLimitsConfig } from './runtime-limits.ts'
import { createWorkerPool, type InvocationOutcome, type WorkerPool } from './worker-pool.ts'

/** Lambda's synchronous invocation limits: 6 MB in (6291456 bytes), 6 MB out (6291556 bytes). */
export const MAX_REQUEST_PAYLOAD_BYTES = 6_291_456
export const MAX_RESPONSE_PAYLOAD_BYTES = 6_291_556

export interface LocalRuntimeOptions {
  registry: FunctionRegistry
  location: LambdaLocation
  /** watch handler directories and retire warm workers when files change (default true) */
  hotReload?: boolean
  /** concurrency, start and queue bounds (runtime-limits.ts); unset ones take their defaults */
  limits?: RuntimeLimitsConfig
  /** debounce of the file watcher, ms (default 50) */
  reloadDebounceMs?: number
  /** time for the worker pools' timeouts and idle reaper (default the system's) */
  clock?: Clock
}

export interface LocalRuntime extends FunctionInvoker {
  /** workers alive for a function (all versions) — for tests and `function ls` */
  workerCount(functionName: string): number
  /**
   * Serves the functions of an edited config file from now on: new functions and aliases are
   * known at once; a version whose handler, environment or memory changed (or that is gone)
   * gets new workers, its old ones finish what they run and stop.
   */
  reload(registry: FunctionRegistry): void
}

interface PoolEntry {
  pool: WorkerPool
  functionName: string
  logStream: string
  /** what the workers were started with: a reload that changes it retires them */
  code: string
}

/** The parts of a target its workers are started with. */
function codeOf(target: FunctionTarget): string {
  return JSON.stringify([target.handler, target.environment, target.fn.memorySize])
}

export function createLocalRuntime(options: LocalRuntimeOptions): LocalRuntime {
  const { location } = options
  let registry = options.registry
  const hotReload = options.hotReload ?? true
  const debounceMs = options.reloadDebounceMs ?? 50
  const limits = resolveRuntimeLimits(options.limits)
  const admission = createAdmission(limits)
  const budget = createEnvironmentBudget({ concurrentStarts: limits.concurrentStarts, maxEnvironments: limits.concurrentExecutions })
  const pools = new Map<string, PoolEntry>()
  /** pools a reload replaced: their last invocations finish, close() stops them */
  const retired = new Set<WorkerPool>()
  const watchers = new Map<string, { watcher: FSWatcher; pools: Set<WorkerPool>; timer?: NodeJS.Timeout }>()
  let closed = false

  function poolFor(target: FunctionTarget): PoolEntry {
    const key = `${target.fn.name}:${target.version}`
    let entry = pools.get(key)
    if (!entry) {
      // one log stream per pool stands in for one per execution environment
      const logStream = newLogStreamName(target.version)
      const pool = createWorkerPool({
        handler: target.handler,
        env: executionEnvironment(location, target, logStream),
        memorySize: target.fn.memorySize,
        budget,
        ...(options.clock && { clock: options.clock }),
      })
      entry = { pool, functionName: target.fn.name, logStream, code: codeOf(target) }
      pools.set(key, entry)
      if (hotReload) watchCode(dirname(target.handler), pool)
    }
    return entry
  }

  function watchCode(dir: string, pool: WorkerPool): void {
    let entry = watchers.get(dir)
    if (!entry) {
      let watcher: FSWatcher
      try {
        watcher = watch(dir, { recursive: true, persistent: false })
      } catch {
        return // no such directory yet: the invocation reports Runtime.ImportModuleError
      }
      const created = { watcher, pools: new Set<WorkerPool>() } as { watcher: FSWatcher; pools: Set<WorkerPool>; timer?: NodeJS.Timeout }
      watcher.on('change', (_event, file) => {
        if (typeof file === 'string' && file.split(/[\\/]/).includes('node_modules')) return
        clearTimeout(created.timer)
        created.timer = setTimeout(() => {
          for (const p of created.pools) p.retire()
        }, debounceMs)
        created.timer.unref()
      })
      watcher.on('error', () => watcher.close())
      watchers.set(dir, created)
      entry = created
    }
    entry.pools.add(pool)
  }

  async function invoke(request: InvokeRequest): Promise<InvokeResult> {
    if (closed) throw new InvokeError('ServiceException', 500, 'The function runtime is shutting down.')
    const target = registry.resolve(request.functionName, request.qualifier)
    if (!target) {
      throw new InvokeError('ResourceNotFoundException', 404, `Function not found: ${functionArn(location, request.functionName, request.qualifier)}`)
    }
    const event = request.payloadJson ?? JSON.stringify(request.payload === undefined ? {} : request.payload)
    if (Buffer.byteLength(event) > MAX_REQUEST_PAYLOAD_BYTES) {
      throw new InvokeError('RequestEntityTooLargeException', 413, `Request must be smaller than ${MAX_REQUEST_PAYLOAD_BYTES} bytes for the InvokeFunction operation`)
    }
    const name = target.fn.name
    let callerMs = request.timeoutMs
    const admitted = admission.admit(name, target.fn.reservedConcurrency, callerMs)
    if (admitted !== true) {
      const asked = performance.now()
      await admitted
      callerMs -= performance.now() - asked
    }
    try {
      const functionTimeoutMs = target.fn.timeout * 1000
      const timeoutMs = Math.min(functionTimeoutMs, callerMs)
      const awsRequestId = randomUUID()
      const { pool, logStream } = poolFor(target)
      const context = invocationContext(location, target, logStream, awsRequestId, Date.now() + timeoutMs, request.traceHeader)
      const outcome = await pool.run({ event, context, timeoutMs })
      return toResult(outcome, awsRequestId, target, timeoutMs, timeoutMs < functionTimeoutMs)
    } finally {
      admission.release(name)
    }
  }

  return {
    has: (functionName, qualifier) => registry.resolve(functionName, qualifier) !== undefined,
    invoke,
    workerCount(functionName) {
      let n = 0
      for (const { pool, functionName: f } of pools.values()) if (f === functionName) n += pool.size()
      return n
    },
    reload(next) {
      registry = next
      for (const [key, entry] of pools) {
        const version = key.slice(entry.functionName.length + 1)
        const target = next.resolve(entry.functionName, version)
        if (target !== undefined && codeOf(target) === entry.code) continue
        entry.pool.retire()
        pools.delete(key)
        retired.add(entry.pool)
      }
    },
    async close() {
      closed = true
      admission.close()
      for (const { watcher, timer } of watchers.values()) {
        clearTimeout(timer)
        watcher.close()
      }
      watchers.clear()
      await Promise.all([...[...pools.values()].map(({ pool }) => pool.close()), ...[...retired].map((pool) => pool.close())])
      pools.clear()
      retired.clear()
    },
  }
}

/**
 * Lambda's answer for one run of the handler, with START/END/REPORT around the function's own
 * lines. The lines are put together when first read: most requests run with the execution log off.
 */
function toResult(outcome: InvocationOutcome, requestId: string, target: FunctionTarget, timeoutMs: number, callerDeadline: boolean): InvokeResult {
  /** the runtime's lines after the function's own */
  const after: string[] = []
  let failure: Pick<InvokeResult, 'payload' | 'functionError' | 'timedOut'> | undefined
  if (outcome.timedOut) {
    const seconds = (timeoutMs / 1000).toFixed(2)
    after.push(`${new Date().toISOString()} ${requestId} Task timed out after ${seconds} seconds`)
    failure = {
      functionError: 'Unhandled',
      payload: { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${requestId} Error: Task timed out after ${seconds} seconds` },
      timedOut: callerDeadline ? 'caller' : 'function',
    }
  } else if (outcome.exited) {
    const { code, outOfMemory } = outcome.exited
    const reason = outOfMemory ? 'signal: killed' : code === 0 ? undefined : `exit status ${code}`
    const errorMessage = `RequestId: ${requestId} Error: ${reason === undefined ? 'Runtime exited without providing a reason' : `Runtime exited with error: ${reason}`}`
    after.push(errorMessage, outOfMemory ? 'Runtime.OutOfMemory' : 'Runtime.ExitError')
    failure = { functionError: 'Unhandled', payload: { errorType: outOfMemory ? 'Runtime.OutOfMemory' : 'Runtime.ExitError', errorMessage } }
  } else if (outcome.error) {
    failure = { functionError: 'Unhandled', payload: outcome.error }
  } else if (outcome.payload!.length * 3 > MAX_RESPONSE_PAYLOAD_BYTES && Buffer.byteLength(outcome.payload!) > MAX_RESPONSE_PAYLOAD_BYTES) {
    failure = {
      functionError: 'Unhandled',
      payload: {
        errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_PAYLOAD_BYTES} bytes).`,
        errorType: 'Function.ResponseSizeTooLarge',
      },
    }
  }
  let logs: string[] | undefined
  const lines = (): string[] => {
    const report = [`REPORT RequestId: ${requestId}`, `Duration: ${outcome.durationMs.toFixed(2)} ms`, `Billed Duration: ${Math.ceil(outcome.durationMs)} ms`, `Memory Size: ${target.fn.memorySize} MB`]
    if (outcome.initMs !== undefined) report.push(`Init Duration: ${outcome.initMs.toFixed(2)} ms`)
    return [`START RequestId: ${requestId} Version: ${target.version}`, ...outcome.logs, ...after, `END RequestId: ${requestId}`, report.join('\t') + '\t']
  }
  return {
    payload: failure === undefined ? JSON.parse(outcome.payload!) : undefined,
    ...failure,
    get logs() {
      return (logs ??= lines())
    },
    durationMs: outcome.durationMs,
    awsRequestId: requestId,
    executedVersion: target.version,
  }
}
