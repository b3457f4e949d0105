import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { UpstreamPools } from '../../src/integrations/index.ts'
import { httpIntegration } from '../../src/integrations/http.ts'
import { integrationRequest } from '../../src/integrations/integration-request.ts'
import { integrationResponse } from '../../src/integrations/integration-response.ts'
import { compileEndpointUri } from '../../src/integrations/endpoint-uri.ts'
import { closedPort, integration, methodWith, startBackend, API_ID, type Gateway, type GatewayOptions, useGateways } from './harness.ts'
import { useStarted } from '../support/use-started.ts'

let upstream: UpstreamPools

const gateways = useGateways({ connections: 4 }, (started) => {
  upstream = started.upstream
})
const backend = useStarted(() =>
  startBackend((req, res) => {
    const url = new URL(req.url, 'http://backend')
    if (url.pathname.startsWith('/slow')) {
      setTimeout(() => {
        if (!res.destroyed) res.writeHead(200).end('late')
      }, 1000)
      return
    }
    if (url.pathname.startsWith('/big')) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' })
      res.end(Buffer.alloc(64 * 1024, 1))
      return
    }
    const status = Number(url.searchParams.get('status') ?? '200')
    res.writeHead(status, { 'Content-Type': 'application/json', 'X-Backend': 'b-1', Server: 'backend/1.0' })
    res.end(JSON.stringify({ path: url.pathname, query: url.search, body: req.body, message: status >= 400 ? 'boom' : 'ok', nested: { id: 7 } }))
  }),
)

const gateway = (options: Omit<GatewayOptions, 'upstream'>): Promise<Gateway> => gateways.start(options)

const passthrough = { '200': { statusCode: '200' } }

describe('HTTP integration request', () => {
  it('maps parameters from every source into path, query string and headers', async () => {
    const g = await gateway({
      resourcePath: '/pets/{petId}',
      stageVariables: { host: backend.origin.slice('http://'.length), flavour: 'salty' },
      integration: integration({
        type: 'HTTP',
        httpMethod: 'POST',
        uri: 'http://${stageVariables.host}/backend/{id}/items?fixed=1',
        requestParameters: {
          'integration.request.path.id': 'method.request.path.petId',
          'integration.request.querystring.q': 'method.request.querystring.search',
          'integration.request.querystring.static': "'s v'",
          'integration.request.header.X-Client': 'method.request.header.x-client',
          'integration.request.header.X-Request-Id': 'context.requestId',
          'integration.request.header.X-Verb': 'context.httpMethod',
          'integration.request.header.X-Flavour': 'stageVariables.flavour',
          'integration.request.header.X-Name': 'method.request.body.name',
          'integration.request.header.X-Missing': 'method.request.header.nope',
        },
        integrationResponses: passthrough,
      }),
    })
    const res = await fetch(g.url + '/pets/p%201?search=cats', {
      method: 'PUT',
      headers: { 'x-client': 'abc', 'content-type': 'application/json', 'x-not-mapped': 'dropped' },
      body: JSON.stringify({ name: 'Rex' }),
    })
    assert.equal(res.status, 200, await res.clone().text())
    const seen = backend.last()
    assert.equal(seen.method, 'POST')
    assert.equal(seen.url, '/backend/p%201/items?fixed=1&q=cats&static=s%20v')
    assert.equal(seen.headers['x-client'], 'abc')
    assert.match(String(seen.headers['x-request-id']), /^00000000-0000-4000-8000-/)
    assert.equal(seen.headers['x-verb'], 'PUT')
    assert.equal(seen.headers['x-flavour'], 'salty')
    assert.equal(seen.headers['x-name'], 'Rex')
    assert.equal(seen.headers['x-missing'], undefined)
    assert.equal(seen.headers['x-not-mapped'], undefined)
    assert.equal(seen.headers['user-agent'], `AmazonAPIGateway_${API_ID}`)
    assert.equal(seen.headers['accept'], 'application/json')
    assert.equal(seen.headers['x-amzn-apigateway-api-id'], API_ID)
    assert.equal(seen.headers['content-type'], 'application/json')
    // no template: the payload passes through
    assert.equal(seen.body, '{"name":"Rex"}')
    assert.ok(g.lastLog().some((l) => l.startsWith(`Endpoint request URI: ${backend.origin}/backend/p%201/items`)), g.lastLog().join('\n'))
  })

  it('renders the request template and applies requestOverride', async () => {
    const g = await gateway({
      integration: integration({
        type: 'HTTP',
        httpMethod: 'POST',
        uri: `${backend.origin}/items/{id}`,
        requestParameters: { 'integration.request.path.id': "'mapped'", 'integration.request.header.Xa': "'mapped'" },
        requestTemplates: {
          'application/json': [
            '#set($context.requestOverride.header.Xa = "override")',
            '#set($context.requestOverride.querystring.page = "2")',
            '#set($context.requestOverride.path.id = "over")',
            '{"name": $input.json(\'$.name\'), "stage": "$stageVariables.s"}',
          ].join('\n'),
        },
        integrationResponses: passthrough,
      }),
      stageVariables: { s: 'blue' },
    })
    const res = await fetch(g.url + '/', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"Ann"}' })
    assert.equal(res.status, 200)
    const seen = backend.last()
    assert.equal(seen.url, '/items/over?page=2')
    assert.equal(seen.headers['xa'], 'override')
    assert.deepEqual(JSON.parse(seen.body), { name: 'Ann', stage: 'blue' })
  })
})

