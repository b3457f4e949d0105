import type { RequestContext } from './types.ts'

/**
 * Where execution-log lines go when no one reads them. A stage whose stage settings log nothing
 * gets this shared list: pushing into it keeps nothing, and `logging(ctx)` lets a stage skip
 * formatting lines (header maps, bodies) that would be dropped anyway.
 */
class DisabledLog extends Array<string> {
  override push(): number {
    return 0
  }
}

export const DISABLED_LOG: string[] = new DisabledLog()

/** Whether this request keeps its execution-log lines. */
export function logging(ctx: RequestContext): boolean {
  return ctx.log !== DISABLED_LOG
}
