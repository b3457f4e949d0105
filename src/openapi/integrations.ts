import {
  HTTP_METHODS,
  DEFAULT_TIMEOUT_MS,
  MAX_TIMEOUT_MS,
  MIN_TIMEOUT_MS,
  type ContentHandling,
  type Integration,
  type IntegrationResponse,
  type IntegrationType,
  type Method,
  type PassthroughBehavior,
} from '../model/index.ts'
import { compact, entries, isObject, isStringMap, nonEmpty } from './json.ts'
import { child, type Problems } from './problems.ts'
import { checkTemplates } from './templates.ts'

const TYPES: readonly IntegrationType[] = ['HTTP', 'HTTP_PROXY', 'MOCK', 'AWS', 'AWS_PROXY']
const PASSTHROUGH: readonly PassthroughBehavior[] = ['WHEN_NO_MATCH', 'WHEN_NO_TEMPLATES', 'NEVER']
const CONTENT_HANDLING: readonly ContentHandling[] = ['CONVERT_TO_BINARY', 'CONVERT_TO_TEXT']
const REQUEST_PARAMETER = /^integration\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)\.[A-Za-z0-9._$-]+$/
const RESPONSE_PARAMETER = /^method\.response\.header\.[A-Za-z0-9._$-]+$/
const METHOD_PARAMETER = /^method\.request\.(path|querystring|header)\.[A-Za-z0-9._$-]+$/

/** The parts of the method an integration must agree with. */
export type MethodShape = Pick<Method, 'requestParameters' | 'methodResponses'>

/**
 * `x-amazon-apigateway-integration` → Integration. Type and passthrough behavior accept AWS's
 * lower-case spelling; `responses` is keyed by selection pattern (`default` = none) and becomes
 * `integrationResponses` keyed by status code. As AWS does, the integration must agree with its
 * method: mapped `method.request.*` parameters and cache keys must be declared, and each
 * integration response must answer with a declared method response and only its headers.
 */
export function importIntegration(ext: unknown, at: string, method: MethodShape, problems: Problems): Integration | undefined {
  if (!isObject(ext)) {
    problems.error(at, 'x-amazon-apigateway-integration must be an object')
    return undefined
  }
  const errorsBefore = problems.errors.length
  const type = enumValue(ext.type, TYPES, child(at, 'type'), 'integration type', problems)
  if (ext.type === undefined) problems.error(child(at, 'type'), 'Missing integration type')

  const httpMethod = typeof ext.httpMethod === 'string' ? ext.httpMethod.toUpperCase() : undefined
  const uri = typeof ext.uri === 'string' ? ext.uri : undefined
  checkEndpoint(ext, type, httpMethod, uri, at, problems)
  const timeoutInMillis = timeout(ext.timeoutInMillis, child(at, 'timeoutInMillis'), problems)

  const passthroughBehavior =
    ext.passthroughBehavior === undefined
      ? 'WHEN_NO_MATCH'
      : enumValue(ext.passthroughBehavior, PASSTHROUGH, child(at, 'passthroughBehavior'), 'passthroughBehavior', problems)
  const contentHandling = optionalEnum(ext.contentHandling, CONTENT_HANDLING, child(at, 'contentHandling'), 'contentHandling', problems)

  const requestParameters = stringMap(ext.requestParameters, child(at, 'requestParameters'), REQUEST_PARAMETER, problems)
  const declared = method.requestParameters ?? {}
  for (const [key, source] of Object.entries(requestParameters ?? {})) {
    if (METHOD_PARAMETER.test(source) && !(source in declared)) {
      problems.error(child(at, 'requestParameters', key), `Invalid mapping expression specified: ${source} is not a parameter of the method`)
    }
  }
  const requestTemplates = templateMap(ext.requestTemplates, child(at, 'requestTemplates'), problems)

  const cacheKeyParameters = ext.cacheKeyParameters
  if (cacheKeyParameters !== undefined && !(Array.isArray(cacheKeyParameters) && cacheKeyParameters.every((p) => typeof p === 'string'))) {
    problems.error(child(at, 'cacheKeyParameters'), 'cacheKeyParameters must be an array of strings')
  } else if (cacheKeyParameters !== undefined) {
    cacheKeyParameters.forEach((key, i) => {
      if (!(key in declared)) problems.error(child(at, 'cacheKeyParameters', i), `Invalid cache key parameter: ${key} is not a parameter of the method`)
    })
  }
  const connectionType = optionalEnum(ext.connectionType, ['INTERNET', 'VPC_LINK'] as const, child(at, 'connectionType'), 'connectionType', problems)

  const integrationResponses = importResponses(ext.responses, child(at, 'responses'), type, method, problems)
  if (problems.errors.length > errorsBefore || !type) return undefined

  return compact<Integration>({
    type,
    httpMethod,
    uri,
    connectionType,
    connectionId: str(ext.connectionId),
    credentials: str(ext.credentials),
    requestParameters,
    requestTemplates,
    passthroughBehavior,
    contentHandling,
    cacheNamespace: str(ext.cacheNamespace),
    cacheKeyParameters: Array.isArray(cacheKeyParameters) && cacheKeyParameters.length > 0 ? [...(cacheKeyParameters as string[])] : undefined,
    timeoutInMillis,
    integrationResponses,
    tlsConfig: isObject(ext.tlsConfig) ? { ...ext.tlsConfig } : undefined,
  })
}

