import type { HttpApiDefinition, V2AuthorizationType, V2Route } from '../../../model/index.ts'
import { newId } from '../../../lib/ids.ts'
import { badRequest, notFound } from '../../protocol/errors.ts'
import type { Operation } from '../../protocol/operation.ts'
import { paginateItems } from '../../protocol/paging.ts'
import { optionalBoolean, optionalString, optionalStringList, optionalStringMap } from '../support/input.ts'
import { changeHttpApi, loadHttpApi, managedRefusal, unknownPart } from './v2-access.ts'
import { assignDefined, optionalConstraints, optionalEnum, requiredMember } from './v2-input.ts'
import { checkHttpRouteKey, checkRouteKeyFree } from './route-keys.ts'

/** GetRoutes, CreateRoute, GetRoute, UpdateRoute, DeleteRoute, DeleteRouteRequestParameter. */

const ROUTES = '/v2/apis/{apiId}/routes'
const ONE = `${ROUTES}/{routeId}`

const AUTHORIZATION_TYPES: readonly V2AuthorizationType[] = ['NONE', 'AWS_IAM', 'CUSTOM', 'JWT']

export function findRoute(definition: HttpApiDefinition, routeId: string): V2Route {
  const route = definition.routes.find((r) => r.routeId === routeId)
  if (!route) throw unknownPart('Route', routeId)
  return route
}

/** `integrations/{id}` naming one of the API's integrations. */
function checkTarget(definition: HttpApiDefinition, target: string): void {
  const m = /^integrations\/(.+)$/.exec(target)
  if (!m) throw badRequest(`Invalid target specified: ${target}. It must be integrations/{integrationId}`)
  if (!definition.integrations.some((i) => i.integrationId === m[1])) throw unknownPart('Integration', m[1]!)
}

/** The route's authorization as a whole: the type, its authorizer's type and scopes agree. */
export function checkAuthorization(definition: HttpApiDefinition, route: V2Route): void {
  const type = route.authorizationType
  if (type === 'JWT' || type === 'CUSTOM') {
    if (route.authorizerId === undefined) throw badRequest(`An authorizerId is required for authorizationType ${type}`)
    const authorizer = definition.authorizers.find((a) => a.authorizerId === route.authorizerId)
    if (!authorizer) throw unknownPart('Authorizer', route.authorizerId)
    const expected = type === 'JWT' ? 'JWT' : 'REQUEST'
    if (authorizer.authorizerType !== expected) {
      throw badRequest(`Authorizer ${authorizer.authorizerId} is of type ${authorizer.authorizerType}; authorizationType ${type} needs a ${expected} authorizer`)
    }
  } else if (route.authorizerId !== undefined) {
    throw badRequest(`An authorizerId cannot be set for authorizationType ${type}`)
  }
  if ((route.authorizationScopes?.length ?? 0) > 0 && type !== 'JWT') {
    throw badRequest('Authorization scopes are supported only for JWT authorizers')
  }
}

