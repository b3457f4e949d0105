import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { exportOpenApi } from '../../src/openapi/index.ts'
import { fixture, importOk, method } from './helpers.ts'

/**
 * Hand-written documents in the shape `aws apigateway get-export` returns (modelled on the
 * PetStore sample and the Lambda/S3/Kinesis sample exports in AWS's developer guide).
 */
describe('a real AWS export (oas30, extensions=apigateway) imports unchanged', () => {
  const text = fixture('aws-export-petstore-oas30.json')
  const { definition: def, warnings } = importOk(text, { apiId: '9gitr7fyt4' })

  it('imports without warnings', () => assert.deepEqual(warnings, []))

  it('exports back to the very same document', () => {
    const out = exportOpenApi(def, {
      format: 'oas30',
      stageName: 'dev',
      extensions: ['apigateway'],
      host: '9gitr7fyt4.execute-api.eu-west-1.amazonaws.com',
    })
    assert.deepEqual(out, JSON.parse(text))
  })

  it('has the PetStore methods and their integrations', () => {
    assert.deepEqual(
      def.resources.flatMap((r) => Object.keys(r.resourceMethods ?? {}).map((v) => `${v} ${r.path}`)).sort(),
      ['GET /', 'GET /pets', 'GET /pets/{petId}', 'OPTIONS /pets', 'OPTIONS /pets/{petId}', 'POST /pets'],
    )
    const get = method(def, '/pets/{petId}', 'GET')
    assert.equal(get.methodIntegration!.uri, 'http://petstore.execute-api.eu-west-1.amazonaws.com/petstore/pets/{petId}')
    assert.equal(method(def, '/pets', 'POST').requestValidatorId, def.requestValidators[0]!.id)
    assert.equal(method(def, '/', 'GET').methodIntegration!.integrationResponses!['200']!.responseParameters!['method.response.header.Content-Type'], "'text/html'")
  })
})

describe('a real AWS export (swagger, Lambda integrations) imports', () => {
  const { definition: def, warnings } = importOk(fixture('aws-export-lambda-swagger.json'), { apiId: 'k3p9x0abcd' })

  it('imports without warnings', () => assert.deepEqual(warnings, []))

  it('keeps the export info, ignoring host and basePath', () => {
    assert.equal(def.restApi.name, 'UnitConverter')
    assert.equal(def.restApi.version, '2019-08-14T10:12:31Z')
    assert.deepEqual(def.resources.map((r) => r.path), ['/', '/convert', '/convert/{from}', '/convert/{from}/{to}', '/convert/{from}/{to}/{value}'])
  })

  it('maps the aws integration with its error-pattern response', () => {
    const get = method(def, '/convert', 'GET')
    assert.equal(get.apiKeyRequired, true)
    assert.equal(def.requestValidators.find((v) => v.id === get.requestValidatorId)!.name, 'Validate query string parameters and headers')
    assert.deepEqual(Object.values(get.methodIntegration!.integrationResponses!).map((r) => [r.statusCode, r.selectionPattern]), [
      ['200', undefined],
      ['400', '.*Unknown unit.*'],
    ])
    assert.deepEqual(get.methodResponses!['200']!.responseParameters, {
      'method.response.header.X-Unit-From': false,
      'method.response.header.X-Unit-To': false,
    })
  })

  it('maps sigv4 to AWS_IAM and keeps the proxy cache settings', () => {
    const post = method(def, '/convert', 'POST')
    assert.equal(post.authorizationType, 'AWS_IAM')
    assert.deepEqual(post.requestModels, { 'application/json': 'ConversionRequest' })
    const proxy = method(def, '/convert/{from}/{to}/{value}', 'GET').methodIntegration!
    assert.equal(proxy.type, 'AWS_PROXY')
    assert.equal(proxy.cacheNamespace, 't1x2yz')
    assert.deepEqual(proxy.cacheKeyParameters, ['method.request.path.from', 'method.request.path.to'])
  })

  it('keeps the model titles inside the schemas', () => {
    assert.equal(JSON.parse(def.models.find((m) => m.name === 'Error')!.schema!).title, 'Error Schema')
  })
})