describe('HTTP integration response', () => {
  const responses = {
    '200': {
      statusCode: '200',
      responseParameters: { 'method.response.header.X-From-Backend': 'integration.response.header.X-Backend', 'method.response.header.X-Id': 'integration.response.body.nested.id' },
    },
    '400': {
      statusCode: '400',
      selectionPattern: '4\\d{2}',
      responseTemplates: { 'application/json': '{"error": "$input.path(\'$.message\')", "status": "$!context.responseOverride.status"}' },
    },
  }

  it('passes the backend body through the default response with mapped headers', async () => {
    const g = await gateway({ methodResponses: ['200', '400'], integration: integration({ type: 'HTTP', httpMethod: 'GET', uri: `${backend.origin}/ok`, integrationResponses: responses }) })
    const res = await fetch(g.url + '/')
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('x-from-backend'), 'b-1')
    assert.equal(res.headers.get('x-id'), '7')
    // backend headers do not pass through a non-proxy integration
    assert.equal(res.headers.get('x-backend'), null)
    assert.equal(res.headers.get('content-type'), 'application/json')
    assert.equal((await res.json()).message, 'ok')
  })

  it('selects by regex on the backend status and renders the response template', async () => {
    const g = await gateway({ methodResponses: ['200', '400'], integration: integration({ type: 'HTTP', httpMethod: 'GET', uri: `${backend.origin}/x?status=404`, integrationResponses: responses }) })
    const res = await fetch(g.url + '/')
    assert.equal(res.status, 400)
    assert.deepEqual(await res.json(), { error: 'boom', status: '' })
  })

  it('answers 500 when no response matches and none is the default', async () => {
    const g = await gateway({
      methodResponses: ['400'],
      integration: integration({ type: 'HTTP', httpMethod: 'GET', uri: `${backend.origin}/x`, integrationResponses: { '400': responses['400'] } }),
    })
    const res = await fetch(g.url + '/')
    assert.equal(res.status, 500)
    assert.deepEqual(await res.json(), { message: 'Internal server error' })
  })

  it('applies a responseOverride status and header from the response template', async () => {
    const g = await gateway({
      integration: integration({
        type: 'HTTP',
        httpMethod: 'GET',
        uri: `${backend.origin}/x`,
        integrationResponses: {
          '200': {
            statusCode: '200',
            responseTemplates: { 'application/json': '#set($context.responseOverride.status = 201)#set($context.responseOverride.header.XOver = "yes"){"done": true}' },
          },
        },
      }),
    })
    const res = await fetch(g.url + '/')
    assert.equal(res.status, 201)
    assert.equal(res.headers.get('xover'), 'yes')
    assert.deepEqual(await res.json(), { done: true })
  })
})

