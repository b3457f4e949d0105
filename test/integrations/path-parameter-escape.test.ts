/**
 * Issue 14, defect 3: `%2F` and dots in a path parameter must not take an HTTP or HTTP_PROXY
 * call out of the integration's path. Through the real data plane (its router decodes the
 * request path) to a real backend that records the raw request-target it was sent.
 */
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, it } from 'node:test'
import { compilePlan } from '../../src/compile/compile.ts'
import { compileEndpointUri } from '../../src/integrations/endpoint-uri.ts'
import { createUpstreamPools, type UpstreamPools } from '../../src/integrations/index.ts'
import type { Integration, Method } from '../../src/model/index.ts'
import { apiDefinition, send, stage, useServed } from '../data/fixtures.ts'

describe('endpoint URI: what a path value can do to the path', () => {
  const uri = (template: string, greedy: string[] = []) => {
    const c = compileEndpointUri(`http://backend${template}`, {}, 't', new Set(greedy))
    assert.ok(c.ok)
    return c.uri
  }

  it('keeps an encoded slash of a single-segment value encoded', () => {
    const u = uri('/items/{id}/detail')
    assert.equal(u.pathAndQuery({ id: '../../admin' }, []), '/items/..%2F..%2Fadmin/detail')
    assert.equal(u.pathAndQuery({ id: 'a/b' }, []), '/items/a%2Fb/detail')
    assert.equal(u.pathAndQuery({ id: 'a.b' }, []), '/items/a.b/detail')
    assert.equal(u.pathAndQuery({ id: '...' }, []), '/items/.../detail')
  })

  it('refuses a value that is a dot segment, however it is spelt', () => {
    const u = uri('/items/{id}/detail')
    assert.equal(u.pathAndQuery({ id: '..' }, []), undefined)
    assert.equal(u.pathAndQuery({ id: '.' }, []), undefined)
    // a literal `%2e` in a value is sent encoded (%252e), which no parser reads as a dot
    assert.equal(u.pathAndQuery({ id: '%2e%2e' }, []), '/items/%252e%252e/detail')
  })

  it('refuses dot segments inside a greedy value and keeps its other slashes', () => {
    const u = uri('/base/{proxy}', ['proxy'])
    assert.equal(u.pathAndQuery({ proxy: '../../SECRET' }, []), undefined)
    assert.equal(u.pathAndQuery({ proxy: 'a/./b' }, []), undefined)
    assert.equal(u.pathAndQuery({ proxy: 'a/..' }, []), undefined)
    assert.equal(u.pathAndQuery({ proxy: 'a/b c/d.txt' }, []), '/base/a/b%20c/d.txt')
    assert.equal(u.pathAndQuery({ proxy: 'a/..b/c..' }, []), '/base/a/..b/c..')
  })

  it('catches dot segments that values form together or with the template', () => {
    assert.equal(uri('/x/{a}{b}/y').pathAndQuery({ a: '.', b: '.' }, []), undefined)
    assert.equal(uri('/x/.{a}/y').pathAndQuery({ a: '.' }, []), undefined)
    assert.equal(uri('/x/%2e{a}/y').pathAndQuery({ a: '.' }, []), undefined)
    assert.equal(uri('/x/{a}{b}/y').pathAndQuery({ a: '.', b: 'z' }, []), '/x/.z/y')
  })

  it('leaves dot segments the template spells itself, and query values, alone', () => {
    assert.equal(uri('/a/../b/{id}').pathAndQuery({ id: 'c.d' }, []), '/a/../b/c.d')
    assert.equal(uri('/a/{id}?q={id}').pathAndQuery({ id: 'x' }, [['k', '..']]), '/a/x?q=x&k=..')
    assert.equal(uri('/a?q={id}').pathAndQuery({ id: '..' }, []), '/a?q=..')
  })
})

