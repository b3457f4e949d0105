import type { HttpApiDefinition, V2Authorizer, V2Integration, V2Route } from '../model/index.ts'
import type { JsonObject } from './json.ts'

/**
 * An HTTP API → OpenAPI 3.0, as apigatewayv2's ExportApi writes it ([DG:http-api-export]): one
 * path item per route path, `x-amazon-apigateway-any-method` for ANY, the `$default` route as
 * the path `/$default`, a generated path parameter per variable, `Default response for {route
 * key}` as the only response, the integration inline, authorizers as security schemes. Without
 * extensions (`includeExtensions=false`) only the OpenAPI itself is written. importHttpApi reads
 * every export back to the same routes, integrations and authorizers.
 */

export interface HttpExportOptions {
  /** `x-amazon-apigateway-*` extensions (default true) */
  includeExtensions?: boolean
  /** the server URL: the API's endpoint (with the stage for a named stage) */
  serverUrl: string
}

const SIGV4_SCHEME = 'sigv4'

export function exportHttpApi(definition: HttpApiDefinition, options: HttpExportOptions): JsonObject {
  const extensions = options.includeExtensions ?? true
  const { api } = definition
  const doc: JsonObject = {
    openapi: '3.0.1',
    info: { title: api.name, version: api.version ?? '1.0', ...(api.description !== undefined && { description: api.description }) },
    servers: [{ url: options.serverUrl }],
  }
  const paths: Record<string, JsonObject> = {}
  for (const route of definition.routes) {
    const { path, method } = routePath(route)
    const item = (paths[path] ??= {})
    if (!extensions && method === 'x-amazon-apigateway-any-method') continue
    item[method] = operation(definition, route, path, extensions)
  }
  doc.paths = Object.fromEntries(Object.entries(paths).filter(([, item]) => Object.keys(item).length > 0))
  const schemes = securitySchemes(definition, extensions)
  if (Object.keys(schemes).length > 0) doc.components = { securitySchemes: schemes }
  if (extensions) {
    if (api.corsConfiguration) doc['x-amazon-apigateway-cors'] = { ...api.corsConfiguration }
    if (api.disableExecuteApiEndpoint) doc['x-amazon-apigateway-disable-execute-api-endpoint'] = true
    doc['x-amazon-apigateway-importexport-version'] = '1.0'
  }
  return doc
}

function routePath(route: V2Route): { path: string; method: string } {
  if (route.routeKey === '$default') return { path: '/$default', method: 'x-amazon-apigateway-any-method' }
  const space = route.routeKey.indexOf(' ')
  const verb = route.routeKey.slice(0, space)
  return { path: route.routeKey.slice(space + 1), method: verb === 'ANY' ? 'x-amazon-apigateway-any-method' : verb.toLowerCase() }
}

function operation(definition: HttpApiDefinition, route: V2Route, path: string, extensions: boolean): JsonObject {
  const op: JsonObject = {}
  if (route.operationName !== undefined) op.operationId = route.operationName
  const variables = [...path.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => m[1]!)
  if (variables.length > 0) {
    op.parameters = variables.map((name) => ({ name, in: 'path', description: `Generated path parameter for ${name}`, required: true, schema: { type: 'string' } }))
  }
  op.responses = { default: { description: `Default response for ${route.routeKey}` } }
  const security = routeSecurity(definition, route)
  if (security) op.security = [security]
  if (extensions && route.target !== undefined) {
    const integration = definition.integrations.find((i) => `integrations/${i.integrationId}` === route.target)
    if (integration) op['x-amazon-apigateway-integration'] = integrationExtension(integration)
  }
  return op
}

function routeSecurity(definition: HttpApiDefinition, route: V2Route): JsonObject | undefined {
  if (route.authorizationType === 'AWS_IAM') return { [SIGV4_SCHEME]: [] }
  const authorizer = definition.authorizers.find((a) => a.authorizerId === route.authorizerId)
  if (!authorizer || route.authorizationType === 'NONE') return undefined
  return { [authorizer.name]: route.authorizationScopes ?? [] }
}

function integrationExtension(integration: V2Integration): JsonObject {
  return {
    type: integration.integrationType.toLowerCase(),
    ...(integration.integrationSubtype !== undefined && { integrationSubtype: integration.integrationSubtype }),
    ...(integration.integrationUri !== undefined && { uri: integration.integrationUri }),
    ...(integration.integrationMethod !== undefined && { httpMethod: integration.integrationMethod }),
    ...(integration.credentialsArn !== undefined && { credentials: integration.credentialsArn }),
    ...(integration.description !== undefined && { description: integration.description }),
    ...(integration.requestParameters !== undefined && { requestParameters: { ...integration.requestParameters } }),
    ...(integration.responseParameters !== undefined && { responseParameters: structuredClone(integration.responseParameters) }),
    ...(integration.tlsConfig?.serverNameToVerify !== undefined && { tlsConfig: { serverNameToVerify: integration.tlsConfig.serverNameToVerify } }),
    connectionType: integration.connectionType,
    ...(integration.connectionId !== undefined && { connectionId: integration.connectionId }),
    ...(integration.payloadFormatVersion !== undefined && { payloadFormatVersion: integration.payloadFormatVersion }),
    timeoutInMillis: integration.timeoutInMillis,
  }
}

function securitySchemes(definition: HttpApiDefinition, extensions: boolean): Record<string, JsonObject> {
  const schemes: Record<string, JsonObject> = {}
  for (const authorizer of definition.authorizers) schemes[authorizer.name] = securityScheme(authorizer, extensions)
  if (definition.routes.some((r) => r.authorizationType === 'AWS_IAM')) {
    schemes[SIGV4_SCHEME] = { type: 'apiKey', name: 'Authorization', in: 'header', ...(extensions && { 'x-amazon-apigateway-authtype': 'awsSigv4' }) }
  }
  return schemes
}

function securityScheme(authorizer: V2Authorizer, extensions: boolean): JsonObject {
  const source = authorizer.identitySource ?? []
  if (authorizer.authorizerType === 'JWT') {
    const scheme: JsonObject = { type: 'oauth2', flows: {} }
    if (extensions) {
      scheme['x-amazon-apigateway-authorizer'] = {
        type: 'jwt',
        identitySource: source.join(','),
        jwtConfiguration: { ...authorizer.jwtConfiguration },
      }
    }
    return scheme
  }
  const header = /^\$request\.header\.(.+)$/.exec(source[0] ?? '')?.[1]
  const scheme: JsonObject = { type: 'apiKey', name: header ?? 'Unused', in: 'header' }
  if (extensions) {
    scheme['x-amazon-apigateway-authorizer'] = {
      type: 'request',
      identitySource: source.join(','),
      ...(authorizer.authorizerUri !== undefined && { authorizerUri: authorizer.authorizerUri }),
      ...(authorizer.authorizerCredentialsArn !== undefined && { authorizerCredentials: authorizer.authorizerCredentialsArn }),
      ...(authorizer.authorizerPayloadFormatVersion !== undefined && { authorizerPayloadFormatVersion: authorizer.authorizerPayloadFormatVersion }),
      ...(authorizer.enableSimpleResponses !== undefined && { enableSimpleResponses: authorizer.enableSimpleResponses }),
      ...(authorizer.authorizerResultTtlInSeconds !== undefined && { authorizerResultTtlInSeconds: authorizer.authorizerResultTtlInSeconds }),
    }
  }
  return scheme
}
