/**
 * HTTP APIs' AWS service integrations (`AWS_PROXY` with `integrationSubtype`, payload 1.0):
 * each subtype's parameters, as AWS lists them (Developer Guide
 * http-api-develop-integrations-aws-services-reference.md), and the service request its values
 * become. The control plane checks `requestParameters` against the lists; the data plane
 * (aws-service-integration.ts) builds the request and signs it for the service's endpoint in the
 * config file's `services` section (`services.sqs`, `services.events`, …).
 *
 * Wire forms: SQS's query protocol (form-encoded `Action=…&Version=2012-11-05`, answered as JSON
 * because the call asks for `application/json`, as API Gateway's SQS answers show:
 * `{"SendMessageResponse":{…}}`); EventBridge, Kinesis and Step Functions in their JSON
 * protocols (`X-Amz-Target`); AppConfig's REST GetConfiguration. How AWS itself serialises each
 * call is not published: these are the services' own wire forms (botocore), so any endpoint that
 * speaks them (AWS, LocalStack, ElasticMQ…) answers.
 */

export interface ServiceRequest {
  method: 'GET' | 'POST'
  /** path and query, from the endpoint's root */
  path: string
  headers: Record<string, string>
  body: string | undefined
}

export interface Subtype {
  /** the config file's `services` key, and the signing name */
  readonly service: string
  readonly required: readonly string[]
  readonly optional: readonly string[]
  /** the service request of the parameters' values (those that resolved) */
  request(values: Readonly<Record<string, string>>): ServiceRequest
}

const JSON_10 = 'application/x-amz-json-1.0'
const JSON_11 = 'application/x-amz-json-1.1'

/** SQS's query protocol: `Action`, `Version`, then the parameters (maps and lists flattened as the query protocol does). */
function sqs(action: string, required: string[], optional: string[]): Subtype {
  return {
    service: 'sqs',
    required,
    optional: [...optional, 'Region'],
    request(values) {
      const form = new URLSearchParams({ Action: action, Version: '2012-11-05' })
      for (const [name, value] of Object.entries(values)) {
        if (name === 'Region') continue
        if (name === 'MessageAttributes' || name === 'MessageSystemAttributes') flattenAttributes(form, name.slice(0, -1), value)
        else if (name === 'AttributeNames' || name === 'MessageAttributeNames') listOf(value).forEach((item, i) => form.append(`${name.slice(0, -1)}.${i + 1}`, item))
        else form.append(name, value)
      }
      return { method: 'POST', path: '/', headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: form.toString() }
    },
  }
}

/** `{"name":{"DataType":"String","StringValue":"v"}}` → `{prefix}.1.Name=name&{prefix}.1.Value.DataType=String&…` */
function flattenAttributes(form: URLSearchParams, prefix: string, value: string): void {
  const parsed = parseJson(value)
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    form.append(prefix, value)
    return
  }
  Object.entries(parsed as Record<string, unknown>).forEach(([name, attribute], i) => {
    form.append(`${prefix}.${i + 1}.Name`, name)
    for (const [member, v] of Object.entries((attribute ?? {}) as Record<string, unknown>)) form.append(`${prefix}.${i + 1}.Value.${member}`, typeof v === 'string' ? v : JSON.stringify(v))
  })
}

/** A list parameter: a JSON array, or comma-separated text. */
function listOf(value: string): string[] {
  const parsed = parseJson(value)
  if (Array.isArray(parsed)) return parsed.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)))
  return value.split(',').map((item) => item.trim()).filter((item) => item !== '')
}

function parseJson(value: string): unknown {
  try {
    return JSON.parse(value)
  } catch {
    return undefined
  }
}

/** A JSON-protocol action: the body is the parameters, renamed to the service's member names where they differ. */
function jsonAction(service: string, target: string, contentType: string, required: string[], optional: string[], shape: (values: Readonly<Record<string, string>>) => unknown): Subtype {
  return {
    service,
    required,
    optional: [...optional, 'Region'],
    request: (values) => ({ method: 'POST', path: '/', headers: { 'Content-Type': contentType, 'X-Amz-Target': target }, body: JSON.stringify(shape(values)) }),
  }
}

/** The named values that resolved, under the service's member names (`{ Name: 'name' }` renames). */
function members(values: Readonly<Record<string, string>>, names: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [parameter, member] of Object.entries(names)) if (values[parameter] !== undefined) out[member] = values[parameter]
  return out
}

const STEP_FUNCTIONS_START = { StateMachineArn: 'stateMachineArn', Name: 'name', Input: 'input' }

