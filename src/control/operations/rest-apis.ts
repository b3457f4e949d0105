import { detachFromUsagePlans } from './account-support/detach-stages.ts'
import { CUSTOM_ID_TAG, type RestApiDefinition, type ApiKeySource, type EndpointType, type IpAddressType, type RestApi } from '../../model/index.ts'
import { newId } from '../../lib/ids.ts'
import { checkPartQuota } from './documentation-parts.ts'
import { BASE_PATH_MODES, importOpenApi, type BasePathMode, type ImportMode, type Problem } from '../../openapi/index.ts'
import { ApiError, badRequest, conflict } from '../protocol/errors.ts'
import type { ControlServices, Operation } from '../protocol/operation.ts'
import { paginate } from '../protocol/paging.ts'
import { applyPatch, type PatchChange, type PatchRule } from '../protocol/patch.ts'
import { changeApi, loadApi, requireRestApi, storeError, unknownApi } from './support/api-access.ts'
import { optionalBoolean, optionalNumber, optionalObject, optionalString, optionalStringList, optionalStringMap } from './support/input.ts'
import { cloneDefinition } from './rest-api-clone.ts'
import { compileResourcePolicyText } from '../../auth/resource-policy.ts'
import { privateDomainsMapping, refuseWhileMapped } from '../domains/domain-access.ts'
import {
  IP_ADDRESS_TYPES,
  checkIpAddressType,
  defaultIpAddressType,
  endpointConfigurationShape,
  patchIpAddressType,
  settleIpAddressType,
} from './support/endpoint-configuration.ts'

/**
 * GetRestApis, CreateRestApi (with `cloneFrom` and the `_custom_id_` tag), GetRestApi,
 * UpdateRestApi, DeleteRestApi, ImportRestApi, PutRestApi.
 */

export const MAX_COMPRESSION = 10_485_760
const API_KEY_SOURCES: readonly ApiKeySource[] = ['HEADER', 'AUTHORIZER']
const ENDPOINT_TYPES: readonly EndpointType[] = ['REGIONAL', 'EDGE', 'PRIVATE']

const invalidCompression = () => badRequest(`Invalid minimum compression size, must be between 0 and ${MAX_COMPRESSION}`)

/**
 * The `basepath` and `ignore` parameters of ImportRestApi / PutRestApi (the SDKs pass both in
 * `parameters`): `basepath=ignore|prepend|split`; `ignore=documentation` leaves the document's
 * `x-amazon-apigateway-documentation` out (no "was ignored" warning either).
 */
function readImportParameters(query: URLSearchParams, input: string): { basePath: BasePathMode; ignoreDocumentation: boolean } {
  const text = (query.get('basepath') ?? 'ignore').toLowerCase()
  if (!(BASE_PATH_MODES as readonly string[]).includes(text)) throw enumError(query.get('basepath')!, `${input}.parameters.basepath`, BASE_PATH_MODES)
  const ignore = query.get('ignore')
  if (ignore !== null && ignore !== '' && ignore.toLowerCase() !== 'documentation') throw enumError(ignore, `${input}.parameters.ignore`, ['documentation'])
  return { basePath: text as BasePathMode, ignoreDocumentation: ignore !== null && ignore !== '' }
}

function enumError(value: string, member: string, allowed: readonly string[]): ApiError {
  return new ApiError(
    'ValidationException',
    `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`,
  )
}

function checkCompression(size: number | undefined): void {
  if (size !== undefined && (!Number.isInteger(size) || size < 0 || size > MAX_COMPRESSION)) throw invalidCompression()
}

/** The policy as the data plane will compile it (auth/policy.ts): JSON, statements, operators, principals. */
function checkPolicy(policy: string | undefined): void {
  if (policy === undefined || policy === '') return
  try {
    // any API ARN resolves the `execute-api:/…` shorthand for the check
    compileResourcePolicyText(policy, 'arn:aws:execute-api:us-east-1:000000000000:check')
  } catch {
    throw badRequest('Invalid policy document. Please check the policy syntax and try again.')
  }
}

