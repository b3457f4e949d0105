/** Import problems: each names the JSON pointer of the offending value, so every one can be fixed. */

export interface Problem {
  /** RFC 6901 pointer into the imported document; `''` is the document itself */
  pointer: string
  message: string
  /** set for syntax errors, where the text could not be read as a document at all */
  line?: number
  column?: number
}

/** Collects every error and warning of one import; nothing stops at the first. */
export class Problems {
  readonly errors: Problem[] = []
  readonly warnings: Problem[] = []

  error(pointer: string, message: string): void {
    this.errors.push({ pointer, message })
  }

  warn(pointer: string, message: string): void {
    this.warnings.push({ pointer, message })
  }
}

/** Appends segments to a JSON pointer, escaping `~` and `/` as RFC 6901 asks. */
export function child(base: string, ...segments: Array<string | number>): string {
  let out = base
  for (const s of segments) out += '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')
  return out
}

/** `Message (at /pointer)`: how a warning reads in `ImportResult.warnings` and `RestApi.warnings`. */
export function formatWarning(p: Problem): string {
  return p.pointer === '' ? p.message : `${p.message} (at ${p.pointer})`
}
