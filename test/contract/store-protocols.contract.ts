import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { HttpApiDefinition, WebSocketApiDefinition } from '../../src/model/index.ts'
import { StoreConflictError } from '../../src/control/store/store.ts'
import { deployment, minimalDefinition, stage, storePerCase, type OpenedStore } from './store-fixtures.ts'

export function httpApi(apiId: string, name = `http ${apiId}`): HttpApiDefinition {
  return { protocol: 'HTTP', api: { apiId, name, protocolType: 'HTTP', createdDate: 1_700_000_000, disableExecuteApiEndpoint: false } }
}

export function webSocketApi(apiId: string): WebSocketApiDefinition {
  return {
    protocol: 'WEBSOCKET',
    api: { apiId, name: `ws ${apiId}`, protocolType: 'WEBSOCKET', createdDate: 1_700_000_000, routeSelectionExpression: '$request.body.action', disableExecuteApiEndpoint: false },
  }
}

/** APIs of every protocol in one store: REST, HTTP and WebSocket definitions, one namespace of ids. */
export function storeProtocolsContract(name: string, open: () => Promise<OpenedStore>): void {
  describe(`Store contract (protocols): ${name}`, () => {
    const store = storePerCase(open)

    it('round-trips HTTP and WebSocket definitions, read by their protocol', async () => {
      assert.equal(await store.saveApi(httpApi('http000001')), 1)
      assert.equal(await store.saveApi(webSocketApi('ws00000001')), 1)
      assert.equal(await store.saveApi(httpApi('http000001', 'renamed'), 1), 2)
      assert.deepEqual(await store.getApi('http000001', 'HTTP'), { definition: httpApi('http000001', 'renamed'), version: 2 })
      assert.deepEqual(await store.getApi('ws00000001', 'WEBSOCKET'), { definition: webSocketApi('ws00000001'), version: 1 })
      // REST unless asked: the REST API reads (apigateway v1) do not see them
      assert.equal(await store.getApi('http000001'), undefined)
      assert.equal(await store.getApi('http000001', 'WEBSOCKET'), undefined)
      assert.equal((await store.getApi('ws00000001', 'REST')), undefined)
      assert.deepEqual(await store.listRestApis(), [])
    })

    it('an id belongs to one API, whatever the protocol', async () => {
      await store.saveApi(minimalDefinition('same000001'))
      await assert.rejects(store.saveApi(httpApi('same000001')), StoreConflictError)
      await store.saveApi(httpApi('same000002'))
      await assert.rejects(store.saveApi(minimalDefinition('same000002')), StoreConflictError)
      assert.deepEqual((await store.getApi('same000001'))?.definition, minimalDefinition('same000001'))
      assert.deepEqual((await store.getApi('same000002', 'HTTP'))?.definition, httpApi('same000002'))
    })

    it('deployments and stages of an HTTP API; every protocol\'s stages listed for the data plane', async () => {
      await store.saveApi(minimalDefinition('rest000001'))
      await store.createDeployment('rest000001', deployment('d1'), minimalDefinition('rest000001'), stage('prod', 'd1'))
      await store.saveApi(httpApi('http000002'))
      await store.createDeployment('http000002', deployment('d1'), httpApi('http000002'), stage('$default', 'd1'))
      assert.deepEqual(await store.getDeploymentSnapshot('http000002', 'd1'), httpApi('http000002'))
      assert.deepEqual(await store.getDeploymentSnapshot('rest000001', 'd1'), minimalDefinition('rest000001'))
      assert.deepEqual(
        (await store.listAllStages()).map((s) => [s.apiId, s.stage.stageName]),
        [['rest000001', 'prod'], ['http000002', '$default']],
      )
    })

    it('deleteApi deletes only an API of the protocol asked (REST unless given)', async () => {
      await store.saveApi(httpApi('http000003'))
      await store.createDeployment('http000003', deployment('d1'), httpApi('http000003'), stage('$default', 'd1'))
      assert.equal(await store.deleteApi('http000003'), false)
      assert.ok(await store.getApi('http000003', 'HTTP'))
      assert.equal(await store.deleteApi('http000003', 'HTTP'), true)
      assert.equal(await store.getApi('http000003', 'HTTP'), undefined)
      assert.deepEqual(await store.listAllStages(), [])
    })
  })
}
