import type { RestApiDefinition, AuthorizationType, Method, MethodResponse } from '../../model/index.ts'
import { HTTP_METHODS } from '../../model/index.ts'
import { badRequest, conflict } from '../protocol/errors.ts'
import type { Operation } from '../protocol/operation.ts'
import { applyPatch, type PatchRule } from '../protocol/patch.ts'
import { changeApi, loadApi } from './support/api-access.ts'
import { statusResponseOperations } from './support/status-responses.ts'
import { optionalBoolean, optionalObject, optionalString, optionalStringList, optionalStringMap, serializationError } from './support/input.ts'
import { findMethod, findResource } from './resource-tree.ts'

/**
 * PutMethod, GetMethod, UpdateMethod, DeleteMethod and the method responses:
 * PutMethodResponse, GetMethodResponse, UpdateMethodResponse, DeleteMethodResponse.
 */

const METHOD = '/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}'
const RESPONSE = `${METHOD}/responses/{status_code}`

const AUTHORIZATION_TYPES: readonly AuthorizationType[] = ['NONE', 'AWS_IAM', 'CUSTOM', 'COGNITO_USER_POOLS']
const INVALID_VERB = `Invalid HttpMethod specified. Valid options are ${HTTP_METHODS.join(',')}`
const INVALID_AUTHORIZER =
  'Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.'
const REQUEST_PARAMETER = /^method\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)\.[^.\s][^\s]*$/
const RESPONSE_PARAMETER = /^method\.response\.header\.[^\s]+$/
const STATUS_CODE = /^[1-5]\d\d$/
/** the models every API has on AWS, even before CreateModel */
const BUILT_IN_MODELS = ['Empty', 'Error']

export function checkVerb(httpMethod: string): void {
  if (!(HTTP_METHODS as readonly string[]).includes(httpMethod)) throw badRequest(INVALID_VERB)
}

export function checkStatusCode(statusCode: string): void {
  if (!STATUS_CODE.test(statusCode)) throw badRequest('Invalid status code specified')
}

function readBooleanMap(body: Record<string, unknown>, member: string): Record<string, boolean> | undefined {
  const v = optionalObject(body, member)
  if (v === undefined) return undefined
  const out: Record<string, boolean> = {}
  for (const [k, value] of Object.entries(v)) {
    if (typeof value !== 'boolean') throw serializationError(`${member}.${k}`)
    out[k] = value
  }
  return out
}

function checkModels(definition: RestApiDefinition, models: Record<string, string> | undefined): void {
  for (const name of Object.values(models ?? {})) {
    if (!BUILT_IN_MODELS.includes(name) && !definition.models.some((m) => m.name === name)) {
      throw badRequest(`Invalid model identifier specified: ${name}`)
    }
  }
}

/** What PutMethod and UpdateMethod both check once the method is assembled. */
function checkMethod(definition: RestApiDefinition, method: Method): void {
  if (!AUTHORIZATION_TYPES.includes(method.authorizationType)) {
    throw badRequest(`Invalid authorization type specified. Valid options are ${AUTHORIZATION_TYPES.join(',')}`)
  }
  if (method.authorizationType === 'CUSTOM' || method.authorizationType === 'COGNITO_USER_POOLS') {
    const authorizer = definition.authorizers.find((a) => a.id === method.authorizerId)
    if (!authorizer) throw badRequest(INVALID_AUTHORIZER)
    if ((authorizer.type === 'COGNITO_USER_POOLS') !== (method.authorizationType === 'COGNITO_USER_POOLS')) throw badRequest(INVALID_AUTHORIZER)
  }
  if (method.requestValidatorId !== undefined && !definition.requestValidators.some((v) => v.id === method.requestValidatorId)) {
    throw badRequest('Invalid Request Validator identifier specified')
  }
  checkModels(definition, method.requestModels)
  const names = Object.keys(method.requestParameters ?? {})
  for (const name of names) {
    if (!REQUEST_PARAMETER.test(name)) throw badRequest(`Invalid mapping expression specified: ${name}`)
  }
  const short = names.map((n) => n.slice(n.indexOf('.', 'method.request.'.length) + 1))
  if (new Set(short).size !== short.length) throw badRequest('Parameter names must be unique across querystring, header and path')
}

