/**
 * The local runtime's bounds, `localRuntime` in portico.config.json: what Lambda's account and
 * fleet give every function, scaled to one machine. Lambda allows 1,000 concurrent executions per
 * account and starts an environment on its own hardware for each; here every environment is a
 * thread of the gateway's process (~10 MB) and every start costs the gateway's cores.
 */
import { availableParallelism } from 'node:os'
import { isObject } from '../lib/is-object.ts'

export interface RuntimeLimits {
  /** invocations in flight, all local functions together; also the bound on environments alive (Lambda: the account's 1,000) */
  readonly concurrentExecutions: number
  /** invocations in flight of one function without reservedConcurrency */
  readonly unreservedConcurrency: number
  /** execution environments starting at once */
  readonly concurrentStarts: number
  /** invocations waiting for concurrency at once, all functions together; 0 throttles at once, as Lambda does */
  readonly maxQueuedInvocations: number
  /** the longest an invocation waits for concurrency before it is throttled */
  readonly maxQueueWaitMs: number
}

export type RuntimeLimitsConfig = Partial<RuntimeLimits>

/** Concurrency of a function with no reservedConcurrency. */
export const DEFAULT_UNRESERVED_CONCURRENCY = 64

export const RUNTIME_LIMITS_DEFAULTS: Readonly<Omit<RuntimeLimits, 'concurrentStarts'>> = Object.freeze({
  concurrentExecutions: 128,
  unreservedConcurrency: DEFAULT_UNRESERVED_CONCURRENCY,
  maxQueuedInvocations: 256,
  maxQueueWaitMs: 5_000,
})

/** one start per core: a start is CPU-bound (module loading), more at once only queue for the cores */
export function defaultConcurrentStarts(): number {
  return Math.max(2, availableParallelism())
}

export function resolveRuntimeLimits(config: RuntimeLimitsConfig = {}): RuntimeLimits {
  return Object.freeze({
    concurrentExecutions: config.concurrentExecutions ?? RUNTIME_LIMITS_DEFAULTS.concurrentExecutions,
    unreservedConcurrency: config.unreservedConcurrency ?? RUNTIME_LIMITS_DEFAULTS.unreservedConcurrency,
    concurrentStarts: config.concurrentStarts ?? defaultConcurrentStarts(),
    maxQueuedInvocations: config.maxQueuedInvocations ?? RUNTIME_LIMITS_DEFAULTS.maxQueuedInvocations,
    maxQueueWaitMs: config.maxQueueWaitMs ?? RUNTIME_LIMITS_DEFAULTS.maxQueueWaitMs,
  })
}

/** smallest value of each key */
const MINIMUM: Record<keyof RuntimeLimits, number> = {
  concurrentExecutions: 1,
  unreservedConcurrency: 1,
  concurrentStarts: 1,
  maxQueuedInvocations: 0,
  maxQueueWaitMs: 0,
}

export const RUNTIME_LIMITS_KEY = 'localRuntime'

/** Checks the config file's `localRuntime` object; `fail` throws with the key path. */
export function validateRuntimeLimits(raw: unknown, fail: (key: string, message: string) => never): void {
  if (raw === undefined) return
  const keys = Object.keys(MINIMUM) as Array<keyof RuntimeLimits>
  if (!isObject(raw)) fail(RUNTIME_LIMITS_KEY, `must be an object with any of ${keys.join(', ')}`)
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const at = `${RUNTIME_LIMITS_KEY}.${key}`
    if (!Object.hasOwn(MINIMUM, key)) fail(at, `unknown key (expected one of ${keys.join(', ')})`)
    const min = MINIMUM[key as keyof RuntimeLimits]
    if (!Number.isSafeInteger(value) || (value as number) < min) fail(at, `must be a whole number ≥ ${min}, got ${JSON.stringify(value)}`)
  }
}
