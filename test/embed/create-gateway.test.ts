/**
 * The embeddable gateway (src/index.ts): a MOCK API imported through the management API and
 * answered by inject() with nothing listening, then by a real socket after listen(); reset()
 * empties it; the request history records each stage's last requests, bounded.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createGateway, ManagementError, type Gateway } from '../../src/index.ts'
import { mockApi } from './mock-api.ts'

describe('createGateway', () => {
  let gateway: Gateway
  let backend: Server
  let backendUrl: string

  before(async () => {
    backend = createServer((_req, res) => {
      res.writeHead(418, { 'content-type': 'text/plain' })
      res.end('short and stout')
    })
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve))
    backendUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`
    gateway = await createGateway({ requestHistory: 3 })
  })
  after(async () => {
    await gateway.close()
    await new Promise((resolve) => backend.close(resolve))
  })

  it('imports and deploys an OpenAPI document, and answers inject() with nothing listening', async () => {
    const api = await gateway.importOpenApi(mockApi(), { stage: 'test' })
    assert.equal(api.stage, 'test')
    assert.equal(api.basePath, `/_aws/execute-api/${api.apiId}/test`)
    assert.equal(api.invokeUrl, undefined)
    assert.equal(gateway.url, undefined)

    const list = await gateway.inject({ path: `${api.basePath}/pets` })
    assert.equal(list.statusCode, 200)
    assert.deepEqual(list.json(), [{ id: 1, type: 'dog' }])
    const one = await gateway.inject({ path: `${api.basePath}/pets/7` })
    assert.deepEqual(one.json(), { id: '7' })
    // the host-style form, as on AWS
    const hosted = await gateway.inject({ path: '/test/pets', headers: { host: `${api.apiId}.execute-api.localhost` } })
    assert.equal(hosted.statusCode, 200)
  })

  it('refuses an invalid document with the management API\'s error, leaving no API behind', async () => {
    await assert.rejects(gateway.importOpenApi('openapi: 3.0.1\npaths: 42\n', { stage: 'test' }), (error: unknown) => {
      assert.ok(error instanceof ManagementError)
      assert.equal(error.status, 400)
      return true
    })
  })

  it('listen() opens the data plane on a free loopback port', async () => {
    const url = await gateway.listen()
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/)
    assert.equal(gateway.url, url)
    const api = await gateway.importOpenApi(mockApi(backendUrl), { stage: 'live' })
    assert.equal(api.invokeUrl, `${url}${api.basePath}`)
    const response = await fetch(`${api.invokeUrl}/pets/3`)
    assert.equal(response.status, 200)
    assert.deepEqual(await response.json(), { id: '3' })
    await assert.rejects(gateway.listen(), /already listens/)
  })

  it('records each stage\'s last requests, newest first, at most requestHistory of them', async () => {
    await gateway.reset()
    const api = await gateway.importOpenApi(mockApi(backendUrl), { stage: 'hist' })
    const other = await gateway.importOpenApi(mockApi(), { stage: 'other' })
    for (const petId of ['1', '2', '3', '4']) assert.equal((await gateway.inject({ path: `${api.basePath}/pets/${petId}` })).statusCode, 200)
    const upstream = await gateway.inject({ path: `${api.basePath}/upstream` })
    assert.equal(upstream.statusCode, 418)
    await gateway.inject({ path: `${other.basePath}/nowhere`, method: 'POST' })

    const mine = gateway.requests({ apiId: api.apiId })
    assert.equal(mine.length, 3, 'bounded per stage')
    assert.deepEqual(
      mine.map((r) => [r.method, r.path, r.resourcePath, r.status, r.integrationStatus]),
      [
        ['GET', '/upstream', '/upstream', 418, 418],
        ['GET', '/pets/4', '/pets/{petId}', 200, 200],
        ['GET', '/pets/3', '/pets/{petId}', 200, 200],
      ],
    )
    assert.equal(mine[0]!.requestId, upstream.headers['x-amzn-requestid'])
    assert.equal(mine[0]!.stage, 'hist')
    assert.ok(mine[0]!.latencyMs >= 0)
    assert.ok(!Number.isNaN(Date.parse(mine[0]!.time)))

    const unmatched = gateway.requests({ stage: 'other' })
    assert.equal(unmatched.length, 1)
    assert.equal(unmatched[0]!.resourcePath, null)
    assert.equal(unmatched[0]!.integrationStatus, null)
    assert.equal(unmatched[0]!.method, 'POST')
    assert.equal(gateway.requests().length, 4)
  })

  it('reset() empties APIs and the history, and the stage stops answering', async () => {
    const api = await gateway.importOpenApi(mockApi(), { stage: 'gone' })
    assert.equal((await gateway.inject({ path: `${api.basePath}/pets` })).statusCode, 200)
    await gateway.reset()
    const after = await gateway.inject({ path: `${api.basePath}/pets` })
    assert.notEqual(after.statusCode, 200)
    assert.deepEqual(gateway.requests(), [])
    // and it serves again what is imported next
    const again = await gateway.importOpenApi(mockApi(), { stage: 'gone' })
    assert.equal((await gateway.inject({ path: `${again.basePath}/pets` })).statusCode, 200)
  })
})

describe('createGateway data directories', () => {
  it('removes the temporary data directory it made on close(), and keeps one it was given', async () => {
    const given = mkdtempSync(join(tmpdir(), 'portico-embed-'))
    try {
      const kept = await createGateway({ dataDir: given })
      assert.equal(kept.dataDir, given)
      await kept.close()
      assert.ok(existsSync(join(given, 'portico.db')))

      const temporary = await createGateway({ requestHistory: 0 })
      const api = await temporary.importOpenApi(mockApi(), { stage: 's' })
      await temporary.inject({ path: `${api.basePath}/pets` })
      assert.deepEqual(temporary.requests(), [], 'requestHistory 0 records nothing')
      assert.ok(existsSync(join(temporary.dataDir, 'portico.db')))
      await temporary.close()
      assert.equal(existsSync(temporary.dataDir), false, 'its own temporary directory is gone')
    } finally {
      rmSync(given, { recursive: true, force: true })
    }
  })
})
