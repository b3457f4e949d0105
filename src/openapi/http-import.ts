import { newId } from '../lib/ids.ts'
import { basePathPrefix, type BasePathMode } from './base-path.ts'
import type { HttpApiDefinition, V2Api, V2Authorizer, V2Cors, V2Integration, V2Route } from '../model/index.ts'
import { entries, isObject, isStringMap, type JsonObject } from './json.ts'
import { lookup } from './context.ts'
import { parseText } from './parse.ts'
import { child, formatWarning, Problems, type Problem } from './problems.ts'

/**
 * OpenAPI 3.0 (JSON or YAML) → an HTTP API, as apigatewayv2's ImportApi and ReimportApi read
 * it ([DG:http-api-open-api]): each path and method a route (`x-amazon-apigateway-any-method`:
 * ANY, the path `/$default`: the `$default` route), `x-amazon-apigateway-integration` its
 * integration (inline or a `$ref` into `components.x-amazon-apigateway-integrations`), the
 * operation's `security` its authorization (a scheme's `x-amazon-apigateway-authorizer`, or
 * `x-amazon-apigateway-authtype: awsSigv4` for IAM), `x-amazon-apigateway-cors` the CORS
 * configuration. What HTTP APIs do not have is a warning (failOnWarnings turns warnings into the
 * refusal); what cannot be imported is an error, each naming its JSON pointer.
 */

export type { BasePathMode }

export interface HttpImportOptions {
  /** the API being replaced (ReimportApi): its id, creation date and tags stay */
  existing?: HttpApiDefinition
  basePath?: BasePathMode
  /** reject the document when there are warnings, as `failOnWarnings=true` */
  failOnWarnings?: boolean
  /** epoch seconds, the new API's createdDate */
  now: number
}

/**
 * AWS's three kinds of import message ([DG:http-api-open-api] "Import validation information"):
 * info (valid OpenAPI that HTTP APIs do not use: `importInfo`, never a refusal), warnings (the
 * API is still made: `warnings`, or the refusal with failOnWarnings) and errors.
 */
export type HttpImportResult = { ok: true; definition: HttpApiDefinition; warnings: string[]; info: string[] } | { ok: false; errors: Problem[] }

const METHODS: Record<string, string> = {
  get: 'GET',
  put: 'PUT',
  post: 'POST',
  delete: 'DELETE',
  options: 'OPTIONS',
  head: 'HEAD',
  patch: 'PATCH',
  'x-amazon-apigateway-any-method': 'ANY',
}
/** path item members that are not operations and mean nothing to an HTTP API's routes */
const PATH_ITEM_OTHER = new Set(['summary', 'description', 'parameters', 'servers', '$ref'])
const ROOT_KNOWN = new Set([
  'openapi', 'info', 'paths', 'servers', 'components', 'security', 'tags', 'externalDocs',
  'x-amazon-apigateway-cors', 'x-amazon-apigateway-importexport-version', 'x-amazon-apigateway-disable-execute-api-endpoint',
])
const INTEGRATION_TYPES: Record<string, V2Integration['integrationType']> = { aws_proxy: 'AWS_PROXY', http_proxy: 'HTTP_PROXY' }
/** integration types of REST APIs, which an HTTP API import skips with a warning */
const REST_ONLY_TYPES = new Set(['aws', 'http', 'mock'])

