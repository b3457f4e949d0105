import { fileURLToPath } from 'node:url'
import { resolveConfigFile, type FunctionConfig } from '../../src/config-file.ts'
import { createLocalRuntime, type LocalRuntime } from '../../src/functions/local-runtime.ts'
import { createFunctionRegistry } from '../../src/functions/registry.ts'
import type { InvokeRequest, InvokeResult } from '../../src/gateway/function-invoker.ts'
import type { RuntimeLimitsConfig } from '../../src/functions/runtime-limits.ts'

export const FIXTURES = fileURLToPath(new URL('../fixtures/functions/', import.meta.url))
export const LOCATION = { region: 'eu-west-1', accountId: '111122223333' }

/** A local runtime over handlers in `dir` (default the fixtures), config written as in portico.config.json. */
export function localRuntime(functions: Record<string, FunctionConfig>, options: { dir?: string; hotReload?: boolean; limits?: RuntimeLimitsConfig } = {}): LocalRuntime {
  const config = resolveConfigFile({ functions }, `${options.dir ?? FIXTURES}/portico.config.json`)
  return createLocalRuntime({
    registry: createFunctionRegistry(config),
    location: LOCATION,
    hotReload: options.hotReload ?? false,
    reloadDebounceMs: 20,
    ...(options.limits && { limits: options.limits }),
  })
}

export function invoke(runtime: LocalRuntime, functionName: string, payload: unknown = {}, extra: Partial<InvokeRequest> = {}): Promise<InvokeResult> {
  return runtime.invoke({ functionName, payload, requestId: 'apigw-request', timeoutMs: 29_000, ...extra })
}
