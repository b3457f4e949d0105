/**
 * End to end through the real function runtime: handler files in
 * test/fixtures/lambda-events/handlers run in worker threads behind AWS_PROXY and AWS
 * integrations, answered over real HTTP.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { fileURLToPath } from 'node:url'
import { resolveConfigFile } from '../../src/config-file.ts'
import { createFunctionInvoker, type FunctionInvoker } from '../../src/functions/index.ts'
import type { UpstreamPools } from '../../src/integrations/index.ts'
import type { Integration } from '../../src/model/index.ts'
import { integration, type Gateway, useGateways } from './harness.ts'
import { lambdaUri, startLambdaGateway, type LambdaGatewayOptions } from './lambda-harness.ts'

const HANDLERS = fileURLToPath(new URL('../fixtures/lambda-events/handlers/', import.meta.url))

let invoker: FunctionInvoker
let upstream: UpstreamPools

const gateways = useGateways({ connections: 4 }, (started) => {
  upstream = started.upstream
  const config = resolveConfigFile(
    {
      functions: {
        echo: { handler: 'api.echo' },
        malformed: { handler: 'api.malformed' },
        throws: { handler: 'api.throws' },
        png: { handler: 'api.png' },
        slow: { handler: 'api.slow', timeout: 1 },
        custom: { handler: 'api.custom' },
        cjs: { handler: 'commonjs.handler', versions: { '1': { handler: 'commonjs.handler' } }, aliases: { live: '1' } },
      },
    },
    `${HANDLERS}portico.config.json`,
  )
  invoker = createFunctionInvoker({ config, accountId: '123456789012', region: 'us-east-1', hotReload: false })
  return () => invoker.close()
})

async function gateway(partial: Partial<Integration> & Pick<Integration, 'uri'>, options: Partial<LambdaGatewayOptions> = {}): Promise<Gateway> {
  const g = await startLambdaGateway({ integration: integration({ type: 'AWS_PROXY', httpMethod: 'POST', ...partial }), invoker, upstream, resourcePath: '/{proxy+}', ...options })
  gateways.own(g)
  return g
}

describe('AWS_PROXY through the function runtime', () => {
  it('delivers the 1.0 event to an ESM handler and returns its response', async () => {
    const g = await gateway({ uri: lambdaUri('echo') })
    const res = await fetch(`${g.url}/pets/7?q=1`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' })
    assert.equal(res.status, 200)
    const event = await res.json()
    assert.equal(event.path, '/pets/7')
    assert.deepEqual(event.pathParameters, { proxy: 'pets/7' })
    assert.deepEqual(event.queryStringParameters, { q: '1' })
    assert.equal(event.body, '{"a":1}')
    assert.equal(event.requestContext.requestId, res.headers.get('x-amzn-requestid'))
    assert.ok(res.headers.get('x-request-id'), 'context.awsRequestId')
    assert.ok(g.lastLog().some((l) => l.includes('path /pets/7')), g.lastLog().join('\n'))
  })

  it('runs a CommonJS handler through a version alias', async () => {
    const g = await gateway({ uri: lambdaUri('cjs:${stageVariables.alias}') }, { stageVariables: { alias: 'live' } })
    const res = await fetch(`${g.url}/x`, { method: 'PUT' })
    assert.equal(res.status, 201)
    assert.equal(res.headers.get('x-style'), 'commonjs, async')
    assert.equal(await res.text(), 'PUT')
    assert.ok(g.lastLog().some((l) => l.includes('X-Amz-Executed-Version=1')), g.lastLog().join('\n'))
  })

  it('answers 502 for a malformed response and for a handler that throws', async () => {
    for (const fn of ['malformed', 'throws']) {
      const g = await gateway({ uri: lambdaUri(fn) })
      const res = await fetch(`${g.url}/x`)
      assert.equal(res.status, 502, fn)
      assert.deepEqual(await res.json(), { message: 'Internal server error' })
    }
  })

  it('answers 502 when the function times out (1 s) and 504 when the integration does (200 ms)', async () => {
    let g = await gateway({ uri: lambdaUri('slow') })
    let res = await fetch(`${g.url}/x`)
    assert.equal(res.status, 502)
    g = await gateway({ uri: lambdaUri('slow'), timeoutInMillis: 200 })
    res = await fetch(`${g.url}/x`)
    assert.equal(res.status, 504)
    assert.deepEqual(await res.json(), { message: 'Endpoint request timed out' })
  })

  it('returns binary when Accept is a binary media type, 500 for an unknown function', async () => {
    let g = await gateway({ uri: lambdaUri('png') }, { binaryMediaTypes: ['image/png'] })
    let res = await fetch(`${g.url}/x`, { headers: { accept: 'image/png' } })
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]))
    assert.equal(res.headers.get('content-type'), 'image/png')
    g = await gateway({ uri: lambdaUri('nosuch') })
    res = await fetch(`${g.url}/x`)
    assert.equal(res.status, 500)
  })
})

describe('AWS (non-proxy) through the function runtime', () => {
  it('builds the event with a template and maps a callback error by selectionPattern', async () => {
    const g = await gateway(
      {
        type: 'AWS',
        uri: lambdaUri('custom'),
        requestTemplates: { 'application/json': `{"name": "$input.params('name')", "fail": #if($input.params('fail') != "")"$input.params('fail')"#{else}null#end}` },
        integrationResponses: {
          '200': { statusCode: '200', responseTemplates: { 'application/json': `{"message": "$input.path('$.greeting')"}` } },
          '400': { statusCode: '400', selectionPattern: '.*\\[BadRequest\\].*', responseTemplates: { 'application/json': `{"error": "$input.path('$.errorMessage')"}` } },
        },
      },
      { resourcePath: '/greet', methodResponses: ['200', '400'] },
    )
    let res = await fetch(`${g.url}/greet?name=Rex`)
    assert.equal(res.status, 200)
    assert.deepEqual(await res.json(), { message: 'hello Rex' })
    res = await fetch(`${g.url}/greet?name=Rex&fail=no+name`)
    assert.equal(res.status, 400)
    assert.deepEqual(await res.json(), { error: '[BadRequest] no name' })
  })
})