export function importHttpApi(text: string, options: HttpImportOptions): HttpImportResult {
  const parsed = parseText(text)
  if (!parsed.ok) return { ok: false, errors: parsed.errors }
  const problems = new Problems()
  const info: Problem[] = []
  const doc = parsed.document
  if (!isObject(doc)) return { ok: false, errors: [{ pointer: '', message: 'The document must be an object' }] }
  if (typeof doc.openapi !== 'string' || !/^3\.0\.\d+$/.test(doc.openapi)) {
    return { ok: false, errors: [{ pointer: '/openapi', message: 'HTTP APIs import OpenAPI 3.0 documents only (openapi: 3.0.x)' }] }
  }
  for (const key of Object.keys(doc)) {
    if (!ROOT_KNOWN.has(key) && key.startsWith('x-amazon-apigateway-')) problems.warn(child('', key), `Unsupported extension ${key} for HTTP APIs: ignored`)
  }
  warnUnresolvedRefs(doc, doc, '', problems, 0)
  const api = importApi(doc, options, problems)
  const definition: HttpApiDefinition = {
    protocol: 'HTTP',
    api,
    routes: [],
    integrations: [],
    authorizers: [],
    models: [],
    routeResponses: {},
    integrationResponses: {},
  }
  const authorizers = importAuthorizers(doc, definition, problems)
  const prefix = basePathPrefix(doc, 'oas3', options.basePath ?? 'ignore')
  const paths = doc.paths
  if (!isObject(paths)) problems.error('/paths', 'The document has no paths object')
  for (const [path, item] of entries(paths)) {
    const at = child('/paths', path)
    if (!isObject(item)) {
      problems.error(at, 'A path item must be an object')
      continue
    }
    for (const [key, operation] of Object.entries(item)) {
      const method = METHODS[key]
      if (method === undefined) {
        if (!PATH_ITEM_OTHER.has(key) && !key.startsWith('x-')) problems.warn(child(at, key), `Unsupported path item member ${key}: ignored`)
        continue
      }
      const routeKey = path === '/$default' ? '$default' : `${method} ${prefix}${path}`
      if (path === '/$default' && method !== 'ANY') problems.error(child(at, key), 'The $default route is imported from x-amazon-apigateway-any-method only')
      importRoute(doc, definition, authorizers, routeKey, operation, child(at, key), problems, info)
    }
  }
  if (problems.errors.length > 0) return { ok: false, errors: problems.errors }
  if (options.failOnWarnings && problems.warnings.length > 0) return { ok: false, errors: problems.warnings }
  return { ok: true, definition, warnings: problems.warnings.map(formatWarning), info: info.map(formatWarning) }
}

const MAX_DEPTH = 64

/**
 * A local `$ref` that names nothing (a response schema `#/components/schemas/Missing`) is a
 * warning, not an error: AWS's own failOnWarnings example (terraform-provider-aws's acceptance
 * test for aws_apigatewayv2_api, run against AWS) imports such a document, and refuses it with
 * failOnWarnings. Integration references are checked, as errors, where they are read.
 */
function warnUnresolvedRefs(doc: JsonObject, node: unknown, at: string, problems: Problems, depth: number): void {
  if (depth > MAX_DEPTH) return
  if (Array.isArray(node)) {
    node.forEach((item, i) => warnUnresolvedRefs(doc, item, child(at, i), problems, depth + 1))
    return
  }
  if (!isObject(node)) return
  for (const [key, value] of Object.entries(node)) {
    if (key === 'x-amazon-apigateway-integration') continue
    if (key === '$ref' && typeof value === 'string') {
      if (!value.startsWith('#/') || lookup(doc, value.slice(1)) === undefined) problems.warn(child(at, key), `Unresolvable reference ${value}: ignored`)
      continue
    }
    warnUnresolvedRefs(doc, value, child(at, key), problems, depth + 1)
  }
}

function importApi(doc: JsonObject, options: HttpImportOptions, problems: Problems): V2Api {
  const info = isObject(doc.info) ? doc.info : {}
  const name = typeof info.title === 'string' && info.title !== '' ? info.title : undefined
  if (name === undefined) problems.error('/info/title', 'info.title (the API\'s name) is required')
  const existing = options.existing?.api
  const api: V2Api = {
    apiId: existing?.apiId ?? newId(),
    name: name ?? '',
    protocolType: 'HTTP',
    createdDate: existing?.createdDate ?? options.now,
    routeSelectionExpression: '$request.method $request.path',
    apiKeySelectionExpression: existing?.apiKeySelectionExpression ?? '$request.header.x-api-key',
    disableExecuteApiEndpoint: doc['x-amazon-apigateway-disable-execute-api-endpoint'] === true,
    ipAddressType: existing?.ipAddressType ?? 'ipv4',
    ...(typeof info.version === 'string' && { version: info.version }),
    ...(typeof info.description === 'string' && { description: info.description }),
    ...(existing?.tags !== undefined && { tags: existing.tags }),
  }
  const cors = importCors(doc['x-amazon-apigateway-cors'], problems)
  if (cors) api.corsConfiguration = cors
  return api
}

