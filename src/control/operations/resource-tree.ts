import type { RestApiDefinition, Method, Resource } from '../../model/index.ts'
import type { ApiError } from '../protocol/errors.ts'
import { notFound } from '../protocol/errors.ts'

/** Lookups in an API's resource tree with AWS's 404 texts, shared by resources, methods and integrations. */

export const unknownResource = (): ApiError => notFound('Invalid Resource identifier specified')
export const unknownMethod = (): ApiError => notFound('Invalid Method identifier specified')
export const unknownIntegration = (): ApiError => notFound('Invalid Integration identifier specified')
export const unknownStatus = (): ApiError => notFound('Invalid Response status code specified')

export function findResource(definition: RestApiDefinition, resourceId: string): Resource {
  const resource = definition.resources.find((r) => r.id === resourceId)
  if (!resource) throw unknownResource()
  return resource
}

export function findMethod(definition: RestApiDefinition, resourceId: string, httpMethod: string): Method {
  const method = findResource(definition, resourceId).resourceMethods?.[httpMethod]
  if (!method) throw unknownMethod()
  return method
}

export function isVariable(pathPart: string | undefined): boolean {
  return pathPart !== undefined && pathPart.startsWith('{') && pathPart.endsWith('}')
}

export function isGreedy(pathPart: string | undefined): boolean {
  return pathPart !== undefined && pathPart.startsWith('{') && pathPart.endsWith('+}')
}

/** Every resource's `path` from its parent chain (after a move or rename). */
export function recomputePaths(definition: RestApiDefinition): void {
  const byId = new Map(definition.resources.map((r) => [r.id, r]))
  const pathOf = (r: Resource, depth: number): string => {
    if (r.parentId === undefined || depth > byId.size) return '/'
    const parent = byId.get(r.parentId)
    const base = parent ? pathOf(parent, depth + 1) : '/'
    return base === '/' ? `/${r.pathPart}` : `${base}/${r.pathPart}`
  }
  for (const r of definition.resources) r.path = pathOf(r, 0)
}

/** The ids of a resource and everything under it. */
export function subtreeIds(definition: RestApiDefinition, rootId: string): Set<string> {
  const ids = new Set([rootId])
  let grew = true
  while (grew) {
    grew = false
    for (const r of definition.resources) {
      if (r.parentId !== undefined && ids.has(r.parentId) && !ids.has(r.id)) {
        ids.add(r.id)
        grew = true
      }
    }
  }
  return ids
}

/**
 * A Resource as AWS sends it. Without `embed=methods` AWS still names the methods, each as an
 * empty object (`"resourceMethods": {"GET": {}}`); with it, each is the full Method.
 */
export function resourceShape(resource: Resource, embedMethods: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { id: resource.id }
  if (resource.parentId !== undefined) out.parentId = resource.parentId
  if (resource.pathPart !== undefined) out.pathPart = resource.pathPart
  out.path = resource.path
  const methods = resource.resourceMethods
  if (methods && Object.keys(methods).length > 0) {
    const shaped: Record<string, unknown> = {}
    for (const [verb, method] of Object.entries(methods)) shaped[verb] = embedMethods ? structuredClone(method) : {}
    out.resourceMethods = shaped
  }
  return out
}

/** `?embed=methods` (also `embed=methods,other` and repeated `embed`). */
export function embedsMethods(query: URLSearchParams): boolean {
  return query.getAll('embed').some((v) => v.split(',').map((s) => s.trim()).includes('methods'))
}
