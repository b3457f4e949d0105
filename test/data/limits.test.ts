import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { request } from 'node:http'
import { connect } from 'node:net'
import { API_ID, apiDefinition, plan, rawExchange, send, useServed } from './fixtures.ts'

const PREFIX = `/_aws/execute-api/${API_ID}/prod`

describe('limits and hostile input', () => {
  const running = useServed(() => [plan(apiDefinition({ '/pets': ['GET', 'POST'], '/pets/{id}': ['GET'], '/admin': ['GET'], '/files/{proxy+}': ['GET'] }))], {
    limits: { headersTimeoutMs: 300, requestTimeoutMs: 600, connectionsCheckingIntervalMs: 50, keepAliveTimeoutMs: 200 },
  })

  const port = () => running.address.port

  test('a declared 11 MB body is refused with 413 before it is read', async () => {
    const head = `POST ${PREFIX}/pets HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${11 * 1024 * 1024}\r\n\r\n`
    const reply = await rawExchange(port(), head + 'x'.repeat(1000))
    assert.match(reply, /^HTTP\/1\.1 413 /)
    assert.match(reply, /x-amzn-ErrorType: RequestTooLargeException/i)
    assert.match(reply, /Connection: close/i)
    assert.match(reply, /x-amzn-RequestId: /i)
    assert.ok(reply.endsWith('{"message":"Request Too Long"}'))
  })

  test('Expect: 100-continue with an oversized Content-Length gets 413 without 100 Continue', async () => {
    const head = `POST ${PREFIX}/pets HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: ${11 * 1024 * 1024}\r\n\r\n`
    const reply = await rawExchange(port(), head)
    assert.match(reply, /^HTTP\/1\.1 413 /)
    const small = await rawExchange(port(), `POST ${PREFIX}/pets HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nConnection: close\r\nContent-Length: 2\r\n\r\nab`)
    assert.match(small, /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 /)
  })

  test('a chunked body growing past 10 MB is refused with 413', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: port(), method: 'POST', path: `${PREFIX}/pets`, headers: { 'transfer-encoding': 'chunked' }, agent: false }, (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      req.on('error', (e) => (e.message.includes('EPIPE') || e.message.includes('ECONNRESET') ? undefined : reject(e)))
      const mb = Buffer.alloc(1024 * 1024, 97)
      let sent = 0
      const pump = (): void => {
        while (sent < 11) {
          sent++
          if (!req.write(mb)) return void req.once('drain', pump)
        }
        req.end()
      }
      pump()
    })
    assert.equal(status, 413)
  })

  test('a body under the limit is read whole', async () => {
    const body = Buffer.alloc(2 * 1024 * 1024, 98)
    const r = await send(port(), { method: 'POST', path: `${PREFIX}/pets`, body })
    assert.equal(r.status, 200)
    assert.equal(r.json().bodyLength, body.length)
  })

  test('header values over 10,240 bytes in total → 431', async () => {
    const headers: Record<string, string> = {}
    for (let i = 0; i < 11; i++) headers[`x-h${i}`] = 'v'.repeat(1000)
    const r = await send(port(), { path: `${PREFIX}/pets`, headers })
    assert.equal(r.status, 431)
    assert.deepEqual(r.json(), { message: 'Request Header Fields Too Large' })
    assert.ok(r.headers['x-amzn-requestid'])
    const ok = await send(port(), { path: `${PREFIX}/pets`, headers: { 'x-a': 'v'.repeat(10_000) } })
    assert.equal(ok.status, 200)
  })

  test('headers past the parser cap → 431 on the raw socket', async () => {
    const reply = await rawExchange(port(), `GET ${PREFIX}/pets HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(40_000)}\r\n\r\n`)
    assert.match(reply, /^HTTP\/1\.1 431 /)
    assert.match(reply, /x-amzn-ErrorType: RequestHeaderFieldsTooLargeException/)
  })

  test('a URL over 10,240 characters → 414', async () => {
    const r = await send(port(), { path: `${PREFIX}/pets?q=${'a'.repeat(10_300)}` })
    assert.equal(r.status, 414)
    assert.equal(r.headers['x-amzn-errortype'], 'RequestUriTooLongException')
  })

  test('a client that never finishes its headers is answered 408 and disconnected', async () => {
    const t0 = Date.now()
    const reply = await rawExchange(port(), `GET ${PREFIX}/pets HTTP/1.1\r\nHost: x\r\n`, { timeoutMs: 4_000 })
    assert.match(reply, /^HTTP\/1\.1 408 /)
    assert.ok(Date.now() - t0 < 3_000, `took ${Date.now() - t0} ms`)
  })

  test('a client that stalls mid-body is disconnected', async () => {
    const t0 = Date.now()
    await new Promise<void>((resolve) => {
      const socket = connect(port(), '127.0.0.1', () => socket.write(`POST ${PREFIX}/pets HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789`))
      socket.on('data', () => {})
      socket.on('error', () => {})
      socket.on('close', () => resolve())
    })
    assert.ok(Date.now() - t0 < 3_000, `took ${Date.now() - t0} ms`)
  })

  test('an idle keep-alive connection is closed', async () => {
    const t0 = Date.now()
    const reply = await rawExchange(port(), `GET ${PREFIX}/pets HTTP/1.1\r\nHost: x\r\n\r\n`, { timeoutMs: 4_000 })
    assert.match(reply, /^HTTP\/1\.1 200 /)
    assert.ok(Date.now() - t0 < 3_000)
  })

  const malformed: Array<[string, string]> = [
    ['garbage request line', 'GARBAGE\r\n\r\n'],
    ['bad HTTP version', `GET ${PREFIX}/pets HTTP/9.9\r\nHost: x\r\n\r\n`],
    ['space in header name', `GET ${PREFIX}/pets HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n`],
    ['bad content-length', `POST ${PREFIX}/pets HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n`],
    ['two content-lengths', `POST ${PREFIX}/pets HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab`],
    ['control character in URL', `GET ${PREFIX}/pe\x01ts HTTP/1.1\r\nHost: x\r\n\r\n`],
  ]
  for (const [name, raw] of malformed) {
    test(`malformed HTTP (${name}) → 400 and the connection closes`, async () => {
      const reply = await rawExchange(port(), raw)
      assert.match(reply, /^HTTP\/1\.1 400 /)
      assert.match(reply, /Connection: close/)
      assert.match(reply, /x-amzn-RequestId: /)
      assert.ok(reply.endsWith('{"message":"Bad Request"}'))
    })
  }

  const traversal: Array<[string, string]> = [
    ['dot-dot after the stage', `${PREFIX}/pets/../admin`],
    ['encoded dot-dot', `${PREFIX}/pets/%2e%2e/admin`],
    ['mixed-case encoded dot-dot', `${PREFIX}/pets/%2E%2e/admin`],
    ['single dot', `${PREFIX}/./admin`],
    ['dot-dot out of the stage', `${PREFIX}/../prod/admin`],
    ['double slash inside', `${PREFIX}/pets//admin`],
    ['greedy with dot-dot', `${PREFIX}/files/a/../../admin`],
  ]
  for (const [name, path] of traversal) {
    test(`traversal (${name}) never reaches another route`, async () => {
      const r = await send(port(), { path })
      assert.equal(r.status, 403, r.body)
      assert.deepEqual(r.json(), { message: 'Missing Authentication Token' })
    })
  }

  test('leading slashes after the stage collapse, as AWS routes them (AWS-recorded: invocation-payload-with-prepended-slash)', async () => {
    const r = await send(port(), { path: `${PREFIX}//admin` })
    assert.equal(r.status, 200, r.body)
    assert.equal(r.json().resourcePath, '/admin')
  })

  test('traversal in the stage or API segment never escapes the stage', async () => {
    for (const path of [`/_aws/execute-api/${API_ID}/../${API_ID}/prod/admin`, `/_aws/execute-api/${API_ID}/%2e%2e/prod/admin`, `/_aws/execute-api/../execute-api/${API_ID}/prod/admin`]) {
      const r = await send(port(), { path })
      assert.ok(r.status === 403 || r.status === 404, `${path}: ${r.status}`)
    }
  })

  test('an encoded slash stays inside its parameter', async () => {
    const r = await send(port(), { path: `${PREFIX}/pets/..%2Fadmin` })
    assert.equal(r.status, 200)
    assert.deepEqual(r.json().pathParameters, { id: '../admin' })
    assert.equal(r.json().resourcePath, '/pets/{id}')
  })

  test('odd encodings are answered without crashing', async () => {
    const cases = [`${PREFIX}/pets/%FF%FE`, `${PREFIX}/pets/%ZZ`, `${PREFIX}/pets?q=%E0%A4%A`, `${PREFIX}/pets/%`, `${PREFIX}/pets/%C3%28`]
    for (const path of cases) {
      const r = await send(port(), { path })
      assert.equal(r.status, 200, path)
    }
    const raw = await rawExchange(port(), Buffer.concat([Buffer.from(`GET ${PREFIX}/pets/`), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(' HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')]))
    assert.match(raw, /^HTTP\/1\.1 (200|400) /)
    const after = await send(port(), { path: `${PREFIX}/pets` })
    assert.equal(after.status, 200)
  })
})
