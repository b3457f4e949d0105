import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { Agent, request as httpRequest } from 'node:http'
import { getText } from '../support/get-text.ts'
import { until } from '../support/until.ts'
import { closedPort, integration, startBackend, API_ID, type Gateway, type GatewayOptions, useGateways } from './harness.ts'
import { useStarted } from '../support/use-started.ts'

/** trickling responses the backend saw closed before it ended them */
let tricklesClosed = 0
const LARGE = randomBytes(6 * 1024 * 1024)

const gateways = useGateways({ connections: 4 })
const backend = useStarted(() =>
  startBackend((req, res) => {
    const url = new URL(req.url, 'http://backend')
    if (url.pathname === '/slow') {
      setTimeout(() => {
        if (!res.destroyed) res.writeHead(200).end('late')
      }, 1000)
      return
    }
    if (url.pathname === '/trickle') {
      res.writeHead(200, { 'Content-Type': 'text/plain' })
      const timer = setInterval(() => {
        if (res.destroyed) return clearInterval(timer)
        res.write('tick\n')
      }, 10)
      res.on('close', () => {
        clearInterval(timer)
        tricklesClosed++
      })
      return
    }
    if (url.pathname === '/large') {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(LARGE.length) })
      res.end(LARGE)
      return
    }
    if (url.pathname.startsWith('/echo/')) {
      const body = JSON.stringify({ path: url.pathname })
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) })
      res.end(body)
      return
    }
    if (url.pathname === '/reset') {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': '1000' })
      res.write('partial')
      setTimeout(() => res.socket?.destroy(), 20)
      return
    }
    res.setHeader('Content-Type', 'application/json')
    res.setHeader('X-Backend', 'b-1')
    res.setHeader('Set-Cookie', ['a=1', 'b=2'])
    res.setHeader('Server', 'backend/1.0')
    res.setHeader('x-amzn-RequestId', 'backend-request-id')
    res.setHeader('Via', '1.1 somewhere')
    const body = JSON.stringify({ method: req.method, url: req.url, body: req.body })
    res.setHeader('Content-Length', Buffer.byteLength(body))
    res.writeHead(url.pathname.includes('/created') ? 201 : 200)
    res.end(body)
  }),
)

const gateway = (options: Omit<GatewayOptions, 'upstream'>): Promise<Gateway> => gateways.start(options)

const proxyParams = { 'integration.request.path.proxy': 'method.request.path.proxy' }

