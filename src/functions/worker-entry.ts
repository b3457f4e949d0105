/**
 * The inside of one execution environment: a worker thread that loads the user's handler once
 * and runs one invocation at a time, the way Lambda's Node.js runtime does (`Runtime.handleOnce`,
 * `CallbackContext`, `LogPatch`, `UserFunction.load` in aws-lambda-nodejs-runtime-interface-client).
 *
 * `workerMain` is started from its source text (`WORKER_SOURCE`, an eval worker), so it must not
 * touch anything outside its own body: it imports what it needs dynamically. That keeps worker
 * start-up free of any TypeScript loader — the parent may run under tsx, the worker never does.
 */
import type { MessagePort } from 'node:worker_threads'
import type { InvocationContextData } from './lambda-context.ts'

/** Lambda's runtime error document. */
export interface RuntimeError {
  errorType: string
  errorMessage: string
  trace: string[]
}

export interface WorkerInit {
  /** `/abs/dir/module.export.path` */
  handler: string
  /**
   * Int32 slots, one per queued invocation (`id & (length - 1)`), holding `slotValue(id, state)`:
   * QUEUED → STARTED swapped by the worker, or QUEUED → WITHDRAWN by the pool; whoever swaps
   * first wins. The id in the value keeps a reused slot from matching an older invocation.
   */
  slots: SharedArrayBuffer
  /** where everything from the worker goes, in order: FromWorker messages */
  results: MessagePort
}

export const QUEUED = 0
export const STARTED = 1
export const WITHDRAWN = 2
/** what a slot holds for invocation `id` in `state` (workerMain computes the same inline) */
export function slotValue(id: number, state: typeof QUEUED | typeof STARTED | typeof WITHDRAWN): number {
  return (id & 0x1fffffff) * 4 + state
}

export interface QueuedInvocation {
  /** the pool's sequence number of the invocation in this environment */
  id: number
  event: string
  context: InvocationContextData
}

/** invocations to run in order, one at a time */
export type ToWorker = { type: 'invoke'; jobs: QueuedInvocation[] }

export type FromWorker =
  | { type: 'ready' }
  | { type: 'init-error'; error: RuntimeError }
  | { type: 'log'; line: string }
  /** `payload` is the JSON text of the result, or absent with `error` set */
  | { type: 'result'; id: number; payload?: string; error?: RuntimeError; /** ms from starting the invocation to its outcome, in the worker */ ms: number }

