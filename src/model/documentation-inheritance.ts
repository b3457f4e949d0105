import type { DocumentationPart, DocumentationPartLocation, DocumentationPartType } from './documentation.ts'

/**
 * Which documentation part documents an entity, with AWS's inheritance: a part whose optional
 * location fields are left at their defaults (`path` `/`, `method` `*`, `statusCode` `*`) also
 * documents every more specific entity of its type that has no part of its own. `path` matches
 * by prefix (whole segments), `method` and `statusCode` exactly unless `*`, `name` always
 * exactly. The most specific part wins: the longest path, then an exact status code, then an
 * exact method (AWS: "path > statusCode").
 *
 * AWS's API reference says METHOD and REQUEST_BODY parts are not inherited; its developer guide
 * lists both as inheritable. Portico follows the developer guide (docs/compatibility.md).
 */

/** the types whose parts are never inherited: they document exactly one entity */
const NOT_INHERITED: ReadonlySet<DocumentationPartType> = new Set(['API', 'AUTHORIZER', 'MODEL', 'RESOURCE'])

/** The entity to look up: a location with every field the type uses filled in. */
export type DocumentedEntity = DocumentationPartLocation

/** The parts of one API, indexed for many lookups (an export, an SDK). */
export class DocumentationIndex {
  readonly #byKey = new Map<string, DocumentationPart[]>()

  constructor(parts: readonly DocumentationPart[]) {
    for (const part of parts) {
      const key = indexKey(part.location.type, part.location.name)
      const list = this.#byKey.get(key)
      if (list) list.push(part)
      else this.#byKey.set(key, [part])
    }
  }

  /** the part documenting `entity`, its own or inherited; undefined when none applies */
  find(entity: DocumentedEntity): DocumentationPart | undefined {
    const candidates = this.#byKey.get(indexKey(entity.type, entity.name))
    if (!candidates) return undefined
    if (NOT_INHERITED.has(entity.type)) return candidates.find((p) => sameLocation(p.location, entity))
    let best: DocumentationPart | undefined
    let bestRank = -1
    for (const part of candidates) {
      const rank = matchRank(part.location, entity)
      if (rank > bestRank) {
        best = part
        bestRank = rank
      }
    }
    return best
  }

  /** the parsed `properties` of the part documenting `entity`, or undefined */
  properties(entity: DocumentedEntity): Record<string, unknown> | undefined {
    const part = this.find(entity)
    return part ? parseProperties(part.properties) : undefined
  }
}

/** a part's properties as an object; text that is not a JSON object reads as `{description: text}` */
export function parseProperties(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text)
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>
  } catch {
    // fall through: plain text documents as a description
  }
  return { description: text }
}

function indexKey(type: string, name: string | undefined): string {
  return `${type}\u0000${name ?? ''}`
}

function sameLocation(a: DocumentationPartLocation, b: DocumentationPartLocation): boolean {
  return a.path === b.path && a.method === b.method && a.statusCode === b.statusCode && a.name === b.name
}

/** -1 when `part` does not apply to `entity`, else higher for more specific parts */
function matchRank(part: DocumentationPartLocation, entity: DocumentedEntity): number {
  const path = part.path ?? '/'
  if (!pathCovers(path, entity.path ?? '/')) return -1
  if (part.method !== undefined && part.method !== '*' && part.method !== entity.method) return -1
  if (part.statusCode !== undefined && part.statusCode !== '*' && part.statusCode !== entity.statusCode) return -1
  const statusExact = part.statusCode !== undefined && part.statusCode !== '*' ? 1 : 0
  const methodExact = part.method !== undefined && part.method !== '*' ? 1 : 0
  return path.length * 4 + statusExact * 2 + methodExact
}

/** `/` covers every path; `/pets` covers `/pets` and `/pets/{id}`, not `/petshop` */
function pathCovers(prefix: string, path: string): boolean {
  if (prefix === '/' || prefix === path) return true
  return path.startsWith(prefix) && path[prefix.length] === '/'
}
