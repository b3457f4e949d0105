/** A plain object (not null, not an array): what parsed JSON or YAML must be to hold named keys. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
