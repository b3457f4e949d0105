/**
 * botocore's service model for API Gateway (test/fixtures/aws-models, botocore 1.43.11), read
 * the way the rest-json protocol reads it: which operations exist, where each input member
 * travels (uri, querystring, header or the JSON body) and what a body must look like. The shape
 * test checks Portico's raw JSON answers against it; scripts/compatibility-table.ts lists the
 * operations from it.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export interface MemberRef {
  shape: string
  location?: 'uri' | 'querystring' | 'header' | 'headers' | 'statusCode'
  locationName?: string
}

export interface ShapeDef {
  type: 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'double' | 'boolean' | 'timestamp' | 'blob'
  members?: Record<string, MemberRef>
  required?: string[]
  member?: MemberRef
  key?: MemberRef
  value?: MemberRef
  enum?: string[]
  payload?: string
}

export interface OperationDef {
  name: string
  http: { method: string; requestUri: string; responseCode?: number }
  input?: { shape: string }
  output?: { shape: string }
}

export interface AwsModel {
  metadata: { apiVersion: string; protocol: string }
  operations: Record<string, OperationDef>
  shapes: Record<string, ShapeDef>
}

export const MODEL_PATH = join(import.meta.dirname, '..', '..', 'fixtures', 'aws-models', 'apigateway-2015-07-09.service-2.json')
export const BOTOCORE_VERSION = '1.43.11'

export function loadApiGatewayModel(): AwsModel {
  return JSON.parse(readFileSync(MODEL_PATH, 'utf8')) as AwsModel
}

/** The members of a structure that travel in the JSON body, by wire name. */
export function bodyMembers(model: AwsModel, shapeName: string): Map<string, MemberRef> {
  const shape = model.shapes[shapeName]!
  const out = new Map<string, MemberRef>()
  if (shape.payload) return out
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    if (ref.location) continue
    out.set(ref.locationName ?? name, ref)
  }
  return out
}

/**
 * Members AWS always returns, even empty (`{}`, `[]`, `false`), by shape; recorded on AWS in
 * LocalStack's snapshot tests (tests/aws/services/apigateway/*.snapshot.json, every recorded
 * answer of these shapes carries them) and in AWS's CLI examples.
 */
export const ALWAYS_PRESENT: Record<string, readonly string[]> = {
  RestApi: ['id', 'name', 'createdDate', 'apiKeySource', 'endpointConfiguration', 'disableExecuteApiEndpoint', 'rootResourceId'],
  EndpointConfiguration: ['types', 'ipAddressType'],
  Integration: ['type', 'passthroughBehavior', 'timeoutInMillis', 'cacheNamespace', 'cacheKeyParameters'],
  Stage: ['stageName', 'deploymentId', 'cacheClusterEnabled', 'cacheClusterStatus', 'methodSettings', 'tracingEnabled', 'createdDate', 'lastUpdatedDate'],
  GatewayResponse: ['responseType', 'defaultResponse', 'responseParameters', 'responseTemplates'],
  Method: ['httpMethod', 'authorizationType', 'apiKeyRequired'],
  ApiKey: ['id', 'name', 'enabled', 'createdDate', 'lastUpdatedDate', 'stageKeys'],
  UsagePlan: ['id', 'name', 'apiStages'],
  RequestValidator: ['id', 'name', 'validateRequestBody', 'validateRequestParameters'],
  Resource: ['id', 'path'],
  Model: ['id', 'name', 'contentType'],
}

/**
 * Per operation, top-level members of the answer AWS adds beyond ALWAYS_PRESENT: UpdateRestApi
 * and PutRestApi answer `"tags": {}` for an API without tags (LocalStack's AWS recordings
 * `update-rest-api-*`, `put-api`; AWS's "security policy" CLI example for update-rest-api),
 * where CreateRestApi and GetRestApi leave it out.
 */
export const ALWAYS_PRESENT_IN: Record<string, readonly string[]> = {
  UpdateRestApi: ['tags'],
  PutRestApi: ['tags'],
}

/** Every way `value` differs from shape `shapeName` (paths like `$.items[0].name`); empty when it conforms. */
export function shapeProblems(model: AwsModel, shapeName: string, value: unknown, at = '$', extraRequired: readonly string[] = []): string[] {
  const shape = model.shapes[shapeName]
  if (!shape) return [`${at}: unknown shape ${shapeName}`]
  const problems: string[] = []
  const wrong = (expected: string) => problems.push(`${at}: expected ${expected} (${shapeName}), got ${JSON.stringify(value)?.slice(0, 80)}`)
  switch (shape.type) {
    case 'structure': {
      if (!isObject(value)) return (wrong('an object'), problems)
      const members = bodyMembers(model, shapeName)
      for (const [key, v] of Object.entries(value)) {
        const ref = members.get(key)
        if (!ref) problems.push(`${at}.${key}: not a member of ${shapeName}`)
        else if (v !== null) problems.push(...shapeProblems(model, ref.shape, v, `${at}.${key}`))
      }
      for (const name of [...(ALWAYS_PRESENT[shapeName] ?? []), ...extraRequired]) {
        if (!(name in value)) problems.push(`${at}.${name}: missing (AWS always returns it in ${shapeName})`)
      }
      break
    }
    case 'list':
      if (!Array.isArray(value)) return (wrong('an array'), problems)
      value.forEach((item, i) => problems.push(...shapeProblems(model, shape.member!.shape, item, `${at}[${i}]`)))
      break
    case 'map':
      if (!isObject(value)) return (wrong('an object (map)'), problems)
      for (const [k, v] of Object.entries(value)) {
        problems.push(...shapeProblems(model, shape.key!.shape, k, `${at}{key ${k}}`))
        // maps of string to string may carry null values (a template set to nothing)
        if (v !== null) problems.push(...shapeProblems(model, shape.value!.shape, v, `${at}[${JSON.stringify(k)}]`))
      }
      break
    case 'string':
      if (typeof value !== 'string') wrong('a string')
      else if (shape.enum && !shape.enum.includes(value)) problems.push(`${at}: ${JSON.stringify(value)} is not one of ${shapeName}'s [${shape.enum.join(', ')}]`)
      break
    case 'integer':
    case 'long':
      if (typeof value !== 'number' || !Number.isInteger(value)) wrong('an integer')
      break
    case 'double':
      if (typeof value !== 'number') wrong('a number')
      break
    case 'boolean':
      if (typeof value !== 'boolean') wrong('a boolean')
      break
    case 'timestamp':
      // rest-json's default timestamp format: epoch seconds as a JSON number
      if (typeof value !== 'number') wrong('epoch seconds')
      break
    case 'blob':
      if (typeof value !== 'string') wrong('base64 text')
      break
  }
  return problems
}

/** The problems of an operation's answer body (operations whose output is a raw payload are checked by their caller). */
export function outputProblems(model: AwsModel, operation: string, body: unknown): string[] {
  const op = model.operations[operation]!
  // no output: no body, or the `{}` Portico sends with a 202 (the SDKs read nothing either way)
  if (!op.output) return body === undefined || (isObject(body) && Object.keys(body).length === 0) ? [] : [`${operation} has no output, got a body`]
  return shapeProblems(model, op.output.shape, body, '$', ALWAYS_PRESENT_IN[operation] ?? [])
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
