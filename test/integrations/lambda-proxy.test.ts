import { before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { IntegrationConfigError, type UpstreamPools } from '../../src/integrations/index.ts'
import { integration, type Gateway, useGateways } from './harness.ts'
import { compileWith, fakeInvoker, lambdaUri, startLambdaGateway, type FakeInvoker, type LambdaGatewayOptions } from './lambda-harness.ts'

let upstream: UpstreamPools

/** Returns whatever the request body says, as the LocalStack AWS-validated tests do. */
const fromBody = (event: { body: string | null }) => (event.body === null ? null : JSON.parse(event.body))

const invoker: FakeInvoker = fakeInvoker(
  {
    fromBody,
    throws: () => {
      throw new Error('boom [BadRequest]')
    },
    slow: { handler: async () => (await sleep(400), { statusCode: 200 }), timeoutMs: 100 },
    slower: async () => (await sleep(1000), { statusCode: 200 }),
    logs: (_event, context) => {
      context.log('hello from the handler')
      return { statusCode: 204 }
    },
    aliased: (_e, context) => ({ statusCode: 200, body: `alias=${context.qualifier ?? '$LATEST'}` }),
    'aliased:prod': (_e, context) => ({ statusCode: 200, body: `alias=${context.qualifier}` }),
    throttled: () => ({ statusCode: 200 }),
  },
  ['throttled'],
)

const gateways = useGateways({ connections: 4 }, (started) => {
  upstream = started.upstream
})

async function gateway(fn: string, options: Partial<LambdaGatewayOptions> = {}): Promise<Gateway> {
  const g = await startLambdaGateway({
    integration: integration({ type: 'AWS_PROXY', httpMethod: 'POST', uri: lambdaUri(fn) }),
    invoker,
    upstream,
    resourcePath: '/{proxy+}',
    ...options,
  })
  gateways.own(g)
  return g
}

async function returning(g: Gateway, result: unknown, headers: Record<string, string> = {}) {
  return fetch(`${g.url}/test`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(result) })
}

const INTERNAL = { message: 'Internal server error' }

