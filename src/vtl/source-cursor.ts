import { VtlSyntaxError } from './errors.ts'
import type { MacroDefinition } from './ast.ts'

/** State shared by every parser of one template, including string-literal sub-templates. */
export interface ParseSession {
  name: string | undefined
  maxDepth: number
  macros: Map<string, MacroDefinition>
  usesStop: boolean
}

/**
 * A position in template source. `lineBase`/`columnBase` place a string literal's
 * sub-template at its real position in the outer template, so errors point there.
 */
export class SourceCursor {
  pos = 0
  depth = 0
  /** Where the last `#end`/`#else` began (for `#literal`, which prints its body's source). */
  lastTerminatorAt = 0
  /** Binary operators left for the expression being parsed (keeps generated code shallow). */
  operatorBudget = 0

  constructor(
    readonly src: string,
    readonly session: ParseSession,
    private readonly lineBase = 1,
    private readonly columnBase = 1,
  ) {}

  get eof(): boolean { return this.pos >= this.src.length }
  peek(offset = 0): string { return this.src.charAt(this.pos + offset) }
  startsWith(s: string): boolean { return this.src.startsWith(s, this.pos) }

  /** Matches a sticky regex at the current position without moving. */
  match(re: RegExp): RegExpExecArray | null {
    re.lastIndex = this.pos
    return re.exec(this.src)
  }

  private lineStarts: number[] | null = null

  location(pos: number): { line: number; column: number } {
    const starts = this.lineStarts ?? (this.lineStarts = lineStartsOf(this.src))
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (starts[mid]! <= pos) lo = mid
      else hi = mid - 1
    }
    const column = pos - starts[lo]! + 1
    return lo === 0
      ? { line: this.lineBase, column: this.columnBase + column - 1 }
      : { line: this.lineBase + lo, column }
  }

  fail(reason: string, pos = this.pos): never {
    const { line, column } = this.location(pos)
    const found = pos >= this.src.length ? 'end of template' : JSON.stringify(this.src.slice(pos, pos + 12))
    throw new VtlSyntaxError(`${reason} (found ${found})`, line, column, this.session.name)
  }

  enter(pos = this.pos): void {
    if (++this.depth > this.session.maxDepth) this.fail('template nested too deeply', pos)
  }

  leave(): void { this.depth-- }
}

function lineStartsOf(src: string): number[] {
  const starts = [0]
  for (let i = 0; i < src.length; i++) {
    const c = src.charCodeAt(i)
    if (c === 10 || (c === 13 && src.charCodeAt(i + 1) !== 10)) starts.push(i + 1)
  }
  return starts
}

export const IDENTIFIER = /[a-zA-Z_][a-zA-Z0-9_-]*/y
export const WORD = /[a-zA-Z_@][a-zA-Z0-9_@]*/y
export const BRACKETED_WORD = /\{([a-zA-Z_][a-zA-Z0-9_@]*)\}/y
