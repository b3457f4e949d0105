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