/**
 * The RestApi as AWS sends it (members left out when unset, the endpoint's default
 * `ipAddressType` filled in). Import warnings are part of the ImportRestApi/PutRestApi answer
 * only; UpdateRestApi and PutRestApi answer `"tags": {}` for an API without tags, where the other
 * operations leave the member out (AWS's recorded answers: see test/control/shapes/aws-model.ts).
 */
export function restApiShape(api: RestApi, options: { warnings?: boolean; tags?: boolean } = {}): RestApi {
  const { warnings, ...rest } = structuredClone(api)
  const shaped: RestApi = { ...rest, endpointConfiguration: endpointConfigurationShape(rest.endpointConfiguration) }
  if (options.tags && !shaped.tags) shaped.tags = {}
  return options.warnings && warnings && warnings.length > 0 ? { ...shaped, warnings } : shaped
}

const PATCH_RULES: PatchRule<RestApi>[] = [
  { path: '/name', ops: ['replace'] },
  { path: '/description', ops: ['replace'] },
  { path: '/version', ops: ['replace'] },
  { path: '/policy', ops: ['replace'], check: (v) => checkPolicy(v as string) },
  { path: '/binaryMediaTypes/{type}', ops: ['add', 'remove', 'replace'], kind: 'member' },
  {
    path: '/minimumCompressionSize',
    ops: ['replace'],
    apply(api, change) {
      const text = change.value as string | undefined
      // an empty value turns compression off, as on AWS
      if (text === undefined || text === '') {
        delete api.minimumCompressionSize
        return
      }
      const n = Number(text)
      if (!/^-?\d+$/.test(text)) throw invalidCompression()
      checkCompression(n)
      api.minimumCompressionSize = n
    },
  },
  {
    path: '/apiKeySource',
    ops: ['replace'],
    check(value) {
      if (!API_KEY_SOURCES.includes(value as ApiKeySource)) throw enumError(String(value), 'updateRestApiInput.apiKeySource', API_KEY_SOURCES)
    },
  },
  {
    path: '/endpointConfiguration/types/{type}',
    ops: ['replace'],
    kind: 'member',
    apply: replaceEndpointType,
    check(value) {
      if (!ENDPOINT_TYPES.includes(value as EndpointType)) throw badRequest('Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE,PRIVATE')
    },
  },
  { path: '/endpointConfiguration/vpcEndpointIds/{id}', ops: ['add', 'remove'], kind: 'member' },
  { path: '/endpointConfiguration/ipAddressType', ops: ['replace'], apply: patchIpAddressType },
  { path: '/disableExecuteApiEndpoint', ops: ['replace'], type: 'boolean' },
]

/**
 * `replace /endpointConfiguration/types/{type}`: the segment names the current type
 * (`/types/EDGE`, AWS's documented form) or its index (`/types/0`, which AWS's recorded answers
 * accept too).
 */
function replaceEndpointType(api: RestApi, change: PatchChange): void {
  const types = api.endpointConfiguration.types
  const segment = change.params.type!
  const i = /^\d+$/.test(segment) && !types.includes(segment as EndpointType) ? Number(segment) : types.indexOf(segment as EndpointType)
  if (i < 0 || i >= types.length) throw badRequest(`Invalid value '${segment}' specified for path '/endpointConfiguration/types/${segment}': not present`)
  types[i] = change.value as EndpointType
}

