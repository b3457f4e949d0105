import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DEFAULT_ACCOUNT, type ApiKey, type AuditEntry, type ClientCertificate, type UsagePlan } from '../../src/model/account.ts'
import { storePerCase, type OpenedStore } from './store-fixtures.ts'
import { StoreConflictError, StoreLimitError, StoreMissingError } from '../../src/control/store/store.ts'

/** The account-level half of the Store contract. Each case gets a fresh, empty store. */

export function apiKey(id: string, extra: Partial<ApiKey> = {}): ApiKey {
  return {
    id,
    value: `value-of-${id}-0123456789abcdef`,
    name: `key ${id}`,
    enabled: true,
    createdDate: 1_700_000_000,
    lastUpdatedDate: 1_700_000_000,
    stageKeys: [],
    ...extra,
  }
}

export function usagePlan(id: string, extra: Partial<UsagePlan> = {}): UsagePlan {
  return { id, name: `plan ${id}`, apiStages: [], ...extra }
}

const richPlan = (id: string): UsagePlan =>
  usagePlan(id, {
    description: 'Gold ✓ 🚀',
    apiStages: [
      { apiId: 'api0000001', stage: 'prod', throttle: { '/pets/GET': { burstLimit: 10, rateLimit: 5.5 } } },
      { apiId: 'api0000002', stage: 'dev' },
    ],
    throttle: { burstLimit: 100, rateLimit: 50.25 },
    quota: { limit: 10_000, offset: 10, period: 'MONTH' },
    productCode: 'prod-code',
    tags: { tier: 'gold', 'ключ': 'значение' },
  })

const certificate = (id: string, description?: string): ClientCertificate => ({
  clientCertificateId: id,
  ...(description !== undefined ? { description } : {}),
  pemEncodedCertificate: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
  createdDate: 1_700_000_000,
  expirationDate: 1_731_536_000,
})

const audit = (n: number): AuditEntry => ({
  time: 1_700_000_000_000 + n * 1000,
  accessKeyId: 'AKIDEXAMPLE',
  operation: `Op${n}`,
  resource: `/apikeys/k${n}`,
  requestId: `req-${n}`,
  parameters: { n, nested: { ok: true } },
})

