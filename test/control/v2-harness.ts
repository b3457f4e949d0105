import assert from 'node:assert/strict'
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2'
import { ACCESS_KEY_ID, SECRET_ACCESS_KEY, sdkError, startHarness, useStarted, type Harness, type SuiteSetup } from './harness.ts'

/** A Portico (harness.ts) with an apigatewayv2 SDK client beside the v1 one. */
export interface V2Harness extends Harness {
  v2: ApiGatewayV2Client
}

export async function startV2Harness(): Promise<V2Harness> {
  const h = await startHarness()
  const v2 = new ApiGatewayV2Client({
    endpoint: h.portico.url,
    region: 'us-east-1',
    credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY },
    maxAttempts: 1,
  })
  return {
    ...h,
    v2,
    async close() {
      v2.destroy()
      await h.close()
    },
  }
}

/** startV2Harness for the enclosing suite, `setup` after it started, closed after it (useStarted) */
export function useV2Harness(setup?: SuiteSetup<V2Harness>): V2Harness {
  return useStarted(startV2Harness, setup)
}

/** A Lambda function ARN in Portico's default account and region. */
export const LAMBDA_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:hello'

/**
 * Runs `send`, expecting AWS to refuse it with the error `name`, whose message is `message`
 * exactly (a string) or matches it (a RegExp).
 */
export async function refused(send: () => Promise<unknown>, name: string, message: RegExp | string): Promise<void> {
  const error = await sdkError(send)
  assert.equal(error.name, name, error.message)
  if (typeof message === 'string') assert.equal(error.message, message)
  else assert.match(error.message, message)
}