/** The two models AWS gives every new API. */
function defaultModels(): RestApiDefinition['models'] {
  return [
    {
      id: newId(),
      name: 'Error',
      description: 'This is a default error schema model',
      contentType: 'application/json',
      schema: '{\n  "$schema" : "http://json-schema.org/draft-04/schema#",\n  "title" : "Error Schema",\n  "type" : "object",\n  "properties" : {\n    "message" : { "type" : "string" }\n  }\n}',
    },
    {
      id: newId(),
      name: 'Empty',
      description: 'This is a default empty schema model',
      contentType: 'application/json',
      schema: '{\n  "$schema": "http://json-schema.org/draft-04/schema#",\n  "title" : "Empty Schema",\n  "type" : "object"\n}',
    },
  ]
}

/** The body of CreateRestApi, validated. */
function readCreate(body: Record<string, unknown>): Omit<RestApi, 'id' | 'createdDate' | 'rootResourceId'> & { cloneFrom?: string } {
  const name = optionalString(body, 'name')
  if (name === undefined || name.trim() === '') throw badRequest('Invalid REST API name specified')
  const apiKeySource = optionalString(body, 'apiKeySource') ?? 'HEADER'
  if (!API_KEY_SOURCES.includes(apiKeySource as ApiKeySource)) throw enumError(apiKeySource, 'createRestApiInput.apiKeySource', API_KEY_SOURCES)
  const endpoint = optionalObject(body, 'endpointConfiguration')
  const types = (endpoint && optionalStringList(endpoint, 'types')) ?? ['EDGE']
  if (types.length !== 1) throw badRequest('Must specify exactly one endpoint type')
  if (!ENDPOINT_TYPES.includes(types[0] as EndpointType)) throw enumError(types[0]!, 'createRestApiInput.endpointConfiguration.types', ENDPOINT_TYPES)
  const ipAddressType = (endpoint && optionalString(endpoint, 'ipAddressType')) ?? defaultIpAddressType(types[0] as EndpointType)
  if (!IP_ADDRESS_TYPES.includes(ipAddressType as IpAddressType)) {
    throw enumError(ipAddressType, 'createRestApiInput.endpointConfiguration.ipAddressType', IP_ADDRESS_TYPES)
  }
  checkIpAddressType(types[0] as EndpointType, ipAddressType as IpAddressType)
  const vpcEndpointIds = endpoint && optionalStringList(endpoint, 'vpcEndpointIds')
  const minimumCompressionSize = optionalNumber(body, 'minimumCompressionSize')
  checkCompression(minimumCompressionSize)
  const policy = optionalString(body, 'policy')
  checkPolicy(policy)
  const description = optionalString(body, 'description')
  // AWS's recorded answer (LocalStack's snapshot test_create_rest_api_with_optional_params, create-empty-desc)
  if (description === '') throw badRequest('Description cannot be an empty string')
  const version = optionalString(body, 'version')
  const binaryMediaTypes = optionalStringList(body, 'binaryMediaTypes')
  const tags = optionalStringMap(body, 'tags')
  const cloneFrom = optionalString(body, 'cloneFrom')
  return {
    name,
    apiKeySource: apiKeySource as ApiKeySource,
    endpointConfiguration: { types: types as EndpointType[], ipAddressType: ipAddressType as IpAddressType, ...(vpcEndpointIds && { vpcEndpointIds }) },
    disableExecuteApiEndpoint: optionalBoolean(body, 'disableExecuteApiEndpoint') ?? false,
    ...(description !== undefined && { description }),
    ...(version !== undefined && { version }),
    ...(binaryMediaTypes && binaryMediaTypes.length > 0 && { binaryMediaTypes }),
    ...(minimumCompressionSize !== undefined && { minimumCompressionSize }),
    ...(policy !== undefined && policy !== '' && { policy }),
    ...(tags && Object.keys(tags).length > 0 && { tags }),
    ...(cloneFrom !== undefined && { cloneFrom }),
  }
}

/** The id a create-time `_custom_id_` tag pins (REST and HTTP APIs alike), checked; undefined without one. */
export function customApiId(tags: Record<string, string> | undefined): string | undefined {
  const custom = tags?.[CUSTOM_ID_TAG]
  if (custom !== undefined && !/^[a-z0-9][a-z0-9_-]{0,127}$/.test(custom)) {
    throw badRequest(`Invalid ${CUSTOM_ID_TAG} tag: the id must be 1-128 lowercase letters, digits, '-' or '_'`)
  }
  return custom
}

