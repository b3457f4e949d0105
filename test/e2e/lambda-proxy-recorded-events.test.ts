/**
 * REST Lambda proxy events (payload 1.0) compared field by field with events AWS recorded:
 * LocalStack's snapshot tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json,
 * test_lambda_aws_proxy_integration (a `/{proxy+}` ANY method and a `/hardcoded` GET behind
 * AWS_PROXY, stage `stage`, host-style invoke URLs). Each case sends the recorded request
 * (path, query, headers) over real HTTP to a real Portico and checks what the function received:
 * trailing, doubled and prepended slashes, percent-encoded paths (kept encoded in `path` and in
 * `pathParameters`), `+` and `%2B` in query values, repeated query keys, header spelling
 * (Authorization Pascal-cased, others as sent), and the binary rules of the answer (a base64
 * body is decoded only when Accept names a binaryMediaType).
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { request } from 'node:http'
import { join } from 'node:path'
import type { Portico } from '../../src/main.ts'
import { useHarness } from '../control/harness.ts'
import { serveFile } from '../support/serve-file.ts'

const app = join(import.meta.dirname, '..', 'fixtures', 'lambda-events', 'recorded-app')
let portico: Portico
let apiId: string

useHarness({}, {
  configFile: join(app, 'portico.config.json'),
  setup: async (h) => {
    portico = h.portico
    apiId = (await serveFile(portico, join(app, 'api.yaml'), 'stage')).apiId
    await portico.settled()
  },
})

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

/** A host-style request with exactly this path and these headers (fetch would normalise both). */
function send(path: string, headers: Record<string, string>, method = 'GET', body?: string): Promise<Reply> {
  const url = new URL(portico.url)
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path, headers: { Host: `${apiId}.execute-api.localhost`, ...headers } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

// what python-requests sent in the recording
const SENT = { 'User-Agent': 'python-requests/testing', 'tEsT-HEADeR': 'aValUE', authorization: 'random-value', Accept: '*/*', 'Accept-Encoding': 'gzip, deflate' }
const RECEIVED_HEADERS = { Accept: '*/*', 'Accept-Encoding': 'gzip, deflate', Authorization: 'random-value', 'User-Agent': 'python-requests/testing', 'tEsT-HEADeR': 'aValUE' }

interface Recorded {
  /** the snapshot's key */
  name: string
  request: string
  path: string
  contextPath: string
  resource?: string
  pathParameters: Record<string, string> | null
  query: Record<string, string> | null
  multiQuery: Record<string, string[]> | null
}

const PROXY = (proxy: string) => ({ proxy })
const RECORDED: Recorded[] = [
  { name: 'without-trailing-slash', request: '/stage/proxy-value', path: '/proxy-value', contextPath: '/stage/proxy-value', pathParameters: PROXY('proxy-value'), query: null, multiQuery: null },
  { name: 'with-trailing-slash', request: '/stage/proxy-value/', path: '/proxy-value/', contextPath: '/stage/proxy-value/', pathParameters: PROXY('proxy-value'), query: null, multiQuery: null },
  {
    name: 'with-double-slash',
    request: '/stage/proxy-value//double-slash',
    path: '/proxy-value//double-slash',
    contextPath: '/stage/proxy-value//double-slash',
    pathParameters: PROXY('proxy-value//double-slash'),
    query: null,
    multiQuery: null,
  },
  { name: 'with-prepended-slash-to-stage', request: '//stage/proxy-value', path: '/proxy-value', contextPath: '/stage/proxy-value', pathParameters: PROXY('proxy-value'), query: null, multiQuery: null },
  { name: 'with-prepended-slash', request: '/stage//proxy-value', path: '/proxy-value', contextPath: '/stage//proxy-value', pathParameters: PROXY('proxy-value'), query: null, multiQuery: null },
  {
    name: 'without-trailing-slash-and-query-params',
    request: '/stage/proxy-value?urlparam=test',
    path: '/proxy-value',
    contextPath: '/stage/proxy-value',
    pathParameters: PROXY('proxy-value'),
    query: { urlparam: 'test' },
    multiQuery: { urlparam: ['test'] },
  },
  {
    name: 'with-trailing-slash-and-query-params',
    request: '/stage/proxy-value/?urlparam=test',
    path: '/proxy-value/',
    contextPath: '/stage/proxy-value/',
    pathParameters: PROXY('proxy-value'),
    query: { urlparam: 'test' },
    multiQuery: { urlparam: ['test'] },
  },
  {
    name: 'with-path-encoded-email',
    request: '/stage/proxy-value/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com',
    path: '/proxy-value/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com',
    contextPath: '/stage/proxy-value/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com',
    pathParameters: PROXY('proxy-value/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com'),
    query: null,
    multiQuery: null,
  },
  {
    name: 'with-params-encoding',
    // as python-requests sent it: the space percent-encoded, the fragment left behind
    request:
      '/stage/proxy-value/api?dateTimeOffset=2023-06-12T18:05:10.123456+00:00&email=test%2Balias@gmail.com&plus=test+alias@gmail.com&url=https://www.google.com/&whitespace=foo%20bar&zhash=abort/',
    path: '/proxy-value/api',
    contextPath: '/stage/proxy-value/api',
    pathParameters: PROXY('proxy-value/api'),
    query: {
      dateTimeOffset: '2023-06-12T18:05:10.123456 00:00',
      email: 'test+alias@gmail.com',
      plus: 'test alias@gmail.com',
      url: 'https://www.google.com/',
      whitespace: 'foo bar',
      zhash: 'abort/',
    },
    multiQuery: {
      dateTimeOffset: ['2023-06-12T18:05:10.123456 00:00'],
      email: ['test+alias@gmail.com'],
      plus: ['test alias@gmail.com'],
      url: ['https://www.google.com/'],
      whitespace: ['foo bar'],
      zhash: ['abort/'],
    },
  },
  { name: 'hardcoded', request: '/stage//hardcoded', path: '/hardcoded', contextPath: '/stage//hardcoded', resource: '/hardcoded', pathParameters: null, query: null, multiQuery: null },
]

describe("Lambda proxy events as AWS recorded them (test_lambda_aws_proxy_integration)", () => {
  for (const c of RECORDED) {
    it(`invocation-payload-${c.name}: ${c.request}`, async () => {
      const reply = await send(c.request, SENT)
      assert.equal(reply.status, 200, reply.body.toString())
      const event = JSON.parse(reply.body.toString())
      assert.equal(event.resource, c.resource ?? '/{proxy+}')
      assert.equal(event.path, c.path)
      assert.equal(event.httpMethod, 'GET')
      assert.deepEqual(event.pathParameters, c.pathParameters)
      assert.deepEqual(event.queryStringParameters, c.query)
      assert.deepEqual(event.multiValueQueryStringParameters, c.multiQuery)
      assert.equal(event.body, null)
      assert.equal(event.isBase64Encoded, false)
      assert.equal(event.stageVariables, null)
      assert.equal(event.requestContext.path, c.contextPath)
      assert.equal(event.requestContext.resourcePath, c.resource ?? '/{proxy+}')
      assert.equal(event.requestContext.stage, 'stage')
      assert.equal(event.requestContext.protocol, 'HTTP/1.1')
      const { Host: host, 'X-Amzn-Trace-Id': trace, ...headers } = event.headers as Record<string, string>
      assert.equal(host, `${apiId}.execute-api.localhost`)
      assert.match(trace!, /^Root=1-/)
      assert.deepEqual(headers, RECEIVED_HEADERS)
      assert.deepEqual(event.multiValueHeaders.Authorization, ['random-value'])
      assert.deepEqual(event.multiValueHeaders['tEsT-HEADeR'], ['aValUE'])
      // the identity block has AWS's keys, unknown callers as null
      assert.deepEqual(Object.keys(event.requestContext.identity).sort(), [
        'accessKey',
        'accountId',
        'caller',
        'cognitoAuthenticationProvider',
        'cognitoAuthenticationType',
        'cognitoIdentityId',
        'cognitoIdentityPoolId',
        'principalOrgId',
        'sourceIp',
        'user',
        'userAgent',
        'userArn',
      ])
      assert.equal(event.requestContext.identity.userAgent, 'python-requests/testing')
    })
  }

  it('invocation-payload-with-params-encoding-multi: repeated query keys (last wins in the single map), the body, Authorization spelled as AWS does', async () => {
    const body = JSON.stringify({ message: 'hello world' })
    const reply = await send(
      '/stage/proxy-value?category=electronics&category=books&price=10&price=20&price=30',
      { 'Content-Type': 'application/json;charset=utf-8', aUThorization: 'Bearer token123;API key456', 'User-Agent': 'python-requests/testing' },
      'POST',
      body,
    )
    assert.equal(reply.status, 200, reply.body.toString())
    const event = JSON.parse(reply.body.toString())
    assert.equal(event.httpMethod, 'POST')
    assert.deepEqual(event.queryStringParameters, { category: 'books', price: '30' })
    assert.deepEqual(event.multiValueQueryStringParameters, { category: ['electronics', 'books'], price: ['10', '20', '30'] })
    assert.equal(event.body, body)
    assert.equal(event.isBase64Encoded, false)
    assert.equal(event.headers.Authorization, 'Bearer token123;API key456')
    assert.equal(event.headers['Content-Type'], 'application/json;charset=utf-8')
  })

  it('repeated headers: the last value in headers, every value in multiValueHeaders', async () => {
    const url = new URL(portico.url)
    const reply = await new Promise<Reply>((resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, path: '/stage/proxy-value', headers: [['Host', `${apiId}.execute-api.localhost`], ['X-Multi', 'a'], ['X-Multi', 'b']] as unknown as Record<string, string> },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }))
        },
      )
      req.on('error', reject)
      req.end()
    })
    const event = JSON.parse(reply.body.toString())
    assert.equal(event.headers['X-Multi'], 'b')
    assert.deepEqual(event.multiValueHeaders['X-Multi'], ['a', 'b'])
  })
})

