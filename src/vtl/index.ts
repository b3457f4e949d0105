/**
 * Velocity 1.7 template engine (the VTL of API Gateway mapping templates).
 * Parse once with compileTemplate, render per request; see docs in the module files:
 * parser.ts (syntax, whitespace rules), codegen.ts (compilation), member-access.ts and
 * java-*.ts (the Java value model: String/List/Map methods, numbers, toString).
 */
export { compileTemplate, compileProgram, type Template, type TemplateProgram, type CompileOptions } from './compile.ts'
export { VtlSyntaxError, VtlRuntimeError, VtlLimitError } from './errors.ts'
export { DEFAULT_LIMITS, type TemplateLimits } from './limits.ts'
export { JavaDouble } from './java-double.ts'
