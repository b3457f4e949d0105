/** Type guards for the untyped JSON the importer walks; nothing here knows about OpenAPI. */

export type JsonObject = Record<string, unknown>

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

export function isStringMap(v: unknown): v is Record<string, string> {
  return isObject(v) && Object.values(v).every((x) => typeof x === 'string')
}

/** Own entries of an object, or none when it is not one (the caller reports the shape). */
export function entries(v: unknown): Array<[string, unknown]> {
  return isObject(v) ? Object.entries(v) : []
}

/** A shallow copy without the empty-map case: absent and `{}` mean the same to AWS. */
export function nonEmpty<T>(map: Record<string, T> | undefined): Record<string, T> | undefined {
  return map && Object.keys(map).length > 0 ? { ...map } : undefined
}

/** Drops `undefined` members so deep equality and JSON output agree. */
export function compact<T extends object>(obj: T): T {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(obj)) if (v !== undefined) out[k] = v
  return out as T
}
