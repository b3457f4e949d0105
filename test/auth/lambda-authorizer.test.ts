/**
 * Lambda authorizers through real HTTP with real local functions: the events AWS documents
 * (api-gateway-lambda-authorizer-input), the method ARN, the 10 s bound (shortened here), the
 * API key a authorizer hands on, and the contract with the resource-policy stages when the
 * returned policy neither allows nor denies.
 */
import { describe, it, after } from 'node:test'
import assert from 'node:assert/strict'
import type { Authorizer } from '../../src/model/index.ts'
import { functionUri, startAuthorizedApi, type AuthorizedApi } from './harness.ts'

const CUSTOM = { authorizationType: 'CUSTOM' as const, authorizerId: 'auth1' }
const token = (functionName: string, extra: Partial<Authorizer> = {}): Authorizer => ({
  id: 'auth1',
  name: 'token',
  type: 'TOKEN',
  authorizerUri: functionUri(functionName),
  identitySource: 'method.request.header.Authorization',
  authorizerResultTtlInSeconds: 0,
  ...extra,
})

const apis: AuthorizedApi[] = []
after(() => Promise.all(apis.map((api) => api.close())))

async function serve(options: Parameters<typeof startAuthorizedApi>[0]): Promise<AuthorizedApi> {
  const api = await startAuthorizedApi(options)
  apis.push(api)
  return api
}

describe('Lambda authorizer events', () => {
  it('TOKEN: exactly type, authorizationToken and the method ARN with the request path', async () => {
    const api = await serve({ methods: { '/pets/{id}': { GET: CUSTOM }, '/': { GET: CUSTOM } }, authorizers: [token('eventEcho')] })
    const reply = await api.get('/pets/42', { Authorization: 'secret-token' })
    assert.equal(reply.status, 200)
    assert.deepEqual(JSON.parse(reply.json().authorizer.event), {
      type: 'TOKEN',
      methodArn: 'arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/pets/42',
      authorizationToken: 'secret-token',
    })
    const root = await api.get('/', { Authorization: 'secret-token' })
    assert.equal(JSON.parse(root.json().authorizer.event).methodArn, 'arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/')
  })

  it('REQUEST: AWS\'s fields — headers, query, path parameters, stage variables, requestContext — and no body', async () => {
    const api = await serve({
      methods: { '/pets/{id}': { GET: CUSTOM } },
      authorizers: [token('eventEcho', { type: 'REQUEST', identitySource: 'method.request.header.X-Tenant, method.request.querystring.q, stageVariables.tenantVar, context.httpMethod' })],
      stageVariables: { tenantVar: 'acme' },
    })
    const reply = await api.get('/pets/42?q=1&q=2', { 'X-Tenant': 't1' })
    assert.equal(reply.status, 200)
    const event = JSON.parse(reply.json().authorizer.event)
    assert.deepEqual(Object.keys(event).sort(), [
      'headers',
      'httpMethod',
      'methodArn',
      'multiValueHeaders',
      'multiValueQueryStringParameters',
      'path',
      'pathParameters',
      'queryStringParameters',
      'requestContext',
      'resource',
      'stageVariables',
      'type',
    ])
    assert.equal(event.type, 'REQUEST')
    assert.equal(event.methodArn, 'arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/pets/42')
    assert.equal(event.resource, '/pets/{id}')
    assert.equal(event.path, '/pets/42')
    assert.equal(event.headers['X-Tenant'], 't1')
    assert.deepEqual(event.queryStringParameters, { q: '2' })
    assert.deepEqual(event.multiValueQueryStringParameters, { q: ['1', '2'] })
    assert.deepEqual(event.pathParameters, { id: '42' })
    assert.deepEqual(event.stageVariables, { tenantVar: 'acme' })
    assert.equal(event.requestContext.resourcePath, '/pets/{id}')
    assert.equal(event.requestContext.stage, 'prod')
    assert.equal(event.requestContext.authorizer, undefined)
  })

  it('the authorizer URI may pick the function through a stage variable', async () => {
    const uri = functionUri('${stageVariables.authFn}')
    const api = await serve({ methods: { '/x': { GET: CUSTOM } }, authorizers: [token('eventEcho', { authorizerUri: uri })], stageVariables: { authFn: 'eventEcho' } })
    const reply = await api.get('/x', { Authorization: 'any' })
    assert.equal(reply.status, 200)
    assert.equal(JSON.parse(reply.json().authorizer.event).type, 'TOKEN')
  })

  it('REQUEST: a missing stage variable among the identity sources is a 401 without invoking', async () => {
    const api = await serve({ methods: { '/x': { GET: CUSTOM } }, authorizers: [token('eventEcho', { type: 'REQUEST', identitySource: 'stageVariables.notSet' })] })
    const reply = await api.get('/x')
    assert.equal(reply.status, 401)
    assert.deepEqual(reply.json(), { message: 'Unauthorized' })
  })
})

