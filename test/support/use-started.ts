/**
 * The lifecycle of whatever a test starts (a Portico, a data-plane server, a backend): started in
 * the suite's `before`, closed in its `after`. No project imports: the data-plane fixtures use it
 * without loading the management side.
 */
import { after, before } from 'node:test'

/**
 * A suite's own set-up, run in the same `before` right after its gateway started (so it never
 * races the start: Node 20 starts the file-level `before` hooks at once, side by side). What it
 * returns, when a function, runs in the suite's `after` before the gateway closes: the place to
 * close what the set-up opened (a backend, a temp directory).
 */
export type SuiteSetup<T> = (started: T) => unknown

/**
 * The one lifecycle of a test's gateway, whatever starts it: `start()` in the enclosing suite's
 * `before` (the file's, at top level), then `setup`, and `close()` in its `after`. The value
 * returned stands for what `start()` gave once the suite's tests run; reading it earlier throws.
 * Every `use…` helper of the test folders is this over its own start function.
 */
export function useStarted<T extends { close(): Promise<void> }>(start: () => Promise<T>, setup?: SuiteSetup<T>): T {
  let started: T | undefined
  let teardown: (() => unknown) | undefined
  before(async () => {
    started = await start()
    const returned = await setup?.(started)
    if (typeof returned === 'function') teardown = returned as () => unknown
  })
  after(async () => {
    try {
      await teardown?.()
    } finally {
      await started?.close()
    }
  })
  const running = (): T => {
    if (started === undefined) throw new Error('the gateway starts in the suite\'s before(): use it inside a test or a later hook')
    return started
  }
  return new Proxy({} as T, {
    get(_, key) {
      // not a promise: `await` of it must not start looking inside before the suite runs
      if (key === 'then') return undefined
      const value: unknown = Reflect.get(running(), key)
      return typeof value === 'function' ? value.bind(running()) : value
    },
    set: (_, key, value) => Reflect.set(running(), key, value),
    has: (_, key) => Reflect.has(running(), key),
    // `{ ...started }` copies what the started value has
    ownKeys: () => Reflect.ownKeys(running()),
    getOwnPropertyDescriptor(_, key) {
      const own = Reflect.getOwnPropertyDescriptor(running(), key)
      return own && { ...own, configurable: true }
    },
  })
}

/**
 * `start()` after `prepare()`; what `prepare` returns, when a function, runs after the started value
 * closed, or at once when the start fails.
 */
export async function afterPrepared<T extends { close(): Promise<void> }>(prepare: (() => unknown) | undefined, start: () => Promise<T>): Promise<T> {
  const returned = await prepare?.()
  const undo = typeof returned === 'function' ? (returned as () => unknown) : undefined
  let started: T
  try {
    started = await start()
  } catch (error) {
    await undo?.()
    throw error
  }
  if (undo === undefined) return started
  const close = started.close.bind(started)
  return Object.assign(started, {
    async close() {
      try {
        await close()
      } finally {
        await undo()
      }
    },
  })
}
