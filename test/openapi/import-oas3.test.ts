import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { fixture, importOk, method } from './helpers.ts'

describe('import OpenAPI 3.0 (YAML, anchors and merge keys)', () => {
  const { definition: def, warnings } = importOk(fixture('oas3-extensions.yaml'), { apiId: 'oas3api000' })

  it('imports without warnings', () => {
    assert.deepEqual(warnings, [])
    assert.equal(def.restApi.warnings, undefined)
  })

  it('reads the endpoint configuration from the server object and ignores the basePath', () => {
    assert.deepEqual(def.restApi.endpointConfiguration, { types: ['REGIONAL'] })
    assert.equal(def.restApi.disableExecuteApiEndpoint, false)
    assert.deepEqual(
      def.resources.map((r) => r.path),
      ['/', '/items', '/items/{itemId}', '/images', '/images/{proxy+}'],
    )
  })

  it('expands aliases and << merge keys into each integration', () => {
    const list = method(def, '/items', 'GET').methodIntegration!
    const create = method(def, '/items', 'POST').methodIntegration!
    const get = method(def, '/items/{itemId}', 'GET').methodIntegration!
    for (const i of [list, create, get]) {
      assert.equal(i.type, 'AWS_PROXY')
      assert.equal(i.httpMethod, 'POST')
      assert.match(i.uri!, /function:inventory\/invocations$/)
    }
    assert.equal(list.timeoutInMillis, 10000)
    assert.equal(get.timeoutInMillis, 2500)
  })

  it('applies document-level security unless an operation overrides it', () => {
    assert.equal(method(def, '/', 'GET').apiKeyRequired, false)
    assert.equal(method(def, '/items', 'GET').apiKeyRequired, true)
    const get = method(def, '/items/{itemId}', 'GET')
    assert.equal(get.apiKeyRequired, false)
    assert.equal(get.authorizationType, 'COGNITO_USER_POOLS')
    assert.equal(get.authorizerId, def.authorizers[0]!.id)
    assert.deepEqual(get.authorizationScopes, ['inventory/read'])
    assert.equal(method(def, '/items/{itemId}', 'DELETE').authorizationType, 'AWS_IAM')
  })

  it('resolves $ref parameters and request bodies', () => {
    assert.deepEqual(method(def, '/items', 'GET').requestParameters, { 'method.request.querystring.pageSize': false })
    assert.deepEqual(method(def, '/items', 'POST').requestModels, { 'application/json': 'Item' })
  })

  it('turns response content into response models, inline schemas into generated models', () => {
    const list = method(def, '/items', 'GET').methodResponses!['200']!
    assert.deepEqual(list.responseParameters, { 'method.response.header.X-Next-Page': true })
    const generated = list.responseModels!['application/json']!
    assert.match(generated, /^MODEL[0-9a-f]{6}$/)
    const model = def.models.find((m) => m.name === generated)!
    assert.deepEqual(JSON.parse(model.schema!), {
      type: 'array',
      items: { $ref: 'https://apigateway.amazonaws.com/restapis/oas3api000/models/Item' },
    })
    assert.deepEqual(method(def, '/images/{proxy+}', 'ANY').methodResponses!['200']!.responseModels, { 'image/png': 'Empty' })
  })

  it('keeps the model schema text, OpenAPI keywords and all', () => {
    const item = def.models.find((m) => m.name === 'Item')!
    assert.equal(item.schema, JSON.stringify({
      type: 'object',
      required: ['sku'],
      properties: { sku: { type: 'string', pattern: '^[A-Z]{3}-[0-9]+$' }, price: { type: 'number', minimum: 0 } },
    }))
  })

  it('imports the gateway responses with numeric status codes as strings', () => {
    assert.deepEqual(def.gatewayResponses.map((g) => [g.responseType, g.statusCode]), [
      ['MISSING_AUTHENTICATION_TOKEN', '404'],
      ['THROTTLED', '429'],
    ])
  })

  it('imports a Cognito authorizer with a zero TTL and the default identity source', () => {
    assert.deepEqual({ ...def.authorizers[0], id: 'x' }, {
      id: 'x',
      name: 'jwt-pool',
      type: 'COGNITO_USER_POOLS',
      providerARNs: ['arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_XYZ'],
      authType: 'cognito_user_pools',
      identitySource: 'method.request.header.Authorization',
      authorizerResultTtlInSeconds: 0,
    })
  })

  it('maps an http integration path parameter and a status-pattern response', () => {
    const del = method(def, '/items/{itemId}', 'DELETE')
    assert.deepEqual(del.methodIntegration!.requestParameters, { 'integration.request.path.id': 'method.request.path.itemId' })
    assert.deepEqual(del.methodIntegration!.integrationResponses, { 204: { statusCode: '204', selectionPattern: '2\\d{2}' } })
  })
})
