/**
 * AWS_PROXY on HTTP APIs through the real function runtime: the payload 2.0 event compared
 * field by field with AWS's documented sample (http-api-develop-integrations-lambda.md), the 2.0
 * response inference, cookies, base64, the 500/503 answers, and payload 1.0.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { FunctionInvoker } from '../../src/functions/index.ts'
import { createUpstreamPools, type UpstreamPools } from '../../src/integrations/index.ts'
import { send, useServed } from '../data/fixtures.ts'
import { handlerRuntime, httpApi, httpPlan, lambda, HTTP_API_ID } from './harness.ts'

let invoker: FunctionInvoker
let upstream: UpstreamPools

const gw = useServed(async (own) => {
  invoker = own(handlerRuntime())
  upstream = own(createUpstreamPools({ connections: 2 }))
  const routes = httpApi({
    'ANY /{proxy+}': lambda('echo'),
    'POST /v1/echo': lambda('echo', { payloadFormatVersion: '1.0' }),
    'POST /mapped1': lambda('echo', {
      payloadFormatVersion: '1.0',
      requestParameters: {
        'append:header.x-pet': '$request.body.pet',
        'overwrite:header.x-stage': '$context.stage',
        'remove:header.x-drop': "''",
        'overwrite:querystring.q': 'fixed',
        'append:querystring.from': '$request.header.x-from',
        'overwrite:path': '/elsewhere/${request.body.pet}',
      },
    }),
    'GET /bare/string': lambda('bareString'),
    'GET /bare/object': lambda('bareObject'),
    'GET /bare/array': lambda('bareArray'),
    'GET /cookies': lambda('cookies'),
    'GET /binary': lambda('binary'),
    'GET /bad/status': lambda('badStatus'),
    'GET /bad/v1': lambda('extraField', { payloadFormatVersion: '1.0' }),
    'GET /plain': lambda('plain'),
    'GET /throws': lambda('throws'),
    'GET /slow': lambda('slow', { timeoutInMillis: 200 }),
    'GET /missing': lambda('noSuchFunction'),
    $default: lambda('echo'),
  })
  return [httpPlan(routes, '$default', { upstream, invoker }), httpPlan(routes, 'v1', { upstream, invoker, stageVariables: { k: 'v' } })]
})

function get(path: string, options: { method?: string; headers?: Record<string, string | string[]>; body?: string | Buffer } = {}) {
  return send(gw.address.port, { ...options, path, headers: { host: gw.host, ...options.headers } })
}

describe('the payload 2.0 event', () => {
  it('carries every field of AWS’s sample, named stage prefix kept in rawPath', async () => {
    const r = await get('/v1/my/path?a=1&a=2&b=x%5B0%5D', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'curl/7.68.0', 'x-baz': ['eee', 'ff,f'], cookie: 'c1=v1; c2=v2' },
      body: '{"aaa":123}',
    })
    assert.equal(r.status, 200)
    const event = r.json()
    assert.equal(event.version, '2.0')
    assert.equal(event.routeKey, 'ANY /{proxy+}')
    assert.equal(event.rawPath, '/v1/my/path')
    assert.equal(event.rawQueryString, 'a=1&a=2&b=x%5B0%5D')
    assert.deepEqual(event.cookies, ['c1=v1', 'c2=v2'])
    assert.equal(event.headers.cookie, undefined, 'the cookie header moves to cookies')
    assert.equal(event.headers['x-baz'], 'eee,ff,f')
    assert.equal(event.headers['content-type'], 'application/json')
    assert.equal(event.headers['user-agent'], 'curl/7.68.0')
    assert.equal(event.headers['x-forwarded-for'], '127.0.0.1')
    assert.equal(event.headers['x-forwarded-proto'], 'http')
    assert.match(event.headers['x-amzn-trace-id'], /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/)
    assert.deepEqual(event.queryStringParameters, { a: '1,2', b: 'x[0]' })
    assert.deepEqual(event.pathParameters, { proxy: 'my/path' })
    assert.deepEqual(event.stageVariables, { k: 'v' })
    assert.equal(event.body, '{"aaa":123}')
    assert.equal(event.isBase64Encoded, false)
    const rc = event.requestContext
    assert.equal(rc.accountId, '123456789012')
    assert.equal(rc.apiId, HTTP_API_ID)
    assert.equal(rc.domainName, gw.host)
    assert.equal(rc.domainPrefix, HTTP_API_ID)
    assert.deepEqual(rc.http, { method: 'POST', path: '/v1/my/path', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'curl/7.68.0' })
    assert.equal(rc.routeKey, 'ANY /{proxy+}')
    assert.equal(rc.stage, 'v1')
    assert.equal(rc.requestId, r.headers['apigw-requestid'])
    // AWS's HTTP API request ids are 16 base64-like characters ending in `=` (e.g. `BitA2hMuNjMEPFQ=`), not UUIDs
    assert.match(rc.requestId, /^[A-Za-z0-9]{15}=$/)
    assert.match(rc.time, /^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/)
    assert.equal(typeof rc.timeEpoch, 'number')
    assert.ok(rc.timeEpoch > 1e12, 'timeEpoch is in milliseconds')
  })

  it('leaves out what is empty, keeps rawQueryString "", and $default has no stage prefix', async () => {
    const event = (await get('/anything')).json()
    assert.equal(event.rawPath, '/anything')
    assert.equal(event.rawQueryString, '')
    assert.equal(event.requestContext.stage, '$default')
    for (const absent of ['cookies', 'queryStringParameters', 'stageVariables', 'body']) assert.ok(!(absent in event), absent)
    assert.ok(!('authorizer' in event.requestContext))
  })

  it('sends a body base64 unless its type is text-like; no Content-Type counts as binary', async () => {
    let event = (await get('/x', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' })).json()
    assert.deepEqual([event.isBase64Encoded, event.body], [true, Buffer.from('a=1').toString('base64')])
    event = (await get('/x', { method: 'POST', body: 'raw' })).json()
    assert.equal(event.isBase64Encoded, true)
    event = (await get('/x', { method: 'POST', headers: { 'content-type': 'text/csv; charset=utf-8' }, body: 'a,b' })).json()
    assert.deepEqual([event.isBase64Encoded, event.body], [false, 'a,b'])
  })
})

describe('the 2.0 response', () => {
  it('infers 200 application/json from a bare string, an object and an array', async () => {
    for (const [path, body] of [
      ['/bare/string', 'Hello from Lambda!'],
      ['/bare/object', '{"message":"Hello from Lambda!"}'],
      ['/bare/array', '[1,"two"]'],
    ] as const) {
      const r = await get(path)
      assert.equal(r.status, 200, path)
      assert.equal(r.headers['content-type'], 'application/json', path)
      assert.equal(r.body, body, path)
    }
  })

  it('turns cookies into set-cookie headers and keeps header values of any scalar type', async () => {
    const r = await get('/cookies')
    assert.equal(r.status, 201)
    assert.deepEqual(r.headers['set-cookie'], ['a=1; Path=/', 'b=2; HttpOnly'])
    assert.equal(r.headers['x-count'], '2')
    assert.equal(r.headers['x-flag'], 'true')
    assert.equal(r.body, 'made')
  })

  it('decodes a base64 body unconditionally; an explicit response without a type is text/plain', async () => {
    const r = await send(gw.address.port, { path: '/binary', headers: { host: gw.host } })
    assert.equal(r.headers['content-type'], 'image/png')
    const bin = await fetch(`${gw.origin}/_aws/execute-api/${HTTP_API_ID}/binary`)
    assert.deepEqual(Buffer.from(await bin.arrayBuffer()), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]))
    const plain = await get('/plain')
    assert.equal(plain.status, 202)
    assert.equal(plain.headers['content-type'], 'text/plain; charset=utf-8')
  })

  it('answers 500 Internal Server Error for a malformed response, a handler that throws, an unknown function', async () => {
    for (const path of ['/bad/status', '/bad/v1', '/throws', '/missing']) {
      const r = await get(path)
      assert.equal(r.status, 500, path)
      assert.equal(r.body, '{"message":"Internal Server Error"}', path)
      assert.ok(r.headers['apigw-requestid'], path)
    }
  })

  it('answers 503 Service Unavailable when the integration times out', async () => {
    const r = await get('/slow')
    assert.equal(r.status, 503)
    assert.equal(r.body, '{"message":"Service Unavailable"}')
  })
})

describe('payload 1.0 on an HTTP API', () => {
  it('is the REST event with version 1.0, the route as resource and the stage prefix in requestContext.path', async () => {
    const r = await get('/v1/v1/echo?q=1', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' })
    assert.equal(r.status, 200)
    const event = r.json()
    assert.equal(event.version, '1.0')
    assert.equal(event.resource, '/v1/echo')
    assert.equal(event.path, '/v1/echo')
    assert.equal(event.httpMethod, 'POST')
    assert.deepEqual(event.queryStringParameters, { q: '1' })
    assert.deepEqual(event.multiValueQueryStringParameters, { q: ['1'] })
    assert.equal(event.body, '{"a":1}')
    assert.equal(event.isBase64Encoded, false)
    assert.equal(event.requestContext.path, '/v1/v1/echo')
    assert.equal(event.requestContext.stage, 'v1')
    assert.equal(event.requestContext.routeKey, 'POST /v1/echo')
  })

  it('carries the integration\'s request parameter mapping: headers, query string and path', async () => {
    // http-api-parameter-mapping.md: requests are mapped "before they reach your backend
    // integrations", with no exception for payload 1.0
    const r = await get('/mapped1?q=1&q=2&keep=k', { method: 'POST', headers: { 'content-type': 'application/json', 'x-drop': 'gone', 'x-from': 'client' }, body: '{"pet":"rex"}' })
    assert.equal(r.status, 200)
    const event = r.json()
    assert.equal(event.version, '1.0')
    assert.equal(event.headers['x-pet'], 'rex')
    assert.deepEqual(event.multiValueHeaders['x-pet'], ['rex'])
    assert.equal(event.headers['x-stage'], '$default')
    assert.equal(event.headers['x-drop'], undefined)
    assert.equal(event.multiValueHeaders['x-drop'], undefined)
    assert.equal(event.headers['x-from'], 'client', 'what is not mapped stays')
    assert.deepEqual(event.queryStringParameters, { q: 'fixed', keep: 'k', from: 'client' })
    assert.deepEqual(event.multiValueQueryStringParameters, { q: ['fixed'], keep: ['k'], from: ['client'] })
    assert.equal(event.path, '/elsewhere/rex')
    assert.equal(event.resource, '/mapped1')
    assert.equal(event.requestContext.path, '/mapped1', 'the context keeps the path the client called')
    assert.equal(event.body, '{"pet":"rex"}')
  })
})
