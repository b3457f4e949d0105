/**
 * TestInvokeMethod runs the method injected (data/inject.ts): no listener of its own, no
 * loopback request. Observed through node:http's diagnostics channels: while one TestInvokeMethod
 * call is answered, the only HTTP request any server in this process sees is that call itself.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import diagnostics from 'node:diagnostics_channel'
import { TestInvokeMethodCommand } from '@aws-sdk/client-api-gateway'
import { seedApi, useTestPortico } from './stages-harness.ts'

const t = useTestPortico()

describe('TestInvokeMethod opens no socket', () => {
  it('the management request is the only HTTP request served while a method is test-invoked', async () => {
    const { apiId, petId } = await seedApi(t.portico)
    const served: string[] = []
    const onRequest = (message: unknown): void => void served.push(String((message as { request: { url?: string } }).request.url))
    diagnostics.subscribe('http.server.request.start', onRequest)
    try {
      const res = await t.client.send(new TestInvokeMethodCommand({ restApiId: apiId, resourceId: petId, httpMethod: 'GET', pathWithQueryString: '/pets/123' }))
      assert.equal(res.status, 200)
    } finally {
      diagnostics.unsubscribe('http.server.request.start', onRequest)
    }
    assert.deepEqual(served, [`/restapis/${apiId}/resources/${petId}/methods/GET`])
  })
})
