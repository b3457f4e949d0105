/**
 * `portico cors enable` against a real Portico's management API, then a browser-shaped
 * preflight and actual request over real HTTP after deploying — the console's "Enable CORS".
 */
import { describe, it, before } from 'node:test'
import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { CreateDeploymentCommand, GetIntegrationCommand, GetMethodCommand, GetResourcesCommand, ImportRestApiCommand } from '@aws-sdk/client-api-gateway'
import { request } from 'undici'
import { runCli } from '../../src/cli/main.ts'
import { DEFAULT_ALLOW_HEADERS } from '../../src/cli/cors-command.ts'
import { ACCESS_KEY_ID, SECRET_ACCESS_KEY, useHarness } from '../control/harness.ts'

const mock = (template: string) => ({
  responses: { '200': { description: 'ok' } },
  'x-amazon-apigateway-integration': {
    type: 'mock',
    requestTemplates: { 'application/json': '{"statusCode": 200}' },
    responses: { default: { statusCode: '200', responseTemplates: { 'application/json': template } } },
  },
})
const DOC = {
  swagger: '2.0',
  info: { title: 'cors', version: '1' },
  paths: {
    '/pets': { get: mock('{"pets": []}'), post: mock('{"created": true}') },
    '/items': { put: mock('{"put": true}') },
    '/proxy': { get: { responses: {}, 'x-amazon-apigateway-integration': { type: 'http_proxy', httpMethod: 'GET', uri: 'http://127.0.0.1:9/' } } },
  },
}

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const sink = (append: (s: string) => void) => new Writable({ write: (chunk: Buffer, _enc, done) => (append(chunk.toString()), done()) })
  const code = await runCli(args, sink((s) => (stdout += s)) as never, sink((s) => (stderr += s)) as never)
  return { code, stdout, stderr }
}

describe('portico cors enable', () => {
  const h = useHarness()
  let apiId: string
  let base: string
  before(async () => {
    // the CLI signs its management calls with these
    process.env.AWS_ACCESS_KEY_ID = ACCESS_KEY_ID
    process.env.AWS_SECRET_ACCESS_KEY = SECRET_ACCESS_KEY
    apiId = (await h.client.send(new ImportRestApiCommand({ body: new TextEncoder().encode(JSON.stringify(DOC)) }))).id!
    base = `${h.portico.url}/_aws/execute-api/${apiId}/prod`
  })
  const endpoint = () => ['--endpoint-url', h.portico.url]

  it('sets up OPTIONS as the console does', async () => {
    const r = await cli(['cors', 'enable', apiId, '--resource', '/pets', '--gateway-responses', ...endpoint()])
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /CORS enabled on \/pets/)
    const pets = (await h.client.send(new GetResourcesCommand({ restApiId: apiId }))).items!.find((x) => x.path === '/pets')!
    const options = await h.client.send(new GetMethodCommand({ restApiId: apiId, resourceId: pets.id!, httpMethod: 'OPTIONS' }))
    assert.equal(options.authorizationType, 'NONE')
    assert.deepEqual(options.methodResponses!['200']!.responseParameters, {
      'method.response.header.Access-Control-Allow-Headers': false,
      'method.response.header.Access-Control-Allow-Methods': false,
      'method.response.header.Access-Control-Allow-Origin': false,
    })
    assert.deepEqual(options.methodResponses!['200']!.responseModels, { 'application/json': 'Empty' })
    const integration = await h.client.send(new GetIntegrationCommand({ restApiId: apiId, resourceId: pets.id!, httpMethod: 'OPTIONS' }))
    assert.equal(integration.type, 'MOCK')
    assert.equal(integration.passthroughBehavior, 'WHEN_NO_MATCH')
    assert.deepEqual(integration.requestTemplates, { 'application/json': '{"statusCode": 200}' })
    assert.deepEqual(integration.integrationResponses!['200']!.responseParameters, {
      'method.response.header.Access-Control-Allow-Headers': `'${DEFAULT_ALLOW_HEADERS}'`,
      'method.response.header.Access-Control-Allow-Methods': "'GET,OPTIONS,POST'",
      'method.response.header.Access-Control-Allow-Origin': "'*'",
    })
    const get = await h.client.send(new GetMethodCommand({ restApiId: apiId, resourceId: pets.id!, httpMethod: 'GET' }))
    assert.equal(get.methodResponses!['200']!.responseParameters!['method.response.header.Access-Control-Allow-Origin'], false)
    assert.equal(get.methodIntegration!.integrationResponses!['200']!.responseParameters!['method.response.header.Access-Control-Allow-Origin'], "'*'")
  })

  it('takes a resource id, an origin and methods, and leaves proxy integrations to their backend', async () => {
    const resources = (await h.client.send(new GetResourcesCommand({ restApiId: apiId }))).items!
    const items = resources.find((x) => x.path === '/items')!
    const r = await cli(['cors', 'enable', apiId, '--resource', items.id!, '--origin', 'https://app.example', '--methods', 'put,delete', ...endpoint()])
    assert.equal(r.code, 0, r.stderr)
    const proxy = await cli(['cors', 'enable', apiId, '--resource', '/proxy', ...endpoint()])
    assert.equal(proxy.code, 0, proxy.stderr)
    assert.match(proxy.stdout, /GET \/proxy: a proxy integration: the backend must send Access-Control-Allow-Origin itself/)
    const missing = await cli(['cors', 'enable', apiId, '--resource', '/nope', ...endpoint()])
    assert.equal(missing.code, 1)
    assert.match(missing.stderr, /has no resource with path or id "\/nope"/)
    const usage = await cli(['cors', 'enable', apiId, ...endpoint()])
    assert.equal(usage.code, 2)
  })

  it('answers a browser preflight and the actual request after deploying', async () => {
    await h.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod' }))
    await h.portico.settled()
    const preflight = await request(`${base}/pets`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-api-key' },
    })
    await preflight.body.text()
    assert.equal(preflight.statusCode, 200)
    assert.equal(preflight.headers['access-control-allow-origin'], '*')
    assert.equal(preflight.headers['access-control-allow-methods'], 'GET,OPTIONS,POST')
    assert.equal(preflight.headers['access-control-allow-headers'], DEFAULT_ALLOW_HEADERS)

    const actual = await request(`${base}/pets`, { method: 'POST', headers: { origin: 'https://app.example', 'content-type': 'application/json' }, body: '{}' })
    assert.equal(actual.statusCode, 200)
    assert.deepEqual(await actual.body.json(), { created: true })
    assert.equal(actual.headers['access-control-allow-origin'], '*')

    const items = await request(`${base}/items`, { method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-method': 'PUT' } })
    await items.body.text()
    assert.equal(items.headers['access-control-allow-origin'], 'https://app.example')
    assert.equal(items.headers['access-control-allow-methods'], 'DELETE,OPTIONS,PUT')
    const put = await request(`${base}/items`, { method: 'PUT', headers: { origin: 'https://app.example' } })
    await put.body.text()
    assert.equal(put.headers['access-control-allow-origin'], 'https://app.example')
  })

  it('puts the headers on error responses with --gateway-responses', async () => {
    const r = await request(`${base}/no/such/path`, { headers: { origin: 'https://app.example' } })
    assert.equal(r.statusCode, 403)
    await r.body.text()
    assert.equal(r.headers['access-control-allow-origin'], '*')
  })
})
