import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { request } from 'node:http'
import type { UpstreamPools } from '../../src/integrations/index.ts'
import { buildProxyEventV2 } from '../../src/integrations/proxy-event-v2.ts'
import { HeaderMap, parseQuery } from '../../src/lib/multi-map.ts'
import { API_ID, integration, startGateway, useGateways } from './harness.ts'
import { compileWith, fakeInvoker, lambdaUri, startLambdaGateway } from './lambda-harness.ts'

const SAMPLE = JSON.parse(readFileSync(new URL('../fixtures/lambda-events/apigw-request.json', import.meta.url), 'utf8'))

let upstream: UpstreamPools
const echo = fakeInvoker({ echo: (event) => ({ statusCode: 200, body: JSON.stringify(event) }) })

const gateways = useGateways({ connections: 4 }, (started) => {
  upstream = started.upstream
})

/** Sends exactly these headers, in this spelling (fetch would not let us set Host). */
function send(url: string, method: string, path: string, headers: Record<string, string | string[]>, body?: string | Buffer) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    const target = new URL(url)
    const req = request({ host: target.hostname, port: target.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

describe('AWS_PROXY payload 1.0 event', () => {
  it("matches AWS's documented sample (aws-lambda-go apigw-request.json) field by field", async () => {
    const authorizer = SAMPLE.requestContext.authorizer
    const proxyStages = compileWith({ integration: integration({ type: 'AWS_PROXY', httpMethod: 'POST', uri: lambdaUri('echo') }), invoker: echo, upstream })
    const g = await startGateway({
      integration: integration({ type: 'AWS_PROXY' }),
      upstream,
      resourcePath: '/{proxy+}',
      stageVariables: SAMPLE.stageVariables,
      stages: [
        (ctx) => {
          // what an authorizer and the API key check would have left
          ctx.authorizer = { ...authorizer }
          ctx.apiKey = { id: 'theApiKeyId', value: 'theApiKey' }
          return undefined
        },
        ...proxyStages,
      ],
    })
    gateways.own(g)
    const res = await send(g.url, 'POST', '/hello/world?name=me', SAMPLE.headers, SAMPLE.body)
    assert.equal(res.status, 200, res.body.toString())
    const event = JSON.parse(res.body.toString())

    assert.deepEqual(Object.keys(event).sort(), [...Object.keys(SAMPLE), 'isBase64Encoded'].sort())
    // AWS adds X-Amzn-Trace-Id to every event today (LocalStack's AWS-recorded
    // test_apigateway_lambda snapshots); the 2016 sample predates X-Ray
    const trace = event.headers['X-Amzn-Trace-Id'] as string
    assert.match(trace, /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/)
    assert.deepEqual(event.multiValueHeaders['X-Amzn-Trace-Id'], [trace])
    delete event.headers['X-Amzn-Trace-Id']
    delete event.multiValueHeaders['X-Amzn-Trace-Id']
    for (const field of ['resource', 'path', 'httpMethod', 'headers', 'multiValueHeaders', 'queryStringParameters', 'multiValueQueryStringParameters', 'pathParameters', 'stageVariables', 'body']) {
      assert.deepEqual(event[field], SAMPLE[field], field)
    }
    assert.equal(event.isBase64Encoded, false)

    const rc = event.requestContext
    // AWS sends deploymentId too (AWS-recorded events); the sample predates it
    assert.deepEqual(Object.keys(rc).sort(), [...Object.keys(SAMPLE.requestContext), 'deploymentId'].sort())
    for (const field of ['resourcePath', 'httpMethod', 'protocol', 'authorizer']) assert.deepEqual(rc[field], SAMPLE.requestContext[field], field)
    assert.equal(rc.apiId, API_ID)
    assert.equal(rc.stage, 'test')
    // recorded events carry the stage in requestContext.path; the sample's `/hello/world` does not
    assert.equal(rc.path, '/test/hello/world')
    assert.equal(rc.requestId, res.headers['x-amzn-requestid'])
    assert.equal(rc.extendedRequestId, res.headers['x-amz-apigw-id'])
    assert.equal(rc.resourceId, 'res123')
    assert.equal(rc.deploymentId, 'dep1')
    assert.match(rc.accountId, /^\d{12}$/)
    assert.match(rc.requestTime, /^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/)
    assert.equal(typeof rc.requestTimeEpoch, 'number')
    assert.ok(Math.abs(rc.requestTimeEpoch - Date.now()) < 60_000)

    // no client certificate here (no mTLS), so no clientCert; everything else the sample has, and
    // principalOrgId, which AWS-recorded events carry and the sample predates
    const identityKeys = [...Object.keys(SAMPLE.requestContext.identity).filter((k) => k !== 'clientCert'), 'principalOrgId']
    assert.deepEqual(Object.keys(rc.identity).sort(), identityKeys.sort())
    assert.equal(rc.identity.userAgent, 'PostmanRuntime/2.4.5')
    assert.equal(rc.identity.apiKey, 'theApiKey')
    assert.equal(rc.identity.apiKeyId, 'theApiKeyId')
    assert.equal(rc.identity.sourceIp, '127.0.0.1')
    for (const k of ['accessKey', 'accountId', 'caller', 'cognitoAuthenticationProvider', 'cognitoAuthenticationType', 'cognitoIdentityId', 'cognitoIdentityPoolId', 'user', 'userArn']) {
      assert.equal(rc.identity[k], null, k)
    }
  })

  it('is shaped as AWS-recorded events are without authorizer, key, query, stage variables or body', async () => {
    const g = await startLambdaGateway({ integration: integration({ type: 'AWS_PROXY', httpMethod: 'POST', uri: lambdaUri('echo') }), invoker: echo, upstream, resourcePath: '/hardcoded' })
    gateways.own(g)
    const res = await send(g.url, 'GET', '/hardcoded', { 'tEsT-HEADeR': 'aValUE', authorization: 'random-value', 'user-agent': 'python-requests/testing' })
    const event = JSON.parse(res.body.toString())
    assert.equal(event.body, null)
    assert.equal(event.isBase64Encoded, false)
    assert.equal(event.queryStringParameters, null)
    assert.equal(event.multiValueQueryStringParameters, null)
    assert.equal(event.pathParameters, null)
    assert.equal(event.stageVariables, null)
    assert.equal(event.resource, '/hardcoded')
    assert.equal(event.headers['tEsT-HEADeR'], 'aValUE')
    // recased by AWS's front end (AWS-recorded)
    assert.equal(event.headers['Authorization'], 'random-value')
    assert.equal(event.headers['User-Agent'], 'python-requests/testing')
    assert.deepEqual(event.multiValueHeaders['Authorization'], ['random-value'])
    assert.equal(Object.keys(event.headers).some((h) => /^(content-length|connection)$/i.test(h)), false)
    assert.equal('authorizer' in event.requestContext, false)
    assert.deepEqual(Object.keys(event.requestContext.identity).sort(), [
      'accessKey', 'accountId', 'caller', 'cognitoAuthenticationProvider', 'cognitoAuthenticationType', 'cognitoIdentityId',
      'cognitoIdentityPoolId', 'principalOrgId', 'sourceIp', 'user', 'userAgent', 'userArn',
    ])
  })

  it('ignores requestParameters: the event shows the request as sent (AWS-recorded)', async () => {
    const g = await startLambdaGateway({
      integration: integration({
        type: 'AWS_PROXY',
        httpMethod: 'POST',
        uri: lambdaUri('echo'),
        requestParameters: { 'integration.request.header.headerVar': 'method.request.header.foobar', 'integration.request.querystring.testQs': 'method.request.querystring.testQueryString' },
      }),
      invoker: echo,
      upstream,
      resourcePath: '/{pathVariable}',
    })
    gateways.own(g)
    const res = await send(g.url, 'POST', '/foobar?testQueryString=foo', { foobar: 'mapped-value', headerVar: 'request-value', 'user-Agent': 'test/integration' }, '{}')
    const event = JSON.parse(res.body.toString())
    assert.equal(event.headers.headerVar, 'request-value')
    assert.equal(event.headers['User-Agent'], 'test/integration')
    assert.deepEqual(event.queryStringParameters, { testQueryString: 'foo' })
    assert.deepEqual(event.pathParameters, { pathVariable: 'foobar' })
  })

  it('keeps the last value of repeated query parameters and headers in the single-value maps', async () => {
    const g = await startLambdaGateway({ integration: integration({ type: 'AWS_PROXY', httpMethod: 'POST', uri: lambdaUri('echo') }), invoker: echo, upstream, resourcePath: '/{proxy+}' })
    gateways.own(g)
    const res = await send(g.url, 'GET', '/a%20b/c?category=electronics&category=books&price=10&price=20&price=30&e=%3D', { 'X-Multi': ['one', 'two'] })
    const event = JSON.parse(res.body.toString())
    assert.deepEqual(event.queryStringParameters, { category: 'books', price: '30', e: '=' })
    assert.deepEqual(event.multiValueQueryStringParameters, { category: ['electronics', 'books'], price: ['10', '20', '30'], e: ['='] })
    // path and a greedy parameter as sent, escapes kept (AWS-recorded: with-path-encoded-email,
    // test/e2e/lambda-proxy-recorded-events.test.ts)
    assert.deepEqual(event.pathParameters, { proxy: 'a%20b/c' })
    assert.equal(event.path, '/a%20b/c')
    assert.equal(event.headers['X-Multi'], 'two')
    assert.deepEqual(event.multiValueHeaders['X-Multi'], ['one', 'two'])
  })
})

describe('HTTP API payload 2.0 event', () => {
  it('joins repeated headers and query values, moves cookies, leaves empty fields out', () => {
    const headers = new HeaderMap()
    headers.append('Header1', 'value1')
    headers.append('header2', 'value1')
    headers.append('header2', 'value2')
    headers.append('Cookie', 'cookie1=a; cookie2=b')
    headers.append('User-Agent', 'agent')
    const event = buildProxyEventV2({
      routeKey: '$default',
      httpMethod: 'POST',
      rawPath: '/my/path',
      rawQuery: 'parameter1=value1&parameter1=value2&parameter2=value',
      query: parseQuery('parameter1=value1&parameter1=value2&parameter2=value'),
      headers,
      body: Buffer.from('Hello from Lambda'),
      binary: false,
      pathParameters: {},
      stageVariables: {},
      apiId: 'api-id',
      stage: '$default',
      requestId: 'id',
      requestTimeEpoch: Date.UTC(2020, 2, 12, 19, 3, 58, 390),
      domainName: 'id.execute-api.us-east-1.amazonaws.com',
      sourceIp: '192.0.2.1',
      protocol: 'HTTP/1.1',
    })
    assert.equal(event.version, '2.0')
    assert.deepEqual(event.headers, { header1: 'value1', header2: 'value1,value2', 'user-agent': 'agent' })
    assert.deepEqual(event.cookies, ['cookie1=a', 'cookie2=b'])
    assert.deepEqual(event.queryStringParameters, { parameter1: 'value1,value2', parameter2: 'value' })
    assert.equal(event.body, 'Hello from Lambda')
    assert.equal(event.isBase64Encoded, false)
    assert.equal('pathParameters' in event, false)
    assert.equal('stageVariables' in event, false)
    assert.deepEqual(event.requestContext.http, { method: 'POST', path: '/my/path', protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'agent' })
    assert.equal(event.requestContext.time, '12/Mar/2020:19:03:58 +0000')
    assert.equal(event.requestContext.timeEpoch, 1584039838390)
    assert.equal(event.requestContext.domainPrefix, 'id')
  })
})