describe('binary bodies and the Accept / binaryMediaTypes rules (AWS_PROXY)', () => {
  it('a binary request body (a binaryMediaType) reaches the function base64-encoded', async () => {
    const bytes = Buffer.from([0, 1, 2, 253, 254, 255])
    const url = new URL(portico.url)
    const reply = await new Promise<Reply>((resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, method: 'POST', path: '/stage/upload', headers: { Host: `${apiId}.execute-api.localhost`, 'Content-Type': 'application/octet-stream' } },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }))
        },
      )
      req.on('error', reject)
      req.end(bytes)
    })
    const event = JSON.parse(reply.body.toString())
    assert.equal(event.isBase64Encoded, true)
    assert.equal(event.body, bytes.toString('base64'))
  })

  it('a text request body stays text', async () => {
    const event = JSON.parse((await send('/stage/upload', { 'Content-Type': 'text/plain' }, 'POST', 'héllo')).body.toString())
    assert.equal(event.isBase64Encoded, false)
    assert.equal(event.body, 'héllo')
  })

  it("a base64 answer is decoded when Accept's first type is a binaryMediaType, else sent as the base64 text", async () => {
    const binary = await send('/stage/image', { Accept: 'image/png' })
    assert.equal(binary.status, 200)
    assert.deepEqual([...binary.body], [0x89, 0x50, 0x4e, 0x47])
    const text = await send('/stage/image', { Accept: 'application/json' })
    assert.equal(text.body.toString(), Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString('base64'))
  })
})
