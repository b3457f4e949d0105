import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http'
import { createServer, type Server, type Socket } from 'node:net'
import { Readable } from 'node:stream'
import { H1Pool, type H1Request } from '../../src/lib/h1-pool.ts'

/** What one call saw: the final head, the body, the trailers, or the error. */
interface Outcome {
  statusCode: number
  statusText: string
  headers: string[]
  body: Buffer
  trailers: string[] | null
  error?: Error & { code?: string }
}

function call(pool: H1Pool, request: H1Request, options: { pauseEvery?: number; onAbort?: (abort: (reason?: Error) => void) => void } = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    const outcome: Outcome = { statusCode: 0, statusText: '', headers: [], body: Buffer.alloc(0), trailers: null }
    const chunks: Buffer[] = []
    let resume: () => void = () => {}
    let calls = 0
    pool.dispatch(request, {
      onConnect: (abort) => options.onAbort?.(abort),
      onHeaders(statusCode, rawHeaders, resumeFn, statusText) {
        outcome.statusCode = statusCode
        outcome.statusText = statusText
        outcome.headers = rawHeaders.map(String)
        resume = resumeFn
        return true
      },
      onData(chunk) {
        chunks.push(Buffer.from(chunk))
        if (options.pauseEvery !== undefined && ++calls % options.pauseEvery === 0) {
          // the receiver is slow: resume on a later turn
          setImmediate(resume)
          return false
        }
        return true
      },
      onComplete(trailers) {
        outcome.body = Buffer.concat(chunks)
        outcome.trailers = trailers
        resolve(outcome)
      },
      onError(error) {
        outcome.body = Buffer.concat(chunks)
        outcome.error = error
        resolve(outcome)
      },
    })
  })
}

