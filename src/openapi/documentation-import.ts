import { newId } from '../lib/ids.ts'
import type { DocumentationPart, DocumentationPartLocation } from '../model/index.ts'
import { DocumentationLocationError, locationKey, normaliseLocation } from '../model/documentation-location.ts'
import { isObject, type JsonObject } from './json.ts'
import type { Problems } from './problems.ts'

/**
 * `x-amazon-apigateway-documentation` on import: `{version, documentationParts: [{location,
 * properties}]}`, where `properties` is a JSON object (on the management API it is text). A part
 * with a bad location is a warning and left out, as AWS's importer reports it; the rest import.
 */

export const DOCUMENTATION_EXTENSION = 'x-amazon-apigateway-documentation'

export interface ImportedPart {
  location: DocumentationPartLocation
  properties: string
}

/** the extension's parts, or undefined when the document has no extension */
export function readDocumentationExtension(doc: JsonObject, problems: Problems): ImportedPart[] | undefined {
  const ext = doc[DOCUMENTATION_EXTENSION]
  if (ext === undefined) return undefined
  const at = `/${DOCUMENTATION_EXTENSION}`
  if (!isObject(ext) || !Array.isArray(ext.documentationParts)) {
    problems.error(at, `${DOCUMENTATION_EXTENSION} must be an object with a documentationParts array`)
    return []
  }
  const parts: ImportedPart[] = []
  const seen = new Set<string>()
  ext.documentationParts.forEach((raw: unknown, i) => {
    const partAt = `${at}/documentationParts/${i}`
    if (!isObject(raw) || !isObject(raw.location)) {
      problems.warn(partAt, 'Documentation part ignored: it has no location')
      return
    }
    let location: DocumentationPartLocation
    try {
      location = normaliseLocation(raw.location)
    } catch (error) {
      if (!(error instanceof DocumentationLocationError)) throw error
      problems.warn(`${partAt}/location`, `Documentation part ignored: ${error.message}`)
      return
    }
    const key = locationKey(location)
    if (seen.has(key)) {
      problems.warn(partAt, `Documentation part ignored: another part documents the same location (type '${location.type}')`)
      return
    }
    seen.add(key)
    const properties = raw.properties
    // AWS's extension carries an object; a string holding one (the management API's form) is accepted too
    const text = typeof properties === 'string' ? properties : JSON.stringify(properties ?? {})
    if (!isJsonObjectText(text)) {
      problems.warn(`${partAt}/properties`, 'Documentation part ignored: properties must be a JSON object')
      return
    }
    parts.push({ location, properties: text })
  })
  return parts
}

function isJsonObjectText(text: string): boolean {
  try {
    return isObject(JSON.parse(text))
  } catch {
    return false
  }
}

export interface MergedParts {
  parts: DocumentationPart[]
  /** the ids of the imported parts, in the document's order */
  ids: string[]
}

/**
 * Applies imported parts to an API's parts. `merge` keeps every existing part, replacing the
 * properties of those at an imported location (their ids stay); `overwrite` replaces the whole
 * collection with new ids (AWS: "all ids change").
 */
export function mergeParts(existing: readonly DocumentationPart[], imported: readonly ImportedPart[], mode: 'merge' | 'overwrite'): MergedParts {
  const taken = new Set<string>()
  if (mode === 'overwrite') {
    const parts = imported.map((p) => ({ id: newPartId(taken), location: p.location, properties: p.properties }))
    return { parts, ids: parts.map((p) => p.id) }
  }
  for (const p of existing) taken.add(p.id)
  const parts = existing.map((p) => ({ ...p }))
  const byKey = new Map(parts.map((p) => [locationKey(p.location), p]))
  const ids: string[] = []
  for (const p of imported) {
    const found = byKey.get(locationKey(p.location))
    if (found) {
      found.properties = p.properties
      ids.push(found.id)
    } else {
      const part = { id: newPartId(taken), location: p.location, properties: p.properties }
      parts.push(part)
      byKey.set(locationKey(p.location), part)
      ids.push(part.id)
    }
  }
  return { parts, ids }
}

/** a 6-character id (AWS's length) not in `taken`, which it joins: 2,000 random ids could collide */
export function newPartId(taken: Set<string>): string {
  let id = newId(6)
  while (taken.has(id)) id = newId(6)
  taken.add(id)
  return id
}
