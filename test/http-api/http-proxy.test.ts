/**
 * HTTP_PROXY on HTTP APIs against a real backend: the URI's placeholders from the route, the
 * `$default` route's whole path, the query string, `Forwarded`, the client's verb, backend
 * statuses passed through, 503 on a timeout, 500 on a refused connection; and the parameter
 * mapping tables (request and response).
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createUpstreamPools, type UpstreamPools } from '../../src/integrations/index.ts'
import { send, useServed } from '../data/fixtures.ts'
import { closedPort } from '../support/closed-port.ts'
import { httpApi, httpPlan, httpProxy, startBackend, type Backend } from './harness.ts'

let upstream: UpstreamPools
let backend: Backend

const gw = useServed(async (own) => {
  upstream = own(createUpstreamPools({ connections: 4 }))
  backend = own(await startBackend())
  const b = backend.url
  const api = httpApi({
    'GET /pets/{petId}': httpProxy(`${b}/backend/pets/{petId}`),
    'ANY /store/{proxy+}': httpProxy(`${b}/petstore/{proxy}`),
    'GET /fixed': httpProxy(`${b}/always/here?from=uri`, { integrationMethod: 'POST' }),
    'GET /staged': httpProxy('${stageVariables.backend}/staged'),
    'GET /slow': httpProxy(`${b}/slow`, { timeoutInMillis: 200 }),
    'GET /down': httpProxy(`http://127.0.0.1:${await closedPort()}/down`),
    'GET /mapped/{id}': httpProxy(`${b}/mapped`, {
      requestParameters: {
        'append:header.x-from-path': '$request.path.id',
        'overwrite:header.x-user-agent': '$request.header.User-Agent',
        'overwrite:header.x-stage': '$context.stage',
        'overwrite:header.x-variable': '$stageVariables.backendName',
        'overwrite:header.x-both': '${request.path.id}-${request.querystring.q}',
        'remove:header.x-secret': "''",
        'overwrite:querystring.q': 'replaced',
        'append:querystring.extra': '$request.header.x-extra',
        'remove:querystring.drop': "''",
      },
    }),
    'POST /body': httpProxy(`${b}/body`, { requestParameters: { 'overwrite:header.x-name': '$request.body.pet.name', 'overwrite:path': '/rewritten/${request.body.pet.id}' } }),
    'GET /respond/{code}': httpProxy(`${b}/status/{code}`, {
      responseParameters: {
        '404': { 'overwrite:statuscode': '410', 'overwrite:header.x-gone': 'yes' },
        '200': { 'append:header.x-backend': 'also', 'remove:header.content-type': "''", 'overwrite:header.x-request': '$context.requestId' },
      },
    }),
    'POST /text': httpProxy(`${b}/text`, { requestParameters: { 'overwrite:header.x-whole': '$request.body', 'overwrite:header.x-part': '$request.body.pet', 'overwrite:header.x-braced': 'got ${request.body}' } }),
    'GET /respond-body/{code}': httpProxy(`${b}/status/{code}`, {
      responseParameters: {
        '200': { 'overwrite:header.x-body': '$response.body', 'overwrite:header.x-flag': '$response.body.backend', 'append:header.x-echo': '$response.header.x-backend', 'overwrite:header.x-none': '$response.body.missing' },
        '418': { 'overwrite:statuscode': '${response.body.backend}' },
      },
    }),
    $default: httpProxy(b),
  })
  return [httpPlan(api, '$default', { upstream, stageVariables: { backend: b, backendName: 'pets-backend' } }), httpPlan(api, 'v2', { upstream, stageVariables: { backend: b } })]
})

async function call(method: string, path: string, headers: Record<string, string> = {}, body?: string) {
  backend.received.length = 0
  const r = await send(gw.address.port, { method, path, headers: { host: gw.host, ...headers }, ...(body !== undefined && { body }) })
  return { r, seen: backend.received[0] }
}

describe('HTTP_PROXY', () => {
  it('answers with the backend’s headers as they are and apigw-requestid: none of REST’s x-amzn-RequestId, x-amz-apigw-id or x-amzn-Remapped-*', async () => {
    const { r } = await call('GET', '/pets/7')
    assert.equal(r.status, 200)
    assert.match(String(r.headers['apigw-requestid']), /\S/)
    assert.ok(r.headers.date, 'the gateway’s own Date')
    const names = Object.keys(r.headers)
    assert.deepEqual(
      names.filter((n) => n === 'x-amzn-requestid' || n === 'x-amz-apigw-id' || n.startsWith('x-amzn-remapped-')),
      [],
      `headers: ${names.join(', ')}`,
    )
    // an answer the gateway makes itself (the backend refused the connection): the same
    const down = await call('GET', '/down')
    assert.equal(down.r.status, 500)
    assert.ok(down.r.headers['apigw-requestid'])
    assert.equal(down.r.headers['x-amzn-requestid'], undefined)
    assert.equal(down.r.headers['x-amz-apigw-id'], undefined)
  })

  it('fills the URI from the route’s path parameters and keeps the query string', async () => {
    const { r, seen } = await call('GET', '/pets/7?a=1&a=2')
    assert.equal(r.status, 200)
    assert.equal(r.body, '{"backend":true}')
    assert.equal(r.headers['x-backend'], 'yes')
    assert.ok(r.headers['apigw-requestid'])
    assert.equal(seen?.url, '/backend/pets/7?a=1&a=2')
    assert.equal(seen?.method, 'GET')
  })

  it('keeps the slashes of a greedy parameter, passes the client’s verb and body for ANY', async () => {
    const { seen } = await call('PUT', '/store/a/b/c', { 'content-type': 'text/plain' }, 'hello')
    assert.deepEqual([seen?.method, seen?.url, seen?.body], ['PUT', '/petstore/a/b/c', 'hello'])
  })

  it('sends the integration’s own verb and the URI’s query first', async () => {
    const { seen } = await call('GET', '/fixed?x=1')
    assert.deepEqual([seen?.method, seen?.url], ['POST', '/always/here?from=uri&x=1'])
  })

  it('appends the whole request path for the $default route; a named stage’s prefix is not sent', async () => {
    let { seen } = await call('GET', '/store-front/checkout?step=2')
    assert.equal(seen?.url, '/store-front/checkout?step=2')
    ;({ seen } = await call('GET', '/v2/cart/items'))
    assert.equal(seen?.url, '/cart/items')
  })

  it('fills ${stageVariables.x} in the URI per stage', async () => {
    const { r, seen } = await call('GET', '/v2/staged')
    assert.equal(r.status, 200)
    assert.equal(seen?.url, '/staged')
  })

  it('folds X-Forwarded-* into Forwarded with this hop, and never forwards Host', async () => {
    const { seen } = await call('GET', '/pets/1', { 'x-forwarded-for': '10.0.0.9' })
    assert.equal(seen?.headers['forwarded'], `for=10.0.0.9, for=127.0.0.1;host=${gw.host};proto=http`)
    assert.equal(seen?.headers['x-forwarded-for'], undefined)
    assert.notEqual(seen?.headers.host, gw.host)
  })

  it('sends no X-Amzn-Apigateway-Api-Id: REST’s header (AWS-recorded for REST and WebSocket backends only)', async () => {
    for (const [method, path] of [['GET', '/pets/1'], ['POST', '/store/orders'], ['GET', '/anything/else']] as const) {
      const { r, seen } = await call(method, path, {}, method === 'POST' ? '{}' : undefined)
      assert.equal(r.status, 200, path)
      assert.ok(seen, `the backend got ${path}`)
      assert.equal(seen.headers['x-amzn-apigateway-api-id'], undefined, `${path}: ${Object.keys(seen.headers).join(', ')}`)
    }
  })

  it('passes the backend’s status through', async () => {
    const { r } = await call('GET', '/store/status/418')
    assert.equal(r.status, 418)
  })

  it('answers 503 Service Unavailable on a timeout and 500 Internal Server Error when the backend is down', async () => {
    let { r } = await call('GET', '/slow')
    assert.equal(r.status, 503)
    assert.equal(r.body, '{"message":"Service Unavailable"}')
    ;({ r } = await call('GET', '/down'))
    assert.equal(r.status, 500)
    assert.equal(r.body, '{"message":"Internal Server Error"}')
  })

  it('refuses a path parameter that would form a dot segment in the backend path', async () => {
    const { r, seen } = await call('GET', '/pets/%2E%2E')
    assert.equal(r.status, 400)
    assert.equal(seen, undefined)
  })
})

describe('parameter mapping', () => {
  it('maps request headers and query parameters from the path, headers, context, stage variables and static text', async () => {
    const { seen } = await call('GET', '/mapped/42?q=orig&drop=1&keep=k', { 'user-agent': 'probe/1', 'x-secret': 's', 'x-extra': 'e', 'x-from-path': 'client' })
    assert.equal(seen?.headers['x-from-path'], 'client,42')
    assert.equal(seen?.headers['x-user-agent'], 'probe/1')
    assert.equal(seen?.headers['x-stage'], '$default')
    assert.equal(seen?.headers['x-variable'], 'pets-backend')
    assert.equal(seen?.headers['x-both'], '42-orig')
    assert.equal(seen?.headers['x-secret'], undefined)
    const query = new URLSearchParams(seen?.url.split('?')[1])
    assert.deepEqual(query.getAll('q'), ['replaced'])
    assert.deepEqual(query.getAll('extra'), ['e'])
    assert.deepEqual(query.getAll('keep'), ['k'])
    assert.equal(query.has('drop'), false)
  })

  it('reads $request.body with JSONPath and overwrites the path', async () => {
    const { seen } = await call('POST', '/body', { 'content-type': 'application/json' }, '{"pet":{"name":"Rex","id":9}}')
    assert.equal(seen?.headers['x-name'], 'Rex')
    assert.equal(seen?.url, '/rewritten/9')
  })

  it('reads $request.body whole whatever its type; a JSONPath into a body that is not JSON finds nothing', async () => {
    let { seen } = await call('POST', '/text', { 'content-type': 'text/plain' }, 'just text')
    assert.equal(seen?.headers['x-whole'], 'just text')
    assert.equal(seen?.headers['x-braced'], 'got just text')
    assert.equal(seen?.headers['x-part'], undefined)
    assert.equal(seen?.body, 'just text')
    ;({ seen } = await call('POST', '/text', { 'content-type': 'application/json' }, '{ "pet": "Rex" }'))
    assert.equal(seen?.headers['x-whole'], '{ "pet": "Rex" }', 'as sent, not re-serialised')
    assert.equal(seen?.headers['x-part'], 'Rex')
  })

  it('maps the response from $response.body, $response.body.x and $response.header.x (the body read before the head goes out)', async () => {
    let { r } = await call('GET', '/respond-body/200')
    assert.equal(r.status, 200)
    assert.equal(r.body, '{"backend":true}', 'the body still reaches the client')
    assert.equal(r.headers['x-body'], '{"backend":true}')
    assert.equal(r.headers['x-flag'], 'true')
    assert.equal(r.headers['x-echo'], 'yes')
    assert.equal(r.headers['x-backend'], 'yes')
    assert.equal(r.headers['x-none'], undefined, 'a path that finds nothing leaves the operation out')
    assert.equal(r.headers['content-length'], String('{"backend":true}'.length))
    ;({ r } = await call('GET', '/respond-body/418'))
    assert.equal(r.status, 418, 'a mapped status that is not a status code leaves the status as it was')
  })

  it('maps the response by the backend’s status, statuscode included', async () => {
    let { r } = await call('GET', '/respond/404')
    assert.equal(r.status, 410)
    assert.equal(r.headers['x-gone'], 'yes')
    ;({ r } = await call('GET', '/respond/200'))
    assert.equal(r.status, 200)
    assert.equal(r.headers['x-backend'], 'yes, also')
    assert.equal(r.headers['content-type'], undefined)
    assert.equal(r.headers['x-request'], r.headers['apigw-requestid'])
    ;({ r } = await call('GET', '/respond/201'))
    assert.equal(r.status, 201)
    assert.equal(r.headers['x-gone'], undefined)
  })
})