describe('AWS_PROXY response', () => {
  let g: Gateway
  before(async () => {
    g = await gateway('fromBody')
  })

  // AWS-recorded (LocalStack test_aws_proxy_response_payload_format_validation / _response_format)
  const malformed: Array<[string, unknown]> = [
    ['a bare string', 'justAString'],
    ['an unknown top-level key', { statusCode: 200, wrongValue: 'value' }],
    ['a non-numeric statusCode', { statusCode: 'test' }],
    ['multiValueHeaders values that are not lists', { statusCode: 200, multiValueHeaders: { 'test-multi-invalid': 'value1' } }],
    // guessed: Jackson cannot read these as the documented types
    ['a body that is an object', { statusCode: 200, body: { a: 1 } }],
    ['header values that are objects', { statusCode: 200, headers: { a: { b: 1 } } }],
    ['headers that are a list', { statusCode: 200, headers: ['a'] }],
    ['null', null],
    ['a list', [{ statusCode: 200 }]],
    ['isBase64Encoded that is not a boolean', { statusCode: 200, isBase64Encoded: 'yes' }],
    ['a status outside 100-599', { statusCode: 700 }],
  ]
  for (const [what, result] of malformed) {
    it(`answers 502 Internal server error for ${what}`, async () => {
      const res = await returning(g, result)
      assert.equal(res.status, 502)
      assert.deepEqual(await res.json(), INTERNAL)
      assert.equal(res.headers.get('x-amzn-errortype'), 'InternalServerErrorException')
      assert.ok(g.lastLog().some((l) => l.startsWith('Execution failed due to configuration error: Malformed Lambda proxy response')), g.lastLog().join('\n'))
      assert.equal(g.lastLog().at(-1), 'Method completed with status: 502')
    })
  }

  it('accepts an empty object: 200, empty body, application/json (AWS-recorded)', async () => {
    const res = await returning(g, {})
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('content-type'), 'application/json')
    assert.equal(await res.text(), '')
  })

  it('accepts a numeric string status, boolean header values and null headers (AWS-recorded)', async () => {
    let res = await returning(g, { statusCode: '201' })
    assert.equal(res.status, 201)
    res = await returning(g, { statusCode: 200, headers: { 'test-header': 'value', 'header-bool': true } })
    assert.equal(res.headers.get('header-bool'), 'true')
    assert.equal(res.headers.get('test-header'), 'value')
    res = await returning(g, { statusCode: 200, headers: null })
    assert.equal(res.status, 200)
  })

  it('sends every multi value, then the single value of the same name, spelled as in multiValueHeaders', async () => {
    const res = await returning(g, { statusCode: 200, multiValueHeaders: { 'tesT-Multi': ['value-multi', 'value-2'] }, headers: { 'test-multi': 'value-solo', 'Content-Type': 'text/plain' } })
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('test-multi'), 'value-multi, value-2, value-solo')
    assert.equal(res.headers.get('content-type'), 'text/plain')
    const raw = await rawHeaders(`${g.url}/test`, { statusCode: 200, multiValueHeaders: { 'tesT-Multi': ['a'] }, headers: { 'test-multi': 'b' } })
    assert.deepEqual(raw.filter(([n]) => n.toLowerCase() === 'test-multi'), [['tesT-Multi', 'a'], ['tesT-Multi', 'b']])
  })

  it('returns a base64 body as text unless the first Accept value is a binary media type (AWS-recorded)', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 255])
    const result = { statusCode: 200, body: png.toString('base64'), isBase64Encoded: true, headers: { 'Content-Type': 'image/png' } }
    const plain = await gateway('fromBody')
    let res = await returning(plain, result, { accept: 'image/png' })
    assert.equal(await res.text(), png.toString('base64'), 'no binaryMediaTypes: base64 text')

    // the request goes as text/plain: application/* would make it binary (base64) on the way in
    const binary = await gateway('fromBody', { binaryMediaTypes: ['image/png', 'application/*'] })
    const text = { 'content-type': 'text/plain' }
    res = await returning(binary, result, { ...text, accept: 'image/png' })
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), png)
    res = await returning(binary, result, { ...text, accept: 'image/png,image/*,*/*;q=0.8' })
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), png)
    res = await returning(binary, { ...result, headers: {} }, { ...text, accept: 'application/whatever' })
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), png, 'the Content-Type plays no part')
    for (const accept of ['image/jpg', 'image/*', '*/*', 'image/webp,image/png']) {
      res = await returning(binary, result, { ...text, accept })
      assert.equal(await res.text(), png.toString('base64'), accept)
    }
    res = await returning(binary, { ...result, isBase64Encoded: false }, { ...text, accept: 'image/png' })
    assert.equal(await res.text(), png.toString('base64'), 'isBase64Encoded false')

    res = await returning(binary, { ...result, body: 'èé+à)(' }, { ...text, accept: 'image/png' })
    assert.equal(res.status, 500, 'a body that is not base64')
  })

  it('passes a binary request body base64-encoded when its Content-Type is a binary media type', async () => {
    const echo = fakeInvoker({ echo: (event) => ({ statusCode: 200, body: JSON.stringify({ body: event.body, isBase64Encoded: event.isBase64Encoded }) }) })
    const g2 = await gateway('echo', { invoker: echo, binaryMediaTypes: ['application/octet-stream'] })
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252])
    let res = await fetch(`${g2.url}/up`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: bytes })
    assert.deepEqual(await res.json(), { body: bytes.toString('base64'), isBase64Encoded: true })
    res = await fetch(`${g2.url}/up`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'héllo' })
    assert.deepEqual(await res.json(), { body: 'héllo', isBase64Encoded: false })
  })
})

describe('AWS_PROXY failures', () => {
  it('answers a function error with 502 and logs it as AWS does', async () => {
    const g = await gateway('throws')
    const res = await fetch(`${g.url}/x`)
    assert.equal(res.status, 502)
    assert.deepEqual(await res.json(), INTERNAL)
    assert.ok(g.lastLog().some((l) => l.startsWith('Lambda execution failed with status 200 due to customer function error: boom [BadRequest]')), g.lastLog().join('\n'))
  })

  it("answers the function's own timeout with 502 and the integration timeout with 504", async () => {
    let g = await gateway('slow')
    let res = await fetch(`${g.url}/x`)
    assert.equal(res.status, 502, 'function timeout (100 ms) before the integration timeout (29 s)')
    assert.ok(g.lastLog().some((l) => l.includes('Task timed out after 0.10 seconds')))

    g = await startLambdaGateway({ integration: integration({ type: 'AWS_PROXY', httpMethod: 'POST', uri: lambdaUri('slower'), timeoutInMillis: 100 }), invoker, upstream })
    gateways.own(g)
    const started = Date.now()
    res = await fetch(`${g.url}/`)
    assert.equal(res.status, 504)
    assert.deepEqual(await res.json(), { message: 'Endpoint request timed out' })
    assert.ok(Date.now() - started < 900, 'answered at the integration timeout, not when the function ends')
    assert.ok(g.lastLog().includes('Execution failed due to a timeout error'))
  })

  it('answers 500 when Lambda refuses the invocation (unknown function, throttled)', async () => {
    for (const fn of ['nosuchfunction', 'throttled']) {
      const g = await gateway(fn)
      const res = await fetch(`${g.url}/x`)
      assert.equal(res.status, 500, fn)
      assert.deepEqual(await res.json(), INTERNAL)
    }
    assert.ok(gateways.at(-1)!.lastLog().includes('Execution failed due to configuration error: Rate Exceeded.'))
  })

  it('answers 500 when the integration verb is not POST (AWS-recorded)', async () => {
    const g = await startLambdaGateway({ integration: integration({ type: 'AWS_PROXY', httpMethod: 'GET', uri: lambdaUri('fromBody') }), invoker, upstream })
    gateways.own(g)
    const res = await fetch(`${g.url}/`)
    assert.equal(res.status, 500)
    assert.deepEqual(await res.json(), INTERNAL)
  })

  it('logs the Lambda call and the function output with the request id', async () => {
    const g = await gateway('logs')
    const res = await fetch(`${g.url}/x`)
    assert.equal(res.status, 204)
    const log = g.lastLog()
    const requestId = res.headers.get('x-amzn-requestid')!
    assert.ok(log.includes(`Endpoint request URI: https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:logs/invocations`), log.join('\n'))
    assert.ok(log.some((l) => l.startsWith('Endpoint request body after transformations: {"resource":"/{proxy+}"')))
    assert.ok(log.includes(`${requestId}\tINFO\thello from the handler`))
    assert.ok(log.some((l) => /^Received response\. Status: 200, Integration latency: \d+ ms$/.test(l)))
    assert.equal(log.at(-1), 'Method completed with status: 204')
  })
})

