/**
 * The whole stack in one process, as `portico serve` runs it: a real SQLite store in a temp
 * directory, the OpenAPI importer, deployments, compiled plans, the listener, and a real
 * loopback backend for the HTTP and HTTP_PROXY integrations.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Portico } from '../../src/main.ts'
import { useHarness } from '../control/harness.ts'
import { serveFile } from '../support/serve-file.ts'
import { deployApi } from '../../src/control/deployments.ts'

let backend: Server
let backendPort: number
let portico: Portico
let base: string
let apiId: string

useHarness({}, {
  setup: async (h) => {
    portico = h.portico
    backend = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString()
        const url = new URL(req.url!, 'http://backend')
        const status = url.pathname.startsWith('/echo/fail') ? 404 : 200
        const body = JSON.stringify({
          method: req.method,
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          headers: req.headers,
          body: text ? safeJson(text) : null,
        })
        res.writeHead(status, { 'content-type': 'application/json', 'x-backend-id': 'b-1' })
        res.end(body)
      })
    })
    await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r))
    backendPort = (backend.address() as AddressInfo).port
    const served = await serveFile(portico, 'test/fixtures/e2e/shop.yaml', 'dev', { backend: `127.0.0.1:${backendPort}` })
    await portico.settled()
    apiId = served.apiId
    base = `${portico.url}/_aws/execute-api/${apiId}/dev`
    return () => {
      backend.closeAllConnections()
      return new Promise((r) => backend.close(r))
    }
  },
})

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

describe('gateway end to end', () => {
  it('MOCK answers from its response template, with stage variables', async () => {
    const res = await fetch(`${base}/health`)
    assert.equal(res.status, 200)
    assert.match(res.headers.get('content-type') ?? '', /application\/json/)
    assert.ok(res.headers.get('x-amzn-requestid'))
    assert.ok(res.headers.get('x-amz-apigw-id'))
    assert.deepEqual(await res.json(), { ok: true, backend: `127.0.0.1:${backendPort}` })
  })

  it('HTTP maps parameters, renders templates both ways and selects the integration response', async () => {
    const res = await fetch(`${base}/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tenant': 'acme' },
      body: JSON.stringify({ name: 'kettle', price: 25 }),
    })
    const text = await res.text()
    assert.equal(res.status, 201, text)
    assert.equal(res.headers.get('x-item-id'), 'b-1')
    assert.deepEqual(JSON.parse(text), { created: 'kettle', path: '/echo/acme', stageHeader: 'dev' })
  })

  it('the request validator rejects a missing header with AWS\'s message', async () => {
    const res = await fetch(`${base}/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"a","price":1}' })
    assert.equal(res.status, 400)
    assert.equal(res.headers.get('x-amzn-errortype'), 'BadRequestException')
    assert.deepEqual(await res.json(), { message: 'Missing required request parameters: [x-tenant]' })
  })

  it('the request validator rejects a body that does not match the model', async () => {
    const res = await fetch(`${base}/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tenant': 'acme' },
      body: JSON.stringify({ name: 'kettle', price: -1 }),
    })
    assert.equal(res.status, 400)
    assert.deepEqual(await res.json(), { message: 'Invalid request body' })
  })

  it('HTTP_PROXY passes method, greedy path, query, headers and body through', async () => {
    const res = await fetch(`${base}/store/a/b%20c?x=1&y=two`, { method: 'PUT', headers: { 'x-custom': 'yes', 'content-type': 'text/plain' }, body: 'hello' })
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('x-backend-id'), 'b-1')
    const seen = (await res.json()) as { method: string; path: string; query: Record<string, string>; headers: Record<string, string>; body: unknown }
    assert.equal(seen.method, 'PUT')
    assert.equal(seen.path, '/a/b%20c')
    assert.deepEqual(seen.query, { x: '1', y: 'two' })
    assert.equal(seen.headers['x-custom'], 'yes')
    assert.equal(seen.body, 'hello')
  })

  it('an unknown route renders the API\'s customised MISSING_AUTHENTICATION_TOKEN response', async () => {
    const res = await fetch(`${base}/nope`)
    assert.equal(res.status, 404)
    assert.equal(res.headers.get('x-shop'), 'custom')
    assert.equal(res.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException')
    assert.deepEqual(await res.json(), { error: 'no such route', type: 'MISSING_AUTHENTICATION_TOKEN' })
  })

  it('a verb the resource does not define is MISSING_AUTHENTICATION_TOKEN too', async () => {
    const res = await fetch(`${base}/health`, { method: 'DELETE' })
    assert.equal(res.status, 404)
    assert.equal(res.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException')
  })

  it('redeploying while requests are in flight fails none of them', async () => {
    let failures = 0
    let done = 0
    let stop = false
    const deadline = Date.now() + 5000
    const worker = async () => {
      while (!stop && Date.now() < deadline) {
        const res = await fetch(`${base}/health`).catch(() => undefined)
        if (!res || res.status !== 200) failures++
        await res?.arrayBuffer()
        done++
      }
    }
    const workers = Array.from({ length: 8 }, worker)
    let deploys = 0
    while ((deploys < 20 || done < 300) && Date.now() < deadline) {
      await deployApi(portico.store, apiId, { stageName: 'dev', description: `redeploy ${deploys++}` })
      await portico.settled()
      await new Promise((r) => setTimeout(r, 10))
    }
    stop = true
    await Promise.all(workers)
    assert.ok(deploys >= 20, `only ${deploys} redeploys ran`)
    // the point is overlap between requests and swaps, not throughput: CI machines may be loaded
    assert.ok(done >= 50, `only ${done} requests ran`)
    assert.equal(failures, 0)
  })
})
