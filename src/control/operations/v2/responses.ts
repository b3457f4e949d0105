import type { HttpApiDefinition, V2IntegrationResponse, V2RouteResponse } from '../../../model/index.ts'
import { newId } from '../../../lib/ids.ts'
import { badRequest, conflict } from '../../protocol/errors.ts'
import type { Operation } from '../../protocol/operation.ts'
import { paginateItems } from '../../protocol/paging.ts'
import { optionalString, optionalStringMap } from '../support/input.ts'
import { changeHttpApi, loadHttpApi, unknownPart } from './v2-access.ts'
import { findIntegration } from './integrations.ts'
import { findRoute } from './routes.ts'
import { assignDefined, optionalConstraints, optionalEnum, requiredMember } from './v2-input.ts'

/**
 * Route responses and integration responses (WebSocket two-way routes): the same five
 * operations on a list kept per parent. An HTTP API stores them and nothing uses them.
 */

interface Family<T> {
  /** `RouteResponse` */
  kind: 'RouteResponse' | 'IntegrationResponse'
  /** `/v2/apis/{apiId}/routes/{routeId}/routeresponses` */
  path: string
  parentParam: string
  idParam: string
  keyMember: 'routeResponseKey' | 'integrationResponseKey'
  /** the parent exists (or its 404) */
  checkParent(definition: HttpApiDefinition, parentId: string): void
  lists(definition: HttpApiDefinition): Record<string, T[]>
  id(item: T): string
  key(item: T): string
  create(id: string, key: string): T
  apply(item: T, body: Record<string, unknown>): void
}

function familyOperations<T>(family: Family<T>): Operation[] {
  const one = `${family.path}/{${family.idParam}}`
  const find = (definition: HttpApiDefinition, parentId: string, id: string): T => {
    family.checkParent(definition, parentId)
    const item = (family.lists(definition)[parentId] ?? []).find((i) => family.id(i) === id)
    if (!item) throw unknownPart(family.kind, id)
    return item
  }
  const checkKeyFree = (definition: HttpApiDefinition, parentId: string, item: T): void => {
    if ((family.lists(definition)[parentId] ?? []).some((other) => other !== item && family.key(other) === family.key(item))) {
      throw conflict(`${family.kind} with key ${family.key(item)} already exists`)
    }
  }
  return [
    {
      name: `Create${family.kind}`,
      method: 'POST',
      path: family.path,
      successStatus: 201,
      handler: ({ params, body }, services) =>
        changeHttpApi(services, params.apiId!, (definition) => {
          const parentId = params[family.parentParam]!
          family.checkParent(definition, parentId)
          const item = family.create(newId(7), requiredMember(body, family.keyMember))
          family.apply(item, body)
          checkKeyFree(definition, parentId, item)
          const lists = family.lists(definition)
          ;(lists[parentId] ??= []).push(item)
          return item
        }),
    },
    {
      name: `Get${family.kind}s`,
      method: 'GET',
      path: family.path,
      successStatus: 200,
      async handler({ params, query }, services) {
        const { definition } = await loadHttpApi(services, params.apiId!)
        const parentId = params[family.parentParam]!
        family.checkParent(definition, parentId)
        return paginateItems(family.lists(definition)[parentId] ?? [], query)
      },
    },
    {
      name: `Get${family.kind}`,
      method: 'GET',
      path: one,
      successStatus: 200,
      async handler({ params }, services) {
        return find((await loadHttpApi(services, params.apiId!)).definition, params[family.parentParam]!, params[family.idParam]!)
      },
    },
    {
      name: `Update${family.kind}`,
      method: 'PATCH',
      path: one,
      successStatus: 200,
      handler: ({ params, body }, services) =>
        changeHttpApi(services, params.apiId!, (definition) => {
          const parentId = params[family.parentParam]!
          const item = find(definition, parentId, params[family.idParam]!)
          family.apply(item, body)
          checkKeyFree(definition, parentId, item)
          return item
        }),
    },
    {
      name: `Delete${family.kind}`,
      method: 'DELETE',
      path: one,
      successStatus: 204,
      handler: ({ params }, services) =>
        changeHttpApi(services, params.apiId!, (definition) => {
          const parentId = params[family.parentParam]!
          const item = find(definition, parentId, params[family.idParam]!)
          const lists = family.lists(definition)
          const rest = lists[parentId]!.filter((i) => i !== item)
          if (rest.length === 0) delete lists[parentId]
          else lists[parentId] = rest
          return {}
        }),
    },
  ]
}

const CONTENT_HANDLING = ['CONVERT_TO_BINARY', 'CONVERT_TO_TEXT'] as const

export const routeResponseOperations = familyOperations<V2RouteResponse>({
  kind: 'RouteResponse',
  path: '/v2/apis/{apiId}/routes/{routeId}/routeresponses',
  parentParam: 'routeId',
  idParam: 'routeResponseId',
  keyMember: 'routeResponseKey',
  checkParent: (definition, routeId) => void findRoute(definition, routeId),
  lists: (definition) => definition.routeResponses,
  id: (item) => item.routeResponseId,
  key: (item) => item.routeResponseKey,
  create: (routeResponseId, routeResponseKey) => ({ routeResponseId, routeResponseKey }),
  apply(item, body) {
    assignDefined(item, 'routeResponseKey', optionalString(body, 'routeResponseKey'))
    assignDefined(item, 'modelSelectionExpression', optionalString(body, 'modelSelectionExpression'))
    assignDefined(item, 'responseModels', optionalStringMap(body, 'responseModels'))
    assignDefined(item, 'responseParameters', optionalConstraints(body, 'responseParameters'))
  },
})

export const integrationResponseOperations = familyOperations<V2IntegrationResponse>({
  kind: 'IntegrationResponse',
  path: '/v2/apis/{apiId}/integrations/{integrationId}/integrationresponses',
  parentParam: 'integrationId',
  idParam: 'integrationResponseId',
  keyMember: 'integrationResponseKey',
  checkParent: (definition, integrationId) => void findIntegration(definition, integrationId),
  lists: (definition) => definition.integrationResponses,
  id: (item) => item.integrationResponseId,
  key: (item) => item.integrationResponseKey,
  create: (integrationResponseId, integrationResponseKey) => ({ integrationResponseId, integrationResponseKey }),
  apply(item, body) {
    const key = optionalString(body, 'integrationResponseKey')
    if (key !== undefined && key !== '$default' && !/^\/.+\/$/.test(key)) {
      throw badRequest(`Invalid integrationResponseKey ${key}: it is $default or a status code pattern between slashes, e.g. /2\\d\\d/`)
    }
    assignDefined(item, 'integrationResponseKey', key)
    assignDefined(item, 'contentHandlingStrategy', optionalEnum(body, 'contentHandlingStrategy', CONTENT_HANDLING))
    assignDefined(item, 'responseParameters', optionalStringMap(body, 'responseParameters'))
    assignDefined(item, 'responseTemplates', optionalStringMap(body, 'responseTemplates'))
    assignDefined(item, 'templateSelectionExpression', optionalString(body, 'templateSelectionExpression'))
  },
})
