import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { importOpenApi } from '../../src/openapi/index.ts'
import { fixture, importOk, method, resource } from './helpers.ts'

const text = fixture('swagger2-extensions.json')

describe('import Swagger 2.0 (JSON) with every extension', () => {
  const { definition: def, warnings } = importOk(text, { apiId: 'abc123defg' })

  it('builds the RestApi from info and the API-level extensions', () => {
    const api = def.restApi
    assert.equal(api.id, 'abc123defg')
    assert.equal(api.name, 'Orders')
    assert.equal(api.description, 'Swagger 2.0 document exercising every x-amazon-apigateway extension Portico imports')
    assert.equal(api.version, '2024-05-01')
    assert.deepEqual(api.binaryMediaTypes, ['application/octet-stream', 'image/*'])
    assert.equal(api.apiKeySource, 'AUTHORIZER')
    assert.equal(api.minimumCompressionSize, 1024)
    assert.deepEqual(api.endpointConfiguration, { types: ['EDGE'] })
    assert.equal(api.disableExecuteApiEndpoint, true)
    assert.equal(typeof api.createdDate, 'number')
    assert.ok(Math.abs(api.createdDate - Date.now() / 1000) < 60)
    const policy = JSON.parse(api.policy!)
    assert.equal(policy.Statement[1].Condition.IpAddress['aws:SourceIp'], '192.0.2.0/24')
    assert.equal(api.rootResourceId, resource(def, '/').id)
  })

  it('warns about what it ignores, and records the warnings on the RestApi', () => {
    assert.deepEqual(warnings, [
      "Response 'default' is not a status code; API Gateway has no equivalent and it was ignored (at /paths/~1orders/get/responses/default)",
    ])
    assert.deepEqual(def.restApi.warnings, warnings)
  })

  it('imports x-amazon-apigateway-documentation as documentation parts', () => {
    // the fixture's extension carries no parts (test/control/documentation-parts.test.ts imports some)
    assert.deepEqual(def.documentationParts, [])
    const ignored = importOpenApi(text, { ignoreDocumentation: true })
    assert.ok(ignored.ok)
    if (ignored.ok) assert.equal(ignored.definition.documentationParts, undefined)
  })

  it('fails on those warnings when failOnWarnings is set', () => {
    const r = importOpenApi(text, { failOnWarnings: true })
    assert.equal(r.ok, false)
    if (r.ok) return
    assert.deepEqual(
      r.errors.map((e) => e.pointer),
      ['/paths/~1orders/get/responses/default'],
    )
  })

  it('creates the resource tree with one resource per path prefix (basePath ignored)', () => {
    assert.deepEqual(
      def.resources.map((r) => [r.path, r.pathPart ?? null]),
      [
        ['/', null],
        ['/orders', 'orders'],
        ['/orders/{orderId}', '{orderId}'],
        ['/files', 'files'],
        ['/files/{proxy+}', '{proxy+}'],
      ],
    )
    for (const r of def.resources) {
      assert.match(r.id, /^[a-z0-9]{10}$/)
      if (r.path === '/') assert.equal(r.parentId, undefined)
      else assert.equal(def.resources.find((p) => p.id === r.parentId)!.path, r.path.slice(0, r.path.lastIndexOf('/')) || '/')
    }
    assert.equal(resource(def, '/files').resourceMethods, undefined)
  })

  it('maps parameters, validators and security to the method', () => {
    const m = method(def, '/orders', 'GET')
    assert.equal(m.operationName, 'listOrders')
    assert.deepEqual(m.requestParameters, {
      'method.request.querystring.limit': false,
      'method.request.querystring.status': true,
      'method.request.header.X-Tenant': true,
    })
    const tokenAuth = def.authorizers.find((a) => a.name === 'token-auth')!
    assert.equal(m.authorizationType, 'CUSTOM')
    assert.equal(m.authorizerId, tokenAuth.id)
    assert.equal(m.apiKeyRequired, true)
    assert.equal(m.requestValidatorId, def.requestValidators.find((v) => v.name === 'params-only')!.id)
    assert.deepEqual(m.methodResponses, {
      200: { statusCode: '200', responseParameters: { 'method.response.header.X-Total-Count': false }, responseModels: { 'application/json': 'OrderList' } },
    })
  })

  it('applies the API-level request validator where an operation names none', () => {
    const basic = def.requestValidators.find((v) => v.name === 'basic')!
    assert.deepEqual(basic, { id: basic.id, name: 'basic', validateRequestBody: true, validateRequestParameters: true })
    assert.equal(method(def, '/orders', 'POST').requestValidatorId, basic.id)
    assert.equal(method(def, '/files/{proxy+}', 'ANY').requestValidatorId, basic.id)
  })

  it('imports an http integration: case-normalised, timeout, cache keys, responses by pattern', () => {
    assert.deepEqual(method(def, '/orders', 'GET').methodIntegration, {
      type: 'HTTP',
      httpMethod: 'GET',
      uri: 'https://backend.example.com/orders',
      requestParameters: {
        'integration.request.querystring.limit': 'method.request.querystring.limit',
        'integration.request.header.X-Tenant': 'method.request.header.X-Tenant',
      },
      passthroughBehavior: 'WHEN_NO_TEMPLATES',
      cacheNamespace: 'orders',
      cacheKeyParameters: ['method.request.querystring.status'],
      timeoutInMillis: 5000,
      integrationResponses: {
        200: {
          statusCode: '200',
          selectionPattern: '2\\d{2}',
          responseParameters: { 'method.response.header.X-Total-Count': 'integration.response.header.X-Count' },
          responseTemplates: { 'application/json': "#set($root = $input.path('$'))\n{\"orders\": $input.json('$.items')}" },
        },
      },
    })
  })

  it('imports a Lambda (aws) integration with Cognito scopes and a body model', () => {
    const m = method(def, '/orders', 'POST')
    assert.equal(m.authorizationType, 'COGNITO_USER_POOLS')
    assert.deepEqual(m.authorizationScopes, ['orders/write'])
    assert.deepEqual(m.requestModels, { 'application/json': 'Order' })
    const i = m.methodIntegration!
    assert.equal(i.type, 'AWS')
    assert.equal(i.credentials, 'arn:aws:iam::123456789012:role/apigw-invoke')
    assert.equal(i.contentHandling, 'CONVERT_TO_TEXT')
    assert.equal(i.passthroughBehavior, 'NEVER')
    assert.equal(i.timeoutInMillis, 29000)
    assert.deepEqual(i.integrationResponses!['201'], { statusCode: '201' })
    assert.equal(i.integrationResponses!['400']!.selectionPattern, '.*Invalid.*')
  })

  it('stores aws_proxy, http_proxy and mock integrations as given, with AWS defaults', () => {
    const proxy = method(def, '/orders/{orderId}', 'GET').methodIntegration!
    assert.deepEqual(proxy, {
      type: 'AWS_PROXY',
      httpMethod: 'POST',
      uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.getOrderFn}/invocations',
      passthroughBehavior: 'WHEN_NO_MATCH',
      timeoutInMillis: 29000,
    })
    const any = method(def, '/files/{proxy+}', 'ANY')
    assert.equal(any.httpMethod, 'ANY')
    assert.deepEqual(any.requestParameters, { 'method.request.path.proxy': true })
    assert.equal(any.methodIntegration!.type, 'HTTP_PROXY')
    assert.deepEqual(any.methodIntegration!.tlsConfig, { insecureSkipVerification: true })
    assert.equal(method(def, '/orders/{orderId}', 'PUT').methodIntegration!.type, 'MOCK')
  })

  it('takes path-level parameters for every operation of the path', () => {
    assert.deepEqual(method(def, '/orders/{orderId}', 'GET').requestParameters, { 'method.request.path.orderId': true })
    assert.deepEqual(method(def, '/orders/{orderId}', 'PUT').requestParameters, { 'method.request.path.orderId': true })
  })

  it('maps AWS_IAM from an awsSigv4 scheme', () => {
    const m = method(def, '/orders/{orderId}', 'PUT')
    assert.equal(m.authorizationType, 'AWS_IAM')
    assert.equal(m.authorizerId, undefined)
  })

  it('turns definitions into models with AWS model URLs, and inline schemas into MODEL<hash> models', () => {
    const byName = new Map(def.models.map((m) => [m.name, m]))
    assert.deepEqual([...byName.keys()].sort(), ['Error', 'LineItem', 'MODELedb341', 'Order', 'OrderList'])
    assert.deepEqual(JSON.parse(byName.get('OrderList')!.schema!), {
      type: 'array',
      items: { $ref: 'https://apigateway.amazonaws.com/restapis/abc123defg/models/Order' },
    })
    for (const m of def.models) assert.equal(m.contentType, 'application/json')
    const put = method(def, '/orders/{orderId}', 'PUT')
    assert.deepEqual(put.requestModels, { 'application/json': 'MODELedb341', 'application/xml': 'MODELedb341' })
    assert.equal(JSON.parse(byName.get('MODELedb341')!.schema!).properties.items.items.$ref, 'https://apigateway.amazonaws.com/restapis/abc123defg/models/LineItem')
  })

  it('names inline models by content, so a re-import gives the same names', () => {
    const again = importOk(text, { apiId: 'abc123defg' }).definition
    assert.deepEqual(again.models.map((m) => m.name), def.models.map((m) => m.name))
  })

  it('imports the authorizers', () => {
    const [token, request, cognito] = def.authorizers
    assert.deepEqual({ ...token, id: '' }, {
      id: '',
      name: 'token-auth',
      type: 'TOKEN',
      authType: 'oauth2',
      authorizerUri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:token-auth/invocations',
      authorizerCredentials: 'arn:aws:iam::123456789012:role/apigw-invoke',
      identitySource: 'method.request.header.Authorization',
      identityValidationExpression: '^Bearer [-0-9a-zA-Z._]+$',
      authorizerResultTtlInSeconds: 60,
    })
    assert.equal(request!.type, 'REQUEST')
    assert.equal(request!.identitySource, 'method.request.header.HeaderAuth1, method.request.querystring.QueryString1')
    assert.equal(request!.authorizerResultTtlInSeconds, 300)
    assert.equal(cognito!.type, 'COGNITO_USER_POOLS')
    assert.deepEqual(cognito!.providerARNs, ['arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_ABC123'])
    assert.equal(cognito!.identitySource, 'method.request.header.Authorization')
  })

  it('imports the gateway responses', () => {
    assert.deepEqual(def.gatewayResponses, [
      {
        responseType: 'DEFAULT_4XX',
        responseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" },
        responseTemplates: { 'application/json': '{"message":$context.error.messageString}' },
        defaultResponse: false,
      },
      {
        responseType: 'INVALID_API_KEY',
        statusCode: '429',
        responseParameters: { 'gatewayresponse.header.api-key': 'method.request.header.x-api-key' },
        responseTemplates: { 'application/json': '{"message": "Bad api-key" }' },
        defaultResponse: false,
      },
    ])
  })
})
