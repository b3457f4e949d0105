import type { HttpApiDefinition, V2Api, V2Integration, V2Route, V2Stage } from '../../../model/index.ts'
import { newId } from '../../../lib/ids.ts'
import { badRequest, conflict } from '../../protocol/errors.ts'
import type { ControlServices, Operation } from '../../protocol/operation.ts'
import { paginateItems } from '../../protocol/paging.ts'
import { optionalBoolean, optionalString, optionalStringMap } from '../support/input.ts'
import { changeHttpApi, loadHttpApi, unknownV2Api } from './v2-access.ts'
import { autoDeployStage } from './v2-deploy.ts'
import { assignDefined, optionalCors, optionalEnum, requiredMember } from './v2-input.ts'
import { renderApi } from './v2-render.ts'
import { refuseWhileMapped } from '../../domains/domain-access.ts'
import { checkHttpRouteKey } from './route-keys.ts'
import { newStage } from './stage-input.ts'
import { customApiId } from '../rest-apis.ts'

/** GetApis, CreateApi (with quick create), GetApi, UpdateApi, DeleteApi, DeleteCorsConfiguration. */

const APIS = '/v2/apis'
const ONE = `${APIS}/{apiId}`

/** The only route selection expression HTTP APIs have (the model writes it braced, AWS answers it bare). */
export const HTTP_ROUTE_SELECTION = '$request.method $request.path'
const BRACED_ROUTE_SELECTION = '${request.method} ${request.path}'
export const DEFAULT_API_KEY_SELECTION = '$request.header.x-api-key'
const IP_ADDRESS_TYPES = ['ipv4', 'dualstack'] as const

function checkName(name: string): void {
  if (name.length < 1 || name.length > 128) throw badRequest('API name must be between 1 and 128 characters')
}

function routeSelection(body: Record<string, unknown>): string | undefined {
  const value = optionalString(body, 'routeSelectionExpression')
  if (value === undefined) return undefined
  if (value !== HTTP_ROUTE_SELECTION && value !== BRACED_ROUTE_SELECTION) {
    throw badRequest(`Unsupported route selection expression for HTTP APIs: ${value}. The only supported value is ${HTTP_ROUTE_SELECTION}`)
  }
  return HTTP_ROUTE_SELECTION
}

const LAMBDA_ARN = /^arn:aws[a-z-]*:(?:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(?::[A-Za-z0-9_$-]+)?|apigateway:[a-z0-9-]+:lambda:path\/.+)$/

/**
 * Quick create's integration: `AWS_PROXY` (payload 2.0) for a Lambda function, `HTTP_PROXY`
 * (payload 1.0, any method) for a URL ([DG:http-api-develop]).
 */
function quickIntegration(target: string, credentialsArn: string | undefined): V2Integration {
  const common = { integrationId: newId(7), connectionType: 'INTERNET', timeoutInMillis: 30000, apiGatewayManaged: true, integrationUri: target } as const
  const credentials = credentialsArn !== undefined ? { credentialsArn } : {}
  if (LAMBDA_ARN.test(target)) return { ...common, integrationType: 'AWS_PROXY', integrationMethod: 'POST', payloadFormatVersion: '2.0', ...credentials }
  if (/^https?:\/\/[^\s]+$/.test(target)) return { ...common, integrationType: 'HTTP_PROXY', integrationMethod: 'ANY', payloadFormatVersion: '1.0', ...credentials }
  throw badRequest(`Invalid target specified: ${target}. It must be a Lambda function ARN or an HTTP(S) URL`)
}

function quickRoute(routeKey: string, integrationId: string): V2Route {
  return { routeId: newId(7), routeKey, apiKeyRequired: false, authorizationType: 'NONE', target: `integrations/${integrationId}`, apiGatewayManaged: true }
}

/** A new HTTP API with no parts. */
export function emptyHttpApi(api: V2Api): HttpApiDefinition {
  return { protocol: 'HTTP', api, routes: [], integrations: [], authorizers: [], models: [], routeResponses: {}, integrationResponses: {} }
}

async function createApi(body: Record<string, unknown>, services: ControlServices): Promise<unknown> {
  const name = requiredMember(body, 'name')
  checkName(name)
  const protocolType = requiredMember(body, 'protocolType')
  if (protocolType === 'WEBSOCKET') throw badRequest('WebSocket APIs are not supported by this version of Portico')
  if (protocolType !== 'HTTP') throw badRequest('Invalid protocol specified. Must be one of [HTTP, WEBSOCKET]')
  const target = optionalString(body, 'target')
  const routeKey = optionalString(body, 'routeKey')
  const credentialsArn = optionalString(body, 'credentialsArn')
  if (target === undefined && (routeKey !== undefined || credentialsArn !== undefined)) {
    throw badRequest('routeKey and credentialsArn are supported only for quick create, with a target')
  }
  if (routeKey !== undefined) checkHttpRouteKey(routeKey)
  if (optionalBoolean(body, 'disableSchemaValidation') !== undefined) throw badRequest('disableSchemaValidation is supported only for WebSocket APIs')
  const tags = optionalStringMap(body, 'tags')
  const api: V2Api = {
    apiId: await newHttpApiId(services, tags),
    name,
    protocolType: 'HTTP',
    createdDate: services.now(),
    routeSelectionExpression: routeSelection(body) ?? HTTP_ROUTE_SELECTION,
    apiKeySelectionExpression: optionalString(body, 'apiKeySelectionExpression') ?? DEFAULT_API_KEY_SELECTION,
    disableExecuteApiEndpoint: optionalBoolean(body, 'disableExecuteApiEndpoint') ?? false,
    ipAddressType: optionalEnum(body, 'ipAddressType', IP_ADDRESS_TYPES) ?? 'ipv4',
  }
  assignDefined(api, 'description', optionalString(body, 'description'))
  assignDefined(api, 'version', optionalString(body, 'version'))
  assignDefined(api, 'corsConfiguration', optionalCors(body, 'corsConfiguration'))
  assignDefined(api, 'tags', tags)
  const definition = emptyHttpApi(api)
  let stage: V2Stage | undefined
  if (target !== undefined) {
    const integration = quickIntegration(target, credentialsArn)
    definition.integrations.push(integration)
    definition.routes.push(quickRoute(routeKey ?? '$default', integration.integrationId))
    stage = { ...newStage(services, '$default'), autoDeploy: true, apiGatewayManaged: true }
  }
  await services.store.saveApi(definition, 0)
  if (stage) await autoDeployStage(services, definition, stage)
  return renderApi(services, api)
}

