import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { apiError, openHarness, type Harness } from './account-harness.ts'

type Plan = Record<string, unknown> & { id: string; apiStages: Array<Record<string, unknown>> }
type Key = { id: string; value?: string; name?: string }

const NO_PLAN = apiError('NotFoundException', 'Invalid Usage Plan ID specified')
const NO_KEY = apiError('NotFoundException', 'Invalid API Key identifier specified')

describe('usage plans (handlers)', () => {
  let h: Harness
  beforeEach(async () => {
    h = await openHarness()
    await h.seedStage('api0000001', 'prod')
    await h.seedStage('api0000001', 'dev')
  })
  afterEach(async () => h.close())

  const create = (body: Record<string, unknown>) => h.call('CreateUsagePlan', { body }) as Promise<Plan>
  const update = (id: string, patchOperations: unknown[]) =>
    h.call('UpdateUsagePlan', { params: { usageplanId: id }, body: { patchOperations } }) as Promise<Plan>

  it('CreateUsagePlan: the minimal plan has apiStages [] and nothing else unset', async () => {
    const plan = await create({ name: 'basic' })
    assert.match(plan.id, /^[a-z0-9]{10}$/)
    assert.deepEqual(plan, { id: plan.id, name: 'basic', apiStages: [] })
    // recorded against AWS: GetUsagePlan always has tags, lists only when there are some
    assert.deepEqual(await h.call('GetUsagePlan', { params: { usageplanId: plan.id } }), { ...plan, tags: {} })
    assert.deepEqual(((await h.call('GetUsagePlans')) as { item: Plan[] }).item, [plan])
  })

  it('CreateUsagePlan: every field round-trips', async () => {
    const body = {
      name: 'gold',
      description: 'Gold ✓',
      apiStages: [{ apiId: 'api0000001', stage: 'prod', throttle: { '/pets/GET': { burstLimit: 10, rateLimit: 5.5 } } }],
      throttle: { burstLimit: 20, rateLimit: 10 },
      quota: { limit: 1000, offset: 0, period: 'MONTH' },
      tags: { tier: 'gold' },
    }
    const plan = await create(body)
    assert.deepEqual(plan, { id: plan.id, ...body })
    // recorded against AWS: a quota without offset answers offset 0
    const noOffset = await create({ name: 'q', quota: { limit: 5, period: 'DAY' } })
    assert.deepEqual(noOffset.quota, { limit: 5, offset: 0, period: 'DAY' })
  })

  it("CreateUsagePlan: unknown stages and bad quota periods get AWS's errors", async () => {
    await assert.rejects(
      create({ name: 'x', apiStages: [{ apiId: 'api0000001', stage: 'nope' }] }),
      apiError('BadRequestException', /^Invalid API Stage \{api: api0000001, stage: nope\} specified for usageplan [a-z0-9]{10}$/),
    )
    await assert.rejects(create({ name: 'x', quota: { limit: 1, period: 'YEAR' } }), {
      name: 'ValidationException',
      message: "1 validation error detected: Value 'YEAR' at 'createUsagePlanInput.quota.period' failed to satisfy constraint: Member must satisfy enum value set: [DAY, WEEK, MONTH]",
    })
    await assert.rejects(create({}), { name: 'BadRequestException' })
    assert.deepEqual(((await h.call('GetUsagePlans')) as { item: Plan[] }).item, [])
  })

  it('GetUsagePlan(s), DeleteUsagePlan: lists in creation order, 404s for unknown plans', async () => {
    const a = await create({ name: 'a' })
    const b = await create({ name: 'b' })
    assert.deepEqual(((await h.call('GetUsagePlans')) as { item: Plan[] }).item, [a, b])
    await assert.rejects(h.call('GetUsagePlan', { params: { usageplanId: 'nope' } }), NO_PLAN)
    assert.equal(await h.call('DeleteUsagePlan', { params: { usageplanId: a.id } }), undefined)
    await assert.rejects(h.call('DeleteUsagePlan', { params: { usageplanId: a.id } }), NO_PLAN)
    assert.deepEqual(((await h.call('GetUsagePlans')) as { item: Plan[] }).item.map((p) => p.id), [b.id])
  })

  it('UpdateUsagePlan: name, description, throttle, quota, productCode', async () => {
    const plan = await create({ name: 'p', description: 'd' })
    const updated = await update(plan.id, [
      { op: 'replace', path: '/name', value: 'renamed' },
      { op: 'replace', path: '/description', value: 'new' },
      { op: 'replace', path: '/throttle/burstLimit', value: '100' },
      { op: 'replace', path: '/throttle/rateLimit', value: '50.5' },
      { op: 'replace', path: '/quota/limit', value: '500' },
      { op: 'replace', path: '/quota/offset', value: '0' },
      { op: 'replace', path: '/quota/period', value: 'WEEK' },
      { op: 'replace', path: '/productCode', value: 'pc' },
    ])
    assert.deepEqual(updated, {
      id: plan.id,
      name: 'renamed',
      description: 'new',
      apiStages: [],
      throttle: { burstLimit: 100, rateLimit: 50.5 },
      quota: { limit: 500, offset: 0, period: 'WEEK' },
      productCode: 'pc',
      tags: {},
    })
    const removed = await update(plan.id, [
      { op: 'remove', path: '/throttle' },
      { op: 'remove', path: '/quota' },
      { op: 'remove', path: '/productCode' },
    ])
    assert.equal('throttle' in removed, false)
    assert.equal('quota' in removed, false)
    assert.equal('productCode' in removed, false)
  })

  it('UpdateUsagePlan: apiStages add/remove by {apiId}:{stage} and per-method throttles', async () => {
    const plan = await create({ name: 'p' })
    await update(plan.id, [
      { op: 'add', path: '/apiStages', value: 'api0000001:prod' },
      { op: 'add', path: '/apiStages', value: 'api0000001:dev' },
    ])
    const throttled = await update(plan.id, [
      { op: 'replace', path: '/apiStages/api0000001:prod/throttle/~1pets/GET/rateLimit', value: '5' },
      { op: 'replace', path: '/apiStages/api0000001:prod/throttle/~1pets/GET/burstLimit', value: '10' },
      { op: 'add', path: '/apiStages/api0000001:prod/throttle/~1pets~1{id}/DELETE/rateLimit', value: '1' },
    ])
    assert.deepEqual(throttled.apiStages, [
      {
        apiId: 'api0000001',
        stage: 'prod',
        throttle: { '/pets/GET': { rateLimit: 5, burstLimit: 10 }, '/pets/{id}/DELETE': { rateLimit: 1 } },
      },
      { apiId: 'api0000001', stage: 'dev' },
    ])
    const fewer = await update(plan.id, [
      { op: 'remove', path: '/apiStages/api0000001:prod/throttle/~1pets~1{id}/DELETE' },
      { op: 'remove', path: '/apiStages', value: 'api0000001:dev' },
    ])
    assert.deepEqual(fewer.apiStages, [
      { apiId: 'api0000001', stage: 'prod', throttle: { '/pets/GET': { rateLimit: 5, burstLimit: 10 } } },
    ])
    const none = await update(plan.id, [{ op: 'remove', path: '/apiStages/api0000001:prod/throttle' }])
    assert.deepEqual(none.apiStages, [{ apiId: 'api0000001', stage: 'prod' }])

    // recorded against AWS: a plan with stages cannot be deleted
    await assert.rejects(
      h.call('DeleteUsagePlan', { params: { usageplanId: plan.id } }),
      apiError('BadRequestException', `Cannot delete Usage Plan ${plan.id} because there are API Stages associated with it, including api0000001:prod`),
    )
    await update(plan.id, [{ op: 'remove', path: '/apiStages', value: 'api0000001:prod' }])
    assert.equal(await h.call('DeleteUsagePlan', { params: { usageplanId: plan.id } }), undefined)
  })

  it("UpdateUsagePlan: AWS's errors for unknown stages, bad paths, bad values", async () => {
    const plan = await create({ name: 'p' })
    const stageError = (stage: string) =>
      apiError('NotFoundException', `Invalid API Stage {api: api0000001, stage: ${stage}} specified for usageplan ${plan.id}`)
    await assert.rejects(update(plan.id, [{ op: 'add', path: '/apiStages', value: 'api0000001:nope' }]), stageError('nope'))
    await assert.rejects(update(plan.id, [{ op: 'remove', path: '/apiStages', value: 'api0000001:prod' }]), stageError('prod'))
    for (const bad of [{ op: 'add', path: '/apiStages', value: 'no-colon' }, { op: 'remove', path: '/apiStages', value: 'fakevalue' }, { op: 'remove', path: '/apiStages' }]) {
      await assert.rejects(update(plan.id, [bad]), apiError('BadRequestException', 'Invalid API Stage specified'))
    }
    // recorded against AWS, `apidId` sic
    await assert.rejects(
      update(plan.id, [{ op: 'remove', path: '/apiStages/api0000001:prod' }]),
      apiError(
        'BadRequestException',
        "Invalid patch path  '/apiStages/api0000001:prod' specified for op 'remove'. Must be one of: [/apiStages, /quota, /throttle, /productCode, /apiStages/<apidId:stageName>/throttle/<resourcePath>/<httpMethod>, /apiStages/<apidId:stageName>/throttle]",
      ),
    )
    await assert.rejects(update(plan.id, [{ op: 'replace', path: '/id', value: 'x' }]), apiError('BadRequestException', /^Invalid patch path {2}'\/id' specified for op 'replace'/))
    await assert.rejects(update(plan.id, [{ op: 'replace', path: '/throttle/burstLimit', value: 'many' }]), { name: 'BadRequestException' })
    await assert.rejects(update(plan.id, [{ op: 'replace', path: '/quota/period', value: 'YEAR' }]), { name: 'BadRequestException' })
    await assert.rejects(update('nope', []), NO_PLAN)
    assert.deepEqual(await h.call('GetUsagePlan', { params: { usageplanId: plan.id } }), { ...plan, tags: {} })
  })

  describe('usage plan keys', () => {
    it('create, get, list (newest first, name prefix), delete; plans filter by keyId', async () => {
      const plan = await create({ name: 'p' })
      const other = await create({ name: 'other' })
      const k1 = (await h.call('CreateApiKey', { body: { name: 'key-one' } })) as Key
      const k2 = (await h.call('CreateApiKey', { body: { name: 'key-two' } })) as Key
      const added = await h.call('CreateUsagePlanKey', { params: { usageplanId: plan.id }, body: { keyId: k1.id, keyType: 'API_KEY' } })
      assert.deepEqual(added, { id: k1.id, type: 'API_KEY', value: k1.value, name: 'key-one' })
      await h.call('CreateUsagePlanKey', { params: { usageplanId: plan.id }, body: { keyId: k2.id, keyType: 'API_KEY' } })
      assert.deepEqual(await h.call('GetUsagePlanKey', { params: { usageplanId: plan.id, keyId: k1.id } }), added)
      const list = (await h.call('GetUsagePlanKeys', { params: { usageplanId: plan.id } })) as { item: Key[] }
      assert.deepEqual(list.item.map((k) => k.id), [k2.id, k1.id])
      const named = (await h.call('GetUsagePlanKeys', { params: { usageplanId: plan.id }, query: { name: 'key-o' } })) as { item: Key[] }
      assert.deepEqual(named.item.map((k) => k.id), [k1.id])
      // recorded against AWS: an unknown plan has no keys rather than a 404
      assert.deepEqual(await h.call('GetUsagePlanKeys', { params: { usageplanId: 'nope' } }), { item: [] })

      const plans = (await h.call('GetUsagePlans', { query: { keyId: k1.id } })) as { item: Plan[] }
      assert.deepEqual(plans.item.map((p) => p.id), [plan.id])

      await assert.rejects(
        h.call('CreateUsagePlanKey', { params: { usageplanId: plan.id }, body: { keyId: k1.id, keyType: 'API_KEY' } }),
        { name: 'ConflictException' },
      )
      await assert.rejects(
        h.call('CreateUsagePlanKey', { params: { usageplanId: plan.id }, body: { keyId: 'nope', keyType: 'API_KEY' } }),
        NO_KEY,
      )
      await assert.rejects(
        h.call('CreateUsagePlanKey', { params: { usageplanId: 'nope' }, body: { keyId: k1.id, keyType: 'API_KEY' } }),
        NO_PLAN,
      )
      await assert.rejects(
        h.call('CreateUsagePlanKey', { params: { usageplanId: other.id }, body: { keyId: k1.id, keyType: 'OTHER' } }),
        { name: 'BadRequestException' },
      )
      await assert.rejects(h.call('GetUsagePlanKey', { params: { usageplanId: other.id, keyId: k1.id } }), NO_KEY)
      await assert.rejects(h.call('GetUsagePlanKey', { params: { usageplanId: 'nope', keyId: k1.id } }), NO_PLAN)

      assert.equal(await h.call('DeleteUsagePlanKey', { params: { usageplanId: plan.id, keyId: k1.id } }), undefined)
      await assert.rejects(h.call('DeleteUsagePlanKey', { params: { usageplanId: plan.id, keyId: k1.id } }), NO_KEY)
      assert.deepEqual(((await h.call('GetUsagePlans', { query: { keyId: k1.id } })) as { item: Plan[] }).item, [])
    })

    it('a key cannot be in two plans that serve the same API stage', async () => {
      const prod = await create({ name: 'prod', apiStages: [{ apiId: 'api0000001', stage: 'prod' }] })
      const both = await create({ name: 'both', apiStages: [{ apiId: 'api0000001', stage: 'dev' }, { apiId: 'api0000001', stage: 'prod' }] })
      const dev = await create({ name: 'dev', apiStages: [{ apiId: 'api0000001', stage: 'dev' }] })
      const key = (await h.call('CreateApiKey', {})) as Key
      await h.call('CreateUsagePlanKey', { params: { usageplanId: prod.id }, body: { keyId: key.id, keyType: 'API_KEY' } })
      await assert.rejects(
        h.call('CreateUsagePlanKey', { params: { usageplanId: both.id }, body: { keyId: key.id, keyType: 'API_KEY' } }),
        apiError('BadRequestException', `Usage Plan ${both.id} cannot be added because API Key ${key.id} cannot reference multiple Usage Plans with the same API Stage: api0000001:prod`),
      )
      // another stage of the same API is fine
      await h.call('CreateUsagePlanKey', { params: { usageplanId: dev.id }, body: { keyId: key.id, keyType: 'API_KEY' } })
      const plans = (await h.call('GetUsagePlans', { query: { keyId: key.id } })) as { item: Plan[] }
      assert.deepEqual(plans.item.map((p) => p.id).sort(), [prod.id, dev.id].sort())
    })

    it('a key joins at most 10 plans', async () => {
      const key = (await h.call('CreateApiKey', {})) as Key
      for (let i = 0; i < 10; i++) {
        const plan = await create({ name: `p${i}` })
        await h.call('CreateUsagePlanKey', { params: { usageplanId: plan.id }, body: { keyId: key.id, keyType: 'API_KEY' } })
      }
      const eleventh = await create({ name: 'p10' })
      await assert.rejects(
        h.call('CreateUsagePlanKey', { params: { usageplanId: eleventh.id }, body: { keyId: key.id, keyType: 'API_KEY' } }),
        { name: 'LimitExceededException' },
      )
    })
  })

  describe('usage', () => {
    it('GetUsage: [used, remaining] per key per day, the quota resetting each period', async () => {
      const plan = await create({ name: 'p', quota: { limit: 1000, period: 'DAY' } })
      const k1 = (await h.call('CreateApiKey', {})) as Key
      const k2 = (await h.call('CreateApiKey', {})) as Key
      for (const k of [k1, k2]) {
        await h.call('CreateUsagePlanKey', { params: { usageplanId: plan.id }, body: { keyId: k.id, keyType: 'API_KEY' } })
      }
      await h.services.store.addUsage(plan.id, k1.id, '2016-08-16', 85)
      const usage = await h.call('GetUsage', {
        params: { usageplanId: plan.id },
        query: { startDate: '2016-08-16', endDate: '2016-08-17' },
      })
      assert.deepEqual(usage, {
        usagePlanId: plan.id,
        startDate: '2016-08-16',
        endDate: '2016-08-17',
        values: { [k1.id]: [[85, 915], [0, 1000]], [k2.id]: [[0, 1000], [0, 1000]] },
      })
      const one = (await h.call('GetUsage', {
        params: { usageplanId: plan.id },
        query: { startDate: '2016-08-16', endDate: '2016-08-16', keyId: k2.id },
      })) as { values: Record<string, unknown> }
      assert.deepEqual(Object.keys(one.values), [k2.id])
    })

    it('GetUsage: a monthly quota counts from the 1st, across the asked range', async () => {
      const plan = await create({ name: 'p', quota: { limit: 100, period: 'MONTH' } })
      const key = (await h.call('CreateApiKey', {})) as Key
      await h.call('CreateUsagePlanKey', { params: { usageplanId: plan.id }, body: { keyId: key.id, keyType: 'API_KEY' } })
      await h.services.store.addUsage(plan.id, key.id, '2026-01-01', 10)
      await h.services.store.addUsage(plan.id, key.id, '2026-01-30', 5)
      await h.services.store.addUsage(plan.id, key.id, '2026-01-31', 1)
      await h.services.store.addUsage(plan.id, key.id, '2026-02-01', 2)
      const usage = (await h.call('GetUsage', {
        params: { usageplanId: plan.id },
        query: { startDate: '2026-01-30', endDate: '2026-02-01' },
      })) as { values: Record<string, unknown> }
      assert.deepEqual(usage.values[key.id], [[5, 85], [1, 84], [2, 98]])
    })

    it("GetUsage: dates are required and checked; unknown plans are AWS's 404", async () => {
      const plan = await create({ name: 'p' })
      const get = (query: Record<string, string>) => h.call('GetUsage', { params: { usageplanId: plan.id }, query })
      await assert.rejects(get({ startDate: '2026-01-01' }), { name: 'BadRequestException' })
      await assert.rejects(get({ startDate: '2026-02-30', endDate: '2026-03-01' }), { name: 'BadRequestException' })
      await assert.rejects(get({ startDate: '2026-03-01', endDate: '2026-02-01' }), { name: 'BadRequestException' })
      await assert.rejects(
        h.call('GetUsage', { params: { usageplanId: 'nope' }, query: { startDate: '2026-01-01', endDate: '2026-01-01' } }),
        NO_PLAN,
      )
    })

    it('UpdateUsage: replace /remaining sets what is left today', async () => {
      const plan = await create({ name: 'p', quota: { limit: 100, period: 'DAY' } })
      const key = (await h.call('CreateApiKey', {})) as Key
      await h.call('CreateUsagePlanKey', { params: { usageplanId: plan.id }, body: { keyId: key.id, keyType: 'API_KEY' } })
      await h.services.store.addUsage(plan.id, key.id, '2026-01-15', 30)
      const usage = await h.call('UpdateUsage', {
        params: { usageplanId: plan.id, keyId: key.id },
        body: { patchOperations: [{ op: 'replace', path: '/remaining', value: '500' }] },
      })
      assert.deepEqual(usage, {
        usagePlanId: plan.id,
        startDate: '2026-01-15',
        endDate: '2026-01-15',
        values: { [key.id]: [[30, 500]] },
      })
      await h.services.store.addUsage(plan.id, key.id, '2026-01-15', 1)
      const after = (await h.call('GetUsage', {
        params: { usageplanId: plan.id },
        query: { startDate: '2026-01-15', endDate: '2026-01-16' },
      })) as { values: Record<string, unknown> }
      assert.deepEqual(after.values[key.id], [[31, 499], [0, 100]])

      await assert.rejects(
        h.call('UpdateUsage', {
          params: { usageplanId: plan.id, keyId: key.id },
          body: { patchOperations: [{ op: 'replace', path: '/used', value: '1' }] },
        }),
        apiError('BadRequestException', /^Invalid patch path {2}'\/used' specified for op 'replace'. Must be one of: \[\/remaining\]$/),
      )
      await assert.rejects(
        h.call('UpdateUsage', {
          params: { usageplanId: plan.id, keyId: 'nope' },
          body: { patchOperations: [{ op: 'replace', path: '/remaining', value: '1' }] },
        }),
        NO_KEY,
      )
    })
  })
})
