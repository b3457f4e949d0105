import {
  DOCUMENTATION_PART_TYPES,
  type DocumentationPartLocation,
  type DocumentationPartType,
} from './documentation.ts'

/**
 * A documentation part's `location`, checked: the type is one of AWS's, only the fields that
 * type uses are given, the required ones are present, and the optional ones are filled with
 * AWS's defaults (`path` `/`, `method` `*`, `statusCode` `*`), so that two locations naming one
 * entity compare equal and inheritance reads them as they are. Shared by the management API and
 * the OpenAPI importer (`x-amazon-apigateway-documentation`).
 */

/** why a location was refused; `invalidType` set when the type is not one of AWS's (a ValidationException there) */
export class DocumentationLocationError extends Error {
  override name = 'DocumentationLocationError'
  constructor(
    message: string,
    readonly invalidType?: string,
  ) {
    super(message)
  }
}

type Field = 'path' | 'method' | 'statusCode' | 'name'
const FIELDS: readonly Field[] = ['path', 'method', 'statusCode', 'name']

interface TypeRule {
  fields: readonly Field[]
  /** fields without a default */
  required: readonly Field[]
}

const PARAMETER: TypeRule = { fields: ['path', 'method', 'name'], required: ['name'] }

const RULES: Record<DocumentationPartType, TypeRule> = {
  API: { fields: [], required: [] },
  RESOURCE: { fields: ['path'], required: [] },
  METHOD: { fields: ['path', 'method'], required: [] },
  PATH_PARAMETER: PARAMETER,
  QUERY_PARAMETER: PARAMETER,
  REQUEST_HEADER: PARAMETER,
  REQUEST_BODY: { fields: ['path', 'method'], required: [] },
  RESPONSE: { fields: ['path', 'method', 'statusCode'], required: [] },
  RESPONSE_BODY: { fields: ['path', 'method', 'statusCode'], required: [] },
  RESPONSE_HEADER: { fields: ['path', 'method', 'statusCode', 'name'], required: ['name'] },
  AUTHORIZER: { fields: ['name'], required: ['name'] },
  MODEL: { fields: ['name'], required: ['name'] },
}

const DEFAULTS: Record<Field, string | undefined> = { path: '/', method: '*', statusCode: '*', name: undefined }

/** The checked, normalised location; throws DocumentationLocationError. */
export function normaliseLocation(given: Record<string, unknown>): DocumentationPartLocation {
  const type = given.type
  if (typeof type !== 'string') throw new DocumentationLocationError('Documentation part location type must not be null')
  if (!(DOCUMENTATION_PART_TYPES as readonly string[]).includes(type)) throw new DocumentationLocationError(`Invalid location type: ${type}`, type)
  const rule = RULES[type as DocumentationPartType]
  const location: DocumentationPartLocation = { type: type as DocumentationPartType }
  for (const field of FIELDS) {
    const value = given[field]
    if (value === undefined || value === null) {
      if (rule.required.includes(field)) throw new DocumentationLocationError(`Invalid documentation location: '${field}' is required for location type '${type}'`)
      if (rule.fields.includes(field) && DEFAULTS[field] !== undefined) location[field] = DEFAULTS[field]
      continue
    }
    if (typeof value !== 'string') throw new DocumentationLocationError(`Invalid documentation location: '${field}' must be a string`)
    if (!rule.fields.includes(field)) throw new DocumentationLocationError(`Invalid documentation location: '${field}' is not valid for location type '${type}'`)
    location[field] = checkField(field, value)
  }
  return location
}

function checkField(field: Field, value: string): string {
  switch (field) {
    case 'path':
      if (!value.startsWith('/') || (value.length > 1 && value.endsWith('/'))) throw new DocumentationLocationError(`Invalid documentation location path: '${value}'`)
      return value
    case 'method':
      if (!/^(\*|[A-Za-z]+)$/.test(value)) throw new DocumentationLocationError(`Invalid documentation location method: '${value}'`)
      return value === '*' ? value : value.toUpperCase()
    case 'statusCode':
      if (!/^([1-5]\d\d|\*)$/.test(value)) throw new DocumentationLocationError(`Invalid documentation location statusCode: '${value}'`)
      return value
    case 'name':
      if (value.trim() === '') throw new DocumentationLocationError("Invalid documentation location: 'name' must not be blank")
      return value
  }
}

/** one string per entity, for uniqueness (one part per location) */
export function locationKey(location: DocumentationPartLocation): string {
  return [location.type, location.path ?? '', location.method ?? '', location.statusCode ?? '', location.name ?? ''].join('\u0000')
}

/** The wire shape: the type's fields in AWS's order, unset ones absent (as AWS's recorded answers show). */
export function renderLocation(location: DocumentationPartLocation): Record<string, string> {
  return {
    type: location.type,
    ...(location.path !== undefined && { path: location.path }),
    ...(location.method !== undefined && { method: location.method }),
    ...(location.statusCode !== undefined && { statusCode: location.statusCode }),
    ...(location.name !== undefined && { name: location.name }),
  }
}
