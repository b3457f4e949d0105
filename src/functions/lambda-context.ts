/**
 * What Lambda tells a function about itself: the environment variables of its execution
 * environment and, per invocation, the context object's data. The worker turns
 * InvocationContextData into the live `context` (with getRemainingTimeInMillis, done/succeed/fail).
 */
import { randomBytes } from 'node:crypto'
import { dirname } from 'node:path'
import type { FunctionTarget } from './registry.ts'

export interface LambdaLocation {
  readonly region: string
  readonly accountId: string
}

/** Plain data, posted to the worker with every invocation. */
export interface InvocationContextData {
  awsRequestId: string
  functionName: string
  functionVersion: string
  invokedFunctionArn: string
  /** a string, as the Node.js runtime reads it from AWS_LAMBDA_FUNCTION_MEMORY_SIZE */
  memoryLimitInMB: string
  logGroupName: string
  logStreamName: string
  /** epoch ms at which the invocation times out (Lambda-Runtime-Deadline-Ms) */
  deadlineMs: number
  /** Lambda-Runtime-Trace-Id: the runtime sets `_X_AMZN_TRACE_ID` to it for the invocation */
  traceHeader?: string
}

/** `arn:aws:lambda:{region}:{account}:function:{name}[:{qualifier}]` — the qualifier as the caller gave it. */
export function functionArn(location: LambdaLocation, name: string, qualifier?: string): string {
  return `arn:aws:lambda:${location.region}:${location.accountId}:function:${name}${qualifier === undefined ? '' : `:${qualifier}`}`
}

/** `2024/01/31/[$LATEST]0123456789abcdef0123456789abcdef`: one per execution environment. */
export function newLogStreamName(version: string, now = new Date()): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '/')
  return `${day}/[${version}]${randomBytes(16).toString('hex')}`
}

export function logGroupName(functionName: string): string {
  return `/aws/lambda/${functionName}`
}

export function invocationContext(
  location: LambdaLocation,
  target: FunctionTarget,
  logStreamName: string,
  awsRequestId: string,
  deadlineMs: number,
  traceHeader?: string,
): InvocationContextData {
  return {
    ...(traceHeader !== undefined && { traceHeader }),
    awsRequestId,
    functionName: target.fn.name,
    functionVersion: target.version,
    invokedFunctionArn: functionArn(location, target.fn.name, target.qualifier),
    memoryLimitInMB: String(target.fn.memorySize),
    logGroupName: logGroupName(target.fn.name),
    logStreamName,
    deadlineMs,
  }
}

/**
 * The execution environment's variables: a few of the host's (PATH, HOME, the AWS credentials
 * and profile, so SDK calls work locally as they would under an execution role), Lambda's
 * reserved variables, then the function's own — which, as on Lambda, cannot override the
 * reserved ones.
 */
export function executionEnvironment(
  location: LambdaLocation,
  target: FunctionTarget,
  logStreamName: string,
  host: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const env: Record<string, string> = {}
  for (const name of HOST_PASSTHROUGH) {
    const value = host[name]
    if (value !== undefined) env[name] = value
  }
  Object.assign(env, target.environment)
  const handler = target.handler
  Object.assign(env, {
    AWS_REGION: location.region,
    AWS_DEFAULT_REGION: location.region,
    AWS_EXECUTION_ENV: `AWS_Lambda_nodejs${process.versions.node.split('.')[0]}.x`,
    AWS_LAMBDA_FUNCTION_NAME: target.fn.name,
    AWS_LAMBDA_FUNCTION_VERSION: target.version,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(target.fn.memorySize),
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: logGroupName(target.fn.name),
    AWS_LAMBDA_LOG_STREAM_NAME: logStreamName,
    LAMBDA_TASK_ROOT: dirname(handler),
    _HANDLER: handler.slice(dirname(handler).length + 1),
    LANG: env.LANG ?? 'en_US.UTF-8',
  })
  return env
}

const HOST_PASSTHROUGH = [
  'PATH',
  'HOME',
  'TMPDIR',
  'LANG',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_ENDPOINT_URL',
]
