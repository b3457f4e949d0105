import { localRuntime } from '../functions/runtime-fixture.ts'
import { functionInvokerContract } from './function-invoker.contract.ts'

functionInvokerContract('local runtime', async (functions) => {
  const runtime = localRuntime(functions)
  return { invoker: runtime, close: () => runtime.close() }
})
