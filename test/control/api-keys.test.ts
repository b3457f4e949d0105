import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { apiError, openHarness, type Harness } from './account-harness.ts'

type Key = Record<string, unknown> & { id: string; value?: string }

describe('API keys (handlers)', () => {
  let h: Harness
  beforeEach(async () => {
    h = await openHarness()
  })
  afterEach(async () => h.close())

  it('CreateApiKey: generated 40-character value, disabled by default, stageKeys [] and no tags', async () => {
    const key = (await h.call('CreateApiKey', { body: { name: 'first' } })) as Key
    assert.match(key.id, /^[a-z0-9]{10}$/)
    assert.match(key.value!, /^[A-Za-z0-9]{40}$/)
    assert.deepEqual(key, {
      id: key.id,
      value: key.value,
      name: 'first',
      enabled: false,
      createdDate: h.clock.now,
      lastUpdatedDate: h.clock.now,
      stageKeys: [],
    })
  })

  it('CreateApiKey: every field, stage keys as restApiId/stageName', async () => {
    await h.seedStage('api0000001', 'prod')
    const key = (await h.call('CreateApiKey', {
      body: {
        name: 'rich',
        description: 'd ✓',
        enabled: true,
        generateDistinctId: true,
        value: 'abcdefghijklmnopqrstuvwxyz',
        customerId: 'cust-1',
        stageKeys: [{ restApiId: 'api0000001', stageName: 'prod' }],
        tags: { team: 'a' },
      },
    })) as Key
    assert.equal(key.value, 'abcdefghijklmnopqrstuvwxyz')
    assert.deepEqual(key.stageKeys, ['api0000001/prod'])
    assert.deepEqual(key.tags, { team: 'a' })
    assert.equal(key.customerId, 'cust-1')
    assert.equal(key.enabled, true)
  })

  it("CreateApiKey: AWS's texts for bad values, names, descriptions; an empty value is generated", async () => {
    await assert.rejects(
      h.call('CreateApiKey', { body: { value: 'short' } }),
      apiError('BadRequestException', 'API Key value should be at least 20 characters'),
    )
    await assert.rejects(
      h.call('CreateApiKey', { body: { value: 'x'.repeat(129) } }),
      apiError('BadRequestException', 'API Key value exceeds maximum size of 128 characters'),
    )
    await assert.rejects(
      h.call('CreateApiKey', { body: { name: 'n'.repeat(1025) } }),
      apiError('BadRequestException', 'Invalid API Key name, can be at most 1024 characters.'),
    )
    await assert.rejects(
      h.call('CreateApiKey', { body: { description: 'd'.repeat(125_001) } }),
      apiError('BadRequestException', 'Invalid API Key description specified.'),
    )
    const generated = (await h.call('CreateApiKey', { body: { value: '', name: '' } })) as Key
    assert.equal(generated.value!.length, 40)
    assert.equal('name' in generated, false)
    await h.call('CreateApiKey', { body: { value: 'x'.repeat(128) } })
    await assert.rejects(
      h.call('CreateApiKey', { body: { value: 'x'.repeat(128) } }),
      apiError('ConflictException', 'API Key already exists'),
    )
    await assert.rejects(
      h.call('CreateApiKey', { body: { stageKeys: [{ restApiId: 'nope', stageName: 'prod' }] } }),
      apiError('NotFoundException', 'Invalid stage identifier specified'),
    )
    await assert.rejects(h.call('CreateApiKey', { body: { enabled: 'yes' } }), { name: 'SerializationException' })
  })

  it('GetApiKey: the value only with includeValue; unknown ids are 404', async () => {
    const key = (await h.call('CreateApiKey', { body: { name: 'k' } })) as Key
    const without = (await h.call('GetApiKey', { params: { api_Key: key.id } })) as Key
    assert.equal('value' in without, false)
    const withValue = (await h.call('GetApiKey', { params: { api_Key: key.id }, query: { includeValue: 'true' } })) as Key
    assert.deepEqual(withValue, key)
    await assert.rejects(
      h.call('GetApiKey', { params: { api_Key: 'nope' } }),
      apiError('NotFoundException', 'Invalid API Key identifier specified'),
    )
  })

  it('GetApiKeys: newest first, name prefix (case-sensitive), customerId, includeValues, paging', async () => {
    const a = (await h.call('CreateApiKey', { body: { name: 'alpha-one', customerId: 'c1' } })) as Key
    const b = (await h.call('CreateApiKey', { body: { name: 'alpha-two' } })) as Key
    const c = (await h.call('CreateApiKey', { body: { name: 'beta' } })) as Key
    const ids = async (query: Record<string, string>) =>
      ((await h.call('GetApiKeys', { query })) as { item: Key[] }).item.map((k) => k.id)
    assert.deepEqual(await ids({}), [c.id, b.id, a.id])
    assert.deepEqual(await ids({ name: 'alpha' }), [b.id, a.id])
    assert.deepEqual(await ids({ name: 'Alpha' }), [])
    assert.deepEqual(await ids({ name: 'one' }), [])
    assert.deepEqual(await ids({ customerId: 'c1' }), [a.id])
    const listed = (await h.call('GetApiKeys', {})) as { item: Key[] }
    assert.ok(listed.item.every((k) => !('value' in k)))
    const valued = (await h.call('GetApiKeys', { query: { includeValues: 'true' } })) as { item: Key[] }
    assert.deepEqual(valued.item.map((k) => k.value), [c.value, b.value, a.value])

    const first = (await h.call('GetApiKeys', { query: { limit: '2' } })) as { item: Key[]; position?: string }
    assert.deepEqual(first.item.map((k) => k.id), [c.id, b.id])
    assert.ok(first.position)
    const second = (await h.call('GetApiKeys', { query: { limit: '2', position: first.position! } })) as {
      item: Key[]
      position?: string
    }
    assert.deepEqual(second.item.map((k) => k.id), [a.id])
    assert.equal(second.position, undefined)
    // recorded against AWS: an out-of-range limit is ignored
    assert.deepEqual(await ids({ limit: '-1' }), [c.id, b.id, a.id])
  })

  it('UpdateApiKey: replace name, description, enabled, customerId; add and remove stages', async () => {
    await h.seedStage('api0000001', 'prod')
    await h.seedStage('api0000001', 'dev')
    const key = (await h.call('CreateApiKey', { body: { name: 'k', description: 'old' } })) as Key
    h.clock.now += 60
    const updated = (await h.call('UpdateApiKey', {
      params: { api_Key: key.id },
      body: {
        patchOperations: [
          { op: 'replace', path: '/name', value: 'renamed' },
          { op: 'replace', path: '/description', value: '' },
          { op: 'replace', path: '/enabled', value: 'true' },
          { op: 'replace', path: '/customerId', value: 'cust' },
          { op: 'add', path: '/stages', value: 'api0000001/prod' },
          { op: 'add', path: '/stages', value: 'api0000001/dev' },
          { op: 'remove', path: '/stages', value: 'api0000001/prod' },
        ],
      },
    })) as Key
    assert.deepEqual(updated, {
      id: key.id,
      name: 'renamed',
      customerId: 'cust',
      enabled: true,
      createdDate: key.createdDate,
      lastUpdatedDate: h.clock.now,
      stageKeys: ['api0000001/dev'],
      tags: {},
    })
    // AWS: a value other than "true" disables rather than failing
    const disabled = (await h.call('UpdateApiKey', {
      params: { api_Key: key.id },
      body: { patchOperations: [{ op: 'replace', path: '/enabled', value: 'yes please' }] },
    })) as Key
    assert.equal(disabled.enabled, false)
    assert.equal(((await h.call('GetApiKey', { params: { api_Key: key.id } })) as Key).enabled, false)
  })

  it("UpdateApiKey: AWS's texts for immutable paths, bad ops, unknown stages and keys", async () => {
    const key = (await h.call('CreateApiKey', { body: { name: 'k' } })) as Key
    const patch = (op: string, path: string, value?: string) =>
      h.call('UpdateApiKey', { params: { api_Key: key.id }, body: { patchOperations: [{ op, path, value }] } })
    await assert.rejects(
      patch('replace', '/id', 'x'),
      apiError(
        'BadRequestException',
        "Invalid patch path  '/id' specified for op 'replace'. Must be one of: [/description, /enabled, /name, /customerId]",
      ),
    )
    await assert.rejects(patch('replace', '/value', 'x'.repeat(30)), { name: 'BadRequestException' })
    await assert.rejects(patch('move', '/name'), apiError('BadRequestException', "Invalid patch operation specified. Must be 'add'|'remove'|'replace'"))
    await assert.rejects(patch('add', '/stages', 'nope/prod'), apiError('NotFoundException', 'Invalid stage identifier specified'))
    await assert.rejects(patch('replace', '/description', 'd'.repeat(125_001)), apiError('BadRequestException', 'Invalid API Key description specified.'))
    await assert.rejects(
      h.call('UpdateApiKey', { params: { api_Key: 'nope' }, body: { patchOperations: [] } }),
      apiError('NotFoundException', 'Invalid API Key identifier specified'),
    )
    // nothing was half-applied
    assert.equal(((await h.call('GetApiKey', { params: { api_Key: key.id } })) as Key).name, 'k')
  })

  it('DeleteApiKey: gone afterwards; a second delete is 404', async () => {
    const key = (await h.call('CreateApiKey', {})) as Key
    assert.equal(await h.call('DeleteApiKey', { params: { api_Key: key.id } }), undefined)
    await assert.rejects(
      h.call('DeleteApiKey', { params: { api_Key: key.id } }),
      apiError('NotFoundException', 'Invalid API Key identifier specified'),
    )
  })

  describe('ImportApiKeys', () => {
    it("reads AWS's CSV: any column order and case, quoted plan ids, defaults; overwrites by value", async () => {
      const p1 = (await h.call('CreateUsagePlan', { body: { name: 'p1' } })) as Key
      const p2 = (await h.call('CreateUsagePlan', { body: { name: 'p2' } })) as Key
      const csv = [
        'Enabled,Name,key,UsageplanIds,Ignored',
        `true,MyFirstApiKey,apikey1234abcdefghij0123456789,"${p1.id},${p2.id}",x`,
        `false,Second,apikey1234abcdefghij0123456780,${p1.id},`,
        ',Third,apikey1234abcdefghij0123456781,,',
        '',
      ].join('\r\n')
      const result = (await h.call('ImportApiKeys', { query: { mode: 'import', format: 'csv' }, rawBody: csv })) as {
        ids: string[]
        warnings?: string[]
      }
      assert.equal(result.ids.length, 3)
      assert.equal(result.warnings, undefined)
      const keys = await Promise.all(result.ids.map((id) => h.services.store.getApiKey(id)))
      assert.deepEqual(
        keys.map((k) => [k?.name, k?.value, k?.enabled]),
        [
          ['MyFirstApiKey', 'apikey1234abcdefghij0123456789', true],
          ['Second', 'apikey1234abcdefghij0123456780', false],
          ['Third', 'apikey1234abcdefghij0123456781', true],
        ],
      )
      assert.deepEqual(
        (await h.services.store.listUsagePlanKeys(p1.id)).map((k) => k.id),
        [result.ids[0], result.ids[1]],
      )
      assert.deepEqual((await h.services.store.listUsagePlanKeys(p2.id)).map((k) => k.id), [result.ids[0]])

      // the same value again overwrites the key, keeping its id
      const again = (await h.call('ImportApiKeys', {
        query: { mode: 'import', format: 'csv' },
        rawBody: "key,name,description\napikey1234abcdefghij0123456789,Renamed,'with, comma'\n",
      })) as { ids: string[] }
      assert.deepEqual(again.ids, [result.ids[0]])
      const renamed = await h.services.store.getApiKey(result.ids[0]!)
      assert.equal(renamed?.name, 'Renamed')
      assert.equal(renamed?.description, 'with, comma')
    })

    it('skips bad rows with warnings, or fails with failonwarnings=true; needs Name and Key columns', async () => {
      const csv = 'name,key\nok,apikey1234abcdefghij0123456789\nshort,tooshort\n'
      await assert.rejects(
        h.call('ImportApiKeys', { query: { mode: 'import', format: 'csv', failonwarnings: 'true' }, rawBody: csv }),
        apiError('BadRequestException', /Line 3: API Key value should be at least 20 characters/),
      )
      assert.deepEqual(await h.services.store.listApiKeys(), [])
      const result = (await h.call('ImportApiKeys', { query: { mode: 'import', format: 'csv' }, rawBody: csv })) as {
        ids: string[]
        warnings: string[]
      }
      assert.equal(result.ids.length, 1)
      assert.deepEqual(result.warnings, ['Line 3: API Key value should be at least 20 characters'])
      await assert.rejects(
        h.call('ImportApiKeys', { query: { mode: 'import', format: 'csv' }, rawBody: 'name,description\na,b\n' }),
        { name: 'BadRequestException' },
      )
      await assert.rejects(
        h.call('ImportApiKeys', { query: { mode: 'import', format: 'json' }, rawBody: csv }),
        { name: 'ValidationException' },
      )
      await assert.rejects(
        h.call('ImportApiKeys', {
          query: { mode: 'import', format: 'csv' },
          rawBody: 'name,key,usageplanids\na,apikey1234abcdefghij0123456782,nope\n',
        }),
        apiError('NotFoundException', 'Invalid Usage Plan ID specified'),
      )
    })
  })
})
