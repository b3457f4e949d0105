import type { ApiKeySource, EndpointConfiguration, EndpointType, RestApi } from '../model/index.ts'
import type { ImportContext } from './context.ts'
import { compact, isObject, type JsonObject } from './json.ts'
import { child } from './problems.ts'

const MAX_COMPRESSION = 10_485_760
const ENDPOINT_TYPES: readonly EndpointType[] = ['EDGE', 'REGIONAL', 'PRIVATE']

/** Top-level extensions read elsewhere, or deliberately without effect. */
const HANDLED = new Set([
  'x-amazon-apigateway-api-key-source',
  'x-amazon-apigateway-binary-media-types',
  'x-amazon-apigateway-minimum-compression-size',
  'x-amazon-apigateway-policy',
  'x-amazon-apigateway-endpoint-configuration',
  'x-amazon-apigateway-gateway-responses',
  'x-amazon-apigateway-request-validators',
  'x-amazon-apigateway-request-validator',
  'x-amazon-apigateway-importexport-version',
  'x-amazon-apigateway-tag-value',
  'x-amazon-apigateway-documentation',
])

/**
 * The RestApi itself: name/description/version from `info`, plus the API-level extensions
 * (binary media types, minimum compression size, API key source, resource policy, endpoint
 * configuration). Defaults are AWS's: HEADER key source, EDGE endpoint.
 */
export function importRestApi(ctx: ImportContext, rootResourceId: string): RestApi {
  const { doc, problems } = ctx
  const info = isObject(doc.info) ? doc.info : {}
  for (const key of Object.keys(doc)) {
    if (!key.startsWith('x-amazon-apigateway-') || HANDLED.has(key)) continue
    problems.warn(child('', key), `${key} was ignored: it is not supported for REST APIs`)
  }

  const binary = doc['x-amazon-apigateway-binary-media-types']
  if (binary !== undefined && !(Array.isArray(binary) && binary.every((t) => typeof t === 'string'))) {
    problems.error('/x-amazon-apigateway-binary-media-types', 'x-amazon-apigateway-binary-media-types must be an array of media types')
  }

  const compression = doc['x-amazon-apigateway-minimum-compression-size']
  if (compression !== undefined && !(Number.isInteger(compression) && (compression as number) >= 0 && (compression as number) <= MAX_COMPRESSION)) {
    problems.error('/x-amazon-apigateway-minimum-compression-size', `Invalid minimum compression size, must be between 0 and ${MAX_COMPRESSION}`)
  }

  let apiKeySource: ApiKeySource = 'HEADER'
  const source = doc['x-amazon-apigateway-api-key-source']
  if (source !== undefined) {
    const upper = typeof source === 'string' ? source.toUpperCase() : ''
    if (upper === 'HEADER' || upper === 'AUTHORIZER') apiKeySource = upper
    else problems.error('/x-amazon-apigateway-api-key-source', `Invalid API key source: ${JSON.stringify(source)}. Valid options are HEADER,AUTHORIZER`)
  }

  const endpoint = endpointExtension(ctx)
  return compact<RestApi>({
    id: ctx.apiId,
    name: typeof info.title === 'string' ? info.title : '',
    description: typeof info.description === 'string' ? info.description : undefined,
    createdDate: Math.floor(Date.now() / 1000),
    version: typeof info.version === 'string' || typeof info.version === 'number' ? String(info.version) : undefined,
    binaryMediaTypes: Array.isArray(binary) && binary.length > 0 ? [...(binary as string[])] : undefined,
    minimumCompressionSize: typeof compression === 'number' ? compression : undefined,
    apiKeySource,
    endpointConfiguration: (endpoint && endpointConfiguration(ctx, endpoint)) ?? { types: ['EDGE'] },
    policy: policy(ctx),
    disableExecuteApiEndpoint: endpoint?.ext.disableExecuteApiEndpoint === true,
    rootResourceId,
  })
}

function policy(ctx: ImportContext): string | undefined {
  const raw = ctx.doc['x-amazon-apigateway-policy']
  if (raw === undefined) return undefined
  if (isObject(raw)) return JSON.stringify(raw)
  if (typeof raw === 'string') {
    try {
      if (isObject(JSON.parse(raw))) return raw
    } catch {
      // reported below
    }
  }
  ctx.problems.error('/x-amazon-apigateway-policy', 'x-amazon-apigateway-policy must be an IAM policy document (an object)')
  return undefined
}

/** Swagger 2 keeps the extension at the top level, OpenAPI 3 on a server object; both are read. */
export function endpointExtension(ctx: ImportContext): { ext: JsonObject; at: string } | undefined {
  const key = 'x-amazon-apigateway-endpoint-configuration'
  const servers = Array.isArray(ctx.doc.servers) ? ctx.doc.servers : []
  const candidates: Array<[unknown, string]> = [
    [ctx.doc[key], child('', key)],
    ...servers.map((s, i): [unknown, string] => [isObject(s) ? s[key] : undefined, child('/servers', i, key)]),
  ]
  for (const [ext, at] of candidates) {
    if (ext === undefined) continue
    if (isObject(ext)) return { ext, at }
    ctx.problems.error(at, `${key} must be an object`)
  }
  return undefined
}

/**
 * `vpcEndpointIds` and `ipAddressType` as AWS documents; `types` is Portico's addition so that
 * an export of a REGIONAL or PRIVATE API imports as one (AWS takes the type from a query
 * parameter instead).
 */
function endpointConfiguration(ctx: ImportContext, found: { ext: JsonObject; at: string }): EndpointConfiguration {
  const { ext, at } = found
  let types: EndpointType[] = ['EDGE']
  if (ext.types !== undefined) {
    if (Array.isArray(ext.types) && ext.types.length === 1 && ENDPOINT_TYPES.includes(String(ext.types[0]).toUpperCase() as EndpointType)) {
      types = [String(ext.types[0]).toUpperCase() as EndpointType]
    } else ctx.problems.error(child(at, 'types'), 'types must name one endpoint type: EDGE, REGIONAL or PRIVATE')
  }
  const ip = ext.ipAddressType
  if (ip !== undefined && ip !== 'ipv4' && ip !== 'dualstack') ctx.problems.error(child(at, 'ipAddressType'), 'ipAddressType must be either ipv4 or dualstack.')
  const ids = ext.vpcEndpointIds
  if (ids !== undefined && !(Array.isArray(ids) && ids.every((i) => typeof i === 'string'))) {
    ctx.problems.error(child(at, 'vpcEndpointIds'), 'vpcEndpointIds must be an array of VPC endpoint ids')
  }
  if (ext.disableExecuteApiEndpoint !== undefined && typeof ext.disableExecuteApiEndpoint !== 'boolean') {
    ctx.problems.error(child(at, 'disableExecuteApiEndpoint'), 'disableExecuteApiEndpoint must be a boolean')
  }
  return compact<EndpointConfiguration>({
    types,
    ipAddressType: ip === 'ipv4' || ip === 'dualstack' ? ip : undefined,
    vpcEndpointIds: Array.isArray(ids) && ids.length > 0 ? [...(ids as string[])] : undefined,
  })
}
