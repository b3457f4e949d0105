/**
 * Where AWS service integrations go and how they sign, from Portico's configuration:
 *
 *   services:
 *     sqs:      { endpoint: http://127.0.0.1:4566, region: us-east-1, accessKeyId: test, secretAccessKey: test }
 *     dynamodb: { endpoint: http://127.0.0.1:8000 }
 *   roles:
 *     arn:aws:iam::123456789012:role/apigw-sqs: { accessKeyId: AKIA…, secretAccessKey: … }
 *
 * Keys for a call: the integration's `credentials` role (stage variables filled in) looked up
 * in `roles`, else the service's own keys, else `defaultCredentials`. A service with no
 * endpoint, or a call with no keys, fails with 500 as a misconfigured integration.
 */
export interface AwsCredentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string
}

export interface AwsServiceEndpoint {
  /** `http(s)://host[:port]`, e.g. real AWS (`https://sqs.us-east-1.amazonaws.com`) or an emulator */
  readonly endpoint: string
  /** the signing region; the integration URI's region when absent */
  readonly region?: string
  readonly accessKeyId?: string
  readonly secretAccessKey?: string
  readonly sessionToken?: string
  /** the name to sign with when it differs from the URI's service (rare) */
  readonly signingName?: string
}

export interface AwsServiceOptions {
  /** by the service name of the integration URI: `sqs`, `states`, `dynamodb`, `kinesis`, … */
  readonly services: Readonly<Record<string, AwsServiceEndpoint>>
  /** integration `credentials` (an IAM role ARN) → keys */
  readonly roles?: Readonly<Record<string, AwsCredentials>>
  readonly defaultCredentials?: AwsCredentials
}
