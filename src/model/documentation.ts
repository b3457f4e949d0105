/**
 * API documentation (apigateway v1): documentation parts attached to API entities by location,
 * and documentation versions that snapshot them. A part's content (`properties`) is free-form
 * JSON that AWS keeps as text; Portico keeps it as sent.
 */

/** In the order AWS lists them in its enum ValidationException text (recorded against AWS). */
export const DOCUMENTATION_PART_TYPES = [
  'RESPONSE_BODY',
  'RESPONSE',
  'METHOD',
  'MODEL',
  'AUTHORIZER',
  'RESPONSE_HEADER',
  'RESOURCE',
  'PATH_PARAMETER',
  'REQUEST_BODY',
  'QUERY_PARAMETER',
  'API',
  'REQUEST_HEADER',
] as const
export type DocumentationPartType = (typeof DOCUMENTATION_PART_TYPES)[number]
/** the same set, named for what a lookup documents */
export type DocumentedEntityType = DocumentationPartType

/** The entity a part documents; fields a type does not use are absent, the ones it uses are filled with AWS's defaults. */
export interface DocumentationPartLocation {
  type: DocumentationPartType
  path?: string
  method?: string
  statusCode?: string
  name?: string
}

export interface DocumentationPart {
  id: string
  location: DocumentationPartLocation
  /** a JSON object, as text (the wire carries it as a string) */
  properties: string
}

export interface DocumentationVersion {
  version: string
  /** epoch seconds */
  createdDate: number
  description?: string
  /** the API's parts when the version was created */
  parts: DocumentationPart[]
}

/** AWS's quota of documentation parts per API. */
export const MAX_DOCUMENTATION_PARTS = 2000
