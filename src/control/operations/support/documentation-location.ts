import { DOCUMENTATION_PART_TYPES, type DocumentationPart, type DocumentationPartLocation } from '../../../model/index.ts'
import { DocumentationLocationError, normaliseLocation, renderLocation } from '../../../model/documentation-location.ts'
import { ApiError, badRequest, conflict } from '../../protocol/errors.ts'

/** Documentation parts at the management API's edge: AWS's error shapes around model/documentation-location.ts. */

/**
 * The checked, normalised location. `input` names the request member in the enum
 * ValidationException (`createDocumentationPartInput`, as AWS's Coral front end names it).
 */
export function readLocation(raw: unknown, input = 'createDocumentationPartInput'): DocumentationPartLocation {
  if (raw === undefined || raw === null) throw badRequest('Documentation part location must not be null')
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ApiError('SerializationException', "Unexpected value type for member 'location'")
  try {
    return normaliseLocation(raw as Record<string, unknown>)
  } catch (error) {
    if (!(error instanceof DocumentationLocationError)) throw error
    if (error.invalidType !== undefined) throw enumError(error.invalidType, `${input}.location.type`)
    throw badRequest(error.message)
  }
}

/** Coral's enum ValidationException for a location type (recorded against AWS) */
export function enumError(value: string, member: string): ApiError {
  return new ApiError(
    'ValidationException',
    `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy enum value set: [${DOCUMENTATION_PART_TYPES.join(', ')}]`,
  )
}

export function renderPart(part: DocumentationPart): Record<string, unknown> {
  return { id: part.id, location: renderLocation(part.location), properties: part.properties }
}

/** AWS's 409 for a second part at one location: `type 'API'` then each field the type uses */
export function partExists(location: DocumentationPartLocation): ApiError {
  const fields = (['path', 'method', 'statusCode', 'name'] as const)
    .filter((f) => location[f] !== undefined)
    .map((f) => `, ${f} '${location[f]}'`)
    .join('')
  return conflict(`Documentation part already exists for the specified location: type '${location.type}'${fields}.`)
}

/**
 * `properties` must be a JSON object as text (AWS keeps it as text; the SDKs send a string).
 * Portico rejects text that is not a JSON object rather than publish documentation nobody can read.
 */
export function readProperties(raw: unknown): string {
  if (raw === undefined || raw === null) throw badRequest('Documentation part properties must not be null')
  if (typeof raw !== 'string') throw new ApiError('SerializationException', "Unexpected value type for member 'properties'")
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    throw badRequest('Invalid documentation properties specified: not valid JSON')
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw badRequest('Invalid documentation properties specified: must be a JSON object')
  return raw
}
