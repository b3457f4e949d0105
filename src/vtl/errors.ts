/** A template that cannot be parsed. `line` and `column` are 1-based. */
export class VtlSyntaxError extends Error {
  line: number
  column: number

  constructor(reason: string, line: number, column: number, templateName?: string) {
    const where = templateName ? ` in ${templateName}` : ''
    super(`${reason} at line ${line}, column ${column}${where}`)
    this.name = 'VtlSyntaxError'
    this.line = line
    this.column = column
  }
}

/** Anything that goes wrong while rendering a compiled template. */
export class VtlRuntimeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'VtlRuntimeError'
  }
}

/** A render stopped because it crossed one of the template limits. */
export class VtlLimitError extends VtlRuntimeError {
  constructor(message: string) {
    super(message)
    this.name = 'VtlLimitError'
  }
}
