import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { GATEWAY_RESPONSE_CATALOGUE } from '../../src/gateway/gateway-response-catalogue.ts'
import { GATEWAY_RESPONSE_TYPES, type GatewayResponse } from '../../src/model/index.ts'
import { API_ID, apiDefinition, plan, send, type Running, useServed } from './fixtures.ts'

const ROUTES = { '/pets': ['GET'] }

/** x-test-error makes the echo integration answer that gateway error */
function raise(running: Running, type: string, headers: Record<string, string> = {}, stageName = 'prod', path = '/pets') {
  return send(running.address.port, { path: `/_aws/execute-api/${API_ID}/${stageName}${path}`, headers: { 'x-test-error': type, ...headers } })
}

describe('default gateway responses', () => {
  const running = useServed(() => [plan(apiDefinition(ROUTES))])

  for (const type of GATEWAY_RESPONSE_TYPES) {
    const entry = GATEWAY_RESPONSE_CATALOGUE[type]
    test(`${type}: ${entry.statusCode} ${entry.errorType}`, async () => {
      const r = await raise(running, type, { 'x-test-message': 'boom "quoted"' })
      assert.equal(r.status, entry.statusCode)
      assert.equal(r.headers['x-amzn-errortype'], entry.errorType)
      assert.equal(r.headers['content-type'], 'application/json')
      assert.ok(r.headers['x-amzn-requestid'])
      assert.ok(r.headers['x-amz-apigw-id'])
      assert.equal(r.body, '{"message":"boom \\"quoted\\""}')
    })
  }

  test('a null message renders {"message":null}', async () => {
    const p = plan(apiDefinition(ROUTES))
    const answer = p.renderError({ kind: 'error', type: 'AUTHORIZER_CONFIGURATION_ERROR', message: null }, fakeCtx(p))
    assert.equal(answer.body, '{"message":null}')
    assert.equal(answer.statusCode, 500)
  })

  test('an error may carry its own status and x-amzn-ErrorType', async () => {
    const p = plan(apiDefinition(ROUTES))
    const answer = p.renderError({ kind: 'error', type: 'API_CONFIGURATION_ERROR', message: 'Internal server error', statusCode: 502, errorType: 'X' }, fakeCtx(p))
    assert.equal(answer.statusCode, 502)
    assert.equal(answer.headers['x-amzn-ErrorType'], 'X')
  })
})