/** A new API's id: the `_custom_id_` tag's (as for REST APIs, `portico serve` pins ids with it; taken by any API: 409), else a fresh one. */
async function newHttpApiId(services: ControlServices, tags: Record<string, string> | undefined): Promise<string> {
  const custom = customApiId(tags)
  if (custom === undefined) return newId()
  if ((await services.store.getApi(custom)) || (await services.store.getApi(custom, 'HTTP'))) throw conflict(`API with id ${custom} already exists`)
  return custom
}

/** UpdateApi: the members given replace the API's; quick create's target, routeKey and credentialsArn update its managed parts. */
function updateApi(definition: HttpApiDefinition, body: Record<string, unknown>): void {
  const api = definition.api
  const name = optionalString(body, 'name')
  if (name !== undefined) checkName(name)
  assignDefined(api, 'name', name)
  assignDefined(api, 'description', optionalString(body, 'description'))
  assignDefined(api, 'version', optionalString(body, 'version'))
  assignDefined(api, 'routeSelectionExpression', routeSelection(body))
  assignDefined(api, 'apiKeySelectionExpression', optionalString(body, 'apiKeySelectionExpression'))
  assignDefined(api, 'disableExecuteApiEndpoint', optionalBoolean(body, 'disableExecuteApiEndpoint'))
  assignDefined(api, 'ipAddressType', optionalEnum(body, 'ipAddressType', IP_ADDRESS_TYPES))
  assignDefined(api, 'corsConfiguration', optionalCors(body, 'corsConfiguration'))
  const target = optionalString(body, 'target')
  const routeKey = optionalString(body, 'routeKey')
  const credentialsArn = optionalString(body, 'credentialsArn')
  if (target === undefined && routeKey === undefined && credentialsArn === undefined) return
  const integration = definition.integrations.find((i) => i.apiGatewayManaged)
  const route = definition.routes.find((r) => r.apiGatewayManaged)
  if (!integration || !route) throw badRequest('target, routeKey and credentialsArn can be updated only on an API made by quick create')
  if (target !== undefined) {
    const updated = quickIntegration(target, credentialsArn ?? integration.credentialsArn)
    Object.assign(integration, { ...updated, integrationId: integration.integrationId })
  } else if (credentialsArn !== undefined) integration.credentialsArn = credentialsArn
  if (routeKey !== undefined) {
    checkHttpRouteKey(routeKey)
    route.routeKey = routeKey
  }
}

export const apiOperations: Operation[] = [
  {
    name: 'CreateApi',
    method: 'POST',
    path: APIS,
    successStatus: 201,
    handler: ({ body }, services) => createApi(body, services),
  },
  {
    name: 'GetApis',
    method: 'GET',
    path: APIS,
    successStatus: 200,
    async handler({ query }, services) {
      const apis = (await services.store.listV2Apis()).filter((api) => api.protocolType === 'HTTP')
      return paginateItems(apis.map((api) => renderApi(services, api)), query)
    },
  },
  {
    name: 'GetApi',
    method: 'GET',
    path: ONE,
    successStatus: 200,
    async handler({ params }, services) {
      return renderApi(services, (await loadHttpApi(services, params.apiId!)).definition.api)
    },
  },
  {
    name: 'UpdateApi',
    method: 'PATCH',
    path: ONE,
    successStatus: 200,
    handler: ({ params, body }, services) =>
      changeHttpApi(services, params.apiId!, (definition) => {
        updateApi(definition, body)
        return renderApi(services, definition.api)
      }),
  },
  {
    name: 'DeleteApi',
    method: 'DELETE',
    path: ONE,
    successStatus: 204,
    async handler({ params }, services) {
      await refuseWhileMapped(services, params.apiId!, 'v2')
      if (!(await services.store.deleteApi(params.apiId!, 'HTTP'))) throw unknownV2Api(services, params.apiId!)
      return {}
    },
  },
  {
    name: 'DeleteCorsConfiguration',
    method: 'DELETE',
    path: `${ONE}/cors`,
    successStatus: 204,
    handler: ({ params }, services) =>
      changeHttpApi(services, params.apiId!, (definition) => {
        delete definition.api.corsConfiguration
        return {}
      }),
  },
]
