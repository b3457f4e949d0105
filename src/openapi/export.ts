import type { DocumentationVersion, RestApiDefinition, Model } from '../model/index.ts'
import { injectDocumentation } from './documentation-export.ts'
import { exportPaths, type ExportFormat } from './export-paths.ts'
import { exportSecuritySchemes } from './export-security.ts'
import { compact, isObject } from './json.ts'

export type ExportExtension = 'integrations' | 'apigateway' | 'authorizers' | 'postman'

export interface ExportOptions {
  format: ExportFormat
  stageName: string
  /** accepted for GetExport parity; AWS exports integration URIs with `${stageVariables.x}` unresolved, and so do we */
  stageVariables?: Record<string, string>
  extensions: ExportExtension[]
  /** defaults to `{apiId}.execute-api.us-east-1.amazonaws.com` */
  host?: string
  /** the stage's documentation version, injected into the document (documentation-export.ts) */
  documentation?: DocumentationVersion
}

/**
 * The document GetExport returns for a stage: Swagger 2.0 (`host` + `basePath: /{stage}`) or
 * OpenAPI 3.0.1 (`servers[0].url` with a `basePath` variable). `integrations` adds
 * `x-amazon-apigateway-integration` (and binary media types); `authorizers` adds
 * `x-amazon-apigateway-authorizer`; `apigateway` adds every API Gateway extension, which is what
 * a lossless re-import needs. `postman` is refused by GetExport (control/operations/exports.ts).
 */
export function exportOpenApi(definition: RestApiDefinition, opts: ExportOptions): Record<string, unknown> {
  const all = opts.extensions.includes('apigateway')
  const integrations = all || opts.extensions.includes('integrations')
  const authorizers = all || opts.extensions.includes('authorizers')
  const swagger = opts.format === 'swagger'
  const api = definition.restApi
  const host = opts.host ?? `${api.id}.execute-api.us-east-1.amazonaws.com`

  const info = compact({
    title: api.name,
    description: api.description,
    version: api.version ?? new Date(api.createdDate * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  })
  const paths = exportPaths(definition, { format: opts.format, integrations, validators: all })
  const schemas = exportSchemas(definition.models, swagger ? '#/definitions/' : '#/components/schemas/')
  const securitySchemes = exportSecuritySchemes(definition, authorizers)
  const endpoint = all ? endpointExtension(definition) : undefined

  const doc: Record<string, unknown> = swagger
    ? compact({
        swagger: '2.0',
        info,
        host,
        basePath: `/${opts.stageName}`,
        schemes: ['https'],
        paths,
        securityDefinitions: nonEmpty(securitySchemes),
        definitions: nonEmpty(schemas),
        'x-amazon-apigateway-endpoint-configuration': endpoint,
      })
    : compact({
        openapi: '3.0.1',
        info,
        servers: [
          compact({
            url: `https://${host}/{basePath}`,
            variables: { basePath: { default: `/${opts.stageName}` } },
            'x-amazon-apigateway-endpoint-configuration': endpoint,
          }),
        ],
        paths,
        components: nonEmpty(compact({ schemas: nonEmpty(schemas), securitySchemes: nonEmpty(securitySchemes) })),
      })

  if (integrations && api.binaryMediaTypes && api.binaryMediaTypes.length > 0) {
    doc['x-amazon-apigateway-binary-media-types'] = [...api.binaryMediaTypes]
  }
  if (all) Object.assign(doc, apiExtensions(definition))
  if (opts.documentation) injectDocumentation(doc, opts.documentation, swagger)
  return doc
}

function apiExtensions(definition: RestApiDefinition): Record<string, unknown> {
  const api = definition.restApi
  const validators = Object.fromEntries(
    definition.requestValidators.map((v) => [
      v.name ?? v.id,
      { validateRequestBody: v.validateRequestBody, validateRequestParameters: v.validateRequestParameters },
    ]),
  )
  const gatewayResponses = Object.fromEntries(
    definition.gatewayResponses
      .filter((g) => !g.defaultResponse)
      .map((g) => [
        g.responseType,
        compact({
          statusCode: g.statusCode,
          responseParameters: g.responseParameters && { ...g.responseParameters },
          responseTemplates: g.responseTemplates && { ...g.responseTemplates },
        }),
      ]),
  )
  return compact({
    'x-amazon-apigateway-api-key-source': api.apiKeySource,
    'x-amazon-apigateway-minimum-compression-size': api.minimumCompressionSize,
    'x-amazon-apigateway-policy': api.policy === undefined ? undefined : parseJson(api.policy),
    'x-amazon-apigateway-request-validators': nonEmpty(validators),
    'x-amazon-apigateway-gateway-responses': nonEmpty(gatewayResponses),
  })
}

function endpointExtension(definition: RestApiDefinition): Record<string, unknown> | undefined {
  const api = definition.restApi
  const { types, vpcEndpointIds } = api.endpointConfiguration
  const ext = compact({
    types: types.length === 1 && types[0] === 'EDGE' ? undefined : [...types],
    vpcEndpointIds: vpcEndpointIds && vpcEndpointIds.length > 0 ? [...vpcEndpointIds] : undefined,
    disableExecuteApiEndpoint: api.disableExecuteApiEndpoint ? true : undefined,
  })
  return nonEmpty(ext)
}

/** Models back to named schemas, AWS model URLs back to local references. */
function exportSchemas(models: readonly Model[], prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const model of models) {
    if (model.contentType !== 'application/json') continue
    out[model.name] = localRefs(model.schema === undefined ? {} : parseJson(model.schema), prefix)
  }
  return out
}

function localRefs(schema: unknown, prefix: string): unknown {
  if (Array.isArray(schema)) return schema.map((s) => localRefs(s, prefix))
  if (!isObject(schema)) return schema
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(schema)) {
    const m = k === '$ref' && typeof v === 'string' ? /^https:\/\/apigateway\.amazonaws\.com\/restapis\/[^/]+\/models\/([A-Za-z0-9]+)(#.*)?$/.exec(v) : null
    out[k] = m ? `${prefix}${m[1]}${m[2] ? m[2].slice(1) : ''}` : localRefs(v, prefix)
  }
  return out
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

function nonEmpty<T extends object>(obj: T): T | undefined {
  return Object.keys(obj).length > 0 ? obj : undefined
}
