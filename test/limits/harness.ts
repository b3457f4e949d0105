/**
 * A real Portico for the traffic-limit suites: SQLite in a temp directory, port 0, the limits on
 * a clock the test moves, usage flushed on demand (a long interval), and an SDK client. The API is
 * seeded into the store (stages-harness.ts), given API-key-required methods, and deployed,
 * keyed and planned through the management API.
 */
import assert from 'node:assert/strict'
import {
  CreateApiKeyCommand,
  CreateDeploymentCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  type CreateUsagePlanCommandInput,
} from '@aws-sdk/client-api-gateway'
import { startHarness, useStarted, type Harness, type SuiteSetup } from '../control/harness.ts'
import { editApi, mockMethod, seedApi } from '../control/stages-harness.ts'
import { testClock, type TestClock } from '../contract/counters.contract.ts'

export const REDIS_URL = process.env.PORTICO_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

/** Wednesday 4 March 2026, 10:00 UTC */
export const START = Date.UTC(2026, 2, 4, 10)

export interface LimitsPortico extends Harness {
  clock: TestClock
  apiId: string
  /** GET on the path-style invoke URL of stage `prod`, with `x-api-key` when given */
  call(path: string, apiKey?: string): Promise<{ status: number; body: string; errorType: string | null }>
  /** stops this Portico (the data directory stays until `close`) */
  stop(): Promise<void>
}

export interface LimitsPorticoOptions {
  counters?: string
  /** reuse a data directory (a restart, or a second process of a fleet) */
  dir?: string
  /** the API already seeded and deployed there */
  apiId?: string
  clock?: TestClock
  /** periodic catalogue reload; an hour unless given (tests see changes through their own management API at once) */
  refreshMs?: number
}

/**
 * Portico with an API deployed to stage `prod`: `GET /` (no key), `GET /pets` and
 * `GET /pets/{petId}` (apiKeyRequired; `POST /pets` echoes `$context.identity.apiKey` and `apiKeyId`).
 * `call('POST /pets', key)` sends a POST.
 */
export async function startLimitsPortico(options: LimitsPorticoOptions = {}): Promise<LimitsPortico> {
  const clock = options.clock ?? testClock(START)
  // the admin key pair Portico generates (as `portico serve` without one)
  const harness = await startHarness(
    { dataDir: options.dir, host: '127.0.0.1', counters: options.counters ?? 'memory', adminAccessKeyId: undefined, adminSecretAccessKey: undefined },
    { limitsClock: clock.now, usageFlushMs: 3_600_000, limitsRefreshMs: options.refreshMs ?? 3_600_000 },
  )
  const { portico, client } = harness
  let apiId = options.apiId
  if (apiId === undefined) {
    const seeded = await seedApi(portico, 'limits')
    apiId = seeded.apiId
    await editApi(portico, apiId, (d) => {
      const pets = d.resources.find((r) => r.path === '/pets')!
      pets.resourceMethods!.GET = mockMethod('{"pets": true}', { apiKeyRequired: true })
      pets.resourceMethods!.POST = mockMethod('{"apiKey": "$context.identity.apiKey", "apiKeyId": "$context.identity.apiKeyId"}', { httpMethod: 'POST', apiKeyRequired: true })
      d.resources.find((r) => r.path === '/pets/{petId}')!.resourceMethods!.GET!.apiKeyRequired = true
    })
    await client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod' }))
  }
  return {
    ...harness,
    clock,
    apiId,
    async call(path, apiKey) {
      await portico.settled()
      const [verb, target] = path.startsWith('POST ') ? ['POST', path.slice(5)] : ['GET', path]
      const res = await fetch(`${portico.url}/_aws/execute-api/${apiId}/prod${target}`, {
        method: verb,
        headers: apiKey === undefined ? {} : { 'x-api-key': apiKey },
      })
      return { status: res.status, body: await res.text(), errorType: res.headers.get('x-amzn-errortype') }
    },
    async stop() {
      client.destroy()
      await portico.close()
    },
  }
}

/** startLimitsPortico for the enclosing suite, `setup` after it started, closed after it (useStarted) */
export function useLimitsPortico(options: LimitsPorticoOptions = {}, setup?: SuiteSetup<LimitsPortico>): LimitsPortico {
  return useStarted(() => startLimitsPortico(options), setup)
}

/** A key in a new plan on `apiId`/prod: the key's value and the ids. */
export async function keyInPlan(
  t: LimitsPortico,
  plan: Omit<CreateUsagePlanCommandInput, 'name'> = {},
  stageName = 'prod',
): Promise<{ value: string; keyId: string; planId: string }> {
  const key = await t.client.send(new CreateApiKeyCommand({ name: `k${Math.random()}`, enabled: true }))
  const created = await t.client.send(new CreateUsagePlanCommand({ name: `p${Math.random()}`, apiStages: [{ apiId: t.apiId, stage: stageName }], ...plan }))
  await t.client.send(new CreateUsagePlanKeyCommand({ usagePlanId: created.id!, keyId: key.id!, keyType: 'API_KEY' }))
  assert.ok(key.value)
  return { value: key.value, keyId: key.id!, planId: created.id! }
}

/** `n` sequential calls; the statuses in order */
export async function statuses(t: LimitsPortico, n: number, path: string, apiKey?: string): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < n; i++) out.push((await t.call(path, apiKey)).status)
  return out
}
