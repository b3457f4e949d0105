/**
 * Services whose APIs speak AWS's JSON protocol: an `action/{Action}` integration to them is
 * sent with `X-Amz-Target: {prefix}.{Action}` and their JSON content type unless the
 * integration maps those headers itself. Prefixes and versions are the services' own
 * (botocore `metadata.targetPrefix` / `jsonVersion`). LocalStack's AWS-validated emulation adds
 * the target for dynamodb, kinesis, ssm and states; EventBridge needs the header mapped by hand
 * there, so `events` is left out here too.
 */
export interface JsonProtocol {
  targetPrefix: string
  contentType: string
}

const JSON_10 = 'application/x-amz-json-1.0'
const JSON_11 = 'application/x-amz-json-1.1'

const PROTOCOLS: Readonly<Record<string, JsonProtocol>> = {
  dynamodb: { targetPrefix: 'DynamoDB_20120810', contentType: JSON_10 },
  kinesis: { targetPrefix: 'Kinesis_20131202', contentType: JSON_11 },
  states: { targetPrefix: 'AWSStepFunctions', contentType: JSON_10 },
  firehose: { targetPrefix: 'Firehose_20150804', contentType: JSON_11 },
  logs: { targetPrefix: 'Logs_20140328', contentType: JSON_11 },
}

export function jsonProtocolOf(service: string): JsonProtocol | undefined {
  return Object.prototype.hasOwnProperty.call(PROTOCOLS, service) ? PROTOCOLS[service] : undefined
}
