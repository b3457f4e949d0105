import type { RequestValidator } from '../model/index.ts'
import type { ImportContext } from './context.ts'
import { isObject } from './json.ts'
import { child } from './problems.ts'

const EXT = 'x-amazon-apigateway-request-validators'
const DEFAULT_EXT = 'x-amazon-apigateway-request-validator'

/** The API's request validators by name, and the API-wide default one. */
export interface Validators {
  byName: Map<string, RequestValidator>
  defaultName?: string
}

/** `x-amazon-apigateway-request-validators` (name → rules) and the API-level default validator. */
export function importValidators(ctx: ImportContext): Validators {
  const byName = new Map<string, RequestValidator>()
  const raw = ctx.doc[EXT]
  const at = child('', EXT)
  if (raw !== undefined && !isObject(raw)) ctx.problems.error(at, `${EXT} must be an object of validator name to rules`)
  for (const [name, rules] of Object.entries(isObject(raw) ? raw : {})) {
    const vat = child(at, name)
    if (!isObject(rules)) {
      ctx.problems.error(vat, 'A request validator must be an object')
      continue
    }
    for (const flag of ['validateRequestBody', 'validateRequestParameters'] as const) {
      if (rules[flag] !== undefined && typeof rules[flag] !== 'boolean') ctx.problems.error(child(vat, flag), `${flag} must be a boolean`)
    }
    byName.set(name, {
      id: ctx.ids.validator(name),
      name,
      validateRequestBody: rules.validateRequestBody === true,
      validateRequestParameters: rules.validateRequestParameters === true,
    })
  }
  const existing = new Map(ctx.existing?.requestValidators.map((v) => [v.name ?? v.id, v]))
  const defaultName = validatorName(ctx, ctx.doc[DEFAULT_EXT], child('', DEFAULT_EXT), byName, existing)
  return { byName, defaultName }
}

/** The validator an operation uses: its own `x-amazon-apigateway-request-validator`, else the API's default. */
export function methodValidatorId(ctx: ImportContext, validators: Validators, operation: Record<string, unknown>, at: string): string | undefined {
  const existing = new Map(ctx.existing?.requestValidators.map((v) => [v.name ?? v.id, v]))
  const own = operation[DEFAULT_EXT]
  const name = own === undefined ? validators.defaultName : validatorName(ctx, own, child(at, DEFAULT_EXT), validators.byName, existing)
  if (name === undefined) return undefined
  return (validators.byName.get(name) ?? existing.get(name))?.id
}

function validatorName(
  ctx: ImportContext,
  raw: unknown,
  at: string,
  byName: Map<string, RequestValidator>,
  existing: Map<string, RequestValidator>,
): string | undefined {
  if (raw === undefined) return undefined
  if (typeof raw !== 'string' || (!byName.has(raw) && !existing.has(raw))) {
    ctx.problems.error(at, `Invalid request validator: ${JSON.stringify(raw)} is not defined in ${EXT}`)
    return undefined
  }
  return raw
}