export async function workerMain(): Promise<void> {
  const { parentPort, workerData } = await import('node:worker_threads')
  const { format, types } = await import('node:util')
  const { existsSync, readFileSync, statSync } = await import('node:fs')
  const { dirname, basename, join } = await import('node:path')
  const { pathToFileURL } = await import('node:url')
  const { createRequire } = await import('node:module')
  const { handler: handlerString, slots: slotBuffer, results } = workerData as WorkerInit
  // invocations come in on the parent port; everything going out goes on `results`, in order
  const port = results
  const slots = new Int32Array(slotBuffer)
  const slotMask = slots.length - 1

  // ── LogPatch: `{ISO time}\t{request id}\t{LEVEL}\t{message}`; init-phase lines say "undefined"
  let currentRequestId: string | undefined
  const levels: Array<[keyof Console, string]> = [
    ['log', 'INFO'],
    ['info', 'INFO'],
    ['debug', 'DEBUG'],
    ['warn', 'WARN'],
    ['error', 'ERROR'],
    ['trace', 'TRACE'],
  ]
  for (const [method, level] of levels) {
    ;(console as any)[method] = (message?: unknown, ...params: unknown[]) => {
      port.postMessage({ type: 'log', line: `${new Date().toISOString()}\t${currentRequestId}\t${level}\t${format(message, ...params)}` })
    }
  }
  ;(console as any).fatal = (message?: unknown, ...params: unknown[]) => {
    port.postMessage({ type: 'log', line: `${new Date().toISOString()}\t${currentRequestId}\tFATAL\t${format(message, ...params)}` })
  }

  // ── Errors.toRuntimeResponse
  const isError = (e: any): e is Error =>
    types.isNativeError(e) || (!!e && typeof e.name === 'string' && typeof e.message === 'string' && typeof e.stack === 'string')
  const toRuntimeError = (error: unknown): RuntimeError => {
    try {
      if (isError(error)) {
        if (!error.stack) throw new Error('Error stack is missing.')
        return { errorType: error.name, errorMessage: error.message, trace: error.stack.split('\n') }
      }
      return { errorType: typeof error, errorMessage: String(error), trace: [] }
    } catch {
      return {
        errorType: 'handled',
        errorMessage: 'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
        trace: [],
      }
    }
  }
  const runtimeError = (errorType: string, errorMessage: string, cause?: unknown): RuntimeError => {
    const stack = isError(cause) && cause.stack ? cause.stack.split('\n').slice(1) : []
    return { errorType, errorMessage, trace: [...`${errorType}: ${errorMessage}`.split('\n'), ...stack] }
  }

  // ── UserFunction.load
  const loadHandler = async (): Promise<(...args: unknown[]) => unknown> => {
    const moduleRoot = dirname(handlerString)
    const match = /^([^.]*)\.(.*)$/.exec(basename(handlerString))
    if (!match) throw runtimeError('Runtime.MalformedHandlerName', 'Bad handler')
    const [, moduleName, handlerPath] = match as unknown as [string, string, string]
    const base = join(moduleRoot, moduleName)
    const file = [base, `${base}.js`, `${base}.mjs`, `${base}.cjs`].find((f) => existsSync(f) && statSync(f).isFile())
    if (file === undefined) throw runtimeError('Runtime.ImportModuleError', `Error: Cannot find module '${moduleName}'\nRequire stack:\n- ${moduleRoot}`)
    let userApp: any
    try {
      userApp = isEsm(file) ? await import(pathToFileURL(file).href) : createRequire(file)(file)
    } catch (error: any) {
      if (error instanceof SyntaxError) throw runtimeError('Runtime.UserCodeSyntaxError', `SyntaxError: ${error.message}`, error)
      if (error?.code === 'MODULE_NOT_FOUND' || error?.code === 'ERR_MODULE_NOT_FOUND') {
        throw runtimeError('Runtime.ImportModuleError', `Error: ${error.message}`, error)
      }
      throw toRuntimeError(error)
    }
    const fn = handlerPath.split('.').reduce((nested: any, key) => nested && nested[key], userApp)
    if (!fn) throw runtimeError('Runtime.HandlerNotFound', `${moduleName}.${handlerPath} is undefined or not exported`)
    if (typeof fn !== 'function') throw runtimeError('Runtime.HandlerNotFound', `${moduleName}.${handlerPath} is not a function`)
    return fn
  }
  const isEsm = (file: string): boolean => {
    if (file.endsWith('.mjs')) return true
    if (file.endsWith('.cjs')) return false
    for (let dir = dirname(file); ; dir = dirname(dir)) {
      const pkg = join(dir, 'package.json')
      if (existsSync(pkg)) {
        try {
          return JSON.parse(readFileSync(pkg, 'utf8')).type === 'module'
        } catch {
          return false
        }
      }
      if (dirname(dir) === dir) return false
    }
  }

  // ── the invocation in flight
  let finish: ((outcome: { payload?: string; error?: RuntimeError }) => void) | undefined
  // Errors.toFormatted: the error with its name, message, code, own properties and stack lines
  const toFormatted = (error: unknown): string => {
    const e = isError(error) ? error : new Error(String(error))
    try {
      const shown: Record<string, unknown> = { errorType: e.name, errorMessage: e.message, code: (e as any).code, ...e }
      if (typeof e.stack === 'string') shown.stack = e.stack.split('\n')
      return `\t${JSON.stringify(shown)}`
    } catch {
      return `\t${JSON.stringify(toRuntimeError(error))}`
    }
  }
  const postError = (error: unknown): void => {
    console.error('Invoke Error', toFormatted(error))
    finish?.({ error: toRuntimeError(error) })
  }
  const postResult = (result: unknown): void => {
    let payload: string
    try {
      payload = JSON.stringify(result === undefined ? null : result)
    } catch (error) {
      postError(error)
      return
    }
    finish?.({ payload })
  }
  // BeforeExitListener: "empty" is nothing but our own message port left to keep the loop alive
  const whenEventLoopEmpty = (then: () => void): void => {
    const poll = (): void => {
      if (process.getActiveResourcesInfo().every((r) => r === 'MessagePort')) then()
      else setTimeout(poll, 1).unref()
    }
    setTimeout(poll, 0).unref()
  }

  // Runtime#setErrorCallbacks: the invocation fails with the error, then the environment dies
  process.on('uncaughtException', (error) => {
    if (finish) postError(error)
    process.exit(129)
  })
  process.on('unhandledRejection', (reason) => {
    if (finish) {
      const message = isError(reason) ? `${reason.name}: ${reason.message}` : String(reason)
      finish({ error: runtimeError('Runtime.UnhandledPromiseRejection', message, reason) })
    }
    process.exit(128)
  })

  let handler: (...args: unknown[]) => unknown
  try {
    handler = await loadHandler()
  } catch (error) {
    const response = (error as RuntimeError).errorType !== undefined ? (error as RuntimeError) : toRuntimeError(error)
    console.error(`${response.errorType}: ${response.errorMessage}`)
    port.postMessage({ type: 'init-error', error: response })
    return
  }

  // the invocations the pool sent, in order; each starts only if the pool has not withdrawn it
  const queue: QueuedInvocation[] = []
  let head = 0
  let running = false
  parentPort!.on('message', (message: ToWorker) => {
    if (message.type !== 'invoke') return
    for (const job of message.jobs) queue.push(job)
    if (!running) startNext()
  })
  const startNext = (): void => {
    while (head < queue.length) {
      const job = queue[head]!
      queue[head++] = undefined as unknown as QueuedInvocation
      if (head === queue.length) {
        queue.length = 0
        head = 0
      }
      // slotValue(id, QUEUED) → slotValue(id, STARTED), unless the pool withdrew it
      const queued = (job.id & 0x1fffffff) * 4
      if (Atomics.compareExchange(slots, job.id & slotMask, queued, queued + 1) !== queued) continue
      running = true
      invokeOnce(job)
      return
    }
  }
  const invokeOnce = (message: QueuedInvocation): void => {
    const startedAt = performance.now()
    const data = message.context
    currentRequestId = data.awsRequestId
    // as the Node.js runtime does with Lambda-Runtime-Trace-Id: one value per invocation
    if (data.traceHeader === undefined) delete process.env._X_AMZN_TRACE_ID
    else process.env._X_AMZN_TRACE_ID = data.traceHeader
    let finished = false
    finish = (outcome) => {
      if (finished) return
      finished = true
      finish = undefined
      port.postMessage({ type: 'result', id: message.id, ...outcome, ms: performance.now() - startedAt })
      running = false
      // the next one after this one's own microtasks, not inside them
      queueMicrotask(startNext)
    }
    // CallbackContext: only the first of callback/done/succeed/fail counts
    let waitForEmptyEventLoop = true
    let called = false
    const once =
      <A extends unknown[]>(fn: (...args: A) => void) =>
      (...args: A): void => {
        if (called) return
        called = true
        fn(...args)
      }
    const done = (err: unknown, result?: unknown): void => {
      if (err !== undefined && err !== null) postError(err)
      else postResult(result)
    }
    const callback = once((err: unknown, result?: unknown) => {
      if (err !== undefined && err !== null) postError(err)
      else if (!waitForEmptyEventLoop) postResult(result)
      else whenEventLoopEmpty(() => postResult(result))
    })
    const context = {
      get callbackWaitsForEmptyEventLoop() {
        return waitForEmptyEventLoop
      },
      set callbackWaitsForEmptyEventLoop(value: boolean) {
        waitForEmptyEventLoop = value
      },
      done: once(done),
      succeed: once((result?: unknown) => done(null, result)),
      fail: once((err?: unknown) => done(err === undefined || err === null ? 'handled' : err)),
      functionName: data.functionName,
      functionVersion: data.functionVersion,
      invokedFunctionArn: data.invokedFunctionArn,
      memoryLimitInMB: data.memoryLimitInMB,
      awsRequestId: data.awsRequestId,
      logGroupName: data.logGroupName,
      logStreamName: data.logStreamName,
      identity: undefined,
      clientContext: undefined,
      getRemainingTimeInMillis: () => data.deadlineMs - Date.now(),
    }
    try {
      const result = handler(JSON.parse(message.event), context, callback)
      if (result instanceof Promise) {
        result.then(context.succeed, context.fail)
      } else {
        // neither a promise nor (yet) a callback: Lambda answers null once the event loop drains
        whenEventLoopEmpty(() => {
          if (!called) context.succeed(null)
        })
      }
    } catch (error) {
      callback(error)
    }
  }
  port.postMessage({ type: 'ready' })
}

/**
 * Helpers a TypeScript compiler may have inserted into workerMain's text: esbuild's keepNames
 * (tsx), and tsc's rewriteRelativeImportExtensions around the handler's import(), which only
 * ever gets an absolute file: URL and so needs no rewriting.
 */
const PRELUDE = 'const __name = (target) => target;\nconst __rewriteRelativeImportExtension = (path) => path;\n'

let source: string | undefined
/** The eval-worker script that runs workerMain. */
export function workerSource(): string {
  source ??= `${PRELUDE}(${workerMain.toString()})().catch((error) => { console.error(error); process.exit(1) })\n`
  return source
}
