import { execFile } from 'node:child_process'
import { join } from 'node:path'

export interface AwsCliResult {
  code: number
  stdout: string
  stderr: string
}

/**
 * Runs `aws apigateway <args>` against `endpoint` with only the given key pair: no profile,
 * config file or instance metadata of the machine running the tests, one attempt, JSON output.
 */
export function awsApigateway(endpoint: string, credentials: { accessKeyId: string; secretAccessKey: string }, home: string, args: string[]): Promise<AwsCliResult> {
  return new Promise((resolve) => {
    execFile(
      'aws',
      ['apigateway', ...args, '--endpoint-url', endpoint, '--output', 'json'],
      {
        timeout: 30_000,
        cwd: home,
        env: {
          PATH: process.env.PATH,
          HOME: home,
          AWS_ACCESS_KEY_ID: credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
          AWS_DEFAULT_REGION: 'us-east-1',
          AWS_CONFIG_FILE: join(home, 'no-config'),
          AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-credentials'),
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
