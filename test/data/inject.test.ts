/**
 * inject(): requests through a real Portico's plans (SQLite store, the local function runtime,
 * real backends on loopback) with no socket between the caller and the gateway — the same
 * limits, resolution, request phase and pipeline as a socket request, the answer collected in memory.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { serveFile } from '../support/serve-file.ts'
import { createInjector, type Inject } from '../../src/data/inject.ts'
import type { Portico } from '../../src/main.ts'
import { useHarness } from '../control/harness.ts'

const app = join(import.meta.dirname, '..', 'fixtures', 'e2e', 'lambda-app')
const FUNCTION = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:pets/invocations'
const CHUNK = Buffer.alloc(32 * 1024, 'z')
const CHUNKS = 40

let portico: Portico
let backend: Server
let backendUrl: string
let inject: Inject
let apiId: string
let streamBody = ''
let endlessClosed: Promise<void>
let onEndlessClosed: () => void = () => {}

/** writes CHUNKS chunks, each after the previous one drained and a timer, so the answer spans many turns */
function streamChunks(res: ServerResponse, left: number): void {
  if (left === 0) return void res.end()
  const next = (): void => void setTimeout(() => streamChunks(res, left - 1), 1)
  if (res.write(CHUNK)) next()
  else res.once('drain', next)
}

