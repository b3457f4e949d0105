import type { Method, RestApiDefinition } from '../model/index.ts'
import type { DocumentationIndex } from '../model/documentation-inheritance.ts'

/**
 * What every SDK generator needs of a deployed REST API: one callable operation per resource and
 * verb, named as AWS's generated JavaScript client names it, with its parameters, body model,
 * auth and documentation; and the models with their schemas. ANY methods have no verb for a
 * client to send and are left out (AWS's generator does the same).
 */

export interface SdkParameter {
  name: string
  in: 'path' | 'query' | 'header'
  required: boolean
  description?: string
}

export interface SdkOperation {
  /** AWS's name: the path's segments camelCased, braces dropped, then the verb (`petsPetIdGet`, `rootGet`) */
  name: string
  verb: string
  /** the resource path, e.g. `/pets/{petId}` */
  path: string
  parameters: SdkParameter[]
  /** the application/json request model, when the method has one */
  bodyModel?: string
  /** the model of the first 2xx application/json response */
  responseModel?: string
  iam: boolean
  apiKeyRequired: boolean
  summary?: string
  description?: string
}

export interface SdkModel {
  name: string
  /** the JSON schema (draft-04), parsed; `{}` when the model has none or it does not parse */
  schema: Record<string, unknown>
  description?: string
}

export interface SdkApi {
  id: string
  name: string
  description?: string
  operations: SdkOperation[]
  models: SdkModel[]
}

export function describeApi(definition: RestApiDefinition, docs: DocumentationIndex): SdkApi {
  const operations: SdkOperation[] = []
  for (const resource of definition.resources) {
    for (const [verb, method] of Object.entries(resource.resourceMethods ?? {})) {
      if (verb === 'ANY') continue
      operations.push(describeOperation(resource.path, verb, method, docs))
    }
  }
  const api = docs.properties({ type: 'API' })
  const apiInfo = api && typeof api.info === 'object' && api.info !== null ? (api.info as Record<string, unknown>) : api
  return {
    id: definition.restApi.id,
    name: definition.restApi.name,
    ...optional('description', text(apiInfo?.description) ?? definition.restApi.description),
    operations,
    models: definition.models.map((m) => ({
      name: m.name,
      schema: parseSchema(m.schema),
      ...optional('description', text(docs.properties({ type: 'MODEL', name: m.name })?.description) ?? m.description),
    })),
  }
}

function describeOperation(path: string, verb: string, method: Method, docs: DocumentationIndex): SdkOperation {
  const parameters: SdkParameter[] = []
  for (const m of path.matchAll(/\{([^}]+?)\+?\}/g)) {
    const name = m[1]!
    parameters.push({ name, in: 'path', required: true, ...optional('description', text(docs.properties({ type: 'PATH_PARAMETER', path, method: verb, name })?.description)) })
  }
  for (const [key, required] of Object.entries(method.requestParameters ?? {})) {
    const m = /^method\.request\.(querystring|header)\.(.+)$/.exec(key)
    if (!m) continue
    const where = m[1] === 'querystring' ? 'query' : 'header'
    const name = m[2]!
    const type = where === 'query' ? 'QUERY_PARAMETER' : 'REQUEST_HEADER'
    parameters.push({ name, in: where, required, ...optional('description', text(docs.properties({ type, path, method: verb, name })?.description)) })
  }
  const doc = docs.properties({ type: 'METHOD', path, method: verb })
  const bodyModel = method.requestModels?.['application/json']
  const ok = Object.values(method.methodResponses ?? {}).find((r) => /^2\d\d$/.test(r.statusCode))
  const responseModel = ok?.responseModels?.['application/json']
  return {
    name: operationName(path, verb),
    verb,
    path,
    parameters,
    ...optional('bodyModel', bodyModel),
    ...optional('responseModel', responseModel),
    iam: method.authorizationType === 'AWS_IAM',
    apiKeyRequired: method.apiKeyRequired,
    ...optional('summary', text(doc?.summary)),
    ...optional('description', text(doc?.description)),
  }
}

/** `/conversations/{id}` GET → `conversationsIdGet`, `/` → `rootGet`, `/pet-store` → `petStoreGet` */
export function operationName(path: string, verb: string): string {
  const words = path.split(/[^A-Za-z0-9]+/).filter((w) => w !== '')
  const verbWord = capitalise(verb.toLowerCase())
  if (words.length === 0) return `root${verbWord}`
  const camel = words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : capitalise(w))).join('')
  return /^[0-9]/.test(camel) ? `_${camel}${verbWord}` : `${camel}${verbWord}`
}

export function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1)
}

function parseSchema(schema: string | undefined): Record<string, unknown> {
  if (schema === undefined) return {}
  try {
    const value: unknown = JSON.parse(schema)
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V }
}

/** a model's name as a `$ref` names it: `#/definitions/Pet`, `…/models/Pet` → `Pet` */
export function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1)
}

/**
 * An identifier for a C-family language from a name: `x-trace-id` → `xTraceId` (`XTraceId` when
 * `upper`); a leading digit gets `_`, a reserved word a trailing `_`.
 */
export function identifier(name: string, upper: boolean, reserved: ReadonlySet<string>): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter((w) => w !== '')
  let id = words.map((w, i) => (i === 0 && !upper ? w.charAt(0).toLowerCase() + w.slice(1) : capitalise(w))).join('')
  if (id === '' || /^[0-9]/.test(id)) id = `_${id}`
  return reserved.has(id) ? `${id}_` : id
}

/** text safe inside a block comment */
export function commentText(text: string): string {
  return text.replaceAll('*/', '*\\/')
}