function importCors(value: unknown, problems: Problems): V2Cors | undefined {
  if (value === undefined) return undefined
  const at = '/x-amazon-apigateway-cors'
  if (!isObject(value)) {
    problems.error(at, 'x-amazon-apigateway-cors must be an object')
    return undefined
  }
  const cors: V2Cors = {}
  for (const list of ['allowOrigins', 'allowMethods', 'allowHeaders', 'exposeHeaders'] as const) {
    const items = value[list]
    if (items === undefined) continue
    if (!Array.isArray(items) || items.some((i) => typeof i !== 'string')) problems.error(child(at, list), `${list} must be a list of strings`)
    else cors[list] = items as string[]
  }
  if (value.allowCredentials !== undefined) {
    if (typeof value.allowCredentials !== 'boolean') problems.error(child(at, 'allowCredentials'), 'allowCredentials must be a boolean')
    else cors.allowCredentials = value.allowCredentials
  }
  if (value.maxAge !== undefined) {
    if (!Number.isInteger(value.maxAge) || (value.maxAge as number) < -1 || (value.maxAge as number) > 86400) problems.error(child(at, 'maxAge'), 'maxAge must be an integer between -1 and 86400')
    else cors.maxAge = value.maxAge as number
  }
  return cors
}

/** Authorizers from `components.securitySchemes`, by scheme name; IAM schemes map to `AWS_IAM`. */
function importAuthorizers(doc: JsonObject, definition: HttpApiDefinition, problems: Problems): Map<string, V2Authorizer | 'AWS_IAM'> {
  const byScheme = new Map<string, V2Authorizer | 'AWS_IAM'>()
  const components = isObject(doc.components) ? doc.components : {}
  for (const [name, scheme] of entries(components.securitySchemes)) {
    const at = child('/components/securitySchemes', name)
    if (!isObject(scheme)) continue
    if (scheme['x-amazon-apigateway-authtype'] === 'awsSigv4') {
      byScheme.set(name, 'AWS_IAM')
      continue
    }
    const ext = scheme['x-amazon-apigateway-authorizer']
    if (ext === undefined && scheme.type === 'apiKey') {
      problems.warn(at, `Security scheme ${name} is an API key: HTTP APIs have no API keys, routes using it are imported without authorization`)
      continue
    }
    if (ext === undefined) {
      problems.warn(at, `Security scheme ${name} has no x-amazon-apigateway-authorizer: routes using it are imported without authorization`)
      continue
    }
    const authorizer = importAuthorizer(name, ext, child(at, 'x-amazon-apigateway-authorizer'), problems)
    if (authorizer) {
      definition.authorizers.push(authorizer)
      byScheme.set(name, authorizer)
    }
  }
  return byScheme
}

