import type { ErrorObject } from 'ajv'

/**
 * `$context.error.validationErrorString` as AWS writes it: API Gateway validates models with
 * java-json-tools' json-schema-validator and lists its messages in brackets, e.g.
 * `[object has missing required properties (["name"])]`. This maps ajv's errors (compiled with
 * `allErrors` and `verbose`) onto those message texts.
 */
export function validationErrorString(errors: readonly ErrorObject[]): string {
  return `[${messages(errors).join(', ')}]`
}

function messages(errors: readonly ErrorObject[]): string[] {
  // json-schema-validator reports all missing (or all extra) properties of one object in one
  // message; ajv reports one error per property. Group them, keeping the first one's position.
  const out: Array<string | string[]> = []
  const grouped = new Map<string, string[]>()
  for (const error of errors) {
    const name =
      error.keyword === 'required'
        ? (error.params as { missingProperty: string }).missingProperty
        : error.keyword === 'additionalProperties'
          ? (error.params as { additionalProperty: string }).additionalProperty
          : undefined
    if (name === undefined) {
      const text = message(error)
      if (text !== undefined) out.push(text)
      continue
    }
    const key = `${error.keyword}\u0000${error.instancePath}`
    let names = grouped.get(key)
    if (!names) {
      grouped.set(key, (names = [error.keyword]))
      out.push(names)
    }
    names.push(name)
  }
  return out.map((item) => {
    if (typeof item === 'string') return item
    const [keyword, ...names] = item
    names.sort()
    return keyword === 'required'
      ? `object has missing required properties (${json(names)})`
      : `object instance has properties which are not allowed by the schema: ${json(names)}`
  })
}

function message(error: ErrorObject): string | undefined {
  const data = error.data as unknown
  const params = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'type': {
      const allowed = Array.isArray(error.schema) ? error.schema : [error.schema]
      return `instance type (${jsonType(data)}) does not match any allowed primitive type (allowed: ${json(allowed)})`
    }
    case 'enum':
      return `instance value (${json(data)}) not found in enum (possible values: ${json(error.schema)})`
    case 'minLength':
      return `string ${json(data)} is too short (length: ${length(data)}, required minimum: ${String(params.limit)})`
    case 'maxLength':
      return `string ${json(data)} is too long (length: ${length(data)}, maximum allowed: ${String(params.limit)})`
    case 'minimum':
      return params.comparison === '>'
        ? `numeric instance is not strictly greater than the required minimum ${String(params.limit)}`
        : `numeric instance is lower than the required minimum (minimum: ${String(params.limit)}, found: ${json(data)})`
    case 'maximum':
      return params.comparison === '<'
        ? `numeric instance is not strictly lower than the required maximum ${String(params.limit)}`
        : `numeric instance is greater than the required maximum (maximum: ${String(params.limit)}, found: ${json(data)})`
    case 'multipleOf':
      return `remainder of division is not zero (${json(data)} / ${String(params.multipleOf)})`
    case 'pattern':
      return `ECMA 262 regex ${json(params.pattern)} does not match input string ${json(data)}`
    case 'minItems':
      return `array is too short: must have at least ${String(params.limit)} elements but instance has ${length(data)} elements`
    case 'maxItems':
      return `array is too long: must have at most ${String(params.limit)} elements but instance has ${length(data)} elements`
    case 'uniqueItems':
      return 'array must not contain duplicate elements'
    case 'minProperties':
      return `object has too few properties (found ${count(data)}, required minimum: ${String(params.limit)})`
    case 'maxProperties':
      return `object has too many properties (found ${count(data)}, maximum allowed: ${String(params.limit)})`
    case 'anyOf':
      return `instance failed to match at least one required schema among ${schemaCount(error)}`
    case 'oneOf':
      return `instance failed to match exactly one schema (matched ${params.passingSchemas ? 2 : 0} out of ${schemaCount(error)})`
    case 'not':
      return 'instance matched a schema which it should not have'
    case 'dependencies': {
      const deps = String(params.deps ?? '').split(', ').filter(Boolean)
      return `property ${json(params.property)} of object has missing property dependencies (schema requires ${json(deps)}; missing: ${json([params.missingProperty])})`
    }
    case 'format':
      return `string ${json(data)} is not a valid ${String(params.format)}`
    case 'if':
    case 'false schema':
      return undefined
    default:
      return error.message
  }
}

function json(value: unknown): string {
  return JSON.stringify(value) ?? 'null'
}

/** json-schema-validator's type names: integer is a number without a fraction */
function jsonType(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value
}

function length(value: unknown): number {
  return typeof value === 'string' ? [...value].length : Array.isArray(value) ? value.length : 0
}

function count(value: unknown): number {
  return value && typeof value === 'object' ? Object.keys(value).length : 0
}

function schemaCount(error: ErrorObject): number {
  return Array.isArray(error.schema) ? error.schema.length : 0
}