/** A TCP server whose `answer` sees each request's raw head (and body bytes) and writes whatever bytes it likes. */
async function rawServer(answer: (socket: Socket, request: string, index: number) => void): Promise<{ origin: string; server: Server; connections: () => number; requests: string[] }> {
  const requests: string[] = []
  let connections = 0
  const server = createServer((socket) => {
    connections++
    let pending = ''
    socket.on('data', (chunk) => {
      pending += chunk.toString('latin1')
      // a request is complete at its blank line (these tests send bodiless requests to raw servers)
      let end: number
      while ((end = pending.indexOf('\r\n\r\n')) >= 0) {
        const request = pending.slice(0, end + 4)
        pending = pending.slice(end + 4)
        requests.push(request)
        answer(socket, request, requests.length - 1)
      }
    })
    socket.on('error', () => {})
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  servers.push(server)
  return { origin: `http://127.0.0.1:${port}`, server, connections: () => connections, requests }
}

const servers: Array<Server | HttpServer> = []
const pools: H1Pool[] = []
after(async () => {
  await Promise.all(pools.map((pool) => pool.destroy()))
  for (const server of servers) {
    ;(server as HttpServer).closeAllConnections?.()
    server.close()
  }
})

function pool(origin: string, options?: ConstructorParameters<typeof H1Pool>[1]): H1Pool {
  const created = new H1Pool(origin, options)
  pools.push(created)
  return created
}

const OK = (body: string, extra = ''): string => `HTTP/1.1 200 OK\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`

describe('H1Pool: the request it writes', () => {
  it('writes the head in order: request line, host, connection, then the headers as given', async () => {
    const server = await rawServer((socket) => socket.write(OK('{}')))
    const p = pool(server.origin)
    const outcome = await call(p, { path: '/pets/1?x=1', method: 'GET', headers: { 'X-Custom': 'a b', accept: '*/*' } })
    assert.equal(outcome.statusCode, 200)
    const host = server.origin.slice('http://'.length)
    assert.equal(server.requests[0], `GET /pets/1?x=1 HTTP/1.1\r\nhost: ${host}\r\nconnection: keep-alive\r\nX-Custom: a b\r\naccept: */*\r\n\r\n`)
  })

  it('takes a Host header as the host line; a bodiless POST says content-length: 0; HEAD asks to close', async () => {
    const server = await rawServer((socket, request) => socket.write(request.startsWith('HEAD') ? 'HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\n' : OK('')))
    const p = pool(server.origin)
    await call(p, { path: '/', method: 'POST', headers: { Host: 'backend.example' }, body: null })
    await call(p, { path: '/', method: 'HEAD', headers: {} })
    assert.equal(server.requests[0], 'POST / HTTP/1.1\r\nhost: backend.example\r\nconnection: keep-alive\r\ncontent-length: 0\r\n\r\n')
    assert.match(server.requests[1]!, /^HEAD \/ HTTP\/1\.1\r\nhost: [^\r]+\r\nconnection: close\r\n\r\n$/)
  })

  it('frames a Buffer body by its length and a stream by chunks, or by its declared length', async () => {
    const seen: Array<{ headers: Record<string, string | string[] | undefined>; body: string }> = []
    const server = createHttpServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        seen.push({ headers: req.headers, body: Buffer.concat(chunks).toString() })
        res.end('ok')
      })
    })
    servers.push(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const p = pool(`http://127.0.0.1:${(server.address() as { port: number }).port}`)
    assert.equal((await call(p, { path: '/', method: 'PUT', headers: {}, body: Buffer.from('buffered') })).statusCode, 200)
    assert.equal((await call(p, { path: '/', method: 'POST', headers: {}, body: Readable.from([Buffer.from('str'), Buffer.from('eamed')]) })).statusCode, 200)
    assert.equal((await call(p, { path: '/', method: 'POST', headers: { 'content-length': '4' }, body: Readable.from([Buffer.from('de'), Buffer.from('cl')]) })).statusCode, 200)
    assert.deepEqual(
      seen.map((s) => [s.body, s.headers['content-length'], s.headers['transfer-encoding']]),
      [
        ['buffered', '8', undefined],
        ['streamed', undefined, 'chunked'],
        ['decl', '4', undefined],
      ],
    )
  })

  it('refuses a stream longer than its declared length', async () => {
    const server = createHttpServer((req, res) => {
      req.resume()
      req.on('end', () => res.end('ok'))
    })
    servers.push(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const p = pool(`http://127.0.0.1:${(server.address() as { port: number }).port}`)
    const outcome = await call(p, { path: '/', method: 'POST', headers: { 'content-length': '2' }, body: Readable.from([Buffer.from('too long')]) })
    assert.equal(outcome.error?.code, 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH')
  })

  for (const [what, request] of [
    ['a CR LF in a header value', { path: '/', method: 'GET', headers: { 'x-a': 'v\r\nx-injected: 1' } }],
    ['a NUL in a header value', { path: '/', method: 'GET', headers: { 'x-a': 'v\0' } }],
    ['a space in a header name', { path: '/', method: 'GET', headers: { 'x a': 'v' } }],
    ['a space in the path', { path: '/a b HTTP/1.1\r\nx: y', method: 'GET', headers: {} }],
    ['a path not starting with /', { path: 'a', method: 'GET', headers: {} }],
    ['a transfer-encoding header', { path: '/', method: 'POST', headers: { 'Transfer-Encoding': 'chunked' }, body: Buffer.from('x') }],
    ['an expect header', { path: '/', method: 'POST', headers: { expect: '100-continue' }, body: Buffer.from('x') }],
    ['a method that is not a token', { path: '/', method: 'GE T', headers: {} }],
  ] as const) {
    it(`refuses ${what} before anything is sent (UND_ERR_INVALID_ARG)`, async () => {
      const server = await rawServer((socket) => socket.write(OK('')))
      const p = pool(server.origin)
      const outcome = await call(p, request as H1Request)
      assert.equal(outcome.error?.code, 'UND_ERR_INVALID_ARG')
      assert.equal(server.connections(), 0)
    })
  }
})

describe('H1Pool: the answers it reads', () => {
  it('reads a Content-Length body split across writes, then reuses the connection', async () => {
    const server = await rawServer((socket) => {
      socket.write('HTTP/1.1 200 OK\r\ncontent-')
      setImmediate(() => socket.write('length: 11\r\nx-a:  spaced value \t\r\n\r\nhello'))
      setTimeout(() => socket.write(' world'), 5)
    })
    const p = pool(server.origin)
    const first = await call(p, { path: '/', method: 'GET' })
    const second = await call(p, { path: '/', method: 'GET' })
    assert.equal(first.body.toString(), 'hello world')
    assert.deepEqual(first.headers, ['content-length', '11', 'x-a', 'spaced value'])
    assert.equal(first.statusText, 'OK')
    assert.equal(second.body.toString(), 'hello world')
    assert.equal(server.connections(), 1)
  })

  it('decodes chunked bodies byte by byte, with extensions and trailers', async () => {
    const wire = 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\nx-trailer: t\r\n\r\n'
    const server = await rawServer((socket) => {
      // one byte per write: every state of the decoder meets a boundary
      let at = 0
      const next = (): void => {
        if (at < wire.length) socket.write(wire[at++]!, 'latin1', () => setImmediate(next))
      }
      next()
    })
    const p = pool(server.origin)
    const outcome = await call(p, { path: '/', method: 'GET' })
    assert.equal(outcome.error, undefined)
    assert.equal(outcome.body.toString(), 'hello 0123456789')
    assert.deepEqual(outcome.trailers, ['x-trailer', 't'])
    assert.equal((await call(p, { path: '/', method: 'GET' })).body.toString(), 'hello 0123456789')
    assert.equal(server.connections(), 1)
  })

  it('reads a status line without a reason phrase, and does not reuse an HTTP/1.0 connection', async () => {
    const server = await rawServer((socket, request) => socket.write(request.includes('/old') ? 'HTTP/1.0 404 Not Found\r\ncontent-length: 2\r\n\r\nno' : 'HTTP/1.1 201\r\ncontent-length: 2\r\n\r\nok'))
    const p = pool(server.origin)
    const bare = await call(p, { path: '/', method: 'GET' })
    assert.deepEqual([bare.statusCode, bare.statusText, bare.body.toString()], [201, '', 'ok'])
    const old = await call(p, { path: '/old', method: 'GET' })
    assert.deepEqual([old.statusCode, old.statusText, old.body.toString()], [404, 'Not Found', 'no'])
    assert.equal((await call(p, { path: '/', method: 'GET' })).statusCode, 201)
    // the first connection carried two calls; the HTTP/1.0 answer closed it
    assert.equal(server.connections(), 2)
  })

  it('reads a body without a length to the end of the connection, and does not reuse it', async () => {
    const server = await rawServer((socket) => socket.end('HTTP/1.1 200 OK\r\nconnection: close\r\n\r\nuntil the end'))
    const p = pool(server.origin)
    assert.equal((await call(p, { path: '/', method: 'GET' })).body.toString(), 'until the end')
    assert.equal((await call(p, { path: '/', method: 'GET' })).body.toString(), 'until the end')
    assert.equal(server.connections(), 2)
  })

  it('skips 1xx heads, and reads no body after HEAD, 204 and 304', async () => {
    const server = await rawServer((socket, request) => {
      if (request.includes('/continue')) socket.write('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nlink: </a>\r\n\r\n' + OK('final'))
      else if (request.startsWith('HEAD')) socket.write('HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n')
      else if (request.includes('/204')) socket.write('HTTP/1.1 204 No Content\r\n\r\n')
      else socket.write('HTTP/1.1 304 Not Modified\r\ncontent-length: 50\r\n\r\n')
    })
    const p = pool(server.origin)
    const cont = await call(p, { path: '/continue', method: 'GET' })
    assert.deepEqual([cont.statusCode, cont.body.toString()], [200, 'final'])
    const head = await call(p, { path: '/', method: 'HEAD' })
    assert.deepEqual([head.statusCode, head.body.length, head.headers], [200, 0, ['content-length', '100']])
    assert.deepEqual([(await call(p, { path: '/204', method: 'GET' })).statusCode, (await call(p, { path: '/304', method: 'GET' })).statusCode], [204, 304])
  })

  for (const [what, wire, code] of [
    ['a status line that is not HTTP/1.x', 'HTTP/2 200 OK\r\ncontent-length: 0\r\n\r\n', 'HPE_INVALID_CONSTANT'],
    ['a four-digit status', 'HTTP/1.1 2000 OK\r\ncontent-length: 0\r\n\r\n', 'HPE_INVALID_CONSTANT'],
    ['a status starting with 0', 'HTTP/1.1 099 Odd\r\ncontent-length: 0\r\n\r\n', 'HPE_INVALID_CONSTANT'],
    ['a space before the colon', 'HTTP/1.1 200 OK\r\ncontent-length : 0\r\n\r\n', 'HPE_INVALID_HEADER_TOKEN'],
    ['a folded header line', 'HTTP/1.1 200 OK\r\nx-a: 1\r\n  folded\r\ncontent-length: 0\r\n\r\n', 'HPE_INVALID_HEADER_TOKEN'],
    ['Content-Length with Transfer-Encoding', 'HTTP/1.1 200 OK\r\ncontent-length: 3\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n', 'HPE_UNEXPECTED_CONTENT_LENGTH'],
    ['two different Content-Lengths', 'HTTP/1.1 200 OK\r\ncontent-length: 3\r\ncontent-length: 4\r\n\r\nabcd', 'HPE_UNEXPECTED_CONTENT_LENGTH'],
    ['a chunk size that is not hex', 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n', 'HPE_INVALID_CHUNK_SIZE'],
    ['chunk data not followed by CRLF', 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n1\r\nabc\r\n', 'HPE_STRICT'],
    ['a 101 nobody asked for', 'HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\n\r\n', 'HPE_INVALID_CONSTANT'],
  ] as const) {
    it(`fails on ${what} (${code}) and opens a new connection for the next call`, async () => {
      let calls = 0
      const server = await rawServer((socket) => socket.write(calls++ === 0 ? wire : OK('next')))
      const p = pool(server.origin)
      const outcome = await call(p, { path: '/', method: 'GET' })
      assert.equal(outcome.error?.code, code)
      assert.equal((await call(p, { path: '/', method: 'GET' })).body.toString(), 'next')
      assert.equal(server.connections(), 2)
    })
  }

  it('fails a head longer than maxHeaderSize', async () => {
    const server = await rawServer((socket) => socket.write(`HTTP/1.1 200 OK\r\nx-big: ${'a'.repeat(2000)}\r\n\r\n`))
    const outcome = await call(pool(server.origin, { maxHeaderSize: 1024 }), { path: '/', method: 'GET' })
    assert.equal(outcome.error?.code, 'HPE_HEADER_OVERFLOW')
  })

  it('does not reuse a connection that sent bytes past the end of its answer', async () => {
    const server = await rawServer((socket) => socket.write(OK('ab') + 'GARBAGE'))
    const p = pool(server.origin)
    assert.equal((await call(p, { path: '/', method: 'GET' })).body.toString(), 'ab')
    assert.equal((await call(p, { path: '/', method: 'GET' })).body.toString(), 'ab')
    assert.equal(server.connections(), 2)
  })

  it('holds the body while the receiver is paused and delivers every byte in order', async () => {
    const big = Buffer.alloc(1024 * 1024)
    for (let i = 0; i < big.length; i++) big[i] = i % 251
    const server = createHttpServer((req, res) => {
      req.resume()
      if (req.url === '/chunked') res.writeHead(200, { 'content-type': 'application/octet-stream' })
      else res.writeHead(200, { 'content-length': big.length })
      // in pieces, so a chunked answer has many chunks
      for (let at = 0; at < big.length; at += 10_000) res.write(big.subarray(at, at + 10_000))
      res.end()
    })
    servers.push(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const p = pool(`http://127.0.0.1:${(server.address() as { port: number }).port}`)
    for (const path of ['/length', '/chunked']) {
      const outcome = await call(p, { path, method: "GET" }, { pauseEvery: 3 })
      assert.equal(outcome.error, undefined, path)
      assert.ok(outcome.body.equals(big), path)
    }
  })
  it('reads the next answer on a connection whose last answer ended while its receiver was paused', async () => {
    // head and whole body in one write: the body is all there when the receiver pauses
    const server = await rawServer((socket, _request, index) => socket.write(OK(`answer ${index}`)))
    const p = pool(server.origin)
    assert.equal((await call(p, { path: '/', method: 'GET' }, { pauseEvery: 1 })).body.toString(), 'answer 0')
    assert.equal((await call(p, { path: '/', method: 'GET' }, { pauseEvery: 1 })).body.toString(), 'answer 1')
    assert.equal(server.connections(), 1)
  })
})

describe('H1Pool: connections', () => {
  it('sends an idempotent call again when its reused connection closes unanswered, and fails a POST', async () => {
    // the server keeps the connection after the first answer, then closes it on the next request without answering
    const server = await rawServer((socket, _request, index) => {
      if (index % 2 === 0) socket.write(OK('first'))
      else socket.destroy()
    })
    const p = pool(server.origin)
    assert.equal((await call(p, { path: '/', method: 'GET' })).body.toString(), 'first')
    // index 1 is destroyed, the retry on a new connection is index 2
    assert.equal((await call(p, { path: '/', method: 'GET' })).body.toString(), 'first')
    assert.equal(server.requests.length, 3)
    // index 3: the connection the retry used is reused for a POST, which is not sent again
    const post = await call(p, { path: '/', method: 'POST', body: Buffer.from('x') })
    assert.equal(post.error?.code, 'UND_ERR_SOCKET')
    assert.equal(server.requests.length, 4)
  })

  it("closes idle connections before the server's Keep-Alive timeout", async () => {
    const server = await rawServer((socket) => socket.write(OK('x', 'keep-alive: timeout=1\r\n')))
    const p = pool(server.origin)
    await call(p, { path: '/', method: 'GET' })
    await call(p, { path: '/', method: 'GET' })
    // timeout=1 leaves no safe idle time: each call has a connection of its own
    assert.equal(server.connections(), 2)
  })

  it('keeps at most `connections` sockets; more calls wait their turn in order', async () => {
    const sockets: Socket[] = []
    const server = await rawServer((socket) => sockets.push(socket))
    const p = pool(server.origin, { connections: 1 })
    const first = call(p, { path: '/1', method: 'GET' })
    const second = call(p, { path: '/2', method: 'GET' })
    while (server.requests.length < 1) await new Promise((resolve) => setImmediate(resolve))
    assert.equal(server.requests.length, 1)
    sockets[0]!.write(OK('one'))
    assert.equal((await first).body.toString(), 'one')
    while (server.requests.length < 2) await new Promise((resolve) => setImmediate(resolve))
    sockets[0]!.write(OK('two'))
    assert.equal((await second).body.toString(), 'two')
    assert.equal(server.connections(), 1)
    assert.match(server.requests[1]!, /^GET \/2 /)
  })

  it('abort() stops a call mid-body with its reason and drops the connection', async () => {
    const server = await rawServer((socket) => socket.write('HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\npartial'))
    const p = pool(server.origin)
    let abort: ((reason?: Error) => void) | undefined
    const outcome = call(p, { path: '/', method: 'GET' }, { onAbort: (fn) => (abort = fn) })
    while (server.requests.length < 1) await new Promise((resolve) => setImmediate(resolve))
    await new Promise((resolve) => setTimeout(resolve, 20))
    abort!(new Error('deadline'))
    const result = await outcome
    assert.equal(result.error?.message, 'deadline')
  })

  it('fails with the socket error when nothing listens, and with UND_ERR_SOCKET when the answer is cut short', async () => {
    const closed = await rawServer(() => {})
    const port = new URL(closed.origin).port
    await new Promise<void>((resolve) => closed.server.close(() => resolve()))
    const refused = await call(pool(`http://127.0.0.1:${port}`), { path: '/', method: 'GET' })
    assert.equal(refused.error?.code, 'ECONNREFUSED')
    const cut = await rawServer((socket) => socket.end('HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nshort'))
    const outcome = await call(pool(cut.origin), { path: '/', method: 'GET' })
    assert.equal(outcome.error?.code, 'UND_ERR_SOCKET')
    assert.equal(outcome.body.toString(), 'short')
  })

  it('close() also lets the calls waiting for a connection finish', async () => {
    const sockets: Socket[] = []
    const server = await rawServer((socket) => sockets.push(socket))
    const p = pool(server.origin, { connections: 1 })
    const first = call(p, { path: '/1', method: 'GET' })
    const second = call(p, { path: '/2', method: 'GET' })
    while (server.requests.length < 1) await new Promise((resolve) => setImmediate(resolve))
    const closed = p.close()
    sockets[0]!.write(OK('one'))
    assert.equal((await first).body.toString(), 'one')
    while (server.requests.length < 2) await new Promise((resolve) => setImmediate(resolve))
    sockets[0]!.write(OK('two'))
    assert.equal((await second).body.toString(), 'two')
    await closed
  })

  it('close() lets a call in flight finish, then refuses new ones', async () => {
    const sockets: Socket[] = []
    const server = await rawServer((socket) => sockets.push(socket))
    const p = pool(server.origin)
    const inFlight = call(p, { path: '/', method: 'GET' })
    while (server.requests.length < 1) await new Promise((resolve) => setImmediate(resolve))
    const closed = p.close()
    sockets[0]!.write(OK('done'))
    assert.equal((await inFlight).body.toString(), 'done')
    await closed
    assert.equal((await call(p, { path: '/', method: 'GET' })).error?.code, 'UND_ERR_CLOSED')
  })
})