/** The backend verb and address each integration type needs. */
function checkEndpoint(
  ext: Record<string, unknown>,
  type: IntegrationType | undefined,
  httpMethod: string | undefined,
  uri: string | undefined,
  at: string,
  problems: Problems,
): void {
  if (type && type !== 'MOCK' && !httpMethod) problems.error(child(at, 'httpMethod'), 'Enumeration value for HttpMethod must be non-empty')
  else if (ext.httpMethod !== undefined && !(HTTP_METHODS as readonly string[]).includes(httpMethod ?? '')) {
    problems.error(child(at, 'httpMethod'), `Invalid HttpMethod specified: ${JSON.stringify(ext.httpMethod)}. Valid options are ${HTTP_METHODS.join(',')}`)
  }
  if (type === 'MOCK' || type === undefined) return
  if (uri === undefined) problems.error(child(at, 'uri'), `Missing uri for an integration of type ${type}`)
  else if ((type === 'HTTP' || type === 'HTTP_PROXY') && !/^https?:\/\/\S+$/i.test(uri)) {
    problems.error(child(at, 'uri'), 'Invalid HTTP endpoint specified for URI')
  } else if ((type === 'AWS' || type === 'AWS_PROXY') && !/^arn:[^:]+:apigateway:[^:]*:[^:]+:(path|action)\//.test(uri)) {
    problems.error(child(at, 'uri'), 'AWS ARN for integration must contain path or action')
  }
}

function timeout(raw: unknown, at: string, problems: Problems): number {
  if (raw === undefined) return DEFAULT_TIMEOUT_MS
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= MIN_TIMEOUT_MS && raw <= MAX_TIMEOUT_MS) return raw
  problems.error(at, `Timeout should be between ${MIN_TIMEOUT_MS} ms and ${MAX_TIMEOUT_MS} ms`)
  return DEFAULT_TIMEOUT_MS
}

function importResponses(
  raw: unknown,
  at: string,
  type: IntegrationType | undefined,
  method: MethodShape,
  problems: Problems,
): Record<string, IntegrationResponse> | undefined {
  if (raw === undefined) return undefined
  if (!isObject(raw)) {
    problems.error(at, 'responses must be an object keyed by selection pattern')
    return undefined
  }
  const out: Record<string, IntegrationResponse> = {}
  for (const [pattern, value] of entries(raw)) {
    const rat = child(at, pattern)
    if (!isObject(value)) {
      problems.error(rat, 'An integration response must be an object')
      continue
    }
    const statusCode = typeof value.statusCode === 'number' ? String(value.statusCode) : value.statusCode
    if (typeof statusCode !== 'string' || !/^[1-5]\d\d$/.test(statusCode)) {
      problems.error(child(rat, 'statusCode'), 'An integration response needs a statusCode between 100 and 599')
      continue
    }
    if (out[statusCode]) {
      problems.error(rat, `Another selection pattern already maps to status code ${statusCode}`)
      continue
    }
    const methodResponse = method.methodResponses?.[statusCode]
    const proxy = type === 'AWS_PROXY' || type === 'HTTP_PROXY'
    if (!proxy && !methodResponse) {
      problems.error(child(rat, 'statusCode'), `Invalid Response status code specified: ${statusCode} is not a response of this method`)
    }
    const responseParameters = stringMap(value.responseParameters, child(rat, 'responseParameters'), RESPONSE_PARAMETER, problems)
    for (const key of Object.keys(responseParameters ?? {})) {
      if (!proxy && methodResponse && RESPONSE_PARAMETER.test(key) && !(key in (methodResponse.responseParameters ?? {}))) {
        problems.error(child(rat, 'responseParameters', key), `Invalid mapping expression specified: ${key} is not a header of the ${statusCode} method response`)
      }
    }
    const responseTemplates = templateMap(value.responseTemplates, child(rat, 'responseTemplates'), problems)
    out[statusCode] = compact<IntegrationResponse>({
      statusCode,
      selectionPattern: pattern === 'default' || pattern === '' ? undefined : pattern,
      responseParameters,
      responseTemplates,
      contentHandling: optionalEnum(value.contentHandling, CONTENT_HANDLING, child(rat, 'contentHandling'), 'contentHandling', problems),
    })
  }
  return nonEmpty(out)
}

function templateMap(raw: unknown, at: string, problems: Problems): Record<string, string | null> | undefined {
  if (raw === undefined) return undefined
  if (!isObject(raw) || !Object.values(raw).every((v) => typeof v === 'string' || v === null)) {
    problems.error(at, 'Mapping templates must be an object of content type to template text')
    return undefined
  }
  const templates = raw as Record<string, string | null>
  checkTemplates(templates, at, problems)
  return nonEmpty(templates)
}

function stringMap(raw: unknown, at: string, keyShape: RegExp, problems: Problems): Record<string, string> | undefined {
  if (raw === undefined) return undefined
  if (!isStringMap(raw)) {
    problems.error(at, 'Parameter mappings must be an object of string to string')
    return undefined
  }
  for (const key of Object.keys(raw)) if (!keyShape.test(key)) problems.error(child(at, key), `Invalid mapping expression specified: ${key}`)
  return nonEmpty(raw)
}

function enumValue<T extends string>(raw: unknown, allowed: readonly T[], at: string, what: string, problems: Problems): T | undefined {
  if (raw === undefined) return undefined
  const upper = typeof raw === 'string' ? raw.toUpperCase() : undefined
  if (upper !== undefined && (allowed as readonly string[]).includes(upper)) return upper as T
  problems.error(at, `Invalid ${what}: ${JSON.stringify(raw)}. Valid options are ${allowed.join(',')}`)
  return undefined
}

function optionalEnum<T extends string>(raw: unknown, allowed: readonly T[], at: string, what: string, problems: Problems): T | undefined {
  return raw === undefined ? undefined : enumValue(raw, allowed, at, what, problems)
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined
}
