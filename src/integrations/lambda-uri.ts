import { interpolateStageVariables, undefinedStageVariables } from '../vtl/aws/stage-variable-template.ts'
import { IntegrationConfigError } from './errors.ts'

/**
 * A Lambda integration URI,
 * `arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations`
 * with `{functionArn}` = `arn:aws:lambda:{region}:{account}:function:{name}[:{alias|version}]`,
 * compiled once per stage: `${stageVariables.x}` anywhere in it is replaced first (the
 * alias-per-stage pattern, aws-api-gateway-stage-variables-reference).
 *
 * AWS validates a literal URI at PutIntegration, with these messages (AWS-recorded in
 * LocalStack's `test_put_integration_aws_proxy_uri` snapshot):
 * - not an `arn:aws:apigateway:…` ARN → "Invalid ARN specified in the request";
 * - neither `path/` nor `action/` after the service → "AWS ARN for integration must contain path or action";
 * - AWS_PROXY to anything but a Lambda function → "Integrations of type 'AWS_PROXY' currently
 *   only supports Lambda function and Firehose stream invocations."
 * A URI that only goes wrong once a stage's variables are filled in cannot be refused then: it
 * compiles to a failure answered per call (500), as an HTTP endpoint built from stage
 * variables does.
 */
export interface LambdaTarget {
  region: string
  accountId: string
  functionName: string
  /** alias or version; undefined = `$LATEST` */
  qualifier: string | undefined
  /** `arn:aws:lambda:…:function:name[:qualifier]` */
  functionArn: string
  /** the Lambda Invoke URL AWS logs as `Endpoint request URI` */
  invokeUrl: string
}

export type CompiledLambdaUri = { ok: true; target: LambdaTarget } | { ok: false; uri: string; reason: string }

const APIGATEWAY_ARN = /^arn:aws[a-z-]*:apigateway:([a-z0-9-]*):([a-zA-Z0-9.-]+):(path|action)\/(.*)$/s
const LAMBDA_PATH = /^2015-03-31\/functions\/(.+)\/invocations$/s
const FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:([a-z0-9-]+):(\d{12}):function:([a-zA-Z0-9_-]{1,64})(?::([a-zA-Z0-9$_-]{1,128}))?$/

export const AWS_PROXY_TARGET_MESSAGE = "Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations."

/** True when `uri` (stage variables not yet filled in) names the Lambda service. */
export function isLambdaUri(uri: string | undefined): boolean {
  return uri !== undefined && /^arn:aws[a-z-]*:apigateway:[^:]*:lambda:/.test(uri)
}

/** Checks what AWS checks at PutIntegration for an `arn:aws:apigateway:` URI; throws IntegrationConfigError. */
export function checkAwsIntegrationArn(uri: string | undefined, where: string): void {
  if (uri === undefined || uri === '') throw new IntegrationConfigError(`Invalid ARN specified in the request (${where}): missing uri`)
  if (!/^arn:aws[a-z-]*:apigateway:/.test(uri)) throw new IntegrationConfigError(`Invalid ARN specified in the request (${where})`)
  if (!APIGATEWAY_ARN.test(uri)) throw new IntegrationConfigError(`AWS ARN for integration must contain path or action (${where})`)
}

export function compileLambdaUri(rawUri: string | undefined, stageVariables: Readonly<Record<string, string>>, where: string): CompiledLambdaUri {
  checkAwsIntegrationArn(rawUri, where)
  const raw = rawUri!
  const usesStageVariables = raw.includes('${stageVariables')
  const uri = usesStageVariables ? interpolateStageVariables(raw, stageVariables) : raw
  const fail = (reason: string): CompiledLambdaUri => {
    if (!usesStageVariables) throw new IntegrationConfigError(`${reason} (${where})`)
    const missing = undefinedStageVariables(raw, stageVariables)
    return { ok: false, uri, reason: missing.length > 0 ? `${reason}; undefined stage variables: ${missing.join(', ')}` : reason }
  }

  const arn = APIGATEWAY_ARN.exec(uri)
  if (arn === null) return fail('Invalid ARN specified in the request')
  const [, region, service, kind, rest] = arn as unknown as [string, string, string, string, string]
  if (service !== 'lambda' || kind !== 'path') return fail(AWS_PROXY_TARGET_MESSAGE)
  const path = LAMBDA_PATH.exec(rest)
  if (path === null) return fail(AWS_PROXY_TARGET_MESSAGE)
  const fn = FUNCTION_ARN.exec(path[1]!)
  if (fn === null) return fail(`Invalid Lambda function ARN ${JSON.stringify(path[1])}`)
  const [functionArn, fnRegion, accountId, functionName, qualifier] = fn as unknown as [string, string, string, string, string | undefined]
  const endpointRegion = region === '' ? fnRegion : region
  return {
    ok: true,
    target: {
      region: fnRegion,
      accountId,
      functionName,
      qualifier: qualifier === undefined || qualifier === '$LATEST' ? undefined : qualifier,
      functionArn,
      invokeUrl: `https://lambda.${endpointRegion}.amazonaws.com/2015-03-31/functions/${functionArn}/invocations`,
    },
  }
}
