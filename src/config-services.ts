/**
 * The config file's AWS service integration settings (`services`, `roles`, `credentials`):
 * where `arn:aws:apigateway:{region}:{service}:action/…` and `…:path/…` integrations send their
 * SigV4-signed requests, and with which keys. Validated with the rest of the file
 * (config-file.ts); resolved into the AwsServiceOptions the integrations compile against.
 *
 *   services:
 *     sqs: { endpoint: http://127.0.0.1:4566, region: us-east-1, accessKeyId: test, secretAccessKey: test }
 *   roles:
 *     arn:aws:iam::123456789012:role/apigw-sqs: { accessKeyId: AKIA…, secretAccessKey: … }
 *   credentials: { accessKeyId: …, secretAccessKey: … }
 */
import type { AwsCredentials, AwsServiceEndpoint, AwsServiceOptions } from './integrations/aws-service/options.ts'
import { isObject } from './lib/is-object.ts'

export interface AwsServicesConfig {
  services?: Record<string, AwsServiceEndpoint>
  /** integration `credentials` role ARN → keys */
  roles?: Record<string, AwsCredentials>
  /** keys for a call whose role and service name none */
  credentials?: AwsCredentials
}

export const AWS_SERVICE_KEYS = ['services', 'roles', 'credentials'] as const

type Fail = (key: string, message: string) => never

const SERVICE_NAME = /^[a-z0-9][a-z0-9.-]*$/
const ENDPOINT_KEYS = ['endpoint', 'region', 'accessKeyId', 'secretAccessKey', 'sessionToken', 'signingName']
const CREDENTIAL_KEYS = ['accessKeyId', 'secretAccessKey', 'sessionToken']

/** Checks `services`, `roles` and `credentials` of the parsed file; `fail` names the key path. */
export function validateAwsServices(top: Record<string, unknown>, fail: Fail): void {
  if (top.services !== undefined) {
    if (!isObject(top.services)) fail('services', 'must be an object keyed by service name, e.g. { "sqs": { "endpoint": "http://127.0.0.1:4566" } }')
    for (const [name, service] of Object.entries(top.services as Record<string, unknown>)) {
      const at = `services.${name}`
      if (!SERVICE_NAME.test(name)) fail(at, 'a service is named as in the integration URI: lower-case letters, digits, "-" or "." (sqs, states, dynamodb, …)')
      if (!isObject(service)) fail(at, 'must be an object with "endpoint"')
      const s = service as Record<string, unknown>
      for (const key of Object.keys(s)) {
        if (!ENDPOINT_KEYS.includes(key)) fail(`${at}.${key}`, `unknown key (expected one of ${ENDPOINT_KEYS.join(', ')})`)
        if (typeof s[key] !== 'string' || s[key] === '') fail(`${at}.${key}`, 'must be a non-empty string')
      }
      if (s.endpoint === undefined) fail(`${at}.endpoint`, 'is required, e.g. "https://sqs.us-east-1.amazonaws.com" or "http://127.0.0.1:4566"')
      if (!/^https?:\/\/[^/?#]+\/?$/.test(s.endpoint as string)) fail(`${at}.endpoint`, `must be an http(s) origin without a path, got ${JSON.stringify(s.endpoint)}`)
      validateKeyPair(s, at, fail, false)
    }
  }
  if (top.roles !== undefined) {
    if (!isObject(top.roles)) fail('roles', 'must be an object keyed by IAM role ARN')
    for (const [arn, keys] of Object.entries(top.roles as Record<string, unknown>)) {
      const at = `roles.${arn}`
      if (!/^arn:aws[a-z-]*:iam::[0-9]{12}:role\/.+$/.test(arn)) fail(at, 'a role is named by its ARN, e.g. "arn:aws:iam::123456789012:role/apigw-sqs"')
      validateCredentials(keys, at, fail)
    }
  }
  if (top.credentials !== undefined) validateCredentials(top.credentials, 'credentials', fail)
}

function validateCredentials(value: unknown, at: string, fail: Fail): void {
  if (!isObject(value)) fail(at, 'must be an object with "accessKeyId" and "secretAccessKey"')
  const c = value as Record<string, unknown>
  for (const key of Object.keys(c)) {
    if (!CREDENTIAL_KEYS.includes(key)) fail(`${at}.${key}`, `unknown key (expected one of ${CREDENTIAL_KEYS.join(', ')})`)
    if (typeof c[key] !== 'string' || c[key] === '') fail(`${at}.${key}`, 'must be a non-empty string')
  }
  validateKeyPair(c, at, fail, true)
}

function validateKeyPair(c: Record<string, unknown>, at: string, fail: Fail, required: boolean): void {
  if (required && c.accessKeyId === undefined && c.secretAccessKey === undefined) fail(`${at}.accessKeyId`, 'is required, with secretAccessKey')
  if ((c.accessKeyId === undefined) !== (c.secretAccessKey === undefined)) {
    fail(c.accessKeyId === undefined ? `${at}.accessKeyId` : `${at}.secretAccessKey`, 'accessKeyId and secretAccessKey go together')
  }
  if (c.sessionToken !== undefined && c.accessKeyId === undefined) fail(`${at}.sessionToken`, 'needs accessKeyId and secretAccessKey')
}

/** The validated settings as integration options; undefined when the file has none of the keys. */
export function resolveAwsServices(contents: AwsServicesConfig): AwsServiceOptions | undefined {
  if (contents.services === undefined && contents.roles === undefined && contents.credentials === undefined) return undefined
  const services: Record<string, AwsServiceEndpoint> = {}
  for (const [name, service] of Object.entries(contents.services ?? {})) services[name] = Object.freeze({ ...service })
  const roles: Record<string, AwsCredentials> = {}
  for (const [arn, keys] of Object.entries(contents.roles ?? {})) roles[arn] = Object.freeze({ ...keys })
  return Object.freeze({
    services: Object.freeze(services),
    roles: Object.freeze(roles),
    ...(contents.credentials && { defaultCredentials: Object.freeze({ ...contents.credentials }) }),
  })
}
