import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { FunctionConfig } from '../../src/config-file.ts'
import { InvokeError, type FunctionInvoker, type InvokeRequest, type InvokeResult } from '../../src/gateway/function-invoker.ts'
import { until } from '../support/until.ts'

/** The functions every invoker under contract serves (handlers in test/fixtures/functions). */
export const CONTRACT_FUNCTIONS: Record<string, FunctionConfig> = {
  echo: { handler: './esm.echo', environment: { GREETING: 'hello' }, versions: { '1': {}, '2': { environment: { GREETING: 'v2' } } }, aliases: { live: '2' } },
  throws: { handler: './esm.throws' },
  slow: { handler: './esm.slow', timeout: 1 },
  timed: { handler: './esm.timed' },
  one: { handler: './esm.handlers', reservedConcurrency: 1 },
  none: { handler: './esm.timed', reservedConcurrency: 0 },
}

export interface OpenedInvoker {
  invoker: FunctionInvoker
  close(): Promise<void>
}

/** past Lambda's 6 MB synchronous request limit (6291456 bytes) once serialised */
const TOO_LARGE = 'x'.repeat(6_291_456)

/**
 * What every FunctionInvoker owes the Lambda integrations: the local runtime and the remote
 * invoker (over a real Invoke endpoint) alike. `open` serves CONTRACT_FUNCTIONS; one invoker
 * serves every case (starting execution environments is what takes time), so each case uses
 * its own function where state could leak (concurrency).
 */
export function functionInvokerContract(name: string, open: (functions: Record<string, FunctionConfig>) => Promise<OpenedInvoker>): void {
  describe(`FunctionInvoker contract: ${name}`, { timeout: 60_000 }, () => {
    let opened: OpenedInvoker
    const marks = mkdtempSync(join(tmpdir(), 'portico-invoker-contract-'))
    before(async () => {
      opened = await open(CONTRACT_FUNCTIONS)
    })
    after(async () => {
      await opened.close()
      rmSync(marks, { recursive: true, force: true })
    })
    const invoke = (functionName: string, payload: unknown = {}, extra: Partial<InvokeRequest> = {}): Promise<InvokeResult> =>
      opened.invoker.invoke({ functionName, payload, requestId: 'apigw-request', timeoutMs: 29_000, ...extra })
    const rejectsWith = (call: Promise<unknown>, type: string, statusCode: number, message: string | RegExp) =>
      assert.rejects(call, (error: unknown) => {
        assert.ok(error instanceof InvokeError, String(error))
        assert.equal(error.type, type)
        assert.equal(error.statusCode, statusCode)
        if (typeof message === 'string') assert.equal(error.message, message)
        else assert.match(error.message, message)
        return true
      })

    it('payload in, payload out; the request id, the version run and the console output come back', async () => {
      const event = { hello: 'wörld ✓', list: [1, 2, { deep: null }] }
      const result = await invoke('echo', event)
      assert.equal(result.functionError, undefined)
      const payload = result.payload as { event: unknown; env: { GREETING: string }; context: { awsRequestId: string } }
      assert.deepEqual(payload.event, event)
      assert.equal(payload.env.GREETING, 'hello')
      assert.equal(result.awsRequestId, payload.context.awsRequestId)
      assert.equal(result.executedVersion, '$LATEST')
      assert.ok(result.logs.some((line) => line.endsWith(`\tINFO\tevent ${JSON.stringify(event)}`)), result.logs.join('\n'))
      assert.ok(result.logs.some((line) => line.startsWith(`REPORT RequestId: ${result.awsRequestId}\t`)), result.logs.join('\n'))
    })

    it('a qualifier runs the version it names, or the alias resolves to', async () => {
      const live = await invoke('echo', {}, { qualifier: 'live' })
      assert.equal(live.executedVersion, '2')
      assert.equal((live.payload as { env: { GREETING: string } }).env.GREETING, 'v2')
      assert.equal((await invoke('echo', {}, { qualifier: '1' })).executedVersion, '1')
    })

    it("a handler that throws: a function error (Unhandled) with Lambda's error document as the payload", async () => {
      const result = await invoke('throws')
      assert.equal(result.functionError, 'Unhandled')
      const payload = result.payload as { errorType: string; errorMessage: string; trace: string[] }
      assert.equal(payload.errorType, 'TypeError')
      assert.equal(payload.errorMessage, 'boom')
      assert.ok(Array.isArray(payload.trace))
    })

    it("the function's own timeout: a function error, Sandbox.Timedout, not the caller's deadline", async () => {
      const result = await invoke('slow', { ms: 10_000 })
      assert.equal(result.functionError, 'Unhandled')
      const payload = result.payload as { errorType: string; errorMessage: string }
      assert.equal(payload.errorType, 'Sandbox.Timedout')
      assert.match(payload.errorMessage, /Task timed out after 1\.00 seconds$/)
      assert.notEqual(result.timedOut, 'caller')
    })

    it("the caller's deadline first: timedOut 'caller' (the integration answers 504), Sandbox.Timedout", async () => {
      const result = await invoke('timed', { ms: 10_000 }, { timeoutMs: 300 })
      assert.equal(result.timedOut, 'caller')
      assert.equal(result.functionError, 'Unhandled')
      const payload = result.payload as { errorType: string; errorMessage: string }
      assert.equal(payload.errorType, 'Sandbox.Timedout')
      assert.match(payload.errorMessage, /Task timed out after 0\.30 seconds$/)
    })

    it('an unknown function or qualifier: ResourceNotFoundException 404 naming its ARN', async () => {
      await rejectsWith(invoke('nowhere'), 'ResourceNotFoundException', 404, 'Function not found: arn:aws:lambda:eu-west-1:111122223333:function:nowhere')
      await rejectsWith(invoke('echo', {}, { qualifier: '9' }), 'ResourceNotFoundException', 404, 'Function not found: arn:aws:lambda:eu-west-1:111122223333:function:echo:9')
    })

    it('past reservedConcurrency: TooManyRequestsException 429 "Rate Exceeded."', async () => {
      await rejectsWith(invoke('none'), 'TooManyRequestsException', 429, 'Rate Exceeded.')
      const mark = join(marks, 'one')
      const running = invoke('one', { ms: 1_000, mark, id: 'first' })
      await until(() => existsSync(mark), 'the first invocation to start')
      await rejectsWith(invoke('one', { fast: true }), 'TooManyRequestsException', 429, 'Rate Exceeded.')
      assert.equal((await running).functionError, undefined)
      assert.equal((await invoke('one', { fast: true })).functionError, undefined, 'capacity is back once it finished')
    })

    it('a request over 6 MB: RequestEntityTooLargeException 413, nothing invoked', async () => {
      await rejectsWith(invoke('echo', TOO_LARGE), 'RequestEntityTooLargeException', 413, /^Request must be smaller than 6291456 bytes for the InvokeFunction operation$/)
    })
  })
}
