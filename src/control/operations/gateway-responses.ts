import { GATEWAY_RESPONSE_TYPES, type RestApiDefinition, type GatewayResponse, type GatewayResponseType } from '../../model/index.ts'
import { DEFAULT_GATEWAY_RESPONSE_TEMPLATE, GATEWAY_RESPONSE_CATALOGUE } from '../../gateway/gateway-response-catalogue.ts'
import { ApiError, badRequest, notFound } from '../protocol/errors.ts'
import type { Operation } from '../protocol/operation.ts'
import { decodePatchPath } from '../protocol/patch-path.ts'
import { readOperations } from '../protocol/patch.ts'
import { changeApi, loadApi } from './support/api-access.ts'
import { optionalString, optionalStringMap } from './support/input.ts'
import { paginate } from '../protocol/paging.ts'

/**
 * PutGatewayResponse, GetGatewayResponse(s), UpdateGatewayResponse, DeleteGatewayResponse.
 *
 * The store keeps only the responses an API customised. Reading one renders it as AWS does
 * (recorded against AWS): a customised type shows its own values with the type's default
 * status and AWS's default template filling what it left out; a type the API did not customise
 * shows `defaultResponse: true` with its DEFAULT_4XX/DEFAULT_5XX customisation when there is one,
 * else AWS's defaults. DEFAULT_4XX and DEFAULT_5XX have no status of their own.
 */

const API = '/restapis/{restapi_id}/gatewayresponses'
const ONE = `${API}/{response_type}`

// AWS lists the enum in this (hash) order in its validation text (recorded against AWS)
const ENUM_TEXT =
  'REQUEST_TOO_LARGE, RESOURCE_NOT_FOUND, AUTHORIZER_CONFIGURATION_ERROR, MISSING_AUTHENTICATION_TOKEN, BAD_REQUEST_BODY, INVALID_SIGNATURE, INVALID_API_KEY, BAD_REQUEST_PARAMETERS, AUTHORIZER_FAILURE, UNAUTHORIZED, INTEGRATION_TIMEOUT, ACCESS_DENIED, DEFAULT_4XX, DEFAULT_5XX, WAF_FILTERED, QUOTA_EXCEEDED, THROTTLED, API_CONFIGURATION_ERROR, UNSUPPORTED_MEDIA_TYPE, INTEGRATION_FAILURE, EXPIRED_TOKEN'

function responseType(text: string): GatewayResponseType {
  if (!(GATEWAY_RESPONSE_TYPES as readonly string[]).includes(text)) {
    throw new ApiError(
      'ValidationException',
      `1 validation error detected: Value '${text}' at 'responseType' failed to satisfy constraint: Member must satisfy enum value set: [${ENUM_TEXT}]`,
    )
  }
  return text as GatewayResponseType
}

function checkStatus(statusCode: string | undefined): void {
  if (statusCode !== undefined && !/^[1-5]\d\d$/.test(statusCode)) throw badRequest(`Invalid status code specified: ${statusCode}`)
}

const isFamily = (type: GatewayResponseType) => type === 'DEFAULT_4XX' || type === 'DEFAULT_5XX'
const defaultStatus = (type: GatewayResponseType) => (isFamily(type) ? undefined : String(GATEWAY_RESPONSE_CATALOGUE[type].statusCode))

/** How GetGatewayResponse shows `type` for this API. */
export function renderGatewayResponse(definition: RestApiDefinition, type: GatewayResponseType): Record<string, unknown> {
  const own = definition.gatewayResponses.find((r) => r.responseType === type)
  if (own) return shape(type, false, own.statusCode ?? defaultStatus(type), own)
  const familyType = GATEWAY_RESPONSE_CATALOGUE[type].family
  const family = isFamily(type) ? undefined : definition.gatewayResponses.find((r) => r.responseType === familyType)
  if (family) return shape(type, true, family.statusCode ?? defaultStatus(type), family)
  return shape(type, true, defaultStatus(type), undefined)
}

function shape(type: GatewayResponseType, defaultResponse: boolean, statusCode: string | undefined, from: GatewayResponse | undefined) {
  const templates = from?.responseTemplates && Object.keys(from.responseTemplates).length > 0 ? from.responseTemplates : { 'application/json': DEFAULT_GATEWAY_RESPONSE_TEMPLATE }
  return {
    responseType: type,
    ...(statusCode !== undefined && { statusCode }),
    responseParameters: { ...(from?.responseParameters ?? {}) },
    responseTemplates: { ...templates },
    defaultResponse,
  }
}

