import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { importOpenApi } from '../../src/openapi/index.ts'
import { fixture, importOk, method } from './helpers.ts'

describe('examples/petstore.yaml', () => {
  const text = fixture('examples/petstore.yaml')
  const { definition: def, warnings } = importOk(text)

  it('imports cleanly, even with failOnWarnings', () => {
    assert.deepEqual(warnings, [])
    assert.equal(importOpenApi(text, { failOnWarnings: true }).ok, true)
  })

  it('answers /pets and /pets/{petId} with MOCK integrations and templates', () => {
    const list = method(def, '/pets', 'GET').methodIntegration!
    assert.equal(list.type, 'MOCK')
    assert.equal(JSON.parse(list.integrationResponses!['200']!.responseTemplates!['application/json']!).length, 3)
    const one = method(def, '/pets/{petId}', 'GET').methodIntegration!
    assert.match(one.integrationResponses!['200']!.responseTemplates!['application/json']!, /\$input\.params\('petId'\)/)
  })

  it('validates POST /pets bodies against NewPet', () => {
    const post = method(def, '/pets', 'POST')
    assert.deepEqual(post.requestModels, { 'application/json': 'NewPet' })
    const validator = def.requestValidators.find((v) => v.id === post.requestValidatorId)!
    assert.equal(validator.validateRequestBody, true)
  })

  it('has a CORS preflight and a stage-variable proxy route', () => {
    const options = method(def, '/pets', 'OPTIONS').methodIntegration!
    assert.equal(options.integrationResponses!['200']!.responseParameters!['method.response.header.Access-Control-Allow-Methods'], "'GET,POST,OPTIONS'")
    const proxy = method(def, '/proxy/{proxy+}', 'ANY').methodIntegration!
    assert.equal(proxy.type, 'HTTP_PROXY')
    assert.equal(proxy.uri, 'http://${stageVariables.upstream}/{proxy}')
  })

  it('turns a missing route into a 404 with a custom body', () => {
    const missing = def.gatewayResponses.find((g) => g.responseType === 'MISSING_AUTHENTICATION_TOKEN')!
    assert.equal(missing.statusCode, '404')
    assert.match(missing.responseTemplates!['application/json']!, /No route for \$context\.httpMethod \$context\.path/)
  })
})