function importAuthorizer(name: string, ext: unknown, at: string, problems: Problems): V2Authorizer | undefined {
  if (!isObject(ext)) {
    problems.error(at, 'x-amazon-apigateway-authorizer must be an object')
    return undefined
  }
  const type = typeof ext.type === 'string' ? ext.type.toLowerCase() : ''
  if (type !== 'jwt' && type !== 'request') {
    problems.error(child(at, 'type'), `Unsupported authorizer type ${String(ext.type)} for HTTP APIs: jwt or request`)
    return undefined
  }
  const sources = typeof ext.identitySource === 'string' ? ext.identitySource.split(',').map((s) => s.trim()).filter((s) => s !== '') : Array.isArray(ext.identitySource) ? (ext.identitySource as unknown[]).map(String) : []
  const authorizer: V2Authorizer = { authorizerId: newId(6), name, authorizerType: type === 'jwt' ? 'JWT' : 'REQUEST' }
  if (sources.length > 0) authorizer.identitySource = sources
  if (type === 'jwt') {
    const jwt = isObject(ext.jwtConfiguration) ? ext.jwtConfiguration : {}
    authorizer.jwtConfiguration = {
      ...(Array.isArray(jwt.audience) && { audience: (jwt.audience as unknown[]).map(String) }),
      ...(typeof jwt.issuer === 'string' && { issuer: jwt.issuer }),
    }
    return authorizer
  }
  if (typeof ext.authorizerUri === 'string') authorizer.authorizerUri = ext.authorizerUri
  if (typeof ext.authorizerCredentials === 'string') authorizer.authorizerCredentialsArn = ext.authorizerCredentials
  if (ext.authorizerPayloadFormatVersion !== undefined) authorizer.authorizerPayloadFormatVersion = String(ext.authorizerPayloadFormatVersion)
  if (typeof ext.enableSimpleResponses === 'boolean') authorizer.enableSimpleResponses = ext.enableSimpleResponses
  if (typeof ext.authorizerResultTtlInSeconds === 'number') authorizer.authorizerResultTtlInSeconds = ext.authorizerResultTtlInSeconds
  return authorizer
}

function importRoute(
  doc: JsonObject,
  definition: HttpApiDefinition,
  authorizers: Map<string, V2Authorizer | 'AWS_IAM'>,
  routeKey: string,
  operation: unknown,
  at: string,
  problems: Problems,
  info: Problem[],
): void {
  if (!isObject(operation)) {
    problems.error(at, 'An operation must be an object')
    return
  }
  for (const key of Object.keys(operation)) {
    if (key.startsWith('x-amazon-apigateway-') && key !== 'x-amazon-apigateway-integration') problems.warn(child(at, key), `Unsupported extension ${key} for HTTP APIs: ignored`)
  }
  if (operation.requestBody !== undefined) info.push({ pointer: child(at, 'requestBody'), message: 'requestBody is ignored: HTTP APIs do not validate requests' })
  if (definition.routes.some((r) => r.routeKey === routeKey)) {
    problems.error(at, `Route with key ${routeKey} already exists for this API`)
    return
  }
  const route: V2Route = { routeId: newId(7), routeKey, apiKeyRequired: false, authorizationType: 'NONE' }
  if (typeof operation.operationId === 'string') route.operationName = operation.operationId
  const integration = importIntegration(doc, operation['x-amazon-apigateway-integration'], child(at, 'x-amazon-apigateway-integration'), problems)
  if (integration) {
    definition.integrations.push(integration)
    route.target = `integrations/${integration.integrationId}`
  }
  const security = Array.isArray(operation.security) ? operation.security : Array.isArray(doc.security) ? doc.security : []
  const requirements = security.filter((s) => isObject(s) && Object.keys(s).length > 0) as JsonObject[]
  const requirement = requirements[0]
  // [DG:http-api-open-api]: one of IAM, a Lambda authorizer or a JWT authorizer per operation
  if (requirements.length > 1 || (requirement && Object.keys(requirement).length > 1)) {
    problems.error(child(at, 'security'), 'An operation can have only one security requirement: HTTP API routes have one of IAM authorization, a Lambda authorizer or a JWT authorizer')
  } else if (requirement) {
    const [scheme, scopes] = Object.entries(requirement)[0]!
    const authorizer = authorizers.get(scheme)
    if (authorizer === 'AWS_IAM') route.authorizationType = 'AWS_IAM'
    else if (authorizer) {
      route.authorizationType = authorizer.authorizerType === 'JWT' ? 'JWT' : 'CUSTOM'
      route.authorizerId = authorizer.authorizerId
      if (authorizer.authorizerType === 'JWT' && Array.isArray(scopes) && scopes.length > 0) route.authorizationScopes = scopes.map(String)
    } else problems.warn(child(at, 'security'), `Security scheme ${scheme} is not an API Gateway authorizer: the route is imported without authorization`)
  }
  definition.routes.push(route)
}

