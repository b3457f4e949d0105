/**
 * A deployment that cannot be compiled into a plan. The message names the resource path and
 * method (`POST /pets: …`) so the control plane can report it as AWS's BadRequestException.
 */
export class CompileError extends Error {
  override readonly name = 'CompileError'

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
  }
}

/** Runs `fn`, re-throwing anything it throws as a CompileError prefixed with `where`. */
export function compileStep<T>(where: string, fn: () => T): T {
  try {
    return fn()
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    throw new CompileError(`${where}: ${message}`, { cause: err })
  }
}