export function accountStoreContract(name: string, open: () => Promise<OpenedStore>): void {
  describe(`Store contract (account resources): ${name}`, () => {
    const store = storePerCase(open)

    describe('API keys', () => {
      it('create, read by id and by value, list in creation order, update, delete', async () => {
        const rich = apiKey('key0000002', {
          customerId: 'cust-✓',
          description: 'Schlüssel 🔑',
          enabled: false,
          stageKeys: ['api0000001/prod'],
          tags: { team: 'a' },
        })
        await store.createApiKey(apiKey('key0000001'))
        await store.createApiKey(rich)
        assert.deepEqual(await store.getApiKey('key0000002'), rich)
        assert.deepEqual(await store.getApiKeyByValue(rich.value), rich)
        assert.deepEqual((await store.listApiKeys()).map((k) => k.id), ['key0000001', 'key0000002'])

        const changed = { ...rich, name: 'renamed', enabled: true, value: 'a-brand-new-value-0123456789', lastUpdatedDate: 1_800_000_000 }
        await store.updateApiKey(changed)
        assert.deepEqual(await store.getApiKey('key0000002'), changed)
        assert.equal(await store.getApiKeyByValue(rich.value), undefined)
        assert.deepEqual((await store.listApiKeys()).map((k) => k.id), ['key0000001', 'key0000002'])

        assert.equal(await store.deleteApiKey('key0000001'), true)
        assert.equal(await store.deleteApiKey('key0000001'), false)
        assert.deepEqual(await store.listApiKeys(), [changed])
      })

      it('ids and values are unique', async () => {
        await store.createApiKey(apiKey('key0000001'))
        await assert.rejects(store.createApiKey(apiKey('key0000001', { value: 'another-value-0123456789' })), StoreConflictError)
        await assert.rejects(store.createApiKey(apiKey('key0000002', { value: apiKey('key0000001').value })), StoreConflictError)
        await store.createApiKey(apiKey('key0000003'))
        await assert.rejects(
          store.updateApiKey(apiKey('key0000003', { value: apiKey('key0000001').value })),
          StoreConflictError,
        )
        assert.deepEqual(await store.getApiKey('key0000003'), apiKey('key0000003'))
      })

      it('updating a key that does not exist rejects', async () => {
        await assert.rejects(store.updateApiKey(apiKey('nope')), StoreMissingError)
        assert.equal(await store.getApiKey('nope'), undefined)
      })

      it('hands out copies', async () => {
        const key = apiKey('key0000001', { stageKeys: ['a/b'] })
        await store.createApiKey(key)
        key.stageKeys.push('mutated')
        const read = await store.getApiKey('key0000001')
        read!.stageKeys.push('mutated too')
        assert.deepEqual((await store.getApiKey('key0000001'))?.stageKeys, ['a/b'])
      })
    })

    describe('usage plans', () => {
      it('create, read, list, update, delete; every field round-trips', async () => {
        await store.createUsagePlan(richPlan('plan000001'))
        await store.createUsagePlan(usagePlan('plan000002'))
        assert.deepEqual(await store.getUsagePlan('plan000001'), richPlan('plan000001'))
        assert.deepEqual(await store.listUsagePlans(), [richPlan('plan000001'), usagePlan('plan000002')])
        const changed = usagePlan('plan000001', { name: 'changed', quota: { limit: 5, period: 'DAY' } })
        await store.updateUsagePlan(changed)
        assert.deepEqual(await store.getUsagePlan('plan000001'), changed)
        assert.equal(await store.deleteUsagePlan('plan000001'), true)
        assert.equal(await store.deleteUsagePlan('plan000001'), false)
        assert.deepEqual(await store.listUsagePlans(), [usagePlan('plan000002')])
        await assert.rejects(store.createUsagePlan(usagePlan('plan000002')), StoreConflictError)
        await assert.rejects(store.updateUsagePlan(usagePlan('nope')), StoreMissingError)
      })

      it('keys join and leave plans; plans list by key', async () => {
        for (const id of ['plan000001', 'plan000002', 'plan000003']) await store.createUsagePlan(usagePlan(id))
        await store.createApiKey(apiKey('key0000001'))
        await store.createApiKey(apiKey('key0000002', { name: undefined }))
        const added = await store.addUsagePlanKey('plan000001', 'key0000002')
        assert.deepEqual(added, { id: 'key0000002', type: 'API_KEY', value: apiKey('key0000002').value })
        await store.addUsagePlanKey('plan000001', 'key0000001')
        await store.addUsagePlanKey('plan000003', 'key0000001')
        assert.deepEqual((await store.listUsagePlanKeys('plan000001')).map((k) => k.id), ['key0000002', 'key0000001'])
        assert.deepEqual(await store.getUsagePlanKey('plan000001', 'key0000001'), {
          id: 'key0000001',
          type: 'API_KEY',
          value: apiKey('key0000001').value,
          name: 'key key0000001',
        })
        assert.equal(await store.getUsagePlanKey('plan000002', 'key0000001'), undefined)
        assert.deepEqual((await store.listUsagePlans({ keyId: 'key0000001' })).map((p) => p.id), ['plan000001', 'plan000003'])
        assert.deepEqual(await store.listUsagePlans({ keyId: 'nope' }), [])

        await assert.rejects(store.addUsagePlanKey('plan000001', 'key0000001'), StoreConflictError)
        await assert.rejects(store.addUsagePlanKey('nope', 'key0000001'), StoreMissingError)
        await assert.rejects(store.addUsagePlanKey('plan000002', 'nope'), StoreMissingError)

        assert.equal(await store.removeUsagePlanKey('plan000001', 'key0000001'), true)
        assert.equal(await store.removeUsagePlanKey('plan000001', 'key0000001'), false)
        assert.deepEqual((await store.listUsagePlans({ keyId: 'key0000001' })).map((p) => p.id), ['plan000003'])
      })

      it('a key is in at most 10 plans', async () => {
        await store.createApiKey(apiKey('key0000001'))
        for (let i = 0; i < 11; i++) await store.createUsagePlan(usagePlan(`plan${i}`))
        for (let i = 0; i < 10; i++) await store.addUsagePlanKey(`plan${i}`, 'key0000001')
        await assert.rejects(store.addUsagePlanKey('plan10', 'key0000001'), StoreLimitError)
        assert.deepEqual(await store.listUsagePlanKeys('plan10'), [])
      })

      it('deleting a key or a plan drops the memberships and usage with it', async () => {
        await store.createUsagePlan(usagePlan('plan000001'))
        await store.createUsagePlan(usagePlan('plan000002'))
        await store.createApiKey(apiKey('key0000001'))
        await store.createApiKey(apiKey('key0000002'))
        await store.addUsagePlanKey('plan000001', 'key0000001')
        await store.addUsagePlanKey('plan000001', 'key0000002')
        await store.addUsagePlanKey('plan000002', 'key0000001')
        await store.addUsage('plan000001', 'key0000001', '2026-01-01', 3)
        await store.addUsage('plan000001', 'key0000002', '2026-01-01', 4)
        await store.deleteApiKey('key0000001')
        assert.deepEqual((await store.listUsagePlanKeys('plan000001')).map((k) => k.id), ['key0000002'])
        assert.deepEqual(await store.listUsagePlanKeys('plan000002'), [])
        assert.deepEqual(await store.getUsage('plan000001', '2026-01-01', '2026-01-01'), [
          { keyId: 'key0000002', day: '2026-01-01', used: 4 },
        ])
        await store.deleteUsagePlan('plan000001')
        assert.deepEqual(await store.getUsage('plan000001', '2000-01-01', '2100-01-01'), [])
        assert.deepEqual(await store.listUsagePlanKeys('plan000001'), [])
        assert.ok(await store.getApiKey('key0000002'))
      })
    })

    describe('usage', () => {
      it('counts per key and day, filters by range and key', async () => {
        await store.createUsagePlan(usagePlan('plan000001'))
        await store.createApiKey(apiKey('key0000001'))
        await store.createApiKey(apiKey('key0000002'))
        await store.addUsage('plan000001', 'key0000001', '2026-01-02', 2)
        await store.addUsage('plan000001', 'key0000001', '2026-01-02', 3)
        await store.addUsage('plan000001', 'key0000001', '2026-01-01', 1)
        await store.addUsage('plan000001', 'key0000002', '2026-01-03', 7)
        assert.deepEqual(await store.getUsage('plan000001', '2026-01-01', '2026-01-02'), [
          { keyId: 'key0000001', day: '2026-01-01', used: 1 },
          { keyId: 'key0000001', day: '2026-01-02', used: 5 },
        ])
        assert.deepEqual(await store.getUsage('plan000001', '2026-01-01', '2026-12-31', 'key0000002'), [
          { keyId: 'key0000002', day: '2026-01-03', used: 7 },
        ])
      })

      it('addUsages: many counts in one call, summed; counts of a plan or key that no longer exists are dropped', async () => {
        await store.createUsagePlan(usagePlan('plan000001'))
        await store.createApiKey(apiKey('key0000001'))
        await store.addUsages([
          { planId: 'plan000001', keyId: 'key0000001', day: '2026-01-01', count: 2 },
          { planId: 'plan000001', keyId: 'gone000001', day: '2026-01-01', count: 5 },
          { planId: 'gone000002', keyId: 'key0000001', day: '2026-01-01', count: 5 },
          { planId: 'plan000001', keyId: 'key0000001', day: '2026-01-02', count: 1 },
        ])
        await store.addUsages([{ planId: 'plan000001', keyId: 'key0000001', day: '2026-01-01', count: 3 }])
        await store.addUsage('plan000001', 'gone000001', '2026-01-01', 1)
        assert.deepEqual(await store.getUsage('plan000001', '2026-01-01', '2026-01-02'), [
          { keyId: 'key0000001', day: '2026-01-01', used: 5 },
          { keyId: 'key0000001', day: '2026-01-02', used: 1 },
        ])
      })

      it('remaining is set, then lowered by use, never below zero', async () => {
        await store.createUsagePlan(usagePlan('plan000001'))
        await store.createApiKey(apiKey('key0000001'))
        await store.addUsage('plan000001', 'key0000001', '2026-01-01', 2)
        await store.setRemaining('plan000001', 'key0000001', '2026-01-01', 5)
        await store.addUsage('plan000001', 'key0000001', '2026-01-01', 3)
        assert.deepEqual(await store.getUsage('plan000001', '2026-01-01', '2026-01-01'), [
          { keyId: 'key0000001', day: '2026-01-01', used: 5, remaining: 2 },
        ])
        await store.addUsage('plan000001', 'key0000001', '2026-01-01', 10)
        await store.setRemaining('plan000001', 'key0000001', '2026-01-02', 9)
        assert.deepEqual(await store.getUsage('plan000001', '2026-01-01', '2026-01-02'), [
          { keyId: 'key0000001', day: '2026-01-01', used: 15, remaining: 0 },
          { keyId: 'key0000001', day: '2026-01-02', used: 0, remaining: 9 },
        ])
      })
    })

    describe('client certificates', () => {
      it('create, read, list, update, delete', async () => {
        await store.createClientCertificate(certificate('cert000001', 'first ✓'))
        await store.createClientCertificate(certificate('cert000002'))
        assert.deepEqual(await store.getClientCertificate('cert000001'), certificate('cert000001', 'first ✓'))
        assert.deepEqual((await store.listClientCertificates()).map((c) => c.clientCertificateId), ['cert000001', 'cert000002'])
        await store.updateClientCertificate(certificate('cert000002', 'changed'))
        assert.deepEqual(await store.getClientCertificate('cert000002'), certificate('cert000002', 'changed'))
        await assert.rejects(store.updateClientCertificate(certificate('nope')), StoreMissingError)
        await assert.rejects(store.createClientCertificate(certificate('cert000001')), StoreConflictError)
        assert.equal(await store.deleteClientCertificate('cert000001'), true)
        assert.equal(await store.deleteClientCertificate('cert000001'), false)
        assert.equal(await store.getClientCertificate('cert000001'), undefined)
      })
    })

    describe('account', () => {
      it("starts with AWS's defaults and keeps what is saved", async () => {
        const account = await store.getAccount()
        assert.deepEqual(account, DEFAULT_ACCOUNT)
        account.throttleSettings.burstLimit = 1 // a copy: the defaults stay
        assert.deepEqual(await store.getAccount(), DEFAULT_ACCOUNT)
        const changed = { ...DEFAULT_ACCOUNT, cloudwatchRoleArn: 'arn:aws:iam::123456789012:role/cw', throttleSettings: { burstLimit: 10, rateLimit: 20.5 } }
        await store.updateAccount(changed)
        await store.updateAccount(changed)
        assert.deepEqual(await store.getAccount(), changed)
      })
    })

    describe('audit trail', () => {
      it('appends and lists oldest first; limit keeps the newest, since drops older ones', async () => {
        assert.deepEqual(await store.listAudit(), [])
        for (let n = 1; n <= 5; n++) await store.appendAudit(audit(n))
        assert.deepEqual(await store.listAudit(), [1, 2, 3, 4, 5].map(audit))
        assert.deepEqual(await store.listAudit({ limit: 2 }), [audit(4), audit(5)])
        assert.deepEqual(await store.listAudit({ since: audit(3).time }), [audit(3), audit(4), audit(5)])
        assert.deepEqual(await store.listAudit({ since: audit(2).time, limit: 1 }), [audit(5)])
        // pages from the newest: skip the newest n
        assert.deepEqual(await store.listAudit({ limit: 2, skip: 2 }), [audit(2), audit(3)])
        assert.deepEqual(await store.listAudit({ limit: 2, skip: 4 }), [audit(1)])
        assert.deepEqual(await store.listAudit({ skip: 5 }), [])
      })
    })

    describe('ImportApiKeys', () => {
      it('creates new keys, overwrites by value, joins plans, in one transaction', async () => {
        await store.createUsagePlan(usagePlan('plan000001'))
        await store.createUsagePlan(usagePlan('plan000002'))
        await store.createApiKey(apiKey('old0000001', { stageKeys: ['a/b'] }))
        await store.addUsagePlanKey('plan000001', 'old0000001')

        const stored = await store.importApiKeys([
          { key: apiKey('new0000001'), usagePlanIds: ['plan000001', 'plan000002'] },
          {
            key: apiKey('new0000002', { value: apiKey('old0000001').value, name: 'overwritten', createdDate: 1_800_000_000 }),
            usagePlanIds: ['plan000001', 'plan000002'],
          },
        ])
        assert.deepEqual(stored.map((k) => k.id), ['new0000001', 'old0000001'])
        const overwritten = await store.getApiKey('old0000001')
        assert.equal(overwritten?.name, 'overwritten')
        assert.equal(overwritten?.createdDate, 1_700_000_000)
        assert.deepEqual(overwritten?.stageKeys, ['a/b'])
        assert.equal(await store.getApiKey('new0000002'), undefined)
        assert.deepEqual((await store.listUsagePlanKeys('plan000002')).map((k) => k.id), ['new0000001', 'old0000001'])

        // an unknown plan aborts the whole import
        await assert.rejects(
          store.importApiKeys([
            { key: apiKey('new0000003'), usagePlanIds: [] },
            { key: apiKey('new0000004'), usagePlanIds: ['nope'] },
          ]),
          StoreMissingError,
        )
        assert.equal(await store.getApiKey('new0000003'), undefined)
        assert.equal((await store.listApiKeys()).length, 2)
      })
    })
  })
}