function checkMethodResponse(definition: RestApiDefinition, response: MethodResponse): void {
  for (const name of Object.keys(response.responseParameters ?? {})) {
    if (!RESPONSE_PARAMETER.test(name)) throw badRequest(`Invalid mapping expression specified: ${name}`)
  }
  checkModels(definition, response.responseModels)
}

/** A map entry written by patch: `/requestParameters/{name}` → `requestParameters[name]`. */
function mapRule<T>(member: string, type: 'boolean' | 'string'): PatchRule<T> {
  return {
    path: `/${member}/{key}`,
    ops: ['add', 'remove', 'replace'],
    apply(target, change) {
      const holder = target as Record<string, Record<string, unknown> | undefined>
      const map = { ...holder[member] }
      const key = change.params.key!
      if (change.op === 'remove') delete map[key]
      else {
        const text = change.value as string | undefined
        if (type === 'boolean') {
          if (text !== undefined && text !== 'true' && text !== 'false') throw badRequest(`Invalid boolean value '${text}' specified for path '/${member}/${key}'`)
          map[key] = text === 'true'
        } else map[key] = text ?? ''
      }
      if (Object.keys(map).length === 0) delete holder[member]
      else holder[member] = map
    },
  }
}

const METHOD_RULES: PatchRule<Method>[] = [
  { path: '/authorizationType', ops: ['replace'] },
  {
    path: '/authorizerId',
    ops: ['replace'],
    apply(m, change) {
      if (change.value === undefined || change.value === '') delete m.authorizerId
      else m.authorizerId = String(change.value)
    },
  },
  { path: '/apiKeyRequired', ops: ['replace'], type: 'boolean' },
  {
    path: '/requestValidatorId',
    ops: ['replace'],
    apply(m, change) {
      // an empty value detaches the validator, as on AWS
      if (change.value === undefined || change.value === '') delete m.requestValidatorId
      else m.requestValidatorId = String(change.value)
    },
  },
  { path: '/operationName', ops: ['replace'] },
  mapRule<Method>('requestParameters', 'boolean'),
  mapRule<Method>('requestModels', 'string'),
  { path: '/authorizationScopes/{scope}', ops: ['add', 'remove'], kind: 'member' },
]

const RESPONSE_RULES: PatchRule<MethodResponse>[] = [mapRule<MethodResponse>('responseParameters', 'boolean'), mapRule<MethodResponse>('responseModels', 'string')]