/** The customised response to patch: the stored one, or a fresh one with the type's own defaults. */
function customised(definition: RestApiDefinition, type: GatewayResponseType): GatewayResponse {
  let own = definition.gatewayResponses.find((r) => r.responseType === type)
  if (!own) {
    own = {
      responseType: type,
      ...(defaultStatus(type) !== undefined && { statusCode: defaultStatus(type) }),
      responseParameters: {},
      responseTemplates: { 'application/json': DEFAULT_GATEWAY_RESPONSE_TEMPLATE },
      defaultResponse: false,
    }
    definition.gatewayResponses.push(own)
  }
  return own
}

/**
 * UpdateGatewayResponse's paths. AWS's texts for these differ from other resources'
 * (`Invalid patch path /x`, recorded against AWS), so they are checked here, not by the generic engine.
 */
function patchResponse(response: GatewayResponse, operations: unknown): void {
  for (const op of readOperations(operations)) {
    const segments = decodePatchPath(op.path)
    const [head, key, ...rest] = segments
    const invalid = () => badRequest(`Invalid patch path ${op.path}`)
    if (head === 'statusCode' && segments.length === 1) {
      if (op.op !== 'replace') throw invalid()
      checkStatus(op.value)
      if (op.value === undefined || op.value === '') delete response.statusCode
      else response.statusCode = op.value
      continue
    }
    if ((head !== 'responseParameters' && head !== 'responseTemplates') || key === undefined || key === '' || rest.length > 0) throw invalid()
    const map: Record<string, string> = { ...(response[head] ?? {}) }
    switch (op.op) {
      case 'add':
      case 'replace':
        if (op.value === undefined || op.value === '') throw badRequest(`Invalid null or empty value in ${head}`)
        if (op.op === 'replace' && !Object.hasOwn(map, key)) throw notFound('Invalid parameter name specified')
        map[key] = op.value
        break
      case 'remove':
        if (!Object.hasOwn(map, key)) throw notFound('Invalid parameter name specified')
        delete map[key]
        break
      default:
        throw invalid()
    }
    response[head] = map
  }
}

export const gatewayResponseOperations: Operation[] = [
  {
    name: 'PutGatewayResponse',
    method: 'PUT',
    path: ONE,
    successStatus: 201,
    async handler({ params, body }, services) {
      const type = responseType(params.response_type!)
      const statusCode = optionalString(body, 'statusCode')
      checkStatus(statusCode)
      const responseParameters = optionalStringMap(body, 'responseParameters')
      const responseTemplates = optionalStringMap(body, 'responseTemplates')
      for (const key of Object.keys(responseParameters ?? {})) {
        if (!/^gatewayresponse\.header\.[^\s]+$/.test(key)) throw badRequest(`Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression parameter specified: ${key}]`)
      }
      return changeApi(services, params.restapi_id!, (definition) => {
        const response: GatewayResponse = {
          responseType: type,
          ...(statusCode !== undefined && statusCode !== '' && { statusCode }),
          ...(responseParameters && { responseParameters }),
          ...(responseTemplates && { responseTemplates }),
          defaultResponse: false,
        }
        definition.gatewayResponses = [...definition.gatewayResponses.filter((r) => r.responseType !== type), response]
        return renderGatewayResponse(definition, type)
      })
    },
  },
  {
    name: 'GetGatewayResponse',
    method: 'GET',
    path: ONE,
    successStatus: 200,
    async handler({ params }, services) {
      const { definition } = await loadApi(services, params.restapi_id!)
      return renderGatewayResponse(definition, responseType(params.response_type!))
    },
  },
  {
    name: 'GetGatewayResponses',
    method: 'GET',
    path: API,
    successStatus: 200,
    async handler({ params, query }, services) {
      const { definition } = await loadApi(services, params.restapi_id!)
      const types = [...GATEWAY_RESPONSE_TYPES].sort()
      return paginate(
        types.map((type) => renderGatewayResponse(definition, type)),
        query,
      )
    },
  },
  {
    name: 'UpdateGatewayResponse',
    method: 'PATCH',
    path: ONE,
    successStatus: 200,
    async handler({ params, body }, services) {
      return changeApi(services, params.restapi_id!, (definition) => {
        const type = responseType(params.response_type!)
        const response = customised(definition, type)
        const patched = structuredClone(response)
        patchResponse(patched, body.patchOperations)
        Object.assign(response, patched, { defaultResponse: false })
        if (patched.statusCode === undefined) delete response.statusCode
        return renderGatewayResponse(definition, type)
      })
    },
  },
  {
    name: 'DeleteGatewayResponse',
    method: 'DELETE',
    path: ONE,
    successStatus: 202,
    async handler({ params }, services) {
      return changeApi(services, params.restapi_id!, (definition) => {
        const type = responseType(params.response_type!)
        if (!definition.gatewayResponses.some((r) => r.responseType === type)) throw notFound('Gateway response type not defined on api')
        definition.gatewayResponses = definition.gatewayResponses.filter((r) => r.responseType !== type)
        return {}
      })
    },
  },
]