describe('execution log', () => {
  it('follows the lines AWS writes for a non-proxy HTTP call', async () => {
    const g = await gateway({ integration: integration({ type: 'HTTP', httpMethod: 'GET', uri: `${backend.origin}/logged`, integrationResponses: passthrough }) })
    await (await fetch(g.url + '/?a=1')).arrayBuffer()
    const prefixes = [
      'Method request path: {}',
      'Method request query string: {a=1}',
      'Method request headers: {',
      'Method request body before transformations: ',
      `Endpoint request URI: ${backend.origin}/logged`,
      'Endpoint request headers: {',
      'Endpoint request body after transformations: ',
      `Sending request to ${backend.origin}/logged`,
      'Received response. Status: 200, Integration latency: ',
      'Endpoint response headers: {',
      'Endpoint response body before transformations: {',
      'Method response body after transformations: {',
      'Method response headers: {Content-Type=application/json}',
      'Successfully completed execution',
      'Method completed with status: 200',
    ]
    const log = g.lastLog()
    assert.equal(log.length, prefixes.length, log.join('\n'))
    prefixes.forEach((prefix, i) => assert.ok(log[i]!.startsWith(prefix), `${log[i]} should start with ${prefix}`))
  })
})

describe('HTTP integration failures', () => {
  it('times out with 504 Endpoint request timed out', async () => {
    const g = await gateway({ integration: integration({ type: 'HTTP', httpMethod: 'GET', uri: `${backend.origin}/slow`, timeoutInMillis: 100, integrationResponses: passthrough }) })
    const started = Date.now()
    const res = await fetch(g.url + '/')
    assert.equal(res.status, 504)
    assert.deepEqual(await res.json(), { message: 'Endpoint request timed out' })
    assert.ok(Date.now() - started < 900)
    assert.ok(g.lastLog().includes('Execution failed due to a timeout error'))
  })

  it('answers 500 Internal server error for an unreachable backend', async () => {
    const port = await closedPort()
    const g = await gateway({ integration: integration({ type: 'HTTP', httpMethod: 'GET', uri: `http://127.0.0.1:${port}/`, integrationResponses: passthrough }) })
    const res = await fetch(g.url + '/')
    assert.equal(res.status, 500)
    assert.equal(res.headers.get('x-amzn-errortype'), 'InternalServerErrorException')
    assert.deepEqual(await res.json(), { message: 'Internal server error' })
  })

  it('answers 500 when a stage variable leaves the URI without a host', async () => {
    const g = await gateway({ integration: integration({ type: 'HTTP', httpMethod: 'GET', uri: 'https://${stageVariables.testHost}/x', integrationResponses: passthrough }) })
    const res = await fetch(g.url + '/')
    assert.equal(res.status, 500)
    assert.ok(g.lastLog().includes('Execution failed due to configuration error: Invalid endpoint address'))
  })

  it('refuses an endpoint response over the buffer bound', async () => {
    const target = integration({ type: 'HTTP', httpMethod: 'GET', uri: `${backend.origin}/big`, integrationResponses: passthrough })
    const method = methodWith(target, 'GET', ['200'])
    const uri = compileEndpointUri(target.uri, {}, 'GET /')
    const g = await gateway({
      integration: target,
      stages: [integrationRequest(target, 'GET /'), httpIntegration({ integration: target, uri, upstream, maxResponseBytes: 1024 }), integrationResponse(target, method, 'GET /')],
    })
    const res = await fetch(g.url + '/')
    assert.equal(res.status, 500)
    // the pool still serves the next request
    const ok = await gateway({ integration: integration({ type: 'HTTP', httpMethod: 'GET', uri: `${backend.origin}/ok`, integrationResponses: passthrough }) })
    assert.equal((await fetch(ok.url + '/')).status, 200)
  })
})
