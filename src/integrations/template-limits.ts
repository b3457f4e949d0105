/**
 * The bounds of one mapping-template render, from the environment (docs/compatibility.md, limits),
 * validated once at start-up and read once per process:
 * - `PORTICO_TEMPLATE_TIMEOUT_MS` (default 1000): wall-clock time of one render;
 * - `PORTICO_TEMPLATE_MAX_WORK` (default 10,000,000): steps of one render (src/vtl/render-budget.ts).
 * A render that exceeds either ends its request in AWS's answer for a failed template: 500
 * `Internal server error`, "Unable to transform request/response" in the execution log.
 */
import { DEFAULT_LIMITS, type TemplateLimits } from '../vtl/index.ts'

export class TemplateConfigError extends Error {
  override name = 'ConfigError'
}

export type RenderLimits = Pick<TemplateLimits, 'maxRenderMs' | 'maxWork'>

export function templateLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): Readonly<RenderLimits> {
  return Object.freeze({
    maxRenderMs: positiveInteger(env, 'PORTICO_TEMPLATE_TIMEOUT_MS', DEFAULT_LIMITS.maxRenderMs),
    maxWork: positiveInteger(env, 'PORTICO_TEMPLATE_MAX_WORK', DEFAULT_LIMITS.maxWork),
  })
}

let resolved: Readonly<RenderLimits> | undefined

/** This process's render limits: the environment's, read on first use. */
export function processTemplateLimits(): Readonly<RenderLimits> {
  resolved ??= templateLimitsFromEnv()
  return resolved
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name]
  if (text === undefined || text === '') return fallback
  const value = Number(text)
  if (!Number.isSafeInteger(value) || value < 1) throw new TemplateConfigError(`${name} must be a positive integer, got ${JSON.stringify(text)}`)
  return value
}
