import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { apiDefinition, send } from '../data/fixtures.ts'
import { startObserved, type Observed } from './observe-fixtures.ts'

const API_KEY = 'k3yV4lu3-abcdefghijklmnopqrstuvwx'
const BEARER = 'Bearer eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXRva2Vu.sig'
const COOKIE = 'session=s3cr3t-cookie-value; theme=dark'
const SET_COOKIE = 'upstream-session=up-s3cr3t; HttpOnly'

/** Execution logs of an HTTP_PROXY method to a local backend: AWS's lines, levels, data trace, and no secrets. */
describe('execution logs', () => {
  let backend: Server
  let backendUrl: string

  before(async () => {
    backend = createServer((req, res) => {
      const status = Number(req.headers['x-status'] ?? 200)
      res.writeHead(status, { 'Content-Type': 'application/json', 'Set-Cookie': SET_COOKIE })
      res.end(JSON.stringify({ backend: 'hello' }))
    })
    await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r))
    backendUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}/echo`
  })
  after(() => backend.close())

  async function run(setting: Record<string, unknown>, statuses: number[]): Promise<{ o: Observed; entries: Array<Record<string, string>> }> {
    const api = apiDefinition({ '/echo': { GET: { methodIntegration: { type: 'HTTP_PROXY', httpMethod: 'GET', uri: backendUrl, timeoutInMillis: 29_000 } } } })
    const o = await startObserved(api, { methodSettings: { '*/*': setting as never } }, {}, { real: true })
    for (const status of statuses) {
      const reply = await send(o.running.address.port, {
        path: '/_aws/execute-api/a1b2c3d4e5/prod/echo?q=1',
        headers: { 'x-api-key': API_KEY, Authorization: BEARER, Cookie: COOKIE, 'x-status': String(status) },
      })
      assert.equal(reply.status, status)
    }
    await o.observer.flush()
    const file = join(o.dir, 'logs', 'API-Gateway-Execution-Logs_a1b2c3d4e5', 'prod.log')
    const entries = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>)
    return { o, entries }
  }

  it('INFO with data trace writes AWS lines as JSON, with secrets redacted everywhere', async () => {
    const { o, entries } = await run({ loggingLevel: 'INFO', dataTraceEnabled: true }, [200])
    try {
      const messages = entries.map((e) => e.message!)
      for (const expected of ['Starting execution for request:', 'HTTP Method: GET, Resource Path: /echo', 'Method request headers:', 'Method request body before transformations:', 'Endpoint request URI:', 'Endpoint response headers:', 'Received response. Status: 200']) {
        assert.ok(messages.some((m) => m.startsWith(expected)), `missing line "${expected}"`)
      }
      assert.ok(entries.every((e) => e.apiId === 'a1b2c3d4e5' && e.stage === 'prod' && e.resourcePath === '/echo' && e.httpMethod === 'GET' && e.level === 'INFO'))
      assert.ok(entries.every((e) => e.requestId === entries[0]!.requestId && /^\d{4}-\d\d-\d\dT/.test(e.time!)))
      const text = readFileSync(join(o.dir, 'logs', 'API-Gateway-Execution-Logs_a1b2c3d4e5', 'prod.log'), 'utf8')
      for (const secret of [API_KEY, BEARER, 'eyJhbGciOiJIUzI1NiJ9', 's3cr3t-cookie-value', 'up-s3cr3t']) assert.ok(!text.includes(secret), `log contains ${secret}`)
      const headersLine = messages.find((m) => m.startsWith('Method request headers:'))!
      assert.match(headersLine, /x-api-key=\*\*\*\*/)
      assert.match(headersLine, /Authorization=\*\*\*\*/)
      assert.match(headersLine, /Cookie=\*\*\*\*/)
      assert.match(messages.find((m) => m.startsWith('Endpoint response headers:'))!, /Set-Cookie=\*\*\*\*/)
    } finally {
      await o.close()
    }
  })

  it('INFO without data trace leaves out headers and bodies', async () => {
    const { o, entries } = await run({ loggingLevel: 'INFO', dataTraceEnabled: false }, [200])
    try {
      const messages = entries.map((e) => e.message!)
      assert.ok(messages.some((m) => m.startsWith('Received response. Status: 200')))
      assert.ok(!messages.some((m) => /headers:|body (before|after) transformations:/.test(m)), messages.join('\n'))
    } finally {
      await o.close()
    }
  })

  it('ERROR logs only the failed requests', async () => {
    const { o, entries } = await run({ loggingLevel: 'ERROR', dataTraceEnabled: false }, [200, 502, 200])
    try {
      assert.equal(new Set(entries.map((e) => e.requestId)).size, 1)
      assert.ok(entries.some((e) => e.message === 'Method completed with status: 502'))
    } finally {
      await o.close()
    }
  })
})