export const SUBTYPES: Readonly<Record<string, Subtype>> = Object.freeze({
  'EventBridge-PutEvents': jsonAction('events', 'AWSEvents.PutEvents', JSON_11, ['Detail', 'DetailType', 'Source'], ['Time', 'EventBusName', 'Resources', 'TraceHeader'], (values) => {
    const entry: Record<string, unknown> = members(values, { Source: 'Source', DetailType: 'DetailType', Detail: 'Detail', Time: 'Time', EventBusName: 'EventBusName', TraceHeader: 'TraceHeader' })
    if (values.Resources !== undefined) entry.Resources = listOf(values.Resources)
    return { Entries: [entry] }
  }),
  'SQS-SendMessage': sqs('SendMessage', ['QueueUrl', 'MessageBody'], ['DelaySeconds', 'MessageAttributes', 'MessageDeduplicationId', 'MessageGroupId', 'MessageSystemAttributes']),
  'SQS-ReceiveMessage': sqs('ReceiveMessage', ['QueueUrl'], ['AttributeNames', 'MaxNumberOfMessages', 'MessageAttributeNames', 'ReceiveRequestAttemptId', 'VisibilityTimeout', 'WaitTimeSeconds']),
  'SQS-DeleteMessage': sqs('DeleteMessage', ['ReceiptHandle', 'QueueUrl'], []),
  'SQS-PurgeQueue': sqs('PurgeQueue', ['QueueUrl'], []),
  'AppConfig-GetConfiguration': {
    service: 'appconfig',
    required: ['Application', 'Environment', 'Configuration', 'ClientId'],
    optional: ['ClientConfigurationVersion', 'Region'],
    request(values) {
      const segment = (name: string) => encodeURIComponent(values[name] ?? '')
      const query = new URLSearchParams(members(values, { ClientId: 'client_id', ClientConfigurationVersion: 'client_configuration_version' }))
      return { method: 'GET', path: `/applications/${segment('Application')}/environments/${segment('Environment')}/configurations/${segment('Configuration')}?${query.toString()}`, headers: {}, body: undefined }
    },
  },
  // Data is a blob: sent base64-encoded as the JSON protocol carries blobs (unsure whether AWS encodes the mapped text itself)
  'Kinesis-PutRecord': jsonAction('kinesis', 'Kinesis_20131202.PutRecord', JSON_11, ['StreamName', 'Data', 'PartitionKey'], ['SequenceNumberForOrdering', 'ExplicitHashKey'], (values) => ({
    ...members(values, { StreamName: 'StreamName', PartitionKey: 'PartitionKey', SequenceNumberForOrdering: 'SequenceNumberForOrdering', ExplicitHashKey: 'ExplicitHashKey' }),
    ...(values.Data !== undefined && { Data: Buffer.from(values.Data, 'utf8').toString('base64') }),
  })),
  'StepFunctions-StartExecution': jsonAction('states', 'AWSStepFunctions.StartExecution', JSON_10, ['StateMachineArn'], ['Name', 'Input'], (values) => members(values, STEP_FUNCTIONS_START)),
  'StepFunctions-StartSyncExecution': jsonAction('states', 'AWSStepFunctions.StartSyncExecution', JSON_10, ['StateMachineArn'], ['Name', 'Input', 'TraceHeader'], (values) =>
    members(values, { ...STEP_FUNCTIONS_START, TraceHeader: 'traceHeader' }),
  ),
  'StepFunctions-StopExecution': jsonAction('states', 'AWSStepFunctions.StopExecution', JSON_10, ['ExecutionArn'], ['Cause', 'Error'], (values) => members(values, { ExecutionArn: 'executionArn', Cause: 'cause', Error: 'error' })),
})

export const INTEGRATION_SUBTYPES: readonly string[] = Object.freeze(Object.keys(SUBTYPES))

/** The subtype's parameter names against its lists: the first problem, as a sentence, or undefined. */
export function subtypeParameterProblem(subtype: Subtype, parameters: Readonly<Record<string, string>>): string | undefined {
  const known = new Set([...subtype.required, ...subtype.optional])
  const unknown = Object.keys(parameters).filter((name) => !known.has(name))
  if (unknown.length > 0) return `Invalid request parameter(s) ${unknown.join(', ')}. Supported parameters: ${[...known].join(', ')}`
  const missing = subtype.required.filter((name) => parameters[name] === undefined)
  if (missing.length > 0) return `Missing required request parameter(s) ${missing.join(', ')}`
  return undefined
}
