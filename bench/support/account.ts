import { APIGatewayClient, UpdateAccountCommand } from '@aws-sdk/client-api-gateway'

/** the management API's credentials for benchmark servers (PORTICO_ADMIN_* in their environment) */
export const BENCH_ADMIN = { accessKeyId: 'AKIAPORTICOBENCH0002', secretAccessKey: 'portico/bench/secret/11111111111111111111' }

export const BENCH_ADMIN_ENV = { PORTICO_ADMIN_ACCESS_KEY_ID: BENCH_ADMIN.accessKeyId, PORTICO_ADMIN_SECRET_ACCESS_KEY: BENCH_ADMIN.secretAccessKey }

/**
 * AWS's default account throttle (10,000 rps, burst 5,000) would answer 429 to the faster
 * targets: a run that measures the gateway's ceiling takes the account limit out of the way.
 */
export async function liftAccountThrottle(endpoint: string): Promise<void> {
  const client = new APIGatewayClient({ endpoint, region: 'us-east-1', credentials: BENCH_ADMIN, maxAttempts: 1 })
  const lift = [
    { op: 'replace' as const, path: '/throttle/rateLimit', value: '1000000' },
    { op: 'replace' as const, path: '/throttle/burstLimit', value: '1000000' },
  ]
  await client.send(new UpdateAccountCommand({ patchOperations: lift }))
  client.destroy()
}