export const methodOperations: Operation[] = [
  {
    name: 'PutMethod',
    method: 'PUT',
    path: METHOD,
    successStatus: 201,
    async handler({ params, body }, services) {
      return changeApi(services, params.restapi_id!, (definition) => {
        const resource = findResource(definition, params.resource_id!)
        const httpMethod = params.http_method!
        checkVerb(httpMethod)
        if (resource.resourceMethods?.[httpMethod]) throw conflict('Method already exists for this resource')
        // AWS takes any case and answers upper case (`none` → `NONE`: LocalStack's AWS-recorded
        // snapshot test_apigateway_integrations test_put_integration_responses, put-method-put)
        const authorizationType = optionalString(body, 'authorizationType')?.toUpperCase()
        if (authorizationType === undefined) throw badRequest('Invalid authorization type specified. Valid options are NONE,AWS_IAM,CUSTOM,COGNITO_USER_POOLS')
        const authorizerId = optionalString(body, 'authorizerId')
        const requestValidatorId = optionalString(body, 'requestValidatorId')
        const operationName = optionalString(body, 'operationName')
        const requestParameters = readBooleanMap(body, 'requestParameters')
        const requestModels = optionalStringMap(body, 'requestModels')
        const authorizationScopes = optionalStringList(body, 'authorizationScopes')
        const method: Method = {
          httpMethod,
          authorizationType: authorizationType as AuthorizationType,
          apiKeyRequired: optionalBoolean(body, 'apiKeyRequired') ?? false,
          ...(authorizerId !== undefined && authorizerId !== '' && { authorizerId }),
          ...(requestValidatorId !== undefined && requestValidatorId !== '' && { requestValidatorId }),
          ...(operationName !== undefined && { operationName }),
          ...(requestParameters && Object.keys(requestParameters).length > 0 && { requestParameters }),
          ...(requestModels && Object.keys(requestModels).length > 0 && { requestModels }),
          ...(authorizationScopes && authorizationScopes.length > 0 && { authorizationScopes }),
        }
        // AWS keeps an authorizer only on methods that use one
        if (method.authorizationType !== 'CUSTOM' && method.authorizationType !== 'COGNITO_USER_POOLS') delete method.authorizerId
        checkMethod(definition, method)
        resource.resourceMethods = { ...resource.resourceMethods, [httpMethod]: method }
        return structuredClone(method)
      })
    },
  },
  {
    name: 'GetMethod',
    method: 'GET',
    path: METHOD,
    successStatus: 200,
    async handler({ params }, services) {
      const { definition } = await loadApi(services, params.restapi_id!)
      return structuredClone(findMethod(definition, params.resource_id!, params.http_method!))
    },
  },
  {
    name: 'UpdateMethod',
    method: 'PATCH',
    path: METHOD,
    successStatus: 200,
    async handler({ params, body }, services) {
      return changeApi(services, params.restapi_id!, (definition) => {
        const method = findMethod(definition, params.resource_id!, params.http_method!)
        const patched = applyPatch(method, body.patchOperations, METHOD_RULES, { ops: ['add', 'remove', 'replace'] })
        if (patched.authorizationType !== 'CUSTOM' && patched.authorizationType !== 'COGNITO_USER_POOLS') delete patched.authorizerId
        if (patched.authorizationScopes?.length === 0) delete patched.authorizationScopes
        checkMethod(definition, patched)
        findResource(definition, params.resource_id!).resourceMethods![params.http_method!] = patched
        return structuredClone(patched)
      })
    },
  },
  {
    name: 'DeleteMethod',
    method: 'DELETE',
    path: METHOD,
    successStatus: 204,
    async handler({ params }, services) {
      return changeApi(services, params.restapi_id!, (definition) => {
        findMethod(definition, params.resource_id!, params.http_method!)
        const resource = findResource(definition, params.resource_id!)
        const { [params.http_method!]: _gone, ...rest } = resource.resourceMethods!
        if (Object.keys(rest).length === 0) delete resource.resourceMethods
        else resource.resourceMethods = rest
        return undefined
      })
    },
  },
  {
    name: 'PutMethodResponse',
    method: 'PUT',
    path: RESPONSE,
    successStatus: 201,
    async handler({ params, body }, services) {
      return changeApi(services, params.restapi_id!, (definition) => {
        const method = findMethod(definition, params.resource_id!, params.http_method!)
        const statusCode = params.status_code!
        checkStatusCode(statusCode)
        const responseParameters = readBooleanMap(body, 'responseParameters')
        const responseModels = optionalStringMap(body, 'responseModels')
        const response: MethodResponse = {
          statusCode,
          ...(responseParameters && Object.keys(responseParameters).length > 0 && { responseParameters }),
          ...(responseModels && Object.keys(responseModels).length > 0 && { responseModels }),
        }
        checkMethodResponse(definition, response)
        method.methodResponses = { ...method.methodResponses, [statusCode]: response }
        return structuredClone(response)
      })
    },
  },
  ...statusResponseOperations({
    noun: 'Method',
    path: RESPONSE,
    owner: (definition, params) => findMethod(definition, params.resource_id!, params.http_method!),
    field: 'methodResponses',
    rules: RESPONSE_RULES,
    check: checkMethodResponse,
    // botocore: UpdateMethodResponse answers 201, unlike the other updates
    updateStatus: 201,
  }),
]