describe('path parameters sent to HTTP and HTTP_PROXY backends', () => {
  let backend: Server
  let origin: string
  const seen: string[] = []
  let upstream: UpstreamPools

  const running = useServed(async (own) => {
    backend = createServer((req, res) => {
      seen.push(req.url!)
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}')
    })
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve))
    origin = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`
    upstream = own(createUpstreamPools({ connections: 2 }))
    own({ close: () => new Promise<void>((resolve) => backend.close(() => resolve())) })
    const integration = (type: 'HTTP' | 'HTTP_PROXY', uri: string, requestParameters: Record<string, string>): Partial<Method> => ({
      methodResponses: { '200': { statusCode: '200' } },
      methodIntegration: {
        type,
        httpMethod: 'GET',
        uri,
        timeoutInMillis: 5_000,
        requestParameters,
        ...(type === 'HTTP' && { integrationResponses: { '200': { statusCode: '200' } } }),
      } as Integration,
    })
    const api = apiDefinition({
      '/item/{id}': { GET: integration('HTTP', `${origin}/items/{id}/detail`, { 'integration.request.path.id': 'method.request.path.id' }) },
      '/proxied/{id}': { GET: integration('HTTP_PROXY', `${origin}/items/{id}/detail`, { 'integration.request.path.id': 'method.request.path.id' }) },
      '/p/{proxy+}': { GET: integration('HTTP_PROXY', `${origin}/base/{proxy}`, { 'integration.request.path.proxy': 'method.request.path.proxy' }) },
      '/h/{proxy+}': { GET: integration('HTTP', `${origin}/base/{proxy}`, { 'integration.request.path.proxy': 'method.request.path.proxy' }) },
      '/hdr': { GET: integration('HTTP_PROXY', `${origin}/files/{name}`, { 'integration.request.path.name': 'method.request.header.x-name' }) },
    })
    return [compilePlan({ snapshot: api, deploymentId: 'dep1', stage: stage('prod'), upstream })]
  })

  /** the status, and the raw request-target the backend received for it (undefined: none) */
  async function call(path: string, headers: Record<string, string> = {}): Promise<{ status: number; backendSaw: string | undefined }> {
    const before = seen.length
    const reply = await send(running.address.port, { path: `/_aws/execute-api/a1b2c3d4e5/prod${path}`, headers })
    return { status: reply.status, backendSaw: seen.length > before ? seen[seen.length - 1] : undefined }
  }

  it('HTTP: an encoded slash in {id} stays encoded, inside its segment', async () => {
    assert.deepEqual(await call('/item/..%2f..%2fadmin'), { status: 200, backendSaw: '/items/..%2F..%2Fadmin/detail' })
    assert.deepEqual(await call('/item/a%2Fb'), { status: 200, backendSaw: '/items/a%2Fb/detail' })
  })

  it('HTTP_PROXY: an encoded slash in {id} stays encoded, inside its segment', async () => {
    assert.deepEqual(await call('/proxied/..%2f..%2fadmin'), { status: 200, backendSaw: '/items/..%2F..%2Fadmin/detail' })
  })

  it('HTTP_PROXY and HTTP: {proxy+} with encoded dot segments is refused with 400, nothing sent', async () => {
    for (const path of ['/p/..%2f..%2fSECRET', '/p/a/..%2F..%2F..%2FSECRET', '/p/x/.%2fy', '/h/..%2f..%2fSECRET']) {
      const { status, backendSaw } = await call(path)
      assert.equal(status, 400, path)
      assert.equal(backendSaw, undefined, path)
    }
  })

  it('literal and %2e dot segments still never route', async () => {
    for (const path of ['/p/a/../b', '/p/%2e%2e/x', '/p/a/%2E/b', '/item/..']) {
      const { status, backendSaw } = await call(path)
      assert.equal(status, 403, path)
      assert.equal(backendSaw, undefined, path)
    }
  })

  it('a greedy path with dots that are not dot segments goes through with its slashes', async () => {
    assert.deepEqual(await call('/p/a/..b/c.d/...'), { status: 200, backendSaw: '/base/a/..b/c.d/...' })
    assert.deepEqual(await call('/p/a%20b/c'), { status: 200, backendSaw: '/base/a%20b/c' })
  })

  it('a value mapped from a header is one segment and cannot be a dot segment', async () => {
    assert.deepEqual(await call('/hdr', { 'x-name': '../etc/passwd' }), { status: 200, backendSaw: '/files/..%2Fetc%2Fpasswd' })
    assert.deepEqual(await call('/hdr', { 'x-name': '..' }), { status: 400, backendSaw: undefined })
  })
})
