import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { exportOpenApi } from '../../src/openapi/index.ts'
import { fixture, importOk } from './helpers.ts'

const def = importOk(fixture('swagger2-extensions.json'), { apiId: 'exp0000001' }).definition

describe('exportOpenApi', () => {
  it('writes Swagger 2.0 with host, the stage as basePath, and #/definitions references', () => {
    const doc = exportOpenApi(def, { format: 'swagger', stageName: 'beta', extensions: [] }) as any
    assert.equal(doc.swagger, '2.0')
    assert.equal(doc.host, 'exp0000001.execute-api.us-east-1.amazonaws.com')
    assert.equal(doc.basePath, '/beta')
    assert.deepEqual(doc.schemes, ['https'])
    assert.deepEqual(doc.definitions.OrderList, { type: 'array', items: { $ref: '#/definitions/Order' } })
    const post = doc.paths['/orders'].post
    assert.deepEqual(post.consumes, ['application/json'])
    assert.deepEqual(post.parameters, [{ in: 'body', name: 'Order', required: true, schema: { $ref: '#/definitions/Order' } }])
    assert.deepEqual(post.responses['400'], { description: '400 response', schema: { $ref: '#/definitions/Error' } })
    assert.deepEqual(doc.paths['/orders'].get.parameters[0], { name: 'limit', in: 'query', required: false, type: 'string' })
  })

  it('writes OpenAPI 3.0.1 with a basePath server variable and #/components/schemas references', () => {
    const doc = exportOpenApi(def, { format: 'oas30', stageName: 'beta', extensions: [], host: 'api.example.com' }) as any
    assert.equal(doc.openapi, '3.0.1')
    assert.deepEqual(doc.servers, [{ url: 'https://api.example.com/{basePath}', variables: { basePath: { default: '/beta' } } }])
    assert.deepEqual(doc.paths['/orders'].post.requestBody, {
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Order' } } },
      required: true,
    })
    assert.deepEqual(doc.components.schemas.Order.properties.items.items, { $ref: '#/components/schemas/LineItem' })
  })

  it('writes ANY as x-amazon-apigateway-any-method and security per method', () => {
    const doc = exportOpenApi(def, { format: 'oas30', stageName: 's', extensions: [] }) as any
    assert.ok(doc.paths['/files/{proxy+}']['x-amazon-apigateway-any-method'])
    assert.deepEqual(doc.paths['/orders'].get.security, [{ 'token-auth': [] }, { api_key: [] }])
    assert.deepEqual(doc.paths['/orders'].post.security, [{ cognito: ['orders/write'] }])
    assert.deepEqual(doc.paths['/orders/{orderId}'].put.security, [{ sigv4: [] }])
    assert.deepEqual(doc.components.securitySchemes.sigv4, {
      type: 'apiKey',
      name: 'Authorization',
      in: 'header',
      'x-amazon-apigateway-authtype': 'awsSigv4',
    })
  })

  it('adds no x-amazon-apigateway extension unless asked', () => {
    const text = JSON.stringify(exportOpenApi(def, { format: 'swagger', stageName: 's', extensions: [] }))
    assert.doesNotMatch(text, /x-amazon-apigateway-(integration|authorizer|request-validator|gateway-responses|policy|binary)/)
  })

  it('extensions=integrations adds integrations only', () => {
    const doc = exportOpenApi(def, { format: 'swagger', stageName: 's', extensions: ['integrations'] }) as any
    assert.deepEqual(doc.paths['/orders'].get['x-amazon-apigateway-integration'].responses, {
      '2\\d{2}': {
        statusCode: '200',
        responseParameters: { 'method.response.header.X-Total-Count': 'integration.response.header.X-Count' },
        responseTemplates: { 'application/json': "#set($root = $input.path('$'))\n{\"orders\": $input.json('$.items')}" },
      },
    })
    assert.equal(doc.paths['/orders'].get['x-amazon-apigateway-integration'].type, 'http')
    assert.equal(doc.paths['/orders'].get['x-amazon-apigateway-integration'].passthroughBehavior, 'when_no_templates')
    assert.equal(doc.paths['/orders'].get['x-amazon-apigateway-request-validator'], undefined)
    assert.equal(doc.securityDefinitions['token-auth']['x-amazon-apigateway-authorizer'], undefined)
    assert.equal(doc['x-amazon-apigateway-gateway-responses'], undefined)
  })

  it('extensions=authorizers adds the authorizer definitions', () => {
    const doc = exportOpenApi(def, { format: 'swagger', stageName: 's', extensions: ['authorizers'] }) as any
    assert.deepEqual(doc.securityDefinitions['request-auth'], {
      type: 'apiKey',
      name: 'Unused',
      in: 'header',
      'x-amazon-apigateway-authtype': 'custom',
      'x-amazon-apigateway-authorizer': {
        type: 'request',
        authorizerUri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:request-auth/invocations',
        identitySource: 'method.request.header.HeaderAuth1, method.request.querystring.QueryString1',
        authorizerResultTtlInSeconds: 300,
      },
    })
    assert.equal(doc.paths['/orders'].get['x-amazon-apigateway-integration'], undefined)
  })

  it('extensions=apigateway adds the API-level extensions', () => {
    const doc = exportOpenApi(def, { format: 'swagger', stageName: 's', extensions: ['apigateway'] }) as any
    assert.equal(doc['x-amazon-apigateway-api-key-source'], 'AUTHORIZER')
    assert.equal(doc['x-amazon-apigateway-minimum-compression-size'], 1024)
    assert.deepEqual(doc['x-amazon-apigateway-binary-media-types'], ['application/octet-stream', 'image/*'])
    assert.equal(doc['x-amazon-apigateway-policy'].Version, '2012-10-17')
    assert.deepEqual(doc['x-amazon-apigateway-endpoint-configuration'], { disableExecuteApiEndpoint: true })
    assert.deepEqual(Object.keys(doc['x-amazon-apigateway-request-validators']), ['basic', 'params-only'])
    assert.deepEqual(Object.keys(doc['x-amazon-apigateway-gateway-responses']), ['DEFAULT_4XX', 'INVALID_API_KEY'])
    assert.equal(doc.paths['/orders'].get['x-amazon-apigateway-request-validator'], 'params-only')
  })

  it('uses the creation date as info.version when the API has no version, as AWS does', () => {
    const noVersion = { ...def, restApi: { ...def.restApi, version: undefined, createdDate: 1700000000 } }
    const doc = exportOpenApi(noVersion, { format: 'oas30', stageName: 's', extensions: [] }) as any
    assert.equal(doc.info.version, '2023-11-14T22:13:20Z')
  })

  it('does not modify the definition', () => {
    const snapshot = structuredClone(def)
    exportOpenApi(def, { format: 'oas30', stageName: 's', extensions: ['apigateway'] })
    assert.deepEqual(def, snapshot)
  })
})