useHarness({}, {
  configFile: join(app, 'portico.config.json'),
  setup: async (h) => {
    portico = h.portico
    endlessClosed = new Promise((resolve) => (onEndlessClosed = resolve))
    backend = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => {
        if (req.url === '/stream') streamBody = Buffer.concat(chunks).toString()
      })
      if (req.url === '/stream') {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'x-backend': 'streamed' })
        return streamChunks(res, CHUNKS)
      }
      if (req.url === '/endless') {
        res.writeHead(200, { 'content-type': 'application/octet-stream' })
        res.on('close', () => onEndlessClosed())
        // bounded: stops after 20 MB if nobody cuts it off first
        return streamChunks(res, (20 * 1024 * 1024) / CHUNK.length)
      }
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ from: 'backend', url: req.url }))
    })
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve))
    backendUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`

    const file = join(h.dir, 'api.json')
    const ok = { '200': { description: 'ok' } }
    writeFileSync(
      file,
      JSON.stringify({
        openapi: '3.0.1',
        info: { title: 'Injected', version: '1' },
        paths: {
          '/mock': {
            get: {
              responses: ok,
              'x-amazon-apigateway-integration': {
                type: 'mock',
                requestTemplates: { 'application/json': '{"statusCode": 200}' },
                responses: { default: { statusCode: '200', responseTemplates: { 'application/json': '{"stage": "$context.stage", "requestId": "$context.requestId", "ip": "$context.identity.sourceIp"}' } } },
              },
            },
          },
          '/domain': {
            get: {
              responses: ok,
              'x-amazon-apigateway-integration': {
                type: 'mock',
                requestTemplates: { 'application/json': '{"statusCode": 200}' },
                responses: { default: { statusCode: '200', responseTemplates: { 'application/json': '{"base": "$context.customDomain.basePathMatched", "domain": "$context.domainName"}' } } },
              },
            },
          },
          '/http': {
            get: {
              responses: ok,
              'x-amazon-apigateway-integration': {
                type: 'http',
                httpMethod: 'GET',
                uri: `${backendUrl}/json`,
                responses: { default: { statusCode: '200', responseTemplates: { 'application/json': '{"wrapped": $input.json(\'$\')}' } } },
              },
            },
          },
          '/proxy/{proxy+}': {
            'x-amazon-apigateway-any-method': {
              parameters: [{ name: 'proxy', in: 'path', required: true, schema: { type: 'string' } }],
              responses: ok,
              'x-amazon-apigateway-integration': {
                type: 'http_proxy',
                httpMethod: 'ANY',
                uri: `${backendUrl}/{proxy}`,
                requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
              },
            },
          },
          '/pets/{petId}': {
            get: {
              parameters: [{ name: 'petId', in: 'path', required: true, schema: { type: 'string' } }],
              responses: ok,
              'x-amazon-apigateway-integration': { type: 'aws_proxy', httpMethod: 'POST', uri: FUNCTION },
            },
          },
        },
        'x-amazon-apigateway-gateway-responses': {
          MISSING_AUTHENTICATION_TOKEN: {
            statusCode: 404,
            responseParameters: { 'gatewayresponse.header.X-Rendered': "'by-the-api'" },
            responseTemplates: { 'application/json': '{"message": "Not found: $context.path"}' },
          },
        },
      }),
    )
    apiId = (await serveFile(portico, file, 'prod')).apiId
    await portico.settled()
    inject = createInjector({ registry: portico.registry })
    return async () => {
      backend.closeAllConnections()
      await new Promise((resolve) => backend.close(resolve))
    }
  },
})

const path = (rest: string): string => `/_aws/execute-api/${apiId}/prod${rest}`

describe('inject()', () => {
  it('MOCK: the answer, its request ids and Content-Length, as a socket client would get them', async () => {
    const r = await inject({ path: path('/mock') })
    assert.equal(r.statusCode, 200)
    const body = r.json() as { stage: string; requestId: string; ip: string }
    assert.equal(body.stage, 'prod')
    assert.equal(body.ip, '127.0.0.1')
    assert.equal(r.headers['x-amzn-requestid'], body.requestId)
    assert.match(String(r.headers['x-amz-apigw-id']), /^[A-Za-z0-9]{15}=$/)
    assert.equal(r.headers['content-length'], String(r.body.length))
    const chosen = await inject({ path: path('/mock'), headers: { 'x-amzn-RequestId': 'chosen-by-client' }, remoteAddress: '192.0.2.7' })
    assert.deepEqual(chosen.json(), { stage: 'prod', requestId: 'chosen-by-client', ip: '192.0.2.7' })
  })

  it('the host-style URL resolves too', async () => {
    const r = await inject({ path: '/prod/mock', headers: { Host: `${apiId}.execute-api.localhost` } })
    assert.equal(r.statusCode, 200)
    assert.equal((r.json() as { stage: string }).stage, 'prod')
  })

  it('a custom domain resolves as on a socket: base path stripped, $context.customDomain.basePathMatched set', async () => {
    portico.registry.setDomains([{ domainName: 'api.example.test', basePath: 'v1', apiId, stageName: 'prod' }])
    try {
      const r = await inject({ path: '/v1/domain', headers: { Host: 'api.example.test' } })
      assert.equal(r.statusCode, 200)
      assert.deepEqual(r.json(), { base: 'v1', domain: 'api.example.test' })
    } finally {
      portico.registry.setDomains([])
    }
  })

  it('HTTP: a real backend is called and its answer mapped', async () => {
    const r = await inject({ path: path('/http') })
    assert.equal(r.statusCode, 200)
    assert.deepEqual(r.json(), { wrapped: { from: 'backend', url: '/json' } })
  })

  it('AWS_PROXY: the local function runs and its proxy answer comes back', async () => {
    const r = await inject({ path: path('/pets/7?color=brown') })
    assert.equal(r.statusCode, 200, r.text())
    assert.equal(r.headers['x-function'], 'pets')
    assert.deepEqual(r.headers['x-multi'], ['a', 'b'])
    const body = r.json() as Record<string, unknown>
    assert.equal(body.path, '/pets/7')
    assert.deepEqual(body.query, { color: 'brown' })
    assert.equal(body.stage, 'prod')
  })

  it('HTTP_PROXY: a streamed answer is collected whole, with the request body sent on', async () => {
    const r = await inject({ method: 'POST', path: path('/proxy/stream'), body: 'sent along' })
    assert.equal(r.statusCode, 200)
    assert.equal(r.headers['x-backend'], 'streamed')
    assert.equal(r.headers['content-length'], undefined, 'the backend sent no length: none is invented')
    assert.equal(r.body.length, CHUNK.length * CHUNKS)
    assert.ok(r.body.equals(Buffer.alloc(CHUNK.length * CHUNKS, 'z')))
    assert.equal(streamBody, 'sent along')
  })

  it('HTTP_PROXY: a streamed answer past maxAnswerBytes rejects and stops the backend call', async () => {
    const small = createInjector({ registry: portico.registry, maxAnswerBytes: 256 * 1024 })
    await assert.rejects(small({ path: path('/proxy/endless') }), /exceeds 262144 bytes/)
    let timer: NodeJS.Timeout | undefined
    const safety = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('the backend call was not stopped')), 10_000)))
    await Promise.race([endlessClosed, safety]).finally(() => clearTimeout(timer))
  })

  it("errors are rendered through the API's gateway responses", async () => {
    const r = await inject({ path: path('/nowhere') })
    assert.equal(r.statusCode, 404)
    assert.deepEqual(r.json(), { message: 'Not found: /prod/nowhere' })
    assert.equal(r.headers['x-rendered'], 'by-the-api')
    assert.equal(r.headers['x-amzn-errortype'], 'MissingAuthenticationTokenException')
  })

  it('answers without a plan as the listener does: unknown API, unknown stage, neither URL form', async () => {
    const api = await inject({ path: '/_aws/execute-api/nosuchapi0/prod/mock' })
    assert.equal(api.statusCode, 403)
    assert.deepEqual(api.json(), { message: 'Forbidden' })
    const stage = await inject({ path: `/_aws/execute-api/${apiId}/nostage/mock` })
    assert.equal(stage.statusCode, 403)
    assert.deepEqual(stage.json(), { message: 'Missing Authentication Token' })
    const neither = await inject({ path: '/mock' })
    assert.equal(neither.statusCode, 404)
  })

  it("the listener's bounds apply: body, URL length", async () => {
    const bounded = createInjector({ registry: portico.registry, limits: { maxBodyBytes: 16 } })
    const large = await bounded({ method: 'POST', path: path('/mock'), body: 'x'.repeat(17) })
    assert.equal(large.statusCode, 413)
    assert.equal(large.headers['connection'], 'close')
    const long = await inject({ path: path('/mock?q=' + 'a'.repeat(10_300)) })
    assert.equal(long.statusCode, 414)
  })

  it('HEAD answers without a body', async () => {
    const r = await inject({ method: 'HEAD', path: path('/proxy/json') })
    assert.equal(r.statusCode, 200)
    assert.equal(r.body.length, 0)
  })

  it('a header a client could not send rejects', async () => {
    await assert.rejects(inject({ path: path('/mock'), headers: { 'bad header': 'x' } }), /Header name must be a valid HTTP token/)
  })
})