describe('customised gateway responses', () => {
  const responses: GatewayResponse[] = [
    {
      responseType: 'MISSING_AUTHENTICATION_TOKEN',
      statusCode: '404',
      responseParameters: {
        'gatewayresponse.header.x-static': "'fixed'",
        'gatewayresponse.header.x-echo': 'method.request.header.x-client',
        'gatewayresponse.header.x-stage-var': 'stageVariables.colour',
        'gatewayresponse.header.x-req': 'context.requestId',
      },
      responseTemplates: {
        'application/json': '{"error":$context.error.messageString,"type":"$context.error.responseType","colour":"$stageVariables.colour"}',
        'text/plain': 'not here: $context.error.message',
      },
      defaultResponse: false,
    },
    {
      responseType: 'DEFAULT_4XX',
      statusCode: '418',
      responseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" },
      responseTemplates: { 'application/json': '{"oops":$context.error.messageString}' },
      defaultResponse: false,
    },
    {
      responseType: 'DEFAULT_5XX',
      responseTemplates: { 'application/json': '{"fault":"$context.error.responseType"}' },
      defaultResponse: false,
    },
    { responseType: 'THROTTLED', responseParameters: { 'gatewayresponse.header.Retry-After': "'1'" }, defaultResponse: false },
    { responseType: 'REQUEST_TOO_LARGE', statusCode: '400', responseTemplates: { 'application/json': 'custom' }, defaultResponse: false },
  ]

  const running = useServed(() => [plan(apiDefinition(ROUTES, { gatewayResponses: responses }), { variables: { colour: 'green' } })])

  test('own status, header parameters and template', async () => {
    const r = await send(running.address.port, { path: `/_aws/execute-api/${API_ID}/prod/nowhere`, headers: { 'x-client': 'abc', 'x-amzn-RequestId': 'my-id-1' } })
    assert.equal(r.status, 404)
    assert.equal(r.headers['x-static'], 'fixed')
    assert.equal(r.headers['x-echo'], 'abc')
    assert.equal(r.headers['x-stage-var'], 'green')
    assert.equal(r.headers['x-req'], 'my-id-1')
    assert.equal(r.headers['x-amzn-errortype'], 'MissingAuthenticationTokenException')
    assert.deepEqual(r.json(), { error: 'Missing Authentication Token', type: 'MISSING_AUTHENTICATION_TOKEN', colour: 'green' })
  })

  test('template chosen by the first Accept media type', async () => {
    const r = await send(running.address.port, { path: `/_aws/execute-api/${API_ID}/prod/nowhere`, headers: { accept: 'text/plain, application/json' } })
    assert.equal(r.status, 404)
    assert.equal(r.headers['content-type'], 'text/plain')
    assert.equal(r.body, 'not here: Missing Authentication Token')
    const other = await send(running.address.port, { path: `/_aws/execute-api/${API_ID}/prod/nowhere`, headers: { accept: 'application/xml' } })
    assert.equal(other.headers['content-type'], 'application/json')
  })

  test('DEFAULT_4XX applies to 4xx types that are not customised themselves', async () => {
    for (const type of ['ACCESS_DENIED', 'BAD_REQUEST_BODY', 'INVALID_API_KEY', 'QUOTA_EXCEEDED', 'UNAUTHORIZED', 'WAF_FILTERED']) {
      const r = await raise(running, type, { 'x-test-message': 'm' })
      assert.equal(r.status, 418, type)
      assert.equal(r.headers['access-control-allow-origin'], '*', type)
      assert.equal(r.body, '{"oops":"m"}', type)
      assert.equal(r.headers['x-amzn-errortype'], GATEWAY_RESPONSE_CATALOGUE[type as 'ACCESS_DENIED'].errorType)
    }
  })

  test('a customised type wins over DEFAULT_4XX; without its own status it keeps the type default', async () => {
    const r = await raise(running, 'THROTTLED', { 'x-test-message': 'slow down' })
    assert.equal(r.status, 429)
    assert.equal(r.headers['retry-after'], '1')
    assert.equal(r.headers['access-control-allow-origin'], undefined)
    assert.equal(r.body, '{"message":"slow down"}')
  })

  test('DEFAULT_5XX without a status keeps each type’s own status', async () => {
    const r = await raise(running, 'INTEGRATION_TIMEOUT')
    assert.equal(r.status, 504)
    assert.deepEqual(r.json(), { fault: 'INTEGRATION_TIMEOUT' })
    const s = await raise(running, 'AUTHORIZER_FAILURE')
    assert.equal(s.status, 500)
    assert.deepEqual(s.json(), { fault: 'AUTHORIZER_FAILURE' })
  })

  test('REQUEST_TOO_LARGE cannot be customised', async () => {
    const r = await raise(running, 'REQUEST_TOO_LARGE', { 'x-test-message': 'Request Too Long' })
    assert.equal(r.status, 413)
    assert.equal(r.body, '{"message":"Request Too Long"}')
  })
})

function fakeCtx(p: ReturnType<typeof plan>) {
  const headers = new Map<string, string>()
  const multi = { get: (n: string) => headers.get(n.toLowerCase()), getAll: () => [], has: () => false, entries: () => [] }
  return {
    requestId: 'r',
    extendedRequestId: 'e',
    requestTimeEpoch: 0,
    startedAt: 0,
    httpMethod: 'GET',
    path: '/',
    rawQuery: '',
    query: multi,
    headers: multi,
    body: Buffer.alloc(0),
    sourceIp: '127.0.0.1',
    protocol: 'HTTP/1.1',
    domainName: 'localhost',
    apiId: p.apiId,
    stageName: p.stageName,
    stageVariables: p.stageVariables,
    plan: p,
    pathParameters: {},
    log: [],
  } as never
}
