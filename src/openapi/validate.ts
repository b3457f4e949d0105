import { isObject, type JsonObject } from './json.ts'
import { child, type Problems } from './problems.ts'
import type { SpecVersion } from './context.ts'

/** Path item keys that declare an operation, with the API Gateway method each becomes. */
export const OPERATION_KEYS: Record<string, string> = {
  get: 'GET',
  put: 'PUT',
  post: 'POST',
  delete: 'DELETE',
  patch: 'PATCH',
  options: 'OPTIONS',
  head: 'HEAD',
  'x-amazon-apigateway-any-method': 'ANY',
}

/** Path item keys that are not operations but are allowed. */
const PATH_ITEM_FIELDS = new Set(['parameters', 'summary', 'description', 'servers', '$ref'])

export const INVALID_METHOD = 'Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY'

/**
 * The document's outer shape: a version we read, an `info.title` to name the API, and `paths`
 * whose items hold only operations API Gateway has. When the version is missing or unsupported
 * the document is still read (as the version its layout suggests), so that every other problem
 * is reported too; the import fails on the version error regardless.
 */
export function validateShape(doc: unknown, problems: Problems): { doc: JsonObject; version: SpecVersion } | undefined {
  if (!isObject(doc)) {
    problems.error('', 'The document must be an object with an openapi or swagger version')
    return undefined
  }
  const version = specVersion(doc, problems)

  if (!isObject(doc.info)) problems.error('/info', 'Missing info object')
  else if (typeof doc.info.title !== 'string' || doc.info.title.trim() === '') {
    problems.error('/info/title', 'Missing API name: info.title must be a non-empty string')
  }

  if (doc.paths === undefined) problems.error('/paths', 'Missing paths object')
  else if (!isObject(doc.paths)) problems.error('/paths', 'paths must be an object')
  else {
    for (const [path, item] of Object.entries(doc.paths)) {
      const at = child('/paths', path)
      if (!isObject(item)) {
        problems.error(at, 'A path item must be an object')
        continue
      }
      for (const [key, op] of Object.entries(item)) {
        if (key in OPERATION_KEYS) {
          if (!isObject(op)) problems.error(child(at, key), 'An operation must be an object')
        } else if (!PATH_ITEM_FIELDS.has(key) && !key.startsWith('x-')) {
          problems.error(child(at, key), `${INVALID_METHOD} (found '${key}')`)
        }
      }
    }
  }
  return { doc, version: version ?? (doc.swagger !== undefined || doc.definitions !== undefined ? 'swagger2' : 'oas3') }
}

function specVersion(doc: JsonObject, problems: Problems): SpecVersion | undefined {
  if (doc.swagger !== undefined) {
    if (doc.swagger === '2.0') return 'swagger2'
    problems.error('/swagger', `Unsupported Swagger version: ${String(doc.swagger)}. Only "2.0" is supported`)
    return undefined
  }
  if (doc.openapi !== undefined) {
    if (typeof doc.openapi === 'string' && /^3\.0\.\d+$/.test(doc.openapi)) return 'oas3'
    problems.error('/openapi', `Unsupported OpenAPI version: ${String(doc.openapi)}. Only 3.0.x is supported`)
    return undefined
  }
  problems.error('', 'Missing version: the document needs "openapi: 3.0.x" or "swagger: 2.0"')
  return undefined
}
