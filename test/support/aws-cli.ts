import { execFile } from 'node:child_process'
import { join } from 'node:path'

export interface AwsCliResult {
  code: number
  stdout: string
  stderr: string
}

export interface AwsCliTarget {
  endpoint: string
  accessKeyId: string
  secretAccessKey: string
  /** working directory and HOME: no user configuration leaks in */
  dir: string
}

/** One `aws apigateway …` call (the AWS CLI on PATH) against Portico, with `target`'s keys and nothing else configured. */
export function awsApigateway(target: AwsCliTarget, ...args: string[]): Promise<AwsCliResult> {
  return awsCli('apigateway', target, ...args)
}

/** One `aws apigatewayv2 …` call, as awsApigateway. */
export function awsApigatewayV2(target: AwsCliTarget, ...args: string[]): Promise<AwsCliResult> {
  return awsCli('apigatewayv2', target, ...args)
}

function awsCli(service: string, target: AwsCliTarget, ...args: string[]): Promise<AwsCliResult> {
  return new Promise((resolve) => {
    execFile(
      'aws',
      [service, ...args, '--endpoint-url', target.endpoint, '--output', 'json'],
      {
        timeout: 30_000,
        cwd: target.dir,
        env: {
          PATH: process.env.PATH,
          HOME: target.dir,
          AWS_ACCESS_KEY_ID: target.accessKeyId,
          AWS_SECRET_ACCESS_KEY: target.secretAccessKey,
          AWS_DEFAULT_REGION: 'us-east-1',
          AWS_CONFIG_FILE: join(target.dir, 'no-config'),
          AWS_SHARED_CREDENTIALS_FILE: join(target.dir, 'no-credentials'),
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_PAGER: '',
          AWS_MAX_ATTEMPTS: '1',
        },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 255) : 0
        resolve({ code, stdout, stderr })
      },
    )
  })
}
