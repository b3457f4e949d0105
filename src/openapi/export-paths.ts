import type { RestApiDefinition, Integration, Method, MethodResponse } from '../model/index.ts'
import { methodSecurity } from './export-security.ts'
import { compact } from './json.ts'

export type ExportFormat = 'oas30' | 'swagger'

export interface PathsOptions {
  format: ExportFormat
  integrations: boolean
  validators: boolean
}

/** The `paths` object: one path item per resource with methods (or a leaf), operations in AWS's shape. */
export function exportPaths(definition: RestApiDefinition, opts: PathsOptions): Record<string, unknown> {
  const paths: Record<string, unknown> = {}
  const parents = new Set(definition.resources.map((r) => r.parentId))
  const sorted = [...definition.resources].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  for (const resource of sorted) {
    const methods = Object.values(resource.resourceMethods ?? {})
    if (methods.length === 0 && (resource.path === '/' || parents.has(resource.id))) continue
    const item: Record<string, unknown> = {}
    for (const method of methods) {
      const key = method.httpMethod === 'ANY' ? 'x-amazon-apigateway-any-method' : method.httpMethod.toLowerCase()
      item[key] = exportOperation(method, definition, opts)
    }
    paths[resource.path] = item
  }
  return paths
}

function exportOperation(method: Method, definition: RestApiDefinition, opts: PathsOptions): Record<string, unknown> {
  const swagger = opts.format === 'swagger'
  const ref = (name: string) => ({ $ref: `${swagger ? '#/definitions' : '#/components/schemas'}/${name}` })
  const parameters: unknown[] = []
  for (const [key, required] of Object.entries(method.requestParameters ?? {})) {
    const m = /^method\.request\.(path|querystring|header)\.(.+)$/.exec(key)
    if (!m) continue
    const where = m[1] === 'querystring' ? 'query' : m[1]!
    const isRequired = where === 'path' || required
    parameters.push(
      swagger
        ? { name: m[2], in: where, required: isRequired, type: 'string' }
        : compact({ name: m[2], in: where, required: isRequired ? true : undefined, schema: { type: 'string' } }),
    )
  }
  const requestModels = Object.entries(method.requestModels ?? {})
  let requestBody: unknown
  if (requestModels.length > 0) {
    if (swagger) parameters.push({ in: 'body', name: requestModels[0]![1], required: true, schema: ref(requestModels[0]![1]) })
    else requestBody = { content: Object.fromEntries(requestModels.map(([type, name]) => [type, { schema: ref(name) }])), required: true }
  }
  const produces = [...new Set(Object.values(method.methodResponses ?? {}).flatMap((r) => Object.keys(r.responseModels ?? {})))]
  const responses: Record<string, unknown> = {}
  for (const response of Object.values(method.methodResponses ?? {})) responses[response.statusCode] = exportResponse(response, swagger, ref)

  const validator = definition.requestValidators.find((v) => v.id === method.requestValidatorId)
  return compact({
    operationId: method.operationName,
    consumes: swagger && requestModels.length > 0 ? requestModels.map(([type]) => type) : undefined,
    produces: swagger && produces.length > 0 ? produces : undefined,
    parameters: parameters.length > 0 ? parameters : undefined,
    requestBody,
    responses,
    security: methodSecurity(method, definition),
    'x-amazon-apigateway-request-validator': opts.validators && validator ? (validator.name ?? validator.id) : undefined,
    'x-amazon-apigateway-integration': opts.integrations && method.methodIntegration ? exportIntegration(method.methodIntegration) : undefined,
  })
}

function exportResponse(response: MethodResponse, swagger: boolean, ref: (name: string) => unknown): Record<string, unknown> {
  const headers: Record<string, unknown> = {}
  for (const [key, required] of Object.entries(response.responseParameters ?? {})) {
    const name = /^method\.response\.header\.(.+)$/.exec(key)?.[1]
    if (!name) continue
    headers[name] = swagger ? { type: 'string' } : compact({ required: required ? true : undefined, schema: { type: 'string' } })
  }
  const models = Object.entries(response.responseModels ?? {})
  return compact({
    description: `${response.statusCode} response`,
    schema: swagger && models.length > 0 ? ref(models[0]![1]) : undefined,
    headers: Object.keys(headers).length > 0 ? headers : undefined,
    content: !swagger && models.length > 0 ? Object.fromEntries(models.map(([type, name]) => [type, { schema: ref(name) }])) : undefined,
  })
}

/** The integration as AWS writes it: lower-case type and passthrough, responses keyed by pattern. */
export function exportIntegration(i: Integration): Record<string, unknown> {
  const responses: Record<string, unknown> = {}
  for (const r of Object.values(i.integrationResponses ?? {})) {
    const key = r.selectionPattern === undefined || r.selectionPattern === '' ? 'default' : r.selectionPattern
    if (key in responses) continue
    responses[key] = compact({
      statusCode: r.statusCode,
      responseParameters: r.responseParameters && { ...r.responseParameters },
      responseTemplates: r.responseTemplates && { ...r.responseTemplates },
      contentHandling: r.contentHandling,
    })
  }
  return compact({
    type: i.type.toLowerCase(),
    httpMethod: i.httpMethod,
    uri: i.uri,
    credentials: i.credentials,
    connectionType: i.connectionType,
    connectionId: i.connectionId,
    requestParameters: i.requestParameters && { ...i.requestParameters },
    requestTemplates: i.requestTemplates && { ...i.requestTemplates },
    passthroughBehavior: i.passthroughBehavior?.toLowerCase(),
    contentHandling: i.contentHandling,
    timeoutInMillis: i.timeoutInMillis,
    cacheNamespace: i.cacheNamespace,
    cacheKeyParameters: i.cacheKeyParameters && [...i.cacheKeyParameters],
    tlsConfig: i.tlsConfig && { ...i.tlsConfig },
    responses: Object.keys(responses).length > 0 ? responses : undefined,
  })
}