/** Applies the route members of CreateRoute or UpdateRoute; what is absent stays. */
function applyRouteMembers(definition: HttpApiDefinition, route: V2Route, body: Record<string, unknown>): void {
  const routeKey = optionalString(body, 'routeKey')
  if (routeKey !== undefined && routeKey !== route.routeKey) {
    if (route.apiGatewayManaged) throw managedRefusal('change the route key of this route')
    checkHttpRouteKey(routeKey)
    checkRouteKeyFree(routeKey, definition.routes.filter((r) => r !== route))
    route.routeKey = routeKey
  }
  const target = optionalString(body, 'target')
  if (target !== undefined) {
    if (target === '') delete route.target
    else {
      checkTarget(definition, target)
      route.target = target
    }
  }
  assignDefined(route, 'authorizationType', optionalEnum(body, 'authorizationType', AUTHORIZATION_TYPES))
  const authorizerId = optionalString(body, 'authorizerId')
  if (authorizerId !== undefined) {
    if (authorizerId === '') delete route.authorizerId
    else route.authorizerId = authorizerId
  }
  if (route.authorizationType === 'NONE' || route.authorizationType === 'AWS_IAM') {
    // switching a route to no authorizer drops the one it had, as AWS does
    if (authorizerId === undefined) delete route.authorizerId
  }
  assignDefined(route, 'authorizationScopes', optionalStringList(body, 'authorizationScopes'))
  if (route.authorizationScopes?.length === 0) delete route.authorizationScopes
  if (route.authorizationScopes?.some((s) => s.length < 1 || s.length > 64)) throw badRequest('Each authorization scope must be between 1 and 64 characters')
  assignDefined(route, 'operationName', optionalString(body, 'operationName'))
  checkAuthorization(definition, route)
  // members of WebSocket routes: AWS refuses them on HTTP APIs
  if (optionalBoolean(body, 'apiKeyRequired') === true) throw badRequest('API keys are not supported for HTTP APIs')
  for (const member of ['modelSelectionExpression', 'routeResponseSelectionExpression'] as const) {
    if (optionalString(body, member) !== undefined) throw badRequest(`${member} is supported only for WebSocket APIs`)
  }
  if (optionalStringMap(body, 'requestModels') !== undefined) throw badRequest('requestModels is supported only for WebSocket APIs')
  if (optionalConstraints(body, 'requestParameters') !== undefined) throw badRequest('requestParameters is supported only for WebSocket APIs')
}

export const routeOperations: Operation[] = [
  {
    name: 'CreateRoute',
    method: 'POST',
    path: ROUTES,
    successStatus: 201,
    handler: ({ params, body }, services) =>
      changeHttpApi(services, params.apiId!, (definition) => {
        const routeKey = requiredMember(body, 'routeKey')
        checkHttpRouteKey(routeKey)
        checkRouteKeyFree(routeKey, definition.routes)
        const route: V2Route = { routeId: newId(7), routeKey, apiKeyRequired: false, authorizationType: 'NONE' }
        applyRouteMembers(definition, route, body)
        definition.routes.push(route)
        return route
      }),
  },
  {
    name: 'GetRoutes',
    method: 'GET',
    path: ROUTES,
    successStatus: 200,
    async handler({ params, query }, services) {
      return paginateItems((await loadHttpApi(services, params.apiId!)).definition.routes, query)
    },
  },
  {
    name: 'GetRoute',
    method: 'GET',
    path: ONE,
    successStatus: 200,
    async handler({ params }, services) {
      return findRoute((await loadHttpApi(services, params.apiId!)).definition, params.routeId!)
    },
  },
  {
    name: 'UpdateRoute',
    method: 'PATCH',
    path: ONE,
    successStatus: 200,
    handler: ({ params, body }, services) =>
      changeHttpApi(services, params.apiId!, (definition) => {
        const route = findRoute(definition, params.routeId!)
        applyRouteMembers(definition, route, body)
        return route
      }),
  },
  {
    name: 'DeleteRoute',
    method: 'DELETE',
    path: ONE,
    successStatus: 204,
    handler: ({ params }, services) =>
      changeHttpApi(services, params.apiId!, (definition) => {
        const route = findRoute(definition, params.routeId!)
        if (route.apiGatewayManaged) throw managedRefusal('delete this route')
        definition.routes = definition.routes.filter((r) => r !== route)
        delete definition.routeResponses[route.routeId]
        return {}
      }),
  },
  {
    name: 'DeleteRouteRequestParameter',
    method: 'DELETE',
    path: `${ONE}/requestparameters/{requestParameterKey}`,
    successStatus: 204,
    handler: ({ params }, services) =>
      changeHttpApi(services, params.apiId!, (definition) => {
        const route = findRoute(definition, params.routeId!)
        const key = params.requestParameterKey!
        if (!route.requestParameters || !(key in route.requestParameters)) throw notFound(`Invalid request parameter key specified ${key}`)
        delete route.requestParameters[key]
        if (Object.keys(route.requestParameters).length === 0) delete route.requestParameters
        return {}
      }),
  },
]
