/**
 * What a process opened, in order, to close in reverse: on shutdown, and when start-up fails
 * half-way (whatever opened before the failure is closed, nothing after it was opened).
 */
export class CloseList {
  readonly #closers: Array<() => Promise<void> | void> = []
  #closing: Promise<void> | undefined

  /** registers how to close `value`, just opened, and returns it */
  add<T>(value: T, close: (value: T) => Promise<void> | void): T {
    this.#closers.push(() => close(value))
    return value
  }

  /**
   * Closes everything, newest first; every closer runs even when one fails, and the first
   * failure is thrown after the last. Closing twice closes once.
   */
  close(): Promise<void> {
    this.#closing ??= this.#closeAll()
    return this.#closing
  }

  async #closeAll(): Promise<void> {
    const failures: unknown[] = []
    for (const close of this.#closers.splice(0).reverse()) {
      try {
        await close()
      } catch (error) {
        failures.push(error)
      }
    }
    if (failures.length > 0) throw failures[0]
  }
}