describe('HTTP_PROXY', () => {
  it('sends verb, path, query, headers and body through and streams status and headers back', async () => {
    const g = await gateway({
      resourcePath: '/{proxy+}',
      integration: integration({ type: 'HTTP_PROXY', httpMethod: 'ANY', uri: `${backend.origin}/base/{proxy}`, requestParameters: proxyParams }),
    })
    const res = await fetch(g.url + '/created/a%20b?x=1&x=2&y=%C3%A9', {
      method: 'PATCH',
      headers: { 'content-type': 'text/plain', 'x-custom': 'yes', 'user-agent': 'client/1', authorization: 'Bearer t' },
      body: 'hello body',
    })
    assert.equal(res.status, 201)
    const seen = backend.last()
    assert.equal(seen.method, 'PATCH')
    assert.equal(seen.url, '/base/created/a%20b?x=1&x=2&y=%C3%A9')
    assert.equal(seen.body, 'hello body')
    assert.equal(seen.headers['x-custom'], 'yes')
    assert.equal(seen.headers['user-agent'], 'client/1')
    assert.equal(seen.headers['authorization'], 'Bearer t')
    assert.equal(seen.headers['content-type'], 'text/plain')
    assert.equal(seen.headers['host'], backend.origin.slice('http://'.length))
    assert.equal(seen.headers['x-amzn-apigateway-api-id'], API_ID)

    assert.equal(res.headers.get('x-backend'), 'b-1')
    assert.equal(res.headers.get('content-type'), 'application/json')
    assert.deepEqual(res.headers.getSetCookie(), ['a=1', 'b=2'])
    assert.equal(res.headers.get('x-amzn-remapped-server'), 'backend/1.0')
    assert.equal(res.headers.get('x-amzn-remapped-x-amzn-requestid'), 'backend-request-id')
    assert.ok(res.headers.get('x-amzn-remapped-date'))
    assert.ok(res.headers.get('x-amzn-remapped-content-length'))
    assert.equal(res.headers.get('x-amzn-remapped-connection'), 'keep-alive')
    assert.match(res.headers.get('x-amzn-requestid') ?? '', /^00000000-0000-4000-8000-/)
    assert.ok(res.headers.get('x-amz-apigw-id'))
    assert.equal(res.headers.get('via'), null)
    assert.equal(res.headers.get('server'), null)
    assert.deepEqual(await res.json(), { method: 'PATCH', url: '/base/created/a%20b?x=1&x=2&y=%C3%A9', body: 'hello body' })
    assert.ok(g.lastLog().includes('Method completed with status: 201'), g.lastLog().join('\n'))
  })

  it('drops hop-by-hop and reserved request headers', async () => {
    const g = await gateway({ integration: integration({ type: 'HTTP_PROXY', httpMethod: 'GET', uri: `${backend.origin}/plain` }) })
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        g.url + '/',
        { method: 'GET', headers: { 'Max-Forwards': '3', TE: 'trailers', 'Proxy-Authenticate': 'x', Via: '1.0 client', 'X-Keep': 'k', Connection: 'keep-alive' } },
        (res) => {
          res.resume()
          res.on('end', () => resolve(res.statusCode!))
        },
      )
      req.on('error', reject)
      req.end()
    })
    assert.equal(status, 200)
    const seen = backend.last()
    assert.equal(seen.headers['max-forwards'], undefined)
    assert.equal(seen.headers['te'], undefined)
    assert.equal(seen.headers['proxy-authenticate'], undefined)
    assert.equal(seen.headers['via'], undefined)
    assert.equal(seen.headers['x-keep'], 'k')
  })

  it("uses the integration's verb unless it is ANY, and applies request parameter mappings", async () => {
    const g = await gateway({
      integration: integration({
        type: 'HTTP_PROXY',
        httpMethod: 'POST',
        uri: `${backend.origin}/fixed`,
        requestParameters: { 'integration.request.header.X-Added': "'static'", 'integration.request.querystring.extra': 'context.stage' },
      }),
    })
    const res = await fetch(g.url + '/?a=1')
    assert.equal(res.status, 200)
    await res.arrayBuffer()
    const seen = backend.last()
    assert.equal(seen.method, 'POST')
    assert.equal(seen.url, '/fixed?a=1&extra=test')
    assert.equal(seen.headers['x-added'], 'static')
  })

  it('sends a query parameter mapped onto its own name once, with the mapped value (issue 19)', async () => {
    const g = await gateway({
      integration: integration({
        type: 'HTTP_PROXY',
        httpMethod: 'GET',
        uri: `${backend.origin}/fixed`,
        requestParameters: { 'integration.request.querystring.city': 'method.request.querystring.city', 'integration.request.querystring.unit': "'metric'" },
      }),
    })
    const res = await fetch(g.url + '/?city=Oslo&days=3&unit=imperial')
    assert.equal(res.status, 200)
    await res.arrayBuffer()
    assert.equal(backend.last().url, '/fixed?days=3&city=Oslo&unit=metric')
  })

  it('sends an unmapped placeholder literally', async () => {
    const g = await gateway({ resourcePath: '/{proxy+}', integration: integration({ type: 'HTTP_PROXY', httpMethod: 'ANY', uri: `${backend.origin}/{proxy}` }) })
    const res = await fetch(g.url + '/a/b')
    await res.arrayBuffer()
    assert.equal(backend.last().url, '/%7Bproxy%7D')
  })

  it('times out with 504', async () => {
    const g = await gateway({ integration: integration({ type: 'HTTP_PROXY', httpMethod: 'GET', uri: `${backend.origin}/slow`, timeoutInMillis: 100 }) })
    const res = await fetch(g.url + '/')
    assert.equal(res.status, 504)
    assert.deepEqual(await res.json(), { message: 'Endpoint request timed out' })
  })

  it('answers 500 for an unreachable backend', async () => {
    const port = await closedPort()
    const g = await gateway({ integration: integration({ type: 'HTTP_PROXY', httpMethod: 'GET', uri: `http://127.0.0.1:${port}/` }) })
    const res = await fetch(g.url + '/')
    assert.equal(res.status, 500)
    assert.deepEqual(await res.json(), { message: 'Internal server error' })
  })

  it('survives a backend that resets mid-body', async () => {
    const g = await gateway({ integration: integration({ type: 'HTTP_PROXY', httpMethod: 'GET', uri: `${backend.origin}/reset` }) })
    const res = await fetch(g.url + '/')
    assert.equal(res.status, 200)
    await assert.rejects(res.text())
    const again = await fetch(g.url + '/')
    assert.equal(again.status, 200)
    await again.text().catch(() => {})
    const ok = await gateway({ integration: integration({ type: 'HTTP_PROXY', httpMethod: 'GET', uri: `${backend.origin}/plain` }) })
    assert.equal((await fetch(ok.url + '/')).status, 200)
  })

  it('answers HEAD with the backend headers and no body', async () => {
    const g = await gateway({ integration: integration({ type: 'HTTP_PROXY', httpMethod: 'ANY', uri: `${backend.origin}/plain` }) })
    const res = await fetch(g.url + '/', { method: 'HEAD' })
    assert.equal(res.status, 200)
    assert.equal(backend.last().method, 'HEAD')
    assert.equal(await res.text(), '')
  })

  it('streams a large body intact, the client reading slowly (backpressure)', async () => {
    const g = await gateway({ integration: integration({ type: 'HTTP_PROXY', httpMethod: 'GET', uri: `${backend.origin}/large` }) })
    const digest = await new Promise<{ length: number; sha: string }>((resolve, reject) => {
      httpRequest(g.url + '/', (res) => {
        assert.equal(res.headers['content-length'], String(LARGE.length))
        const hash = createHash('sha256')
        let length = 0
        // paused between chunks, so the gateway's socket fills and the backend must wait
        res.on('data', (chunk: Buffer) => {
          hash.update(chunk)
          length += chunk.length
          res.pause()
          setTimeout(() => res.resume(), 1)
        })
        res.on('end', () => resolve({ length, sha: hash.digest('hex') }))
        res.on('error', reject)
      })
        .on('error', reject)
        .end()
    })
    assert.equal(digest.length, LARGE.length)
    assert.equal(digest.sha, createHash('sha256').update(LARGE).digest('hex'))
  })

  it('answers concurrent requests on shared keep-alive sockets each with its own body', async () => {
    const g = await gateway({
      integration: integration({ type: 'HTTP_PROXY', httpMethod: 'GET', uri: `${backend.origin}/echo/{proxy}`, requestParameters: proxyParams }),
      resourcePath: '/{proxy+}',
    })
    const agent = new Agent({ keepAlive: true, maxSockets: 8 })
    const answers = await Promise.all(Array.from({ length: 200 }, (_, n) => getText(`${g.url}/item-${n}`, agent)))
    agent.destroy()
    answers.forEach((answer, n) => {
      assert.equal(answer.status, 200)
      assert.deepEqual(JSON.parse(answer.body), { path: `/echo/item-${n}` })
    })
  })

  it('stops the backend call when the client goes away mid-stream', async () => {
    const g = await gateway({ integration: integration({ type: 'HTTP_PROXY', httpMethod: 'GET', uri: `${backend.origin}/trickle`, timeoutInMillis: 5000 }) })
    const closedBefore = tricklesClosed
    const controller = new AbortController()
    const res = await fetch(g.url + '/', { signal: controller.signal })
    const reader = res.body!.getReader()
    // a few ticks: the body is streaming, past the turn that held its first bytes
    for (let i = 0; i < 3; i++) await reader.read()
    controller.abort()
    await until(() => tricklesClosed !== closedBefore, 'the backend to see its response closed', { timeoutMs: 2000 })
    assert.equal(tricklesClosed, closedBefore + 1, 'the backend saw its response closed well before the 5 s integration timeout')
  })

  it('survives a client that goes away mid-stream', async () => {
    const g = await gateway({ integration: integration({ type: 'HTTP_PROXY', httpMethod: 'GET', uri: `${backend.origin}/trickle`, timeoutInMillis: 2000 }) })
    const closedBefore = tricklesClosed
    const controller = new AbortController()
    const res = await fetch(g.url + '/', { signal: controller.signal })
    assert.equal(res.status, 200)
    const reader = res.body!.getReader()
    await reader.read()
    controller.abort()
    // the gateway has dealt with the departure once it has closed the backend's response
    await until(() => tricklesClosed !== closedBefore, 'the backend to see its response closed')
    const ok = await gateway({ integration: integration({ type: 'HTTP_PROXY', httpMethod: 'GET', uri: `${backend.origin}/plain` }) })
    assert.equal((await fetch(ok.url + '/')).status, 200)
  })

  it('joins repeated request headers', async () => {
    const g = await gateway({ integration: integration({ type: 'HTTP_PROXY', httpMethod: 'GET', uri: `${backend.origin}/plain` }) })
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest(g.url + '/', { headers: { 'x-multi': ['a', 'b'] } }, (res) => {
        res.resume()
        res.on('end', () => resolve())
      })
      req.on('error', reject)
      req.end()
    })
    // two header lines arrive as one, comma-joined without a space (as LocalStack forwards them)
    assert.equal(backend.last().headers['x-multi'], 'a,b')
    assert.deepEqual(backend.last().rawHeaders.filter((h) => h.toLowerCase() === 'x-multi').length, 1)
  })
})
