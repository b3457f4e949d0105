import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { Agent, request } from 'node:http'
import { compilePlan } from '../../src/compile/compile.ts'
import { createUpstreamPools, type UpstreamPools } from '../../src/integrations/index.ts'
import type { Method } from '../../src/model/index.ts'
import { startBackend, type Backend } from '../integrations/harness.ts'
import { API_ID, apiDefinition, send, stage, start, useServed } from './fixtures.ts'

const PREFIX = `/_aws/execute-api/${API_ID}/prod`
const MB = 1024 * 1024

/** POSTs `megabytes` MB chunked; resolves with the status, or 0 when the connection was cut. */
function postChunked(port: number, path: string, megabytes: number, method = 'POST'): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { 'transfer-encoding': 'chunked' }, agent: false }, (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.on('error', (e) => (e.message.includes('EPIPE') || e.message.includes('ECONNRESET') ? resolve(0) : reject(e)))
    const chunk = Buffer.alloc(MB, 97)
    let sent = 0
    const pump = (): void => {
      while (sent < megabytes) {
        sent++
        if (!req.write(chunk)) return void req.once('drain', pump)
      }
      req.end()
    }
    pump()
  })
}

describe('HTTP_PROXY streams the request body to the backend', () => {
  let backend: Backend
  let upstream: UpstreamPools

  const running = useServed(async (own) => {
    upstream = own(createUpstreamPools({ connections: 4 }))
    backend = own(await startBackend())
    const proxy = (type: 'HTTP_PROXY', extra: Partial<Method['methodIntegration']> = {}): Partial<Method> => ({
      methodIntegration: { type, httpMethod: 'ANY', uri: `${backend.origin}/{proxy}`, timeoutInMillis: 29_000, requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' }, ...extra },
    })
    const api = apiDefinition({ '/proxy/{proxy+}': { ANY: proxy('HTTP_PROXY') } })
    const plan = compilePlan({ snapshot: api, deploymentId: 'dep1', stage: stage(), upstream })
    return [plan]
  })

  test('the method plan streams its body', () => {
    const match = running.registry.get(API_ID, 'prod')!.match('POST', '/proxy/x')
    assert.equal(match?.method.streamsBody, true)
  })

  test('a body with Content-Length reaches the backend whole, with its length', async () => {
    const body = 'x'.repeat(100_000)
    const r = await send(running.address.port, { method: 'POST', path: `${PREFIX}/proxy/upload`, headers: { 'content-type': 'text/plain' }, body })
    assert.equal(r.status, 200)
    assert.equal(backend.last().body, body)
    assert.equal(backend.last().headers['content-length'], String(body.length))
    assert.equal(backend.last().url, '/upload')
  })

  test('a chunked body under the limit reaches the backend whole', async () => {
    const status = await postChunked(running.address.port, `${PREFIX}/proxy/chunked`, 2)
    assert.equal(status, 200)
    assert.equal(backend.last().body.length, 2 * MB)
  })

  test('a chunked body growing past 10 MB aborts the backend call and answers 413', async () => {
    const before = backend.received.length
    const status = await postChunked(running.address.port, `${PREFIX}/proxy/huge`, 11)
    assert.equal(status, 413)
    // the backend never saw a complete request
    assert.equal(backend.received.length, before)
  })

  test('a bodiless verb still refuses a chunked body past 10 MB', async () => {
    const status = await postChunked(running.address.port, `${PREFIX}/proxy/huge`, 11, 'GET')
    assert.equal(status, 413)
  })

  test('a declared 11 MB body is refused with 413 before the backend is called', async () => {
    const before = backend.received.length
    const r = await send(running.address.port, { method: 'POST', path: `${PREFIX}/proxy/declared`, headers: { 'content-length': String(11 * MB) }, body: Buffer.alloc(1000) }).catch(() => undefined)
    if (r !== undefined) assert.equal(r.status, 413)
    assert.equal(backend.received.length, before)
  })

  test('a backend that answers without reading the body: the client connection serves the next request', async () => {
    const early = await startBackend((_req, res) => {
      res.writeHead(401, { 'Content-Type': 'application/json' })
      res.end('{"message":"no"}')
    })
    const api = apiDefinition({
      '/early/{proxy+}': {
        ANY: { methodIntegration: { type: 'HTTP_PROXY', httpMethod: 'ANY', uri: `${early.origin}/{proxy}`, timeoutInMillis: 29_000, requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' } } },
      },
    })
    const own = await start([compilePlan({ snapshot: api, deploymentId: 'dep1', stage: stage(), upstream })])
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    try {
      const first = await send(own.address.port, { method: 'POST', path: `${PREFIX}/early/x`, body: Buffer.alloc(3 * MB, 98), agent })
      assert.equal(first.status, 401)
      const second = await send(own.address.port, { method: 'POST', path: `${PREFIX}/early/y`, body: 'small', agent })
      assert.equal(second.status, 401)
    } finally {
      agent.destroy()
      await own.close()
      await early.close()
    }
  })

  test('a method that answers before the integration leaves the body unread, and the connection serves the next request', async () => {
    const api = apiDefinition(
      {
        '/checked/{proxy+}': {
          ANY: {
            requestValidatorId: 'v1',
            requestParameters: { 'method.request.header.x-required': true },
            methodIntegration: { type: 'HTTP_PROXY', httpMethod: 'ANY', uri: `${backend.origin}/{proxy}`, timeoutInMillis: 29_000, requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' } },
          },
        },
      },
      { requestValidators: [{ id: 'v1', validateRequestBody: false, validateRequestParameters: true }] },
    )
    const own = await start([compilePlan({ snapshot: api, deploymentId: 'dep1', stage: stage(), upstream })])
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    try {
      assert.equal(own.registry.get(API_ID, 'prod')!.match('POST', '/checked/x')?.method.streamsBody, true)
      const refused = await send(own.address.port, { method: 'POST', path: `${PREFIX}/checked/x`, body: Buffer.alloc(2 * MB, 99), agent })
      assert.equal(refused.status, 400)
      const started = Date.now()
      const next = await send(own.address.port, { method: 'POST', path: `${PREFIX}/checked/y`, headers: { 'x-required': '1' }, body: 'ok', agent })
      assert.equal(next.status, 200)
      assert.equal(backend.last().body, 'ok')
      assert.ok(Date.now() - started < 5_000)
    } finally {
      agent.destroy()
      await own.close()
    }
  })

  test('the server keeps serving after refusals', async () => {
    const r = await send(running.address.port, { path: `${PREFIX}/proxy/after` })
    assert.equal(r.status, 200)
    assert.equal(backend.last().url, '/after')
  })
})