describe('Lambda authorizer outcomes', () => {
  it('500 when the authorizer does not answer within the authorizer timeout', async () => {
    const api = await serve({ methods: { '/x': { GET: CUSTOM } }, authorizers: [token('tokenAuth')], timeoutMs: 200 })
    const reply = await api.get('/x', { Authorization: 'slow' })
    assert.equal(reply.status, 500)
    assert.equal(reply.headers['x-amzn-errortype'], 'AuthorizerConfigurationException')
    assert.deepEqual(reply.json(), { message: null })
  })

  it('500 when the function does not exist', async () => {
    const api = await serve({ methods: { '/x': { GET: CUSTOM } }, authorizers: [token('noSuchFunction')] })
    const reply = await api.get('/x', { Authorization: 'allow' })
    assert.equal(reply.status, 500)
    assert.equal(reply.headers['x-amzn-errortype'], 'AuthorizerConfigurationException')
  })

  it('hands usageIdentifierKey on for API key source AUTHORIZER, with the decision', async () => {
    const api = await serve({ methods: { '/x': { GET: CUSTOM } }, authorizers: [token('tokenAuth')] })
    const reply = await api.get('/x', { Authorization: 'allow-key' })
    assert.equal(reply.status, 200)
    const { authorization } = reply.json()
    assert.equal(authorization.effect, 'Allow')
    assert.equal(authorization.status, 200)
    assert.equal(authorization.usageIdentifierKey, 'key-from-authorizer-0000')
    assert.equal(typeof authorization.latencyMs, 'number')
  })

  it('a policy silent on the method continues with effect None when the API has a resource policy (it decides)', async () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }] })
    const api = await serve({ methods: { '/x': { GET: CUSTOM } }, authorizers: [token('tokenAuth')], policy })
    const reply = await api.get('/x', { Authorization: 'elsewhere' })
    assert.equal(reply.status, 200)
    assert.equal(reply.json().authorization.effect, 'None')
    // an explicit deny still answers 403 at once
    assert.equal((await api.get('/x', { Authorization: 'deny' })).status, 403)
  })

  it('with a resource policy: its explicit deny answers before the authorizer runs', async () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*/GET/x' }] })
    const api = await serve({ methods: { '/x': { GET: CUSTOM } }, authorizers: [token('tokenAuth')], policy })
    // `boom` would make the authorizer answer 500, had it been called
    const reply = await api.get('/x', { Authorization: 'boom' })
    assert.equal(reply.status, 403)
    assert.match(reply.json().message, /^User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5\/prod\/GET\/x with an explicit deny$/)
  })

  it('with a resource policy silent too, the request is denied (AWS\'s Table A: no Allow anywhere)', async () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*/GET/elsewhere' }] })
    const api = await serve({ methods: { '/x': { GET: CUSTOM } }, authorizers: [token('tokenAuth')], policy })
    assert.equal((await api.get('/x', { Authorization: 'elsewhere' })).status, 403)
    // the authorizer's Allow alone is enough when the resource policy is silent
    assert.equal((await api.get('/x', { Authorization: 'allow-table-a' })).status, 200)
  })

  it('refuses at compile time a TOKEN authorizer whose identity source is not one header', async () => {
    await assert.rejects(serve({ methods: { '/x': { GET: CUSTOM } }, authorizers: [token('tokenAuth', { identitySource: 'method.request.header.A, method.request.header.B' })] }), /TOKEN authorizer's identity source is one header/)
    await assert.rejects(serve({ methods: { '/x': { GET: CUSTOM } }, authorizers: [token('tokenAuth', { identitySource: 'method.request.path.id' })] }), /Invalid identity source "method.request.path.id"/)
    const request = { type: 'REQUEST' as const, identitySource: 'method.request.path.id' }
    await assert.rejects(serve({ methods: { '/x': { GET: CUSTOM } }, authorizers: [token('tokenAuth', request)] }), /Invalid identity source specified: "method.request.path.id"/)
  })
})
