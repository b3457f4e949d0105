import { DOCUMENTATION_PART_TYPES, MAX_DOCUMENTATION_PARTS, type DocumentationPart, type RestApiDefinition } from '../../model/index.ts'
import { newPartId } from '../../openapi/documentation-import.ts'
import { ApiError, badRequest, notFound } from '../protocol/errors.ts'
import type { Operation } from '../protocol/operation.ts'
import { applyPatch, type PatchRule } from '../protocol/patch.ts'
import { paginate } from '../protocol/paging.ts'
import { changeApi, loadApi } from './support/api-access.ts'
import { enumError, partExists, readLocation, readProperties, renderPart } from './support/documentation-location.ts'
import { locationKey } from '../../model/documentation-location.ts'

/**
 * CreateDocumentationPart, GetDocumentationPart(s), UpdateDocumentationPart,
 * DeleteDocumentationPart. Parts live in the API's definition (one per location, at most
 * 2,000); ImportDocumentationParts is in documentation-import.ts.
 */

const API = '/restapis/{restapi_id}/documentation/parts'
const ONE = `${API}/{part_id}`

const unknownPart = () => notFound('Invalid Documentation part identifier specified')

function findPart(definition: RestApiDefinition, id: string): DocumentationPart {
  const part = definition.documentationParts?.find((p) => p.id === id)
  if (!part) throw unknownPart()
  return part
}

/** AWS's quota, checked before a write that would pass it */
export function checkPartQuota(count: number): void {
  if (count > MAX_DOCUMENTATION_PARTS) {
    throw new ApiError('LimitExceededException', `Documentation parts limit exceeded: an API can have at most ${MAX_DOCUMENTATION_PARTS} documentation parts`)
  }
}

const PATCH_RULES: PatchRule<DocumentationPart>[] = [
  {
    path: '/properties',
    ops: ['replace'],
    apply(part, change) {
      part.properties = readProperties(change.value)
    },
  },
]

export const documentationPartOperations: Operation[] = [
  {
    name: 'CreateDocumentationPart',
    method: 'POST',
    path: API,
    successStatus: 201,
    async handler({ params, body }, services) {
      const location = readLocation(body.location)
      const properties = readProperties(body.properties)
      return changeApi(services, params.restapi_id!, (definition) => {
        const parts = (definition.documentationParts ??= [])
        const key = locationKey(location)
        if (parts.some((p) => locationKey(p.location) === key)) throw partExists(location)
        checkPartQuota(parts.length + 1)
        const part: DocumentationPart = { id: newPartId(new Set(parts.map((p) => p.id))), location, properties }
        parts.push(part)
        return renderPart(part)
      })
    },
  },
  {
    name: 'GetDocumentationParts',
    method: 'GET',
    path: API,
    successStatus: 200,
    async handler({ params, query }, services) {
      const { definition } = await loadApi(services, params.restapi_id!)
      const filter = readFilter(query)
      const parts = (definition.documentationParts ?? []).filter(filter)
      return paginate(parts.map(renderPart), query)
    },
  },
  {
    name: 'GetDocumentationPart',
    method: 'GET',
    path: ONE,
    successStatus: 200,
    async handler({ params }, services) {
      const { definition } = await loadApi(services, params.restapi_id!)
      return renderPart(findPart(definition, params.part_id!))
    },
  },
  {
    name: 'UpdateDocumentationPart',
    method: 'PATCH',
    path: ONE,
    successStatus: 200,
    async handler({ params, body }, services) {
      return changeApi(services, params.restapi_id!, (definition) => {
        const part = findPart(definition, params.part_id!)
        Object.assign(part, applyPatch(part, body.patchOperations, PATCH_RULES))
        return renderPart(part)
      })
    },
  },
  {
    name: 'DeleteDocumentationPart',
    method: 'DELETE',
    path: ONE,
    successStatus: 202,
    async handler({ params }, services) {
      const id = params.part_id!
      return changeApi(services, params.restapi_id!, (definition) => {
        findPart(definition, id)
        definition.documentationParts = definition.documentationParts!.filter((p) => p.id !== id)
        return {}
      })
    },
  },
]

/**
 * GetDocumentationParts' filters: `type` and `path` exact, `name` as a prefix of the location's
 * name, `locationStatus` DOCUMENTED (properties with content) or UNDOCUMENTED (`{}`).
 */
function readFilter(query: URLSearchParams): (part: DocumentationPart) => boolean {
  const type = query.get('type')
  if (type !== null && !(DOCUMENTATION_PART_TYPES as readonly string[]).includes(type)) throw enumError(type, 'type')
  const status = query.get('locationStatus')
  if (status !== null && status !== 'DOCUMENTED' && status !== 'UNDOCUMENTED') {
    throw new ApiError(
      'ValidationException',
      `1 validation error detected: Value '${status}' at 'locationStatus' failed to satisfy constraint: Member must satisfy enum value set: [DOCUMENTED, UNDOCUMENTED]`,
    )
  }
  const name = query.get('name')
  const path = query.get('path')
  if (path !== null && !path.startsWith('/')) throw badRequest(`Invalid path specified: '${path}'`)
  return (part) =>
    (type === null || part.location.type === type) &&
    (path === null || part.location.path === path) &&
    (name === null || (part.location.name ?? '').startsWith(name)) &&
    (status === null || (status === 'DOCUMENTED') === documented(part))
}

function documented(part: DocumentationPart): boolean {
  try {
    const value = JSON.parse(part.properties) as Record<string, unknown>
    return Object.keys(value).length > 0
  } catch {
    return part.properties.trim() !== ''
  }
}