describe('Lambda integration URI', () => {
  it('fills an alias from a stage variable per stage', async () => {
    const uri = lambdaUri('aliased:${stageVariables.lambdaAlias}')
    const calls = invoker.calls.length
    const prod = await startLambdaGateway({ integration: integration({ type: 'AWS_PROXY', httpMethod: 'POST', uri }), invoker, upstream, stageVariables: { lambdaAlias: 'prod' } })
    gateways.own(prod)
    assert.equal(await (await fetch(`${prod.url}/`)).text(), 'alias=prod')
    assert.equal(invoker.calls[calls]!.qualifier, 'prod')
    assert.equal(invoker.calls[calls]!.functionName, 'aliased')

    const missing = await startLambdaGateway({ integration: integration({ type: 'AWS_PROXY', httpMethod: 'POST', uri }), invoker, upstream, stageVariables: {} })
    gateways.own(missing)
    const res = await fetch(`${missing.url}/`)
    assert.equal(res.status, 500)
    assert.ok(missing.lastLog().some((l) => l.includes('undefined stage variables: lambdaAlias')), missing.lastLog().join('\n'))
  })

  it('fills the whole function name from a stage variable; $LATEST is no qualifier', async () => {
    const g = await startLambdaGateway({ integration: integration({ type: 'AWS_PROXY', httpMethod: 'POST', uri: lambdaUri('${stageVariables.fn}:$LATEST') }), invoker, upstream, stageVariables: { fn: 'aliased' } })
    gateways.own(g)
    assert.equal(await (await fetch(`${g.url}/`)).text(), 'alias=$LATEST')
  })

  it("refuses at compile time what AWS refuses at PutIntegration, with AWS's messages", () => {
    const compile = (uri: string | undefined, type: 'AWS' | 'AWS_PROXY' = 'AWS_PROXY') => () => compileWith({ integration: integration({ type, httpMethod: 'POST', uri }), invoker, upstream })
    assert.throws(compile('http://example.com/'), (e: Error) => e instanceof IntegrationConfigError && e.message.startsWith('Invalid ARN specified in the request'))
    assert.throws(compile('arn:aws:apigateway:us-east-1:lambda:functions/x'), /^IntegrationConfigError: AWS ARN for integration must contain path or action/)
    assert.throws(compile('arn:aws:apigateway:us-east-1:sqs:path/123/queue'), /Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations\./)
    assert.throws(compile('arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123:function:x/invocations'), /Invalid Lambda function ARN/)
    assert.throws(compile(lambdaUri('bad name')), /Invalid Lambda function ARN/)
    assert.throws(compile(undefined, 'AWS'), /Invalid ARN specified in the request/)
  })

  it('answers 500 without a function runtime, as before', async () => {
    const g = await startLambdaGateway({ integration: integration({ type: 'AWS_PROXY', httpMethod: 'POST', uri: lambdaUri('fromBody') }), upstream })
    gateways.own(g)
    const res = await fetch(`${g.url}/`)
    assert.equal(res.status, 500)
  })
})

/** Response header lines as sent (fetch would join them). */
async function rawHeaders(url: string, result: unknown): Promise<Array<[string, string]>> {
  const { request } = await import('node:http')
  return new Promise((resolve, reject) => {
    const target = new URL(url)
    const req = request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume()
      const pairs: Array<[string, string]> = []
      for (let i = 0; i < res.rawHeaders.length; i += 2) pairs.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!])
      res.on('end', () => resolve(pairs))
    })
    req.on('error', reject)
    req.end(JSON.stringify(result))
  })
}
