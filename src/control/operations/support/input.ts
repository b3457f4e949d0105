import { type ApiError, badRequest, serializationError } from '../../protocol/errors.ts'

export { serializationError }

/**
 * Field readers for request bodies: validate once at the edge, then trust the typed values.
 * A member of the wrong JSON type is a SerializationException, as AWS's Coral front end answers.
 */

export function optionalString(body: Record<string, unknown>, member: string): string | undefined {
  const v = body[member]
  if (v === undefined || v === null) return undefined
  if (typeof v !== 'string') throw serializationError(member, v, 'string')
  return v
}

export function requiredString(body: Record<string, unknown>, member: string, missing: string): string {
  const v = optionalString(body, member)
  if (v === undefined) throw badRequest(missing)
  return v
}

export function optionalBoolean(body: Record<string, unknown>, member: string): boolean | undefined {
  const v = body[member]
  if (v === undefined || v === null) return undefined
  if (typeof v !== 'boolean') throw serializationError(member)
  return v
}

export function optionalNumber(body: Record<string, unknown>, member: string): number | undefined {
  const v = body[member]
  if (v === undefined || v === null) return undefined
  if (typeof v !== 'number' || !Number.isFinite(v)) throw serializationError(member)
  return v
}

export function optionalStringMap(body: Record<string, unknown>, member: string): Record<string, string> | undefined {
  const v = body[member]
  if (v === undefined || v === null) return undefined
  if (typeof v !== 'object' || Array.isArray(v)) throw serializationError(member)
  const out: Record<string, string> = {}
  for (const [k, value] of Object.entries(v as Record<string, unknown>)) {
    if (typeof value !== 'string') throw serializationError(`${member}.${k}`, value, 'string')
    out[k] = value
  }
  return out
}

export function optionalStringList(body: Record<string, unknown>, member: string): string[] | undefined {
  const v = body[member]
  if (v === undefined || v === null) return undefined
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw serializationError(member)
  return [...(v as string[])]
}

export function optionalObject(body: Record<string, unknown>, member: string): Record<string, unknown> | undefined {
  const v = body[member]
  if (v === undefined || v === null) return undefined
  if (typeof v !== 'object' || Array.isArray(v)) throw serializationError(member)
  return v as Record<string, unknown>
}

/** AWS's text for an op a resource's patch rules do not offer at all (models, validators). */
export function unsupportedPatchOp(op: string, path: string): ApiError {
  return badRequest(`Invalid patch path  '${path}' specified for op '${op}'. Please choose supported operations`)
}