async function newApiId(services: ControlServices, tags: Record<string, string> | undefined): Promise<string> {
  const custom = customApiId(tags)
  if (custom === undefined) return newId()
  if (await services.store.getApi(custom)) throw conflict(`API with id ${custom} already exists`)
  return custom
}

/** Saves a brand-new API; a taken id (a `_custom_id_` race) is a conflict. */
async function createApi(services: ControlServices, definition: RestApiDefinition): Promise<void> {
  try {
    await services.store.saveApi(definition, 0)
  } catch (error) {
    throw storeError(error)
  }
}

/** AWS's answer for a document it cannot import. */
export function importFailure(errors: readonly Problem[], failOnWarnings: boolean): ApiError {
  // text that is not a document at all (syntax errors carry a line): AWS's one sentence, never the reader's words
  if (errors.length > 0 && errors.every((p) => p.line !== undefined)) return badRequest('Invalid OpenAPI input.')
  const heading = failOnWarnings ? 'Warnings found during import' : 'Errors found during import'
  const lines = errors.map((p) => `\t${p.message}${p.pointer ? ` (at ${p.pointer})` : ''}`)
  return badRequest(`${heading}:\n${lines.join('\n')}`)
}

function readFailOnWarnings(query: URLSearchParams): boolean {
  return query.get('failonwarnings') === 'true'
}

function endpointOverride(query: URLSearchParams): EndpointType | undefined {
  const type = query.get('endpointConfigurationTypes') ?? query.get('parameters[endpointConfigurationTypes]')
  if (type === null) return undefined
  if (!ENDPOINT_TYPES.includes(type as EndpointType)) throw enumError(type, 'importRestApiInput.parameters.endpointConfigurationTypes', ENDPOINT_TYPES)
  return type as EndpointType
}

