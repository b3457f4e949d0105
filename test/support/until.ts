/**
 * Waits for a condition rather than for time: checks `condition` every few ms until it holds,
 * and fails with `what` once `timeoutMs` has passed (a bound for a broken build, never a
 * timing assertion). Returns the first truthy value, so a test can assert on what it waited for.
 */
export async function until<T>(condition: () => T | Promise<T>, what: string, { timeoutMs = 10_000, everyMs = 5 } = {}): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await condition()
    if (value) return value as NonNullable<T>
    if (Date.now() > deadline) throw new Error(`gave up after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, everyMs))
  }
}

/** Reads until what it reads passes `check` (a change made elsewhere, in flight until then), and returns that; fails with the last value read once `timeoutMs` has passed. */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, { timeoutMs = 10_000 } = {}): Promise<T> {
  let last: T | undefined
  const held = await until(
    async () => {
      last = await read()
      return check(last) ? { value: last } : undefined
    },
    'a value that passes the check',
    { timeoutMs },
  ).catch((error: Error) => {
    throw new Error(`${error.message}; last read: ${JSON.stringify(last)}`)
  })
  return held.value
}
