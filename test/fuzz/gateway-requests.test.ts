/**
 * Hostile requests (test/fuzz/hostile-requests.ts) against Portico: many through `inject()` of
 * an embedded gateway (no socket, so the long mode reaches a million), and some over real sockets
 * to a `portico serve` process. Whatever arrives, every request is answered with an HTTP status
 * and a request id, the process stays up and keeps serving, and the backend never receives a
 * path outside the one its integration names.
 */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, request, type Server } from 'node:http'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import fc from 'fast-check'
import { createGateway } from '../../src/index.ts'
import { porticoServe } from '../support/cli.ts'
import { assertAnswered, escapedPaths, hostileRequest, type HostileRequest } from './hostile-requests.ts'
import { counted, fuzzParameters } from './runs.ts'
import { closeServer } from '../support/close-server.ts'

const API = 'test/fixtures/fuzz/gateway.yaml'
const received: string[] = []
let backend: Server
let backendHost: string

before(async () => {
  backend = createServer((req, res) => {
    received.push(req.url ?? '')
    req.resume()
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"ok":true}')
    })
  })
  await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r))
  backendHost = `127.0.0.1:${(backend.address() as AddressInfo).port}`
})

after(async () => {
  await closeServer(backend)
})

const stillServing: HostileRequest = { method: 'POST', target: '/items', headers: { 'content-type': 'application/json' }, body: Buffer.from('{"name":"still-serving"}') }
const stillProxying: HostileRequest = { method: 'GET', target: '/item/still-proxying', headers: {}, body: undefined }

/** Afterwards the gateway still answers, and still calls the backend at the path its integration names. */
async function assertStillServing(send: (r: HostileRequest) => Promise<{ status: number }>): Promise<void> {
  assert.equal((await send(stillServing)).status, 200)
  assert.equal((await send(stillProxying)).status, 200)
  assert.ok(received.includes('/items/still-proxying/detail'), `the backend got ${JSON.stringify(received.slice(-3))}`)
  assert.deepEqual(escapedPaths(received), [], 'backend paths outside the integration URI')
}

describe('fuzz: hostile requests', () => {
  test('through inject(): every request is answered; no path escapes its integration', async () => {
    const gateway = await createGateway({ requestHistory: 0 })
    try {
      const api = await gateway.importOpenApi(readFileSync(API, 'utf8'), { stage: 'dev', variables: { backend: backendHost } })
      const inject = async (r: HostileRequest) => {
        const answer = await gateway.inject({ method: r.method, path: api.basePath + r.target, headers: r.headers, ...(r.body && { body: r.body }) })
        return { status: answer.statusCode, requestId: answer.headers['x-amzn-requestid'] }
      }
      received.length = 0
      await fc.assert(
        fc.asyncProperty(
          hostileRequest,
          counted(async (r: HostileRequest) => {
            const answer = await inject(r)
            assertAnswered(r, answer.status, answer.requestId)
          }),
        ),
        fuzzParameters(300),
      )
      await assertStillServing(inject)
    } finally {
      await gateway.close()
    }
  })

  test('over sockets to portico serve: every request is answered; the process stays up', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-fuzz-'))
    const portico = await porticoServe([API, '--port', '0', '--data-dir', dir, '--variable', `backend=${backendHost}`])
    try {
      const apiId = /\/_aws\/execute-api\/([a-z0-9]+)\/dev/.exec(portico.stdout)?.[1]
      assert.ok(apiId, `no invoke URL in:\n${portico.stdout}`)
      const base = new URL(`${portico.url}/_aws/execute-api/${apiId}/dev`)
      received.length = 0
      await fc.assert(
        fc.asyncProperty(hostileRequest, async (r) => {
          const answer = await send(base, r)
          assertAnswered(r, answer.status, answer.requestId)
        }),
        fuzzParameters(150, 'PORTICO_FUZZ_HTTP_RUNS'),
      )
      assert.equal(portico.child.exitCode, null, 'the gateway process exited')
      await assertStillServing((r) => send(base, r))
    } finally {
      await portico.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

/** One request with a raw path (sent as is), answered or failed within 30 s. */
function send(base: URL, r: HostileRequest): Promise<{ status: number; requestId: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: base.hostname, port: base.port, method: r.method, path: base.pathname + r.target, headers: r.headers, timeout: 30_000 }, (res) => {
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode ?? 0, requestId: res.headers['x-amzn-requestid'] }))
      res.on('error', reject)
    })
    req.on('timeout', () => req.destroy(new Error(`no answer in 30 s to ${r.method} ${r.target}`)))
    req.on('error', reject)
    req.end(r.body)
  })
}
