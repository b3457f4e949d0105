import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { DEFAULT_ACCOUNT } from '../../src/model/account.ts'
import { type StoreChange, StoreConflictError } from '../../src/control/store/store.ts'
import { apiKey, usagePlan } from './account-store.contract.ts'
import { deployment, minimalDefinition, seedDeployed, stage, storePerCase, type OpenedStore } from './store-fixtures.ts'

/**
 * Store.watch(): each committed write is announced once, after it committed, in order; a
 * failed write or one that changed nothing is not. Each case gets a fresh, empty store.
 */
export function storeWatchContract(name: string, open: () => Promise<OpenedStore>): void {
  describe(`Store contract (watch): ${name}`, () => {
    const store = storePerCase(open)
    let seen: StoreChange[]
    let unwatch: () => void
    beforeEach(() => {
      seen = []
      unwatch = store.watch((change) => seen.push(change))
    })
    afterEach(() => unwatch())

    /** what was announced since the last call */
    const announced = (): StoreChange[] => seen.splice(0)

    it('announces API saves and stage writes, in commit order', async () => {
      await store.saveApi(minimalDefinition('wat0000001'))
      await store.createDeployment('wat0000001', deployment('d1'), minimalDefinition('wat0000001'))
      await store.putStage('wat0000001', stage('prod', 'd1'))
      await store.putStage('wat0000001', stage('dev', 'd1'))
      assert.equal(await store.deleteStage('wat0000001', 'dev'), true)
      assert.deepEqual(announced(), [
        { kind: 'api', apiId: 'wat0000001', deleted: false },
        { kind: 'stage', apiId: 'wat0000001', stageName: 'prod', deploymentId: 'd1' },
        { kind: 'stage', apiId: 'wat0000001', stageName: 'dev', deploymentId: 'd1' },
        { kind: 'stage', apiId: 'wat0000001', stageName: 'dev', deploymentId: undefined },
      ])
    })

    it('a deployment written with its stage is one stage announcement, made once both are readable', async () => {
      await store.saveApi(minimalDefinition('wat0000002'))
      await store.createDeployment('wat0000002', deployment('d1'), minimalDefinition('wat0000002'), stage('prod', 'd1'))
      announced()
      const reads: Array<Promise<unknown>> = []
      const stop = store.watch((change) => {
        if (change.kind === 'stage') reads.push(Promise.all([store.getStage(change.apiId, change.stageName), store.getDeployment(change.apiId, 'd2')]))
      })
      try {
        await store.createDeployment('wat0000002', deployment('d2'), minimalDefinition('wat0000002'), stage('prod', 'd2', { tracingEnabled: true }))
      } finally {
        stop()
      }
      assert.deepEqual(announced(), [{ kind: 'stage', apiId: 'wat0000002', stageName: 'prod', deploymentId: 'd2' }])
      const [[read, written]] = (await Promise.all(reads)) as Array<[unknown, unknown]>
      assert.deepEqual(read, stage('prod', 'd2', { tracingEnabled: true }))
      assert.deepEqual(written, deployment('d2'))
      // a deployment alone changes nothing that is served
      await store.createDeployment('wat0000002', deployment('d3'), minimalDefinition('wat0000002'))
      assert.deepEqual(announced(), [])
    })

    it('deleting an API announces each of its stages gone, then the API', async () => {
      await seedDeployed(store, 'wat0000003')
      await store.putStage('wat0000003', stage('dev', 'dep1'))
      announced()
      assert.equal(await store.deleteApi('wat0000003'), true)
      assert.deepEqual(announced(), [
        { kind: 'stage', apiId: 'wat0000003', stageName: 'prod', deploymentId: undefined },
        { kind: 'stage', apiId: 'wat0000003', stageName: 'dev', deploymentId: undefined },
        { kind: 'api', apiId: 'wat0000003', deleted: true },
      ])
    })

    it('announces nothing for a failed write or one that changed nothing', async () => {
      await seedDeployed(store, 'wat0000004')
      announced()
      await assert.rejects(store.saveApi(minimalDefinition('wat0000004'), 0), StoreConflictError)
      await assert.rejects(store.createDeployment('wat0000004', deployment('dep1'), minimalDefinition('wat0000004'), stage('prod', 'dep1')), StoreConflictError)
      await assert.rejects(store.putStage('nosuchapi', stage('prod', 'dep1')))
      assert.equal(await store.deleteStage('wat0000004', 'nope'), false)
      assert.equal(await store.deleteApi('nosuchapi'), false)
      assert.equal(await store.deleteApiKey('nope'), false)
      assert.deepEqual(announced(), [])
      // the failed CreateDeployment left the stage as it was
      assert.deepEqual(await store.getStage('wat0000004', 'prod'), stage('prod', 'dep1'))
    })

    it('announces key, plan, plan-key, certificate and account writes, and remaining quotas; not usage or audit', async () => {
      await store.createApiKey(apiKey('k1'))
      await store.updateApiKey(apiKey('k1', { name: 'renamed' }))
      await store.createUsagePlan(usagePlan('p1'))
      await store.updateUsagePlan(usagePlan('p1', { description: 'd' }))
      await store.addUsagePlanKey('p1', 'k1')
      await store.setRemaining('p1', 'k1', '2026-01-15', 7)
      await store.addUsage('p1', 'k1', '2026-01-15', 1)
      await store.addUsages([{ planId: 'p1', keyId: 'k1', day: '2026-01-15', count: 1 }])
      await store.appendAudit({ time: 1, accessKeyId: 'AKID', operation: 'Op', resource: '/', requestId: 'r', parameters: {} })
      await store.removeUsagePlanKey('p1', 'k1')
      await store.updateAccount({ ...DEFAULT_ACCOUNT, throttleSettings: { burstLimit: 1, rateLimit: 1 } })
      await store.createClientCertificate({ clientCertificateId: 'c1', pemEncodedCertificate: 'pem', createdDate: 1, expirationDate: 2 })
      await store.deleteClientCertificate('c1')
      await store.deleteUsagePlan('p1')
      await store.deleteApiKey('k1')
      await store.importApiKeys([{ key: apiKey('k2'), usagePlanIds: [] }])
      assert.deepEqual(announced(), [
        { kind: 'account', resource: 'api-key' },
        { kind: 'account', resource: 'api-key' },
        { kind: 'account', resource: 'usage-plan' },
        { kind: 'account', resource: 'usage-plan' },
        { kind: 'account', resource: 'usage-plan-key' },
        { kind: 'remaining', usagePlanId: 'p1', keyId: 'k1' },
        { kind: 'account', resource: 'usage-plan-key' },
        { kind: 'account', resource: 'account' },
        { kind: 'account', resource: 'client-certificate' },
        { kind: 'account', resource: 'client-certificate' },
        { kind: 'account', resource: 'usage-plan' },
        { kind: 'account', resource: 'api-key' },
        { kind: 'account', resource: 'api-key' },
      ])
    })

    it('a watcher that throws neither fails the write nor silences the others; unwatching stops the calls', async () => {
      const quiet = console.error
      const reported: unknown[] = []
      console.error = (...args: unknown[]) => reported.push(args)
      const stop = store.watch(() => {
        throw new Error('watcher bug')
      })
      try {
        await store.saveApi(minimalDefinition('wat0000005'))
      } finally {
        stop()
        console.error = quiet
      }
      assert.equal(reported.length, 1)
      assert.deepEqual(announced(), [{ kind: 'api', apiId: 'wat0000005', deleted: false }])
      unwatch()
      await store.saveApi(minimalDefinition('wat0000006'))
      assert.deepEqual(announced(), [])
    })
  })
}
