/**
 * HTTP and WebSocket APIs are stored, deployed and compiled, and resolvable on the data plane,
 * but have no content yet: their stages are refused with a clear 501, never run through REST's
 * pipeline, and the REST management API (apigateway v1) does not see them.
 */
import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { DeleteRestApiCommand, GetRestApiCommand, GetRestApisCommand } from '@aws-sdk/client-api-gateway'
import { compileStagePlan } from '../../src/compile/stage-plan.ts'
import { httpApi, webSocketApi } from '../contract/store-protocols.contract.ts'
import { deployment, stage } from '../contract/store-fixtures.ts'
import { sdkError, useHarness } from '../control/harness.ts'
import { apiDefinition, API_ID, noUpstream, send } from './fixtures.ts'

describe('compileStagePlan', () => {
  it('compiles a REST deployment into its plan and an HTTP or WebSocket one into an unserved stage', () => {
    const rest = compileStagePlan({ snapshot: apiDefinition({ '/a': ['GET'] }), deploymentId: 'd1', stage: stage('prod', 'd1'), upstream: noUpstream })
    assert.equal(rest.protocol, 'REST')
    assert.equal(rest.apiId, API_ID)
    for (const definition of [httpApi('http000001'), webSocketApi('ws00000001')]) {
      const plan = compileStagePlan({ snapshot: definition, deploymentId: 'd1', stage: stage('$default', 'd1'), upstream: noUpstream })
      assert.deepEqual({ ...plan }, { protocol: definition.protocol, apiId: definition.api.apiId, stageName: '$default', deploymentId: 'd1', disableExecuteApiEndpoint: false })
    }
  })
})

describe('HTTP and WebSocket APIs on a running Portico', () => {
  const h = useHarness()
  before(async () => {
    const { store } = h.portico
    await store.saveApi(httpApi('http000001'))
    await store.createDeployment('http000001', deployment('d1'), httpApi('http000001'), stage('dev', 'd1'))
    await store.saveApi(webSocketApi('ws00000001'))
    await store.createDeployment('ws00000001', deployment('d1'), webSocketApi('ws00000001'), stage('production', 'd1'))
    await h.portico.settled()
  })

  it('answers their stages 501, naming the protocol, in both URL forms', async () => {
    const port = h.portico.address.port
    for (const [path, host, message] of [
      ['/_aws/execute-api/http000001/dev/pets', undefined, 'HTTP APIs are not served by this version of Portico'],
      ['/dev/pets', 'http000001.execute-api.localhost', 'HTTP APIs are not served by this version of Portico'],
      ['/_aws/execute-api/ws00000001/production', undefined, 'WebSocket APIs are not served by this version of Portico'],
    ] as const) {
      const r = await send(port, { path, headers: host ? { host } : {} })
      assert.equal(r.status, 501, path)
      assert.deepEqual(r.json(), { message })
      assert.equal(r.headers['x-amzn-errortype'], 'NotImplementedException')
    }
    // an unknown stage of such an API is unknown as for any API
    assert.equal((await send(port, { path: '/_aws/execute-api/http000001/nope/pets' })).status, 403)
  })

  it('the REST management API does not see them', async () => {
    const listed = await h.client.send(new GetRestApisCommand({}))
    assert.ok(!(listed.items ?? []).some((api) => api.id === 'http000001' || api.id === 'ws00000001'))
    assert.equal((await sdkError(() => h.client.send(new GetRestApiCommand({ restApiId: 'http000001' })))).name, 'NotFoundException')
    assert.equal((await sdkError(() => h.client.send(new DeleteRestApiCommand({ restApiId: 'ws00000001' })))).name, 'NotFoundException')
    assert.ok(await h.portico.store.getApi('ws00000001', 'WEBSOCKET'))
  })
})
