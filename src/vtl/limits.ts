export interface TemplateLimits {
  /** Bigger source is rejected at compile time (AWS: 300 KB per template). */
  maxTemplateBytes: number
  /** Iterations of one #foreach loop (AWS: 1000). */
  maxForeachIterations: number
  /** Iterations of all loops in one render. */
  maxTotalIterations: number
  /** Size of the rendered output, and of any string built while rendering. */
  maxOutputBytes: number
  /** Macro call depth, block nesting and expression nesting. */
  maxDepth: number
  /**
   * Work of one render, in steps: loop passes, macro and method calls, JSONPath nodes visited
   * and matched, values copied, characters parsed or built (see render-budget.ts).
   */
  maxWork: number
  /** Wall-clock time of one render, in milliseconds (checked as work is charged). */
  maxRenderMs: number
}

export const DEFAULT_LIMITS: Readonly<TemplateLimits> = Object.freeze({
  maxTemplateBytes: 300 * 1024,
  maxForeachIterations: 1000,
  maxTotalIterations: 100_000,
  maxOutputBytes: 10 * 1024 * 1024,
  maxDepth: 64,
  maxWork: 10_000_000,
  maxRenderMs: 1000,
})

export function resolveLimits(overrides: Partial<TemplateLimits> | undefined): Readonly<TemplateLimits> {
  if (overrides === undefined) return DEFAULT_LIMITS
  const limits: TemplateLimits = { ...DEFAULT_LIMITS }
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof TemplateLimits)[]) {
    const value = overrides[key]
    if (value === undefined) continue
    if (typeof value !== 'number' || !(value >= 0)) throw new TypeError(`template limit ${key} must be a non-negative number`)
    limits[key] = value
  }
  return Object.freeze(limits)
}
