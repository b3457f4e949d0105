/**
 * Throttling at every level AWS has, through real HTTP on a clock the test moves (so bursts and
 * refills are exact): the usage plan's per-method throttle for a key, the plan's throttle for a
 * key, the stage's methodSettings (`*\/*` and per method), the account's throttleSettings; and
 * management changes to each taking effect on the next request.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { CreateDeploymentCommand, UpdateAccountCommand, UpdateStageCommand, UpdateUsagePlanCommand } from '@aws-sdk/client-api-gateway'
import { keyInPlan, useLimitsPortico, statuses } from './harness.ts'

const THROTTLED = { status: 429, body: '{"message":"Too Many Requests"}', errorType: 'TooManyRequestsException' }

describe('throttling: usage plan', () => {
  const t = useLimitsPortico()

  it("the plan's throttle per key: burst requests at once, then 429 Too Many Requests until a token refills", async () => {
    const { value } = await keyInPlan(t, { throttle: { rateLimit: 2, burstLimit: 3 } })
    assert.deepEqual(await statuses(t, 3, '/pets', value), [200, 200, 200])
    assert.deepEqual(await t.call('/pets', value), THROTTLED)
    t.clock.ms += 500
    assert.deepEqual(await statuses(t, 2, '/pets', value), [200, 429])
  })

  it('each key of a plan has its own bucket', async () => {
    const a = await keyInPlan(t, { throttle: { rateLimit: 1, burstLimit: 1 } })
    const b = await keyInPlan(t, { throttle: { rateLimit: 1, burstLimit: 1 } })
    assert.deepEqual(await statuses(t, 2, '/pets', a.value), [200, 429])
    assert.deepEqual(await statuses(t, 2, '/pets', b.value), [200, 429])
  })

  it("the plan's per-method throttle applies to that method only, before the plan's", async () => {
    const { value } = await keyInPlan(t, {
      throttle: { rateLimit: 1, burstLimit: 5 },
      apiStages: [{ apiId: t.apiId, stage: 'prod', throttle: { '/pets/{petId}/GET': { rateLimit: 1, burstLimit: 1 } } }],
    })
    assert.deepEqual(await statuses(t, 2, '/pets/1', value), [200, 429])
    // the refused request took nothing from the plan's bucket: 4 left of 5
    assert.deepEqual(await statuses(t, 5, '/pets', value), [200, 200, 200, 200, 429])
  })

  it('UpdateUsagePlan changing the throttle takes effect on the next request', async () => {
    const { value, planId } = await keyInPlan(t, { throttle: { rateLimit: 1, burstLimit: 1 } })
    assert.deepEqual(await statuses(t, 2, '/pets', value), [200, 429])
    t.clock.ms += 1000
    await t.client.send(new UpdateUsagePlanCommand({ usagePlanId: planId, patchOperations: [{ op: 'replace', path: '/throttle/burstLimit', value: '3' }, { op: 'replace', path: '/throttle/rateLimit', value: '100' }] }))
    // a full second at 100/s fills the bucket to its new capacity of 3
    t.clock.ms += 1000
    assert.deepEqual(await statuses(t, 4, '/pets', value), [200, 200, 200, 429])
  })
})

describe('throttling: stage method settings and the account', () => {
  const t = useLimitsPortico()

  it('a stage with no throttling settings lets the account default (10,000/5,000) apply', async () => {
    assert.deepEqual(await statuses(t, 20, '/'), Array(20).fill(200))
  })

  it("the stage's */* throttle applies to each method on its own, key required or not", async () => {
    await t.client.send(new UpdateStageCommand({
      restApiId: t.apiId,
      stageName: 'prod',
      patchOperations: [{ op: 'replace', path: '/*/*/throttling/burstLimit', value: '2' }, { op: 'replace', path: '/*/*/throttling/rateLimit', value: '1' }],
    }))
    assert.deepEqual(await statuses(t, 3, '/'), [200, 200, 429])
    const { value } = await keyInPlan(t)
    assert.deepEqual(await statuses(t, 3, '/pets', value), [200, 200, 429], 'GET /pets has its own bucket')
    t.clock.ms += 1000
    assert.deepEqual(await statuses(t, 2, '/'), [200, 429])
  })

  it("a method's own setting overrides */*", async () => {
    await t.client.send(new UpdateStageCommand({
      restApiId: t.apiId,
      stageName: 'prod',
      patchOperations: [{ op: 'replace', path: '/~1/GET/throttling/burstLimit', value: '4' }, { op: 'replace', path: '/~1/GET/throttling/rateLimit', value: '1' }],
    }))
    t.clock.ms += 10_000
    assert.deepEqual(await statuses(t, 5, '/'), [200, 200, 200, 200, 429])
  })

  it("a nested resource's own setting (`~1pets~1{petId}/GET`) applies to it alone", async () => {
    await t.client.send(new UpdateStageCommand({
      restApiId: t.apiId,
      stageName: 'prod',
      patchOperations: [{ op: 'replace', path: '/~1pets~1{petId}/GET/throttling/burstLimit', value: '1' }, { op: 'replace', path: '/~1pets~1{petId}/GET/throttling/rateLimit', value: '1' }],
    }))
    t.clock.ms += 10_000
    const { value } = await keyInPlan(t)
    assert.deepEqual(await statuses(t, 2, '/pets/1', value), [200, 429])
    assert.deepEqual(await statuses(t, 2, '/pets', value), [200, 200], 'GET /pets keeps the */* burst of 2')
  })

  it('UpdateAccount lowers the account throttle for every API at once; 0 stops everything', async () => {
    t.clock.ms += 10_000
    await t.client.send(new UpdateAccountCommand({ patchOperations: [{ op: 'replace', path: '/throttle/burstLimit', value: '1' }] }))
    assert.deepEqual(await statuses(t, 2, '/'), [200, 429])
    await t.client.send(new UpdateAccountCommand({ patchOperations: [{ op: 'replace', path: '/throttle/rateLimit', value: '0' }, { op: 'replace', path: '/throttle/burstLimit', value: '0' }] }))
    t.clock.ms += 10_000
    assert.deepEqual(await t.call('/'), THROTTLED)
    await t.client.send(new UpdateAccountCommand({ patchOperations: [{ op: 'replace', path: '/throttle/rateLimit', value: '10000' }, { op: 'replace', path: '/throttle/burstLimit', value: '5000' }] }))
    assert.equal((await t.call('/')).status, 200)
  })

  it('a redeployed stage keeps its buckets (they belong to the stage, not the deployment)', async () => {
    t.clock.ms += 10_000
    assert.deepEqual(await statuses(t, 4, '/'), [200, 200, 200, 200])
    await t.client.send(new CreateDeploymentCommand({ restApiId: t.apiId, stageName: 'prod' }))
    assert.deepEqual(await t.call('/'), THROTTLED)
  })
})

for (const counters of ['memory', process.env.PORTICO_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379']) {
  describe(`throttling accuracy over HTTP (${counters.startsWith('redis') ? 'redis' : counters} counters)`, () => {
    const t = useLimitsPortico({ counters })

    it('10 s of 100 requests/s against 10/s with a burst of 5: the burst, then 10/s (within 5 %)', async () => {
      const { value } = await keyInPlan(t, { throttle: { rateLimit: 10, burstLimit: 5 } })
      const start = t.clock.ms
      const admittedAt: number[] = []
      for (let i = 0; i < 1000; i++) {
        if ((await t.call('/pets', value)).status === 200) admittedAt.push(t.clock.ms - start)
        t.clock.ms += 10
      }
      const expected = 5 + 10 * 10
      assert.ok(Math.abs(admittedAt.length - expected) <= expected * 0.05, `admitted ${admittedAt.length}, expected ${expected} ± 5 %`)
      assert.deepEqual(admittedAt.slice(0, 5), [0, 10, 20, 30, 40], 'the burst passes back to back')
    })
  })
}
