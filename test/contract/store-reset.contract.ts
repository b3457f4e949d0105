import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type StoreChange } from '../../src/control/store/store.ts'
import { apiKey, usagePlan } from './account-store.contract.ts'
import { httpApi } from './store-protocols.contract.ts'
import { deployment, minimalDefinition, seedDeployed, stage, storePerCase, type OpenedStore } from './store-fixtures.ts'

/**
 * Store.reset(): what a CI run built is gone in one write, announced so the data plane follows;
 * the account settings, client certificates and audit trail stay. Each case gets a fresh store.
 */
export function storeResetContract(name: string, open: () => Promise<OpenedStore>): void {
  describe(`Store contract (reset): ${name}`, () => {
    const store = storePerCase(open)

    it('empties APIs of every protocol, their deployments and stages, keys, plans and usage', async () => {
      await seedDeployed(store, 'rst0000001')
      await store.saveApi(httpApi('rst0000002'))
      await store.createApiKey(apiKey('k1'))
      await store.createUsagePlan(usagePlan('p1', { apiStages: [{ apiId: 'rst0000001', stage: 'prod' }] }))
      await store.addUsagePlanKey('p1', 'k1')
      await store.addUsage('p1', 'k1', '2026-01-01', 3)

      await store.reset()

      assert.deepEqual(await store.listRestApis(), [])
      assert.deepEqual(await store.listAllStages(), [])
      assert.equal(await store.getApi('rst0000002', 'HTTP'), undefined)
      assert.deepEqual(await store.listDeployments('rst0000001'), [])
      assert.deepEqual(await store.listApiKeys(), [])
      assert.deepEqual(await store.listUsagePlans(), [])
      assert.equal(await store.getApiKeyByValue(apiKey('k1').value), undefined)
      // the same ids can be used again, with nothing left over from before
      await store.createUsagePlan(usagePlan('p1'))
      await store.createApiKey(apiKey('k1'))
      await store.addUsagePlanKey('p1', 'k1')
      assert.deepEqual(await store.getUsage('p1', '2026-01-01', '2026-01-01'), [])
      await store.saveApi(minimalDefinition('rst0000001'))
      assert.equal((await store.getApi('rst0000001'))?.version, 1)
    })

    it('keeps the account settings, client certificates and audit trail', async () => {
      const account = { ...(await store.getAccount()), cloudwatchRoleArn: 'arn:aws:iam::123456789012:role/logs' }
      await store.updateAccount(account)
      await store.createClientCertificate({ clientCertificateId: 'cert01', pemEncodedCertificate: 'PEM', createdDate: 1, expirationDate: 2 })
      await store.appendAudit({ time: 1, requestId: 'r1', accessKeyId: 'AK', operation: 'CreateRestApi', resource: '/restapis', parameters: {} })
      await store.reset()
      assert.deepEqual(await store.getAccount(), account)
      assert.equal((await store.listClientCertificates()).length, 1)
      assert.equal((await store.listAudit()).length, 1)
    })

    it('announces each stage and API gone, then the keys and plans, after it committed', async () => {
      await store.saveApi(minimalDefinition('rst0000003'))
      await store.createDeployment('rst0000003', deployment('d1'), minimalDefinition('rst0000003'), stage('prod', 'd1'))
      await store.createApiKey(apiKey('k1'))
      await store.createUsagePlan(usagePlan('p1'))
      const seen: StoreChange[] = []
      const unwatch = store.watch((change) => {
        seen.push(change)
      })
      try {
        await store.reset()
        assert.deepEqual(seen, [
          { kind: 'stage', apiId: 'rst0000003', stageName: 'prod', deploymentId: undefined },
          { kind: 'api', apiId: 'rst0000003', deleted: true },
          { kind: 'account', resource: 'api-key' },
          { kind: 'account', resource: 'usage-plan' },
          { kind: 'account', resource: 'usage-plan-key' },
        ])
        seen.length = 0
        await store.reset()
        assert.deepEqual(seen, [], 'nothing removed, nothing announced')
      } finally {
        unwatch()
      }
    })
  })
}