function importIntegration(doc: JsonObject, value: unknown, at: string, problems: Problems): V2Integration | undefined {
  if (value === undefined) return undefined
  let ext: unknown = value
  let where = at
  if (isObject(ext) && typeof ext.$ref === 'string') {
    const m = /^#\/components\/x-amazon-apigateway-integrations\/(.+)$/.exec(ext.$ref)
    const components = isObject(doc.components) ? doc.components : {}
    const shared = isObject(components['x-amazon-apigateway-integrations']) ? components['x-amazon-apigateway-integrations'] : {}
    if (!m || !isObject(shared[m[1]!])) {
      problems.error(child(at, '$ref'), `Integration reference ${ext.$ref} does not name one of components.x-amazon-apigateway-integrations`)
      return undefined
    }
    where = child('/components/x-amazon-apigateway-integrations', m[1]!)
    ext = shared[m[1]!]
  }
  if (!isObject(ext)) {
    problems.error(where, 'x-amazon-apigateway-integration must be an object')
    return undefined
  }
  const type = INTEGRATION_TYPES[typeof ext.type === 'string' ? ext.type.toLowerCase() : '']
  if (type === undefined) {
    const name = typeof ext.type === 'string' ? ext.type.toLowerCase() : ''
    // a type REST APIs have is a warning, not an error: [DG:http-api-open-api]'s own example of a warning is an `AWS` integration
    if (REST_ONLY_TYPES.has(name)) problems.warn(child(where, 'type'), `Unsupported integration type ${String(ext.type)}: HTTP APIs have only aws_proxy and http_proxy integrations; the route is imported without an integration`)
    else problems.error(child(where, 'type'), `Invalid integration type ${String(ext.type)}: one of aws_proxy, http_proxy`)
    return undefined
  }
  const integration: V2Integration = {
    integrationId: newId(7),
    integrationType: type,
    connectionType: ext.connectionType === 'VPC_LINK' ? 'VPC_LINK' : 'INTERNET',
    timeoutInMillis: typeof ext.timeoutInMillis === 'number' ? ext.timeoutInMillis : 30000,
  }
  if (typeof ext.uri === 'string') integration.integrationUri = ext.uri
  if (typeof ext.httpMethod === 'string') integration.integrationMethod = ext.httpMethod
  if (typeof ext.integrationSubtype === 'string') integration.integrationSubtype = ext.integrationSubtype
  if (typeof ext.connectionId === 'string') integration.connectionId = ext.connectionId
  if (typeof ext.credentials === 'string') integration.credentialsArn = ext.credentials
  if (typeof ext.description === 'string') integration.description = ext.description
  if (ext.payloadFormatVersion !== undefined) integration.payloadFormatVersion = payloadFormat(ext.payloadFormatVersion)
  if (isStringMap(ext.requestParameters)) integration.requestParameters = { ...ext.requestParameters }
  if (isObject(ext.responseParameters)) {
    integration.responseParameters = Object.fromEntries(entries(ext.responseParameters).filter(([, v]) => isStringMap(v)) as Array<[string, Record<string, string>]>)
  }
  if (isObject(ext.tlsConfig) && typeof ext.tlsConfig.serverNameToVerify === 'string') integration.tlsConfig = { serverNameToVerify: ext.tlsConfig.serverNameToVerify }
  if (type === 'AWS_PROXY' && integration.integrationSubtype === undefined) integration.integrationMethod ??= 'POST'
  return integration
}

/** YAML reads `payloadFormatVersion: 2.0` as the number 2: AWS's own examples write it so */
function payloadFormat(value: unknown): string {
  return typeof value === 'number' ? value.toFixed(1) : String(value)
}
