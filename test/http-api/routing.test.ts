/**
 * HTTP API routing over real sockets: AWS's precedence example (http-api-develop-routes.md),
 * `ANY`, `{param}`, greedy `{proxy+}`, the `$default` route, named stages beside `$default`,
 * 404 `{"message":"Not Found"}` and `apigw-requestid` on every answer.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { compileHttpApiPlan } from '../../src/compile/http-api-plan.ts'
import type { FunctionInvoker } from '../../src/functions/index.ts'
import { createUpstreamPools, type UpstreamPools } from '../../src/integrations/index.ts'
import { send, start, useServed } from '../data/fixtures.ts'
import { handlerRuntime, httpApi, httpPlan, lambda, type HttpApiGateway } from './harness.ts'

let invoker: FunctionInvoker
let upstream: UpstreamPools
let noDefault: HttpApiGateway

const gw = useServed(async (own) => {
  invoker = own(handlerRuntime())
  upstream = own(createUpstreamPools({ connections: 2 }))
  const echo = lambda('echo')
  // AWS's example, in an order that is not the precedence order
  const aws = httpApi({ $default: echo, 'ANY /{proxy+}': echo, 'GET /pets/{proxy+}': echo, 'GET /pets/dog/{id}': echo, 'GET /pets/dog/1': echo, 'POST /orders/{orderId}/items/{itemId}': echo, 'ANY /cats': echo, 'DELETE /cats': echo })
  return [httpPlan(aws, '$default', { upstream, invoker }), httpPlan(aws, 'beta', { upstream, invoker })]
}, {}, async () => {
  noDefault = await start([httpPlan(httpApi({ 'GET /only': lambda('echo') }, { apiId: 'nodefault1' }), 'prod', { upstream, invoker })])
  return () => noDefault.close()
})

async function routed(method: string, path: string, g = gw) {
  const r = await send(g.address.port, { method, path, headers: { host: g.host } })
  return { r, event: r.status === 200 ? r.json() : undefined }
}

describe('route precedence', () => {
  it('follows AWS’s example: full match, then greedy with the method, then $default', async () => {
    for (const [method, path, routeKey, params] of [
      ['GET', '/pets/dog/1', 'GET /pets/dog/1', undefined],
      ['GET', '/pets/dog/2', 'GET /pets/dog/{id}', { id: '2' }],
      ['GET', '/pets/cat/1', 'GET /pets/{proxy+}', { proxy: 'cat/1' }],
      ['POST', '/test/5', 'ANY /{proxy+}', { proxy: 'test/5' }],
      ['POST', '/pets/dog/1', 'ANY /{proxy+}', { proxy: 'pets/dog/1' }],
      ['POST', '/orders/o1/items/i%2F2', 'POST /orders/{orderId}/items/{itemId}', { orderId: 'o1', itemId: 'i/2' }],
      ['DELETE', '/cats', 'DELETE /cats', undefined],
      ['PATCH', '/cats', 'ANY /cats', undefined],
      ['GET', '/', '$default', undefined],
    ] as const) {
      const { r, event } = await routed(method, path)
      assert.equal(r.status, 200, `${method} ${path}`)
      assert.equal(event.routeKey, routeKey, `${method} ${path}`)
      assert.deepEqual(event.pathParameters, params, `${method} ${path}`)
      assert.equal(r.headers['apigw-requestid'], event.requestContext.requestId)
    }
  })

  it('routes a named stage’s path without its prefix, and the same path on $default whole', async () => {
    let { event } = await routed('GET', '/beta/pets/dog/1')
    assert.deepEqual([event.routeKey, event.requestContext.stage, event.rawPath], ['GET /pets/dog/1', 'beta', '/beta/pets/dog/1'])
    ;({ event } = await routed('GET', '/gamma/pets/dog/1'))
    assert.deepEqual([event.routeKey, event.requestContext.stage, event.rawPath], ['ANY /{proxy+}', '$default', '/gamma/pets/dog/1'])
  })
})

describe('no route', () => {
  it('answers 404 {"message":"Not Found"} with apigw-requestid', async () => {
    for (const [method, path] of [
      ['GET', '/prod/other'],
      ['POST', '/prod/only'],
      ['GET', '/prod'],
    ] as const) {
      const r = await send(noDefault.address.port, { method, path, headers: { host: noDefault.host } })
      assert.equal(r.status, 404, `${method} ${path}`)
      assert.equal(r.body, '{"message":"Not Found"}')
      assert.equal(r.headers['content-type'], 'application/json')
      assert.match(String(r.headers['apigw-requestid']), /\S+/)
    }
  })

  it('refuses a body over 10 MB with 413, reading none of it', async () => {
    const r = await send(gw.address.port, { method: 'POST', path: '/upload', headers: { host: gw.host, 'content-length': String(10 * 1024 * 1024 + 1) }, body: Buffer.alloc(10) })
    assert.equal(r.status, 413)
    assert.equal(r.body, '{"message":"Request Entity Too Large"}')
    assert.ok(r.headers['apigw-requestid'])
  })

  it('refuses a malformed route key when compiling', () => {
    for (const routeKey of ['GET/pets', 'FETCH /pets', 'GET pets', 'GET /a/{proxy+}/b']) {
      assert.throws(() => compileHttpApiPlan({ snapshot: httpApi({ [routeKey]: lambda('echo') }), stage: { stageName: 'prod', stageVariables: {} }, deploymentId: 'd1', upstream }), /route key|greedy/i, routeKey)
    }
  })
})
