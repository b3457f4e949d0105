/**
 * The function runtime as the rest of Portico sees it: one FunctionInvoker that runs the config
 * file's functions locally and sends every other name to the configured Lambda endpoint.
 */
import type { FunctionsConfig } from '../config-file.ts'
import type { FunctionInvoker, InvokeRequest, InvokeResult } from '../gateway/function-invoker.ts'
import { createLocalRuntime } from './local-runtime.ts'
import { createFunctionRegistry } from './registry.ts'
import type { RuntimeLimitsConfig } from './runtime-limits.ts'
import { createRemoteInvoker } from './remote-invoker.ts'

export { InvokeError, type FunctionInvoker, type InvokeRequest, type InvokeResult } from '../gateway/function-invoker.ts'
export { createFunctionRegistry, parseFunctionReference, type FunctionReference, type FunctionRegistry, type FunctionTarget } from './registry.ts'
export { createLocalRuntime, MAX_REQUEST_PAYLOAD_BYTES, MAX_RESPONSE_PAYLOAD_BYTES, type LocalRuntime } from './local-runtime.ts'
export { DEFAULT_UNRESERVED_CONCURRENCY, resolveRuntimeLimits, type RuntimeLimits, type RuntimeLimitsConfig } from './runtime-limits.ts'
export { createRemoteInvoker } from './remote-invoker.ts'
export { signRequest, type SignRequestInput, type SignedRequest } from '../lib/sigv4/sign.ts'
export { functionArn } from './lambda-context.ts'

export interface FunctionInvokerOptions {
  config: FunctionsConfig
  accountId: string
  region: string
  /** retire warm workers when a handler's files change (default true) */
  hotReload?: boolean
  /** bounds of the local runtime, over the config file's `localRuntime` (tests) */
  limits?: RuntimeLimitsConfig
}

/** The runtime of the config file's functions, which follows the file as it is edited. */
export interface ReloadableFunctionInvoker extends FunctionInvoker {
  /**
   * The config file changed (`portico function add|alias`, an editor): its functions, versions
   * and aliases apply to the next invocation. The Lambda endpoint and the runtime's bounds stay
   * as they were at start.
   */
  reload(config: FunctionsConfig): void
}

export function createFunctionInvoker(options: FunctionInvokerOptions): ReloadableFunctionInvoker {
  const location = { region: options.region, accountId: options.accountId }
  let functions = options.config.functions
  const local = createLocalRuntime({
    registry: createFunctionRegistry(options.config),
    location,
    ...(options.hotReload === undefined ? {} : { hotReload: options.hotReload }),
    limits: { ...options.config.localRuntime, ...options.limits },
  })
  const lambda = options.config.lambda
  const remote = lambda ? createRemoteInvoker({ lambda, region: options.region }) : undefined
  // a function the config file names is local, whatever the qualifier: an unknown version is Lambda's 404, not a remote call
  const isLocal = (name: string) => Object.hasOwn(functions, name)
  return {
    has: (name, qualifier) => (isLocal(name) ? local.has(name, qualifier) : remote !== undefined),
    invoke(request: InvokeRequest): Promise<InvokeResult> {
      return isLocal(request.functionName) || !remote ? local.invoke(request) : remote.invoke(request)
    },
    reload(config) {
      functions = config.functions
      local.reload(createFunctionRegistry(config))
    },
    async close() {
      await Promise.all([local.close(), remote?.close()])
    },
  }
}
