import type { RestApiDefinition, Resource } from '../../model/index.ts'
import { newId } from '../../lib/ids.ts'
import { badRequest, conflict } from '../protocol/errors.ts'
import type { Operation } from '../protocol/operation.ts'
import { paginate } from '../protocol/paging.ts'
import { applyPatch, type PatchRule } from '../protocol/patch.ts'
import { changeApi, loadApi } from './support/api-access.ts'
import { optionalString } from './support/input.ts'
import { embedsMethods, findResource, isGreedy, isVariable, recomputePaths, resourceShape, subtreeIds } from './resource-tree.ts'

/** GetResources, GetResource, CreateResource, UpdateResource, DeleteResource. */

const API = '/restapis/{restapi_id}/resources'
const ONE = `${API}/{resource_id}`

const PATH_PART = /^(?:[A-Za-z0-9._-]+|\{[A-Za-z0-9._-]+\+?\})$/
const INVALID_PATH_PART =
  "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace."

/** AWS's placement rules for `pathPart` under `parentId` (`self` is the resource being moved/renamed). */
function checkPlacement(definition: RestApiDefinition, parentId: string, pathPart: string, self?: string): void {
  if (!PATH_PART.test(pathPart)) throw badRequest(INVALID_PATH_PART)
  const parent = findResource(definition, parentId)
  if (isGreedy(parent.pathPart)) throw badRequest(`Cannot create a child of a resource with a greedy path variable: ${parent.pathPart}`)
  const siblings = definition.resources.filter((r) => r.parentId === parentId && r.id !== self)
  if (siblings.some((r) => r.pathPart === pathPart)) throw conflict(`Another resource with the same parent already has this name: ${pathPart}`)
  if (isVariable(pathPart)) {
    const variable = siblings.find((r) => isVariable(r.pathPart))
    if (variable) throw badRequest(`A sibling (${variable.pathPart}) of this resource already has a variable path part -- only one is allowed`)
  }
}

const PATCH_RULES: PatchRule<Resource>[] = [
  { path: '/parentId', ops: ['replace'] },
  { path: '/pathPart', ops: ['replace'] },
]

export const resourceOperations: Operation[] = [
  {
    name: 'GetResources',
    method: 'GET',
    path: API,
    successStatus: 200,
    async handler({ params, query }, services) {
      const { definition } = await loadApi(services, params.restapi_id!)
      const embed = embedsMethods(query)
      return paginate(
        definition.resources.map((r) => resourceShape(r, embed)),
        query,
      )
    },
  },
  {
    name: 'GetResource',
    method: 'GET',
    path: ONE,
    successStatus: 200,
    async handler({ params, query }, services) {
      const { definition } = await loadApi(services, params.restapi_id!)
      return resourceShape(findResource(definition, params.resource_id!), embedsMethods(query))
    },
  },
  {
    name: 'CreateResource',
    method: 'POST',
    path: `${API}/{parent_id}`,
    successStatus: 201,
    async handler({ params, body }, services) {
      const pathPart = optionalString(body, 'pathPart') ?? ''
      return changeApi(services, params.restapi_id!, (definition) => {
        const parentId = params.parent_id!
        checkPlacement(definition, parentId, pathPart)
        const parent = findResource(definition, parentId)
        const resource: Resource = {
          id: newId(),
          parentId,
          pathPart,
          path: parent.path === '/' ? `/${pathPart}` : `${parent.path}/${pathPart}`,
        }
        definition.resources.push(resource)
        return resourceShape(resource, false)
      })
    },
  },
  {
    name: 'UpdateResource',
    method: 'PATCH',
    path: ONE,
    successStatus: 200,
    async handler({ params, body }, services) {
      return changeApi(services, params.restapi_id!, (definition) => {
        const resource = findResource(definition, params.resource_id!)
        const patched = applyPatch(resource, body.patchOperations, PATCH_RULES, { ops: ['add', 'remove', 'replace', 'move', 'copy'] })
        if (resource.parentId === undefined) {
          if (patched.parentId !== undefined || patched.pathPart !== undefined) throw badRequest('Cannot modify the root resource')
          return resourceShape(resource, false)
        }
        if (patched.parentId === undefined || patched.pathPart === undefined) throw badRequest(INVALID_PATH_PART)
        if (patched.parentId !== resource.parentId && subtreeIds(definition, resource.id).has(patched.parentId)) {
          throw badRequest('Resources cannot be cyclical.')
        }
        if (patched.parentId !== resource.parentId || patched.pathPart !== resource.pathPart) {
          checkPlacement(definition, patched.parentId, patched.pathPart, resource.id)
        }
        resource.parentId = patched.parentId
        resource.pathPart = patched.pathPart
        recomputePaths(definition)
        return resourceShape(resource, false)
      })
    },
  },
  {
    name: 'DeleteResource',
    method: 'DELETE',
    path: ONE,
    successStatus: 202,
    async handler({ params }, services) {
      return changeApi(services, params.restapi_id!, (definition) => {
        const resource = findResource(definition, params.resource_id!)
        if (resource.parentId === undefined) throw badRequest('Cannot delete the root resource')
        const gone = subtreeIds(definition, resource.id)
        definition.resources = definition.resources.filter((r) => !gone.has(r.id))
        return undefined
      })
    },
  },
]
