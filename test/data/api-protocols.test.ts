/**
 * HTTP and WebSocket APIs are stored, deployed, compiled and resolvable on the data plane. An
 * HTTP API's stage is served (test/http-api/ for its routes and integrations); a WebSocket API's
 * has no content yet: refused with a clear 501, never run through the HTTP pipeline. The REST
 * management API (apigateway v1) sees neither.
 */
import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { DeleteRestApiCommand, GetRestApiCommand, GetRestApisCommand } from '@aws-sdk/client-api-gateway'
import { compileStagePlan } from '../../src/compile/stage-plan.ts'
import { httpApi, v2Deployment, v2Stage, webSocketApi } from '../contract/store-protocols.contract.ts'
import { stage } from '../contract/store-fixtures.ts'
import { sdkError, useHarness } from '../control/harness.ts'
import { apiDefinition, API_ID, noUpstream, send } from './fixtures.ts'

describe('compileStagePlan', () => {
  it('compiles a REST or HTTP deployment into its plan and a WebSocket one into an unserved stage', () => {
    const rest = compileStagePlan({ snapshot: apiDefinition({ '/a': ['GET'] }), deploymentId: 'd1', stage: stage('prod', 'd1'), upstream: noUpstream })
    assert.equal(rest.protocol, 'REST')
    assert.equal(rest.apiId, API_ID)
    const http = compileStagePlan({ snapshot: httpApi('http000001'), deploymentId: 'd1', stage: v2Stage('$default', 'd1'), upstream: noUpstream })
    assert.deepEqual([http.protocol, http.apiId, http.stageName, http.deploymentId], ['HTTP', 'http000001', '$default', 'd1'])
    const ws = webSocketApi('ws00000001')
    const plan = compileStagePlan({ snapshot: ws, deploymentId: 'd1', stage: v2Stage('$default', 'd1'), upstream: noUpstream })
    assert.deepEqual({ ...plan }, { protocol: 'WEBSOCKET', apiId: 'ws00000001', stageName: '$default', deploymentId: 'd1', disableExecuteApiEndpoint: false })
  })
})

describe('HTTP and WebSocket APIs on a running Portico', () => {
  const h = useHarness()
  before(async () => {
    const { store } = h.portico
    await store.saveApi(httpApi('http000001'))
    await store.createDeployment('http000001', v2Deployment('d1'), httpApi('http000001'), v2Stage('dev', 'd1'))
    await store.saveApi(webSocketApi('ws00000001'))
    await store.createDeployment('ws00000001', v2Deployment('d1'), webSocketApi('ws00000001'), v2Stage('production', 'd1'))
    await h.portico.settled()
  })

  it("serves an HTTP API's stage in both URL forms (no route: 404 Not Found) and refuses a WebSocket API's 501", async () => {
    const port = h.portico.address.port
    for (const [path, host] of [
      ['/_aws/execute-api/http000001/dev/pets', undefined],
      ['/dev/pets', 'http000001.execute-api.localhost'],
    ] as const) {
      const r = await send(port, { path, headers: host ? { host } : {} })
      assert.equal(r.status, 404, path)
      assert.equal(r.body, '{"message":"Not Found"}')
      assert.ok(r.headers['apigw-requestid'], path)
    }
    const ws = await send(port, { path: '/_aws/execute-api/ws00000001/production' })
    assert.equal(ws.status, 501)
    assert.deepEqual(ws.json(), { message: 'WebSocket APIs are not served by this version of Portico' })
    assert.equal(ws.headers['x-amzn-errortype'], 'NotImplementedException')
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
