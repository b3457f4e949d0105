import type { CompileOptions } from '../index.ts'

/**
 * How API Gateway configures Velocity for mapping templates: a reference that resolves to null
 * (a missing `$input.path`, an absent `$context.authorizer.x`, an unset variable) prints as
 * nothing and compares equal to `""`, where stock Velocity 1.7 prints its source text.
 * Recorded against real AWS in LocalStack's validated snapshots (see test/fixtures/vtl/aws).
 */
export const AWS_TEMPLATE_OPTIONS: Readonly<Pick<CompileOptions, 'nullReferences'>> = Object.freeze({ nullReferences: 'empty' })
