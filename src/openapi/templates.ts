import { compileTemplate } from '../vtl/index.ts'
import { child, type Problems } from './problems.ts'

/**
 * Every mapping template must compile as VTL, so a broken one fails the import rather than the
 * first request that selects it. Reports each at its own pointer, with the template's line/column.
 */
export function checkTemplates(templates: Record<string, string | null> | undefined, at: string, problems: Problems): void {
  for (const [contentType, source] of Object.entries(templates ?? {})) {
    if (typeof source !== 'string') continue
    try {
      compileTemplate(source)
    } catch (e) {
      const err = e as { message?: string; line?: unknown; column?: unknown }
      const where = typeof err.line === 'number' && typeof err.column === 'number' && !/line \d+/.test(err.message ?? '')
        ? ` (line ${err.line}, column ${err.column})`
        : ''
      problems.error(child(at, contentType), `Invalid mapping template: ${err.message ?? String(e)}${where}`)
    }
  }
}
