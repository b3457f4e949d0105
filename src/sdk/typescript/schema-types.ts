import { refName } from '../api-surface.ts'

/**
 * JSON Schema draft-04 (API Gateway's model language) → a TypeScript type expression. What the
 * type system cannot say (patterns, bounds, `not`, tuple forms, unknown keywords) falls back to
 * the nearest wider type, and a schema it cannot read at all to `unknown`: never a crash.
 */

const MAX_DEPTH = 32

export function tsType(schema: unknown, typeName: (model: string) => string, depth = 0): string {
  if (depth > MAX_DEPTH || schema === null || typeof schema !== 'object' || Array.isArray(schema)) return 'unknown'
  const s = schema as Record<string, unknown>
  if (typeof s.$ref === 'string') return typeName(refName(s.$ref))
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum.map((v) => (v === null || ['string', 'number', 'boolean'].includes(typeof v) ? JSON.stringify(v) : 'unknown')).join(' | ')
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = s[key]
    if (Array.isArray(list) && list.length > 0) {
      const parts = list.map((x) => tsType(x, typeName, depth + 1))
      return parts.length === 1 ? parts[0]! : `(${parts.join(key === 'allOf' ? ' & ' : ' | ')})`
    }
  }
  const type = s.type
  if (Array.isArray(type)) return type.map((t) => tsType({ ...s, type: t }, typeName, depth + 1)).join(' | ')
  switch (type) {
    case 'string':
      return 'string'
    case 'number':
    case 'integer':
      return 'number'
    case 'boolean':
      return 'boolean'
    case 'null':
      return 'null'
    case 'array':
      return `Array<${Array.isArray(s.items) ? 'unknown' : tsType(s.items ?? {}, typeName, depth + 1)}>`
    case 'object':
    case undefined:
      if (type === undefined && s.properties === undefined) return 'unknown'
      return objectType(s, typeName, depth)
    default:
      return 'unknown'
  }
}

function objectType(s: Record<string, unknown>, typeName: (model: string) => string, depth: number): string {
  const props = s.properties !== null && typeof s.properties === 'object' ? (s.properties as Record<string, unknown>) : {}
  const required = new Set(Array.isArray(s.required) ? s.required.filter((r): r is string => typeof r === 'string') : [])
  const members = Object.entries(props).map(([name, sub]) => {
    const doc = sub !== null && typeof sub === 'object' && typeof (sub as { description?: unknown }).description === 'string' ? `/** ${(sub as { description: string }).description.replaceAll('*/', '*\\/')} */ ` : ''
    return `${doc}${propertyName(name)}${required.has(name) ? '' : '?'}: ${tsType(sub, typeName, depth + 1)}`
  })
  const extra = s.additionalProperties
  if (extra !== false && (extra !== undefined || members.length === 0)) {
    members.push(`[key: string]: ${extra === true || extra === undefined ? 'unknown' : 'unknown /* ' + tsType(extra, typeName, depth + 1).replaceAll('*/', '') + ' */'}`)
  }
  return members.length === 0 ? 'Record<string, never>' : `{ ${members.join('; ')} }`
}

function propertyName(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name)
}

/** a model name as a TypeScript identifier */
export function typeIdentifier(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_$]/g, '_')
  return /^[0-9]/.test(cleaned) ? `_${cleaned}` : cleaned
}