export const restApiOperations: Operation[] = [
  {
    name: 'GetRestApis',
    method: 'GET',
    path: '/restapis',
    successStatus: 200,
    async handler({ query }, services) {
      const apis = await services.store.listRestApis()
      return paginate(apis.map((api) => restApiShape(api)), query)
    },
  },
  {
    name: 'CreateRestApi',
    method: 'POST',
    path: '/restapis',
    successStatus: 201,
    async handler({ body }, services) {
      const { cloneFrom, ...input } = readCreate(body)
      const id = await newApiId(services, input.tags)
      const createdDate = services.now()
      let definition: RestApiDefinition
      if (cloneFrom !== undefined) {
        const source = await loadApi(services, cloneFrom)
        definition = cloneDefinition(source.definition, id)
        // the clone keeps the source's resources and parts; its settings are the request's
        definition.restApi = { ...input, id, createdDate, rootResourceId: definition.restApi.rootResourceId }
        if (source.definition.restApi.binaryMediaTypes && !input.binaryMediaTypes) {
          definition.restApi.binaryMediaTypes = [...source.definition.restApi.binaryMediaTypes]
        }
      } else {
        const rootResourceId = newId()
        definition = {
          protocol: 'REST',
          restApi: { ...input, id, createdDate, rootResourceId },
          resources: [{ id: rootResourceId, path: '/' }],
          models: defaultModels(),
          requestValidators: [],
          gatewayResponses: [],
          authorizers: [],
        }
      }
      await createApi(services, definition)
      return restApiShape(definition.restApi)
    },
  },
  {
    name: 'ImportRestApi',
    method: 'POST',
    path: '/restapis',
    query: { mode: 'import' },
    successStatus: 201,
    rawBody: true,
    async handler({ query, rawBody }, services) {
      const failOnWarnings = readFailOnWarnings(query)
      const endpoint = endpointOverride(query)
      const result = importOpenApi(rawBody.toString('utf8'), { failOnWarnings, ...readImportParameters(query, 'importRestApiInput') })
      if (!result.ok) throw importFailure(result.errors, failOnWarnings)
      const definition = result.definition
      checkPolicy(definition.restApi.policy)
      checkPartQuota(definition.documentationParts?.length ?? 0)
      definition.restApi.createdDate = services.now()
      if (endpoint) definition.restApi.endpointConfiguration = { ...definition.restApi.endpointConfiguration, types: [endpoint] }
      await createApi(services, definition)
      return restApiShape(definition.restApi, { warnings: true })
    },
  },
  {
    name: 'GetRestApi',
    method: 'GET',
    path: '/restapis/{restapi_id}',
    successStatus: 200,
    async handler({ params }, services) {
      // the summary row: loading the whole definition (every resource) is not needed here
      return restApiShape(await requireRestApi(services, params.restapi_id!))
    },
  },
  {
    name: 'UpdateRestApi',
    method: 'PATCH',
    path: '/restapis/{restapi_id}',
    successStatus: 200,
    async handler({ params, body }, services) {
      const privateDomains = await privateDomainsMapping(services, params.restapi_id!)
      return changeApi(services, params.restapi_id!, (definition) => {
        const patched = applyPatch(definition.restApi, body.patchOperations, PATCH_RULES, { ops: ['add', 'remove', 'replace'] })
        if (patched.name.trim() === '') throw badRequest('Invalid REST API name specified')
        if (patched.endpointConfiguration.types.length !== 1) throw badRequest('Must specify exactly one endpoint type')
        // "When a private API is mapped to a private custom domain name, you can't change the API's endpoint type."
        if (privateDomains.length > 0 && patched.endpointConfiguration.types[0] !== definition.restApi.endpointConfiguration.types[0]) {
          throw badRequest(`The endpoint type of a private API mapped to a private custom domain name cannot change: remove its base path mappings first (${privateDomains.join(', ')})`)
        }
        settleIpAddressType(definition.restApi.endpointConfiguration, patched.endpointConfiguration)
        if (patched.policy === '') delete patched.policy
        definition.restApi = patched
        return restApiShape(patched, { tags: true })
      })
    },
  },
  {
    name: 'PutRestApi',
    method: 'PUT',
    path: '/restapis/{restapi_id}',
    successStatus: 200,
    rawBody: true,
    async handler({ params, query, rawBody }, services) {
      const modeText = query.get('mode') ?? 'merge'
      if (modeText !== 'merge' && modeText !== 'overwrite') throw enumError(modeText, 'putRestApiInput.mode', ['merge', 'overwrite'])
      const mode: ImportMode = modeText
      const failOnWarnings = readFailOnWarnings(query)
      const parameters = readImportParameters(query, 'putRestApiInput')
      return changeApi(services, params.restapi_id!, (definition) => {
        const result = importOpenApi(rawBody.toString('utf8'), { existing: definition, mode, failOnWarnings, ...parameters })
        if (!result.ok) throw importFailure(result.errors, failOnWarnings)
        checkPolicy(result.definition.restApi.policy)
        checkPartQuota(result.definition.documentationParts?.length ?? 0)
        Object.assign(definition, result.definition)
        if (result.warnings.length === 0) delete definition.restApi.warnings
        return restApiShape(definition.restApi, { warnings: true, tags: true })
      })
    },
  },
  {
    name: 'DeleteRestApi',
    method: 'DELETE',
    path: '/restapis/{restapi_id}',
    successStatus: 202,
    async handler({ params }, services) {
      const apiId = params.restapi_id!
      await refuseWhileMapped(services, apiId, 'v1')
      if (!(await services.store.deleteApi(apiId))) throw unknownApi(services, apiId)
      await detachFromUsagePlans(services, apiId)
      return undefined
    },
  },
]
