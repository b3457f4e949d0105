import assert from 'node:assert/strict'
import { after, describe, test } from 'node:test'
import { InvokeError } from '../../src/gateway/function-invoker.ts'
import { invoke, localRuntime } from './runtime-fixture.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

describe('local runtime: handlers answer as Lambda answers', { timeout: 60_000 }, () => {
  const runtime = localRuntime({
    echo: { handler: './esm.echo', environment: { GREETING: 'hello' }, memorySize: 256, versions: { '1': {}, '2': { environment: { GREETING: 'v2' } } }, aliases: { live: '2' } },
    cjs: { handler: './cjs.handler' },
    cjsJs: { handler: './commonjs/app.handler' },
    callback: { handler: './cjs.callback' },
    callbackError: { handler: './cjs.callbackError' },
    callbackString: { handler: './cjs.callbackString' },
    succeed: { handler: './cjs.succeed' },
    fail: { handler: './cjs.fail' },
    syncThrow: { handler: './cjs.syncThrow' },
    nested: { handler: './cjs.nested.deeper.handler' },
    waits: { handler: './cjs.waits', timeout: 10 },
    throws: { handler: './esm.throws' },
    exits: { handler: './esm.exits' },
    loop: { handler: './esm.loop', timeout: 1 },
    slow: { handler: './esm.slow', timeout: 1 },
    // a generous timeout: under load, the memory limit must still be what ends it
    hog: { handler: './esm.hog', memorySize: 64, timeout: 60 },
    large: { handler: './esm.large' },
    rejects: { handler: './esm.rejectsLater' },
    undef: { handler: './esm.returnsUndefined' },
    missingModule: { handler: './nowhere.handler' },
    missingExport: { handler: './esm.nope' },
    chatty: { handler: './esm.chatty' },
  })
  after(() => runtime.close())

  test('ESM async handler: event in, result out, console captured in Lambda line format', async () => {
    const result = await invoke(runtime, 'echo', { hello: 'world' })
    assert.equal(result.functionError, undefined)
    const payload = result.payload as any
    assert.deepEqual(payload.event, { hello: 'world' })
    const id = payload.context.awsRequestId
    assert.match(id, UUID)
    assert.equal(result.awsRequestId, id)
    assert.equal(result.executedVersion, '$LATEST')
    // START, the init-phase line (request id "undefined"), the handler's lines, END, REPORT
    assert.equal(result.logs[0], `START RequestId: ${id} Version: $LATEST`)
    assert.match(result.logs[1]!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\tundefined\tINFO\tinit esm\.mjs$/)
    assert.match(result.logs[2]!, new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\t${id}\\tINFO\\tevent {"hello":"world"}$`))
    assert.match(result.logs[3]!, new RegExp(`\\t${id}\\tERROR\\tto stderr$`))
    assert.equal(result.logs[4], `END RequestId: ${id}`)
    assert.match(result.logs[5]!, new RegExp(`^REPORT RequestId: ${id}\\tDuration: [\\d.]+ ms\\tBilled Duration: \\d+ ms\\tMemory Size: 256 MB\\tInit Duration: [\\d.]+ ms\\t$`))
    assert.ok(result.durationMs > 0)
  })

  test('context fields and environment variables are those Lambda sets', async () => {
    const result = await invoke(runtime, 'echo', {})
    const { context, env } = result.payload as any
    assert.equal(context.functionName, 'echo')
    assert.equal(context.functionVersion, '$LATEST')
    assert.equal(context.invokedFunctionArn, 'arn:aws:lambda:eu-west-1:111122223333:function:echo')
    assert.equal(context.memoryLimitInMB, '256')
    assert.equal(context.logGroupName, '/aws/lambda/echo')
    assert.match(context.logStreamName, /^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/)
    assert.ok(context.remaining > 2000 && context.remaining <= 3000, `remaining ${context.remaining}`)
    assert.equal(context.callbackWaitsForEmptyEventLoop, true)
    assert.equal(context.identity, undefined)
    assert.equal(context.clientContext, undefined)
    assert.deepEqual(env, {
      GREETING: 'hello',
      AWS_LAMBDA_FUNCTION_NAME: 'echo',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      AWS_REGION: 'eu-west-1',
      AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/echo',
    })
  })

  test('versions and aliases: functionVersion is the version, the ARN keeps the qualifier', async () => {
    const v1 = (await invoke(runtime, 'echo', {}, { qualifier: '1' })).payload as any
    assert.equal(v1.context.functionVersion, '1')
    assert.equal(v1.context.invokedFunctionArn, 'arn:aws:lambda:eu-west-1:111122223333:function:echo:1')
    assert.equal(v1.env.GREETING, 'hello')
    const live = await invoke(runtime, 'echo', {}, { qualifier: 'live' })
    assert.equal((live.payload as any).context.functionVersion, '2')
    assert.equal((live.payload as any).context.invokedFunctionArn, 'arn:aws:lambda:eu-west-1:111122223333:function:echo:live')
    assert.equal((live.payload as any).env.GREETING, 'v2')
    assert.equal(live.executedVersion, '2')
    assert.equal(runtime.has('echo', 'live'), true)
    assert.equal(runtime.has('echo', '7'), false)
  })

  test('CommonJS: .cjs and .js under "type": "commonjs", async and nested export paths', async () => {
    assert.deepEqual((await invoke(runtime, 'cjs', { value: 7 })).payload, { style: 'cjs-async', input: 7 })
    assert.deepEqual((await invoke(runtime, 'cjsJs')).payload, { module: 'object', file: 'app.js' })
    assert.equal((await invoke(runtime, 'nested')).payload, 'nested')
  })

  test('callback style, context.succeed, context.fail', async () => {
    assert.deepEqual((await invoke(runtime, 'callback', { value: 1 })).payload, { style: 'callback', input: 1 })
    assert.deepEqual((await invoke(runtime, 'succeed')).payload, { style: 'succeed' })
    const failed = await invoke(runtime, 'fail')
    assert.equal(failed.functionError, 'Unhandled')
    assert.deepEqual(failed.payload, { errorType: 'string', errorMessage: 'handled', trace: [] })
    const string = await invoke(runtime, 'callbackString')
    assert.deepEqual(string.payload, { errorType: 'string', errorMessage: 'plain string failure', trace: [] })
    const error = await invoke(runtime, 'callbackError')
    assert.equal(error.functionError, 'Unhandled')
    assert.equal((error.payload as any).errorType, 'RangeError')
    assert.equal((error.payload as any).errorMessage, 'out of range')
  })

  test('callbackWaitsForEmptyEventLoop: true waits for pending timers, false answers at once', async () => {
    // a 2 s timer: far enough from "at once" that a loaded machine cannot blur the two
    const waited = await invoke(runtime, 'waits', { wait: true, ms: 2000 })
    assert.equal(waited.payload, 'done')
    assert.ok(waited.durationMs >= 1950, `waited ${waited.durationMs} ms`)
    const quick = await invoke(runtime, 'waits', { wait: false, ms: 2000 })
    assert.equal(quick.payload, 'done')
    assert.ok(quick.durationMs < 1500, `answered after ${quick.durationMs} ms`)
  })

  test('a thrown error is {errorType, errorMessage, trace}, Unhandled, and logged as Invoke Error', async () => {
    const result = await invoke(runtime, 'throws')
    assert.equal(result.functionError, 'Unhandled')
    const payload = result.payload as any
    assert.deepEqual(Object.keys(payload), ['errorType', 'errorMessage', 'trace'])
    assert.equal(payload.errorType, 'TypeError')
    assert.equal(payload.errorMessage, 'boom')
    assert.equal(payload.trace[0], 'TypeError: boom')
    assert.match(payload.trace[1], /esm\.mjs/)
    assert.ok(result.logs.some((line) => /\tERROR\tInvoke Error \t{"errorType":"TypeError","errorMessage":"boom","stack":\[/.test(line)))
    const sync = await invoke(runtime, 'syncThrow')
    assert.equal((sync.payload as any).errorMessage, 'sync failure')
  })

  test('Invoke Error line carries code, own properties and stack; console output is capped per invocation', async () => {
    const few = await invoke(runtime, 'chatty', { lines: 2 })
    const line = few.logs.find((l) => l.includes('Invoke Error'))!
    const logged = JSON.parse(line.slice(line.indexOf('\t{') + 1))
    assert.equal(logged.errorType, 'Error')
    assert.equal(logged.errorMessage, 'with a code')
    assert.equal(logged.code, 'E_CUSTOM')
    assert.deepEqual(logged.detail, { retry: false })
    assert.equal(logged.stack[0], 'Error: with a code')
    assert.deepEqual(Object.keys(few.payload as object), ['errorType', 'errorMessage', 'trace'])
    const many = await invoke(runtime, 'chatty', { lines: 10_000 })
    assert.ok(many.logs.length < 3000, `${many.logs.length} lines kept`)
    assert.ok(many.logs.some((l) => l.includes('further console output of this invocation dropped after 262144 bytes')))
    assert.match(many.logs.at(-1)!, /^REPORT RequestId/)
  })

  test('an unhandled rejection fails the invocation as Runtime.UnhandledPromiseRejection', async () => {
    const result = await invoke(runtime, 'rejects')
    assert.equal(result.functionError, 'Unhandled')
    assert.equal((result.payload as any).errorType, 'Runtime.UnhandledPromiseRejection')
    assert.equal((result.payload as any).errorMessage, 'Error: nobody caught me')
  })

  test('undefined result is null', async () => {
    const result = await invoke(runtime, 'undef')
    assert.equal(result.payload, null)
    assert.equal(result.functionError, undefined)
  })

  test('process.exit(1) is contained: Runtime.ExitError, and the next invocation gets a fresh environment', async () => {
    const result = await invoke(runtime, 'exits')
    assert.equal(result.functionError, 'Unhandled')
    assert.deepEqual(result.payload, {
      errorType: 'Runtime.ExitError',
      errorMessage: `RequestId: ${result.awsRequestId} Error: Runtime exited with error: exit status 1`,
    })
    assert.equal((await invoke(runtime, 'cjs', { value: 1 })).payload !== undefined, true)
    assert.equal(runtime.workerCount('exits'), 0)
  })

  test('an infinite loop is killed at the function timeout: Sandbox.Timedout "Task timed out after 1.00 seconds"', async () => {
    const started = performance.now()
    const result = await invoke(runtime, 'loop')
    const elapsed = performance.now() - started
    // killed at the 1 s timeout, not left running (the upper bound leaves room for a loaded machine;
    // the lower one allows for libuv's millisecond timer clock, which can fire < 1 ms early by performance.now())
    assert.ok(elapsed >= 995 && elapsed < 8000, `took ${elapsed} ms`)
    assert.equal(result.functionError, 'Unhandled')
    assert.equal(result.timedOut, 'function')
    assert.deepEqual(result.payload, {
      errorType: 'Sandbox.Timedout',
      errorMessage: `RequestId: ${result.awsRequestId} Error: Task timed out after 1.00 seconds`,
    })
    assert.ok(result.logs.some((line) => line.endsWith(`${result.awsRequestId} Task timed out after 1.00 seconds`)))
    assert.equal(runtime.workerCount('loop'), 0)
    // the runtime keeps serving
    assert.deepEqual((await invoke(runtime, 'cjs', { value: 2 })).payload, { style: 'cjs-async', input: 2 })
  })

  test('a slow handler past its timeout times out; a shorter caller deadline wins and says so', async () => {
    const fast = await invoke(runtime, 'slow', { ms: 50 })
    assert.deepEqual(fast.payload, { slept: 50 })
    const late = await invoke(runtime, 'slow', { ms: 3000 })
    assert.equal((late.payload as any).errorMessage, `RequestId: ${late.awsRequestId} Error: Task timed out after 1.00 seconds`)
    const caller = await invoke(runtime, 'slow', { ms: 3000 }, { timeoutMs: 300 })
    assert.equal(caller.timedOut, 'caller')
    assert.equal((caller.payload as any).errorType, 'Sandbox.Timedout')
    assert.ok(caller.durationMs < 2500, `answered after ${caller.durationMs} ms, not at the 3 s the handler takes`)
  })

  test('a memory hog (memorySize 64) is killed: Runtime.OutOfMemory, "signal: killed"', async () => {
    const result = await invoke(runtime, 'hog')
    assert.equal(result.functionError, 'Unhandled')
    assert.deepEqual(result.payload, {
      errorType: 'Runtime.OutOfMemory',
      errorMessage: `RequestId: ${result.awsRequestId} Error: Runtime exited with error: signal: killed`,
    })
    assert.match(result.logs.find((l) => l.startsWith('REPORT'))!, /Memory Size: 64 MB/)
    assert.deepEqual((await invoke(runtime, 'cjs', { value: 3 })).payload, { style: 'cjs-async', input: 3 })
  })

  test('response payload over 6 MB: Function.ResponseSizeTooLarge; just under passes', async () => {
    // 6291555 characters + 2 quotes = 6291557 bytes of JSON, one past Lambda's limit
    const big = await invoke(runtime, 'large', { bytes: 6_291_555 })
    assert.equal(big.functionError, 'Unhandled')
    assert.deepEqual(big.payload, {
      errorMessage: 'Response payload size exceeded maximum allowed payload size (6291556 bytes).',
      errorType: 'Function.ResponseSizeTooLarge',
    })
    const fits = await invoke(runtime, 'large', { bytes: 5 * 1024 * 1024 })
    assert.equal(fits.functionError, undefined)
    assert.equal((fits.payload as string).length, 5 * 1024 * 1024)
  })

  test('request payload over 6 MB: RequestEntityTooLargeException 413', async () => {
    await assert.rejects(invoke(runtime, 'cjs', { blob: 'x'.repeat(6_291_456) }), (error: InvokeError) => {
      assert.ok(error instanceof InvokeError)
      assert.equal(error.type, 'RequestEntityTooLargeException')
      assert.equal(error.statusCode, 413)
      assert.equal(error.message, 'Request must be smaller than 6291456 bytes for the InvokeFunction operation')
      return true
    })
  })

  test('unknown function or qualifier: ResourceNotFoundException 404 with the ARN', async () => {
    await assert.rejects(invoke(runtime, 'nope'), { type: 'ResourceNotFoundException', statusCode: 404, message: 'Function not found: arn:aws:lambda:eu-west-1:111122223333:function:nope' })
    await assert.rejects(invoke(runtime, 'echo', {}, { qualifier: '9' }), { type: 'ResourceNotFoundException', message: 'Function not found: arn:aws:lambda:eu-west-1:111122223333:function:echo:9' })
  })

  test('handler that cannot be loaded: Runtime.ImportModuleError / Runtime.HandlerNotFound', async () => {
    const missing = await invoke(runtime, 'missingModule')
    assert.equal(missing.functionError, 'Unhandled')
    assert.equal((missing.payload as any).errorType, 'Runtime.ImportModuleError')
    assert.match((missing.payload as any).errorMessage, /^Error: Cannot find module 'nowhere'/)
    const noExport = await invoke(runtime, 'missingExport')
    assert.equal((noExport.payload as any).errorType, 'Runtime.HandlerNotFound')
    assert.equal((noExport.payload as any).errorMessage, 'esm.nope is undefined or not exported')
  })
})
