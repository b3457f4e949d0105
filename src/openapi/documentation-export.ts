import type { DocumentationVersion, DocumentedEntityType } from '../model/index.ts'
import { DocumentationIndex } from '../model/documentation-inheritance.ts'
import { renderLocation } from '../model/documentation-location.ts'
import { isObject, type JsonObject } from './json.ts'
import { DOCUMENTATION_EXTENSION } from './documentation-import.ts'
import { OPERATION_KEYS } from './validate.ts'

/**
 * GetExport with a stage's documentation version: each entity of the document gets the
 * OpenAPI-recognised properties of the part documenting it, its own or inherited (`info` and
 * root `x-*` from API; `summary`, `description`, `tags`… on operations from METHOD; parameter,
 * request body, response, response header and schema descriptions), and the whole version
 * travels in the root `x-amazon-apigateway-documentation`, where keys OpenAPI has no place for
 * survive a round trip.
 */

const OPERATION_KEYS_KNOWN = ['summary', 'description', 'tags', 'externalDocs', 'deprecated']
const INFO_KEYS = ['title', 'description', 'termsOfService', 'contact', 'license', 'version']
const PARAMETER_KEYS = ['description', 'deprecated', 'example']
const RESPONSE_KEYS = ['description']
const SCHEMA_KEYS = ['title', 'description', 'example']

const IN_TO_TYPE: Record<string, DocumentedEntityType> = { path: 'PATH_PARAMETER', query: 'QUERY_PARAMETER', header: 'REQUEST_HEADER' }

export function injectDocumentation(doc: JsonObject, version: DocumentationVersion, swagger: boolean): void {
  const index = new DocumentationIndex(version.parts)
  const api = index.properties({ type: 'API' })
  if (api) {
    const info = isObject(doc.info) ? doc.info : (doc.info = {})
    copyKeys(isObject(api.info) ? api.info : api, info as JsonObject, INFO_KEYS)
    copyExtensions(api, doc)
  }
  for (const [path, item] of Object.entries(isObject(doc.paths) ? doc.paths : {})) {
    if (!isObject(item)) continue
    for (const [key, operation] of Object.entries(item)) {
      const method = OPERATION_KEYS[key]
      if (!method || !isObject(operation)) continue
      documentOperation(index, path, method, operation, swagger)
    }
  }
  const schemas = swagger ? doc.definitions : isObject(doc.components) ? doc.components.schemas : undefined
  for (const [name, schema] of Object.entries(isObject(schemas) ? schemas : {})) {
    const props = index.properties({ type: 'MODEL', name })
    if (props && isObject(schema)) copyKeys(props, schema, SCHEMA_KEYS)
  }
  doc[DOCUMENTATION_EXTENSION] = {
    version: version.version,
    createdDate: new Date(version.createdDate * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    documentationParts: version.parts.map((p) => ({ location: renderLocation(p.location), properties: JSON.parse(p.properties) as unknown })),
  }
}

function documentOperation(index: DocumentationIndex, path: string, method: string, operation: JsonObject, swagger: boolean): void {
  const props = index.properties({ type: 'METHOD', path, method })
  if (props) copyKeys(props, operation, OPERATION_KEYS_KNOWN, true)
  for (const parameter of Array.isArray(operation.parameters) ? operation.parameters : []) {
    if (!isObject(parameter) || typeof parameter.name !== 'string') continue
    const type = parameter.in === 'body' ? 'REQUEST_BODY' : IN_TO_TYPE[String(parameter.in)]
    if (!type) continue
    const found = type === 'REQUEST_BODY' ? index.properties({ type, path, method }) : index.properties({ type, path, method, name: parameter.name })
    if (found) copyKeys(found, parameter, PARAMETER_KEYS, true)
  }
  if (!swagger && isObject(operation.requestBody)) {
    const found = index.properties({ type: 'REQUEST_BODY', path, method })
    if (found) copyKeys(found, operation.requestBody, ['description'], true)
  }
  for (const [statusCode, response] of Object.entries(isObject(operation.responses) ? operation.responses : {})) {
    if (!isObject(response)) continue
    const found = index.properties({ type: 'RESPONSE', path, method, statusCode })
    if (found) copyKeys(found, response, RESPONSE_KEYS, true)
    for (const [name, header] of Object.entries(isObject(response.headers) ? response.headers : {})) {
      const h = index.properties({ type: 'RESPONSE_HEADER', path, method, statusCode, name })
      if (h && isObject(header)) copyKeys(h, header, ['description'], true)
    }
  }
}

function copyKeys(from: JsonObject, to: JsonObject, keys: readonly string[], extensions = false): void {
  for (const key of keys) if (from[key] !== undefined) to[key] = from[key]
  if (extensions) copyExtensions(from, to)
}

function copyExtensions(from: JsonObject, to: JsonObject): void {
  for (const [key, value] of Object.entries(from)) if (key.startsWith('x-') && !key.startsWith('x-amazon-apigateway-')) to[key] = value
}
