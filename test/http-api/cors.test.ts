/**
 * CORS from an HTTP API's corsConfiguration, with requests as a browser sends them: the
 * preflight answered by the gateway (no OPTIONS route needed, no integration called), the
 * configured headers on actual responses replacing the backend's, errors included, an origin
 * that is not allowed left without CORS headers, and an explicit OPTIONS route winning.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { FunctionInvoker } from '../../src/functions/index.ts'
import { createUpstreamPools, type UpstreamPools } from '../../src/integrations/index.ts'
import { send, start, useServed } from '../data/fixtures.ts'
import { handlerRuntime, httpApi, httpPlan, httpProxy, lambda, startBackend, type Backend, type HttpApiGateway } from './harness.ts'

let invoker: FunctionInvoker
let upstream: UpstreamPools
let backend: Backend
let wildcard: HttpApiGateway

const ORIGIN = 'https://app.example.com'
const cors = {
  allowOrigins: [ORIGIN],
  allowMethods: ['GET', 'POST', 'DELETE'],
  allowHeaders: ['authorization', 'content-type'],
  exposeHeaders: ['x-backend', 'date'],
  maxAge: 300,
  allowCredentials: true,
}

const gw = useServed(async (own) => {
  invoker = own(handlerRuntime())
  upstream = own(createUpstreamPools({ connections: 2 }))
  backend = own(await startBackend())
  const api = httpApi(
    {
      'ANY /{proxy+}': httpProxy(backend.url),
      'GET /lambda': lambda('withCors'),
      'OPTIONS /custom': lambda('plain'),
    },
    { cors },
  )
  return [httpPlan(api, '$default', { upstream, invoker })]
}, {}, async () => {
  wildcard = await start([httpPlan(httpApi({ 'GET /x': lambda('plain') }, { apiId: 'wildcard01', cors: { allowOrigins: ['*'], allowMethods: ['*'], allowHeaders: ['*'] } }), '$default', { upstream, invoker })])
  return () => wildcard.close()
})

function request(method: string, path: string, headers: Record<string, string>, g = gw) {
  return send(g.address.port, { method, path, headers: { host: g.host, ...headers } })
}

describe('CORS preflight', () => {
  it('is answered by the gateway with the configuration, without calling the backend', async () => {
    backend.received.length = 0
    const r = await request('OPTIONS', '/pets/1', { origin: ORIGIN, 'access-control-request-method': 'DELETE', 'access-control-request-headers': 'authorization' })
    assert.equal(r.status, 204)
    assert.equal(r.body, '')
    assert.equal(r.headers['access-control-allow-origin'], ORIGIN)
    assert.equal(r.headers['access-control-allow-methods'], 'GET,POST,DELETE')
    assert.equal(r.headers['access-control-allow-headers'], 'authorization,content-type')
    assert.equal(r.headers['access-control-max-age'], '300')
    assert.equal(r.headers['access-control-allow-credentials'], 'true')
    assert.ok(r.headers['apigw-requestid'])
    assert.equal(backend.received.length, 0)
  })

  it('gives an origin that is not allowed no CORS headers', async () => {
    const r = await request('OPTIONS', '/pets/1', { origin: 'https://evil.example', 'access-control-request-method': 'GET' })
    assert.equal(r.status, 204)
    assert.equal(r.headers['access-control-allow-origin'], undefined)
  })

  it('goes to an explicit OPTIONS route, and a bare OPTIONS (not a preflight) to the route that matches', async () => {
    let r = await request('OPTIONS', '/custom', { origin: ORIGIN, 'access-control-request-method': 'GET' })
    assert.equal(r.status, 202)
    assert.equal(r.body, 'accepted')
    backend.received.length = 0
    r = await request('OPTIONS', '/pets', {})
    assert.equal(r.status, 200)
    assert.equal(backend.received[0]?.method, 'OPTIONS')
  })

  it('with * everywhere allows any origin', async () => {
    const r = await request('OPTIONS', '/x', { origin: 'https://any.example', 'access-control-request-method': 'PUT' }, wildcard)
    assert.equal(r.status, 204)
    assert.equal(r.headers['access-control-allow-origin'], '*')
    assert.equal(r.headers['access-control-allow-methods'], '*')
    assert.equal(r.headers['access-control-allow-credentials'], undefined)
  })
})

describe('CORS on actual responses', () => {
  it('replaces the backend’s CORS headers with the configured ones (HTTP_PROXY and Lambda)', async () => {
    for (const path of ['/pets/1', '/lambda']) {
      const r = await request('GET', path, { origin: ORIGIN })
      assert.equal(r.status, 200, path)
      assert.equal(r.headers['access-control-allow-origin'], ORIGIN, path)
      assert.equal(r.headers['access-control-allow-credentials'], 'true', path)
      assert.equal(r.headers['access-control-expose-headers'], 'x-backend,date', path)
    }
    assert.equal((await request('GET', '/lambda', { origin: ORIGIN })).headers['x-kept'], 'yes')
  })

  it('drops the backend’s CORS headers for an origin that is not allowed', async () => {
    const r = await request('GET', '/pets/1', { origin: 'https://evil.example' })
    assert.equal(r.status, 200)
    assert.equal(r.headers['access-control-allow-origin'], undefined)
  })

  it('adds them to the gateway’s own errors', async () => {
    const r = await request('GET', '/', { origin: ORIGIN })
    assert.equal(r.status, 404)
    assert.equal(r.headers['access-control-allow-origin'], ORIGIN)
  })
})
