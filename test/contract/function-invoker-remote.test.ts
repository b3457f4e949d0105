import { createRemoteInvoker } from '../../src/functions/remote-invoker.ts'
import { localRuntime, LOCATION } from '../functions/runtime-fixture.ts'
import { startLambdaInvokeEndpoint } from '../support/lambda-invoke-endpoint.ts'
import { functionInvokerContract } from './function-invoker.contract.ts'

/** The remote invoker over real HTTP, against a Lambda Invoke endpoint that runs the functions locally. */
functionInvokerContract('remote invoker', async (functions) => {
  const runtime = localRuntime(functions)
  const endpoint = await startLambdaInvokeEndpoint(runtime)
  const invoker = createRemoteInvoker({ lambda: { endpoint: endpoint.url }, region: LOCATION.region })
  return {
    invoker,
    async close() {
      await invoker.close()
      await endpoint.close()
      await runtime.close()
    },
  }
})
