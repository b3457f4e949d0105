import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { StoreConflictError } from '../../src/control/store/store.ts'
import {
  deployment,
  inStoreOrder,
  minimalDefinition,
  richDefinition,
  richStage,
  seedDeployed,
  stage,
  storePerCase,
  type OpenedStore,
} from './store-fixtures.ts'

export type { OpenedStore } from './store-fixtures.ts'

const IN_USE = 'Active stages pointing to this deployment must be moved or deleted'

/** The behaviour every Store implementation owes its callers. Each case gets a fresh, empty store. */
export function storeContract(name: string, open: () => Promise<OpenedStore>): void {
  describe(`Store contract: ${name}`, () => {
    const store = storePerCase(open)

    describe('API definitions', () => {
      it('round-trips a rich definition, resources by path with the root first', async () => {
        const definition = richDefinition('rich000001')
        assert.equal(await store.saveApi(definition), 1)
        const stored = await store.getApi('rich000001')
        assert.deepEqual(stored, { definition: inStoreOrder(definition), version: 1 })
        assert.deepEqual(
          stored?.definition.resources.map((r) => r.path),
          ['/', '/pets', '/pets/{petId}', '/pets/{proxy+}'],
        )
        assert.deepEqual(Object.keys(stored?.definition.resources[1]?.resourceMethods ?? {}), ['GET', 'ANY'])
      })

      it('round-trips a minimal definition without inventing fields', async () => {
        const definition = minimalDefinition('min0000001')
        await store.saveApi(definition)
        assert.deepEqual((await store.getApi('min0000001'))?.definition, definition)
      })

      it('keeps no reference to a written object, and a read one cannot be changed', async () => {
        const definition = richDefinition('copy000001')
        await store.saveApi(definition)
        definition.restApi.name = 'changed after save'
        const read = await store.getApi('copy000001')
        assert.throws(() => {
          read!.definition.resources[0]!.path = '/changed'
        }, TypeError)
        assert.throws(() => {
          read!.definition.resources.push(read!.definition.resources[0]!)
        }, TypeError)
        assert.throws(() => {
          read!.definition.resources[1]!.resourceMethods!.GET!.httpMethod = 'POST'
        }, TypeError)
        const again = await store.getApi('copy000001')
        assert.equal(again?.definition.restApi.name, 'Pétstore ✓ 🐶 «rich»')
        assert.equal(again?.definition.resources[0]?.path, '/')
      })

      it('lists REST APIs in creation order, replacing one keeps its place', async () => {
        for (const id of ['c', 'a', 'b']) await store.saveApi(minimalDefinition(id))
        await store.saveApi(minimalDefinition('c', 'renamed'))
        const apis = await store.listRestApis()
        assert.deepEqual(apis.map((api) => api.id), ['c', 'a', 'b'])
        assert.equal(apis[0]?.name, 'renamed')
        assert.deepEqual(apis[1], minimalDefinition('a').restApi)
      })

      it('reads one REST API\'s summary without its resources, as listRestApis gives it', async () => {
        await store.saveApi(richDefinition('sum0000001'))
        await store.saveApi(minimalDefinition('sum0000002', 'renamed'))
        assert.deepEqual(await store.getRestApi('sum0000001'), richDefinition('sum0000001').restApi)
        assert.deepEqual(await store.getRestApi('sum0000002'), (await store.listRestApis())[1])
        assert.equal(await store.getRestApi('missing000'), undefined)
        await store.deleteApi('sum0000001')
        assert.equal(await store.getRestApi('sum0000001'), undefined)
      })

      it('replaces children: removed resources, methods and parts disappear', async () => {
        await store.saveApi(richDefinition('repl000001'))
        const smaller = minimalDefinition('repl000001')
        const root = smaller.resources[0]!
        root.resourceMethods = { GET: { httpMethod: 'GET', authorizationType: 'NONE', apiKeyRequired: false } }
        smaller.models = [{ id: 'm9', name: 'Only', contentType: 'application/json' }]
        assert.equal(await store.saveApi(smaller), 2)
        assert.deepEqual(await store.getApi('repl000001'), { definition: smaller, version: 2 })
      })

      it('keeps APIs apart: the same child ids in two APIs', async () => {
        await store.saveApi(richDefinition('apart00001'))
        await store.saveApi(richDefinition('apart00002'))
        await store.saveApi(minimalDefinition('apart00001'))
        assert.deepEqual((await store.getApi('apart00002'))?.definition, inStoreOrder(richDefinition('apart00002')))
        assert.equal((await store.getApi('apart00001'))?.definition.resources.length, 1)
      })
    })

    describe('documentation', () => {
      it('keeps parts and versions with the definition, in order; a deployment snapshot leaves them out', async () => {
        const definition = minimalDefinition('doc0000001')
        const api = { id: 'p1', location: { type: 'API' as const }, properties: '{"description":"api"}' }
        const method = { id: 'p2', location: { type: 'METHOD' as const, path: '/pets', method: '*' }, properties: '{"summary":"pets"}' }
        definition.documentationParts = [method, api]
        definition.documentationVersions = [{ version: '1.0', createdDate: 1_700_000_000, description: 'one', parts: [method] }]
        await store.saveApi(definition)
        assert.deepEqual((await store.getApi('doc0000001'))?.definition, definition)

        await store.createDeployment('doc0000001', deployment('d1'), definition)
        const snapshot = await store.getDeploymentSnapshot('doc0000001', 'd1')
        assert.ok(snapshot?.protocol === 'REST')
        assert.equal(snapshot.documentationParts, undefined)
        assert.equal(snapshot.documentationVersions, undefined)

        // removing the last part and version reads back as a definition without documentation
        const stored = await store.getApi('doc0000001')
        const { documentationParts: _p, documentationVersions: _v, ...bare } = structuredClone(stored!.definition) as typeof definition
        await store.saveApi(bare, stored!.version)
        assert.deepEqual((await store.getApi('doc0000001'))?.definition, minimalDefinition('doc0000001'))
      })
    })

    describe('versions', () => {
      it('increase by one on every save', async () => {
        const definition = minimalDefinition('ver0000001')
        assert.equal(await store.saveApi(definition, 0), 1)
        assert.equal(await store.saveApi(definition, 1), 2)
        assert.equal(await store.saveApi(definition), 3)
        assert.equal((await store.getApi('ver0000001'))?.version, 3)
      })

      it('reject a stale expectedVersion and leave the API unchanged', async () => {
        await store.saveApi(minimalDefinition('ver0000002'))
        await store.saveApi(minimalDefinition('ver0000002'))
        await assert.rejects(store.saveApi(minimalDefinition('ver0000002', 'lost'), 1), StoreConflictError)
        await assert.rejects(store.saveApi(minimalDefinition('ver0000002', 'lost'), 3), StoreConflictError)
        const stored = await store.getApi('ver0000002')
        assert.equal(stored?.version, 2)
        assert.equal(stored?.definition.restApi.name, 'api ver0000002')
      })

      it('expectedVersion 0 means "must not exist yet"', async () => {
        await store.saveApi(minimalDefinition('ver0000003'), 0)
        await assert.rejects(store.saveApi(minimalDefinition('ver0000003', 'dup'), 0), StoreConflictError)
        assert.equal((await store.getApi('ver0000003'))?.definition.restApi.name, 'api ver0000003')
      })

      it('a positive expectedVersion for an API that does not exist is a conflict', async () => {
        await assert.rejects(store.saveApi(minimalDefinition('ver0000004'), 1), StoreConflictError)
        assert.equal(await store.getApi('ver0000004'), undefined)
      })

      it('concurrent saves with the same expectedVersion: exactly one wins', async () => {
        await store.saveApi(minimalDefinition('ver0000005'))
        const results = await Promise.allSettled(
          ['a', 'b', 'c', 'd'].map((n) => store.saveApi(minimalDefinition('ver0000005', n), 1)),
        )
        const won = results.filter((r) => r.status === 'fulfilled')
        assert.equal(won.length, 1)
        for (const r of results) if (r.status === 'rejected') assert.ok(r.reason instanceof StoreConflictError)
        assert.equal((await store.getApi('ver0000005'))?.version, 2)
      })
    })

    describe('atomicity', () => {
      it('a save that fails half-way leaves the previous definition intact', async () => {
        const before = richDefinition('atom000001')
        await store.saveApi(before)
        const broken = richDefinition('atom000001')
        broken.restApi.name = 'half-written'
        // duplicate resource id, after other rows were already replaced
        broken.resources.push({ id: 'pets01', parentId: 'atom000001root', pathPart: 'again', path: '/again' })
        await assert.rejects(store.saveApi(broken, 1))
        assert.deepEqual(await store.getApi('atom000001'), { definition: inStoreOrder(before), version: 1 })
        assert.deepEqual(await store.listRestApis(), [before.restApi])
      })

      it('a failed first save leaves nothing behind', async () => {
        const broken = minimalDefinition('atom000002')
        broken.models = [
          { id: 'same', name: 'A', contentType: 'application/json' },
          { id: 'same', name: 'B', contentType: 'application/json' },
        ]
        await assert.rejects(store.saveApi(broken))
        assert.equal(await store.getApi('atom000002'), undefined)
        assert.deepEqual(await store.listRestApis(), [])
      })
    })

    describe('deleteApi', () => {
      it('cascades to deployments and stages, and reports whether the API existed', async () => {
        await seedDeployed(store, 'del0000001')
        await seedDeployed(store, 'del0000002')
        assert.equal(await store.deleteApi('del0000001'), true)
        assert.equal(await store.deleteApi('del0000001'), false)
        assert.equal(await store.getApi('del0000001'), undefined)
        assert.deepEqual(await store.listDeployments('del0000001'), [])
        assert.equal(await store.getDeploymentSnapshot('del0000001', 'dep1'), undefined)
        assert.deepEqual(await store.listStages('del0000001'), [])
        assert.deepEqual((await store.listAllStages()).map((s) => s.apiId), ['del0000002'])
        assert.deepEqual((await store.listRestApis()).map((api) => api.id), ['del0000002'])
        // the id is free again, with a fresh history
        assert.equal(await store.saveApi(minimalDefinition('del0000001'), 0), 1)
        assert.deepEqual(await store.listDeployments('del0000001'), [])
      })
    })

    describe('deployments', () => {
      it('store metadata and snapshot; list in creation order', async () => {
        const definition = richDefinition('dep0000001')
        await store.saveApi(definition)
        await store.createDeployment('dep0000001', deployment('d2', 'first'), definition)
        await store.createDeployment('dep0000001', deployment('d1'), minimalDefinition('dep0000001'))
        assert.deepEqual(await store.listDeployments('dep0000001'), [deployment('d2', 'first'), deployment('d1')])
        assert.deepEqual(await store.getDeployment('dep0000001', 'd2'), deployment('d2', 'first'))
        assert.deepEqual(await store.getDeploymentSnapshot('dep0000001', 'd2'), definition)
        assert.deepEqual(await store.getDeploymentSnapshot('dep0000001', 'd1'), minimalDefinition('dep0000001'))
      })

      it('snapshots are immutable: later saves and caller mutations do not reach them', async () => {
        const definition = richDefinition('dep0000002')
        await store.saveApi(definition)
        await store.createDeployment('dep0000002', deployment('d1'), definition)
        definition.restApi.name = 'mutated by caller'
        definition.resources.pop()
        await store.saveApi(minimalDefinition('dep0000002', 'v2'))
        assert.deepEqual(await store.getDeploymentSnapshot('dep0000002', 'd1'), richDefinition('dep0000002'))
      })

      it('updateDeployment changes metadata only', async () => {
        const definition = richDefinition('dep0000003')
        await store.saveApi(definition)
        await store.createDeployment('dep0000003', deployment('d1', 'old'), definition)
        await store.updateDeployment('dep0000003', deployment('d1', 'new ✓'))
        assert.deepEqual(await store.getDeployment('dep0000003', 'd1'), deployment('d1', 'new ✓'))
        assert.deepEqual(await store.getDeploymentSnapshot('dep0000003', 'd1'), definition)
      })

      it('are scoped to their API', async () => {
        await seedDeployed(store, 'dep0000004')
        await store.saveApi(minimalDefinition('dep0000005'))
        assert.equal(await store.getDeployment('dep0000005', 'dep1'), undefined)
        assert.equal(await store.deleteDeployment('dep0000005', 'dep1'), false)
        await store.createDeployment('dep0000005', deployment('dep1', 'other'), minimalDefinition('dep0000005'))
        assert.equal((await store.getDeployment('dep0000004', 'dep1'))?.description, undefined)
      })

      it('a duplicate deployment id is a conflict; a deployment needs its API', async () => {
        await seedDeployed(store, 'dep0000006')
        await assert.rejects(
          store.createDeployment('dep0000006', deployment('dep1'), minimalDefinition('dep0000006')),
          StoreConflictError,
        )
        await assert.rejects(store.createDeployment('nosuchapi', deployment('x'), minimalDefinition('nosuchapi')))
      })

      it('deleteDeployment refuses while a stage or a canary points at it', async () => {
        await seedDeployed(store, 'dep0000007')
        const snapshot = minimalDefinition('dep0000007')
        await store.createDeployment('dep0000007', deployment('dep2'), snapshot)
        await store.createDeployment('dep0000007', deployment('dep3'), snapshot)
        await store.putStage('dep0000007', richStage('canaried', 'dep3', 'dep2'))

        await assert.rejects(store.deleteDeployment('dep0000007', 'dep1'), { name: 'StoreConflictError', message: IN_USE })
        await assert.rejects(store.deleteDeployment('dep0000007', 'dep2'), { name: 'StoreConflictError', message: IN_USE })
        assert.ok(await store.getDeployment('dep0000007', 'dep2'))

        // moving the stage and dropping its canary frees both
        await store.putStage('dep0000007', stage('prod', 'dep3'))
        await store.putStage('dep0000007', stage('canaried', 'dep3'))
        assert.equal(await store.deleteDeployment('dep0000007', 'dep1'), true)
        assert.equal(await store.deleteDeployment('dep0000007', 'dep2'), true)
        assert.equal(await store.deleteDeployment('dep0000007', 'dep2'), false)
        assert.deepEqual((await store.listDeployments('dep0000007')).map((d) => d.id), ['dep3'])
        assert.equal(await store.getDeploymentSnapshot('dep0000007', 'dep2'), undefined)
      })
    })

    describe('stages', () => {
      it('create, read, replace, list, delete', async () => {
        await seedDeployed(store, 'stg0000001')
        const rich = richStage('beta', 'dep1', 'dep1')
        await store.putStage('stg0000001', rich)
        assert.deepEqual(await store.getStage('stg0000001', 'beta'), rich)
        assert.deepEqual((await store.listStages('stg0000001')).map((s) => s.stageName), ['prod', 'beta'])

        const replaced = stage('prod', 'dep1', { description: 'replaced', lastUpdatedDate: 1_800_000_000 })
        await store.putStage('stg0000001', replaced)
        assert.deepEqual(await store.getStage('stg0000001', 'prod'), replaced)
        assert.deepEqual((await store.listStages('stg0000001')).map((s) => s.stageName), ['prod', 'beta'])

        assert.equal(await store.deleteStage('stg0000001', 'prod'), true)
        assert.equal(await store.deleteStage('stg0000001', 'prod'), false)
        assert.deepEqual(await store.listStages('stg0000001'), [rich])
      })

      it('are scoped to their API, and need it', async () => {
        await seedDeployed(store, 'stg0000002')
        await store.saveApi(minimalDefinition('stg0000003'))
        assert.equal(await store.getStage('stg0000003', 'prod'), undefined)
        assert.equal(await store.deleteStage('stg0000003', 'prod'), false)
        assert.ok(await store.getStage('stg0000002', 'prod'))
        await assert.rejects(store.putStage('nosuchapi', stage('prod', 'dep1')))
      })

      it('listAllStages returns every stage of every API, APIs in creation order', async () => {
        assert.deepEqual(await store.listAllStages(), [])
        await seedDeployed(store, 'all0000002')
        await seedDeployed(store, 'all0000001')
        await store.putStage('all0000002', stage('dev', 'dep1'))
        assert.deepEqual(await store.listAllStages(), [
          { apiId: 'all0000002', protocol: 'REST', stage: stage('prod', 'dep1') },
          { apiId: 'all0000002', protocol: 'REST', stage: stage('dev', 'dep1') },
          { apiId: 'all0000001', protocol: 'REST', stage: stage('prod', 'dep1') },
        ])
      })
    })

    describe('unknown ids', () => {
      it('read as undefined, empty lists or false', async () => {
        assert.deepEqual(await store.listRestApis(), [])
        assert.equal(await store.getApi('nope'), undefined)
        assert.equal(await store.deleteApi('nope'), false)
        assert.deepEqual(await store.listDeployments('nope'), [])
        assert.equal(await store.getDeployment('nope', 'nope'), undefined)
        assert.equal(await store.getDeploymentSnapshot('nope', 'nope'), undefined)
        assert.equal(await store.deleteDeployment('nope', 'nope'), false)
        assert.deepEqual(await store.listStages('nope'), [])
        assert.equal(await store.getStage('nope', 'nope'), undefined)
        assert.equal(await store.deleteStage('nope', 'nope'), false)
        assert.deepEqual(await store.listAllStages(), [])
        await seedDeployed(store, 'known00001')
        assert.equal(await store.getDeployment('known00001', 'nope'), undefined)
        assert.equal(await store.getDeploymentSnapshot('known00001', 'nope'), undefined)
        assert.equal(await store.getStage('known00001', 'nope'), undefined)
      })

      it('updateDeployment of a deployment that does not exist rejects', async () => {
        await seedDeployed(store, 'known00002')
        await assert.rejects(store.updateDeployment('known00002', deployment('nope')))
        assert.equal(await store.getDeployment('known00002', 'nope'), undefined)
      })
    })
  })
}
