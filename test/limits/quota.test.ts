/**
 * Usage-plan quotas and usage through real HTTP on a clock the test moves: DAY/WEEK/MONTH
 * windows in UTC (WEEK from Sunday, MONTH from the 1st), `offset` lowering the key's first
 * period, 429 QUOTA_EXCEEDED `{"message":"Limit Exceeded"}`, GetUsage after traffic, UpdateUsage
 * taking effect, and quota and usage surviving a restart.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DeleteApiKeyCommand, GetUsageCommand, UpdateUsageCommand, UpdateUsagePlanCommand } from '@aws-sdk/client-api-gateway'
import { formatDay } from '../../src/model/quota-period.ts'
import { testClock } from '../contract/counters.contract.ts'
import { keyInPlan, START, useLimitsPortico, startLimitsPortico, statuses } from './harness.ts'

const LIMIT_EXCEEDED = { status: 429, body: '{"message":"Limit Exceeded"}', errorType: 'LimitExceededException' }
const HOUR = 3_600_000
const DAY = 24 * HOUR

describe('quotas', () => {
  const t = useLimitsPortico()

  it('DAY: the limit, then 429 Limit Exceeded until UTC midnight', async () => {
    t.clock.ms = START // Wednesday 10:00
    const { value } = await keyInPlan(t, { quota: { limit: 3, period: 'DAY' } })
    assert.deepEqual(await statuses(t, 3, '/pets', value), [200, 200, 200])
    assert.deepEqual(await t.call('/pets', value), LIMIT_EXCEEDED)
    t.clock.ms = Date.UTC(2026, 2, 4, 23, 59, 59, 999)
    assert.deepEqual(await t.call('/pets', value), LIMIT_EXCEEDED)
    t.clock.ms = Date.UTC(2026, 2, 5)
    assert.deepEqual(await statuses(t, 4, '/pets', value), [200, 200, 200, 429])
  })

  it('WEEK: resets on Sunday 00:00 UTC, not before', async () => {
    t.clock.ms = START
    const { value } = await keyInPlan(t, { quota: { limit: 2, period: 'WEEK' } })
    assert.deepEqual(await statuses(t, 3, '/pets', value), [200, 200, 429])
    t.clock.ms = Date.UTC(2026, 2, 7, 23, 59) // Saturday night
    assert.equal((await t.call('/pets', value)).status, 429)
    t.clock.ms = Date.UTC(2026, 2, 8) // Sunday
    assert.deepEqual(await statuses(t, 3, '/pets', value), [200, 200, 429])
  })

  it('MONTH: resets on the 1st at 00:00 UTC', async () => {
    t.clock.ms = START
    const { value } = await keyInPlan(t, { quota: { limit: 1, period: 'MONTH' } })
    assert.deepEqual(await statuses(t, 2, '/pets', value), [200, 429])
    t.clock.ms = Date.UTC(2026, 2, 31, 23, 59)
    assert.equal((await t.call('/pets', value)).status, 429)
    t.clock.ms = Date.UTC(2026, 3, 1)
    assert.deepEqual(await statuses(t, 2, '/pets', value), [200, 429])
  })

  it("offset: subtracted from the limit in the key's first period only", async () => {
    t.clock.ms = START
    const { value } = await keyInPlan(t, { quota: { limit: 5, offset: 3, period: 'DAY' } })
    assert.deepEqual(await statuses(t, 3, '/pets', value), [200, 200, 429])
    t.clock.ms += DAY
    assert.deepEqual(await statuses(t, 6, '/pets', value), [200, 200, 200, 200, 200, 429])
  })

  it('throttled requests do not count against the quota', async () => {
    t.clock.ms = START
    const { value } = await keyInPlan(t, { quota: { limit: 3, period: 'DAY' }, throttle: { rateLimit: 1, burstLimit: 1 } })
    assert.deepEqual(await statuses(t, 3, '/pets', value), [200, 429, 429])
    t.clock.ms += 1000
    assert.equal((await t.call('/pets', value)).status, 200)
    t.clock.ms += 1000
    assert.equal((await t.call('/pets', value)).status, 200)
    t.clock.ms += 1000
    assert.deepEqual(await t.call('/pets', value), LIMIT_EXCEEDED)
  })

  it('UpdateUsagePlan raising the limit lets the key go on at once', async () => {
    t.clock.ms = START
    const { value, planId } = await keyInPlan(t, { quota: { limit: 1, period: 'DAY' } })
    assert.deepEqual(await statuses(t, 2, '/pets', value), [200, 429])
    await t.client.send(new UpdateUsagePlanCommand({ usagePlanId: planId, patchOperations: [{ op: 'replace', path: '/quota/limit', value: '3' }] }))
    assert.deepEqual(await statuses(t, 3, '/pets', value), [200, 200, 429])
  })
})

describe('usage', () => {
  // the clock near real time: UpdateUsage dates its change by the management API's (real) clock
  const t = useLimitsPortico({ clock: testClock(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate(), 12)) })

  it('GetUsage shows the admitted requests per key per day, not the refused ones', async () => {
    const today = formatDay(t.clock.ms)
    const { value, keyId, planId } = await keyInPlan(t, { quota: { limit: 4, period: 'MONTH' } })
    assert.deepEqual(await statuses(t, 5, '/pets', value), [200, 200, 200, 200, 429])
    await t.portico.limits.flushUsage()
    const usage = await t.client.send(new GetUsageCommand({ usagePlanId: planId, startDate: today, endDate: today }))
    assert.deepEqual(usage.items, { [keyId]: [[4, 0]] })
  })

  it("GetUsage's remaining counts the offset in the key's first period, as the data plane does", async () => {
    const today = formatDay(t.clock.ms)
    const { value, keyId, planId } = await keyInPlan(t, { quota: { limit: 5, offset: 2, period: 'DAY' } })
    assert.equal((await t.call('/pets', value)).status, 200)
    await t.portico.limits.flushUsage()
    const usage = await t.client.send(new GetUsageCommand({ usagePlanId: planId, startDate: today, endDate: today }))
    assert.deepEqual(usage.items, { [keyId]: [[1, 2]] })
    assert.deepEqual(await statuses(t, 3, '/pets', value), [200, 200, 429])
  })

  it("a key deleted with usage still pending does not hold back the other keys' usage", async () => {
    const today = formatDay(t.clock.ms)
    const gone = await keyInPlan(t)
    const kept = await keyInPlan(t)
    assert.equal((await t.call('/pets', gone.value)).status, 200)
    assert.equal((await t.call('/pets', kept.value)).status, 200)
    await t.client.send(new DeleteApiKeyCommand({ apiKey: gone.keyId }))
    await t.portico.limits.flushUsage()
    const usage = await t.client.send(new GetUsageCommand({ usagePlanId: kept.planId, startDate: today, endDate: today }))
    assert.deepEqual(usage.items, { [kept.keyId]: [[1, 0]] })
  })

  it('UpdateUsage: the new remaining quota is what the data plane allows', async () => {
    const today = formatDay(t.clock.ms)
    const { value, keyId, planId } = await keyInPlan(t, { quota: { limit: 2, period: 'DAY' } })
    assert.deepEqual(await statuses(t, 3, '/pets', value), [200, 200, 429])
    await t.client.send(new UpdateUsageCommand({ usagePlanId: planId, keyId, patchOperations: [{ op: 'replace', path: '/remaining', value: '3' }] }))
    assert.deepEqual(await statuses(t, 4, '/pets', value), [200, 200, 200, 429])
    await t.portico.limits.flushUsage()
    const usage = await t.client.send(new GetUsageCommand({ usagePlanId: planId, startDate: today, endDate: today, keyId }))
    assert.deepEqual(usage.items, { [keyId]: [[5, 0]] })
    await t.client.send(new UpdateUsageCommand({ usagePlanId: planId, keyId, patchOperations: [{ op: 'replace', path: '/remaining', value: '0' }] }))
    assert.deepEqual(await t.call('/pets', value), LIMIT_EXCEEDED)
  })
})

describe('restart', () => {
  it('quota and usage survive a restart on the same data directory (usage flushed on close)', async () => {
    const first = await startLimitsPortico({ dir: undefined })
    const { value, keyId, planId } = await keyInPlan(first, { quota: { limit: 3, period: 'WEEK' } })
    assert.deepEqual(await statuses(first, 2, '/pets', value), [200, 200])
    await first.stop()
    const second = await startLimitsPortico({ dir: first.dir, apiId: first.apiId, clock: first.clock })
    try {
      assert.deepEqual(await statuses(second, 2, '/pets', value), [200, 429])
      await second.portico.limits.flushUsage()
      const day = formatDay(START)
      const usage = await second.client.send(new GetUsageCommand({ usagePlanId: planId, startDate: day, endDate: day }))
      assert.deepEqual(usage.items, { [keyId]: [[3, 0]] })
    } finally {
      await second.close()
      await first.close().catch(() => {})
    }
  })
})
