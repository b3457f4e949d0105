import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { importOpenApi } from '../../src/openapi/index.ts'
import { fixture, importOk, method, resource } from './helpers.ts'

const update = `
openapi: 3.0.1
info: { title: PetStore v2, version: "2.0.0" }
x-amazon-apigateway-request-validators:
  body-only: { validateRequestBody: true, validateRequestParameters: true }
paths:
  /pets:
    get:
      operationId: ListPetsV2
      responses:
        "200":
          description: ok
          content: { application/json: { schema: { $ref: '#/components/schemas/Pets' } } }
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates: { application/json: '{"statusCode": 200}' }
        responses: { default: { statusCode: "200", responseTemplates: { application/json: "[]" } } }
  /owners:
    get:
      responses: { "200": { description: ok } }
`

describe('updating an existing API (PutRestApi)', () => {
  const existing = importOk(fixture('examples/petstore.yaml'), { apiId: 'petstore01' }).definition

  it('merge keeps what the document does not mention, and the ids of what both have', () => {
    const merged = importOk(update, { existing, mode: 'merge' }).definition
    assert.equal(merged.restApi.id, 'petstore01')
    assert.equal(merged.restApi.createdDate, existing.restApi.createdDate)
    assert.equal(merged.restApi.name, 'PetStore v2')
    assert.equal(merged.restApi.description, existing.restApi.description)
    assert.equal(merged.restApi.rootResourceId, existing.restApi.rootResourceId)
    for (const path of ['/', '/pets', '/pets/{petId}', '/proxy', '/proxy/{proxy+}']) {
      assert.equal(resource(merged, path).id, resource(existing, path).id, path)
    }
    assert.equal(resource(merged, '/owners').parentId, existing.restApi.rootResourceId)
    assert.equal(method(merged, '/pets', 'GET').operationName, 'ListPetsV2')
    assert.deepEqual(method(merged, '/pets', 'POST'), method(existing, '/pets', 'POST'))
    assert.deepEqual(method(merged, '/pets/{petId}', 'GET'), method(existing, '/pets/{petId}', 'GET'))
  })

  it('merge lets the document refer to models the API already has', () => {
    const merged = importOk(update, { existing, mode: 'merge' }).definition
    assert.deepEqual(merged.models.map((m) => m.name).sort(), existing.models.map((m) => m.name).sort())
  })

  it('merge replaces a same-named validator but keeps its id', () => {
    const merged = importOk(update, { existing, mode: 'merge' }).definition
    const before = existing.requestValidators.find((v) => v.name === 'body-only')!
    const after = merged.requestValidators.find((v) => v.name === 'body-only')!
    assert.equal(after.id, before.id)
    assert.equal(after.validateRequestParameters, true)
    assert.equal(merged.requestValidators.length, existing.requestValidators.length)
    assert.equal(method(merged, '/pets', 'POST').requestValidatorId, before.id)
  })

  it('overwrite keeps only the document, but the API id and the ids of surviving resources', () => {
    const doc = update.replace("$ref: '#/components/schemas/Pets'", 'type: array')
    const replaced = importOk(doc, { existing, mode: 'overwrite' }).definition
    assert.equal(replaced.restApi.id, 'petstore01')
    assert.equal(replaced.restApi.description, undefined)
    assert.deepEqual(replaced.resources.map((r) => r.path), ['/', '/pets', '/owners'])
    assert.equal(resource(replaced, '/pets').id, resource(existing, '/pets').id)
    assert.equal(resource(replaced, '/').id, existing.restApi.rootResourceId)
    assert.deepEqual(Object.keys(resource(replaced, '/pets').resourceMethods!), ['GET'])
    assert.deepEqual(replaced.gatewayResponses, [])
    assert.deepEqual(replaced.requestValidators.map((v) => v.name), ['body-only'])
  })

  it('overwrite cannot refer to the old API\'s models', () => {
    const result = importOpenApi(update, { existing, mode: 'overwrite' })
    assert.equal(result.ok, false)
    if (result.ok) return
    assert.deepEqual(result.errors, [
      {
        pointer: '/paths/~1pets/get/responses/200/content/application~1json/schema/$ref',
        message: 'Invalid model reference: #/components/schemas/Pets does not name a model',
      },
    ])
  })

  it('merge refuses a second variable path part next to an existing one', () => {
    const clash = 'openapi: 3.0.1\ninfo: { title: x, version: "1" }\npaths:\n  /pets/{id}/toys:\n    get: { responses: {} }\n'
    const result = importOpenApi(clash, { existing, mode: 'merge' })
    assert.deepEqual(result, {
      ok: false,
      errors: [
        {
          pointer: '/paths/~1pets~1{id}~1toys',
          message: 'A sibling ({petId}) of this resource already has a variable path part -- only one is allowed',
        },
      ],
    })
  })

  it('defaults to merge, as AWS does', () => {
    const merged = importOk(update, { existing }).definition
    assert.ok(merged.resources.some((r) => r.path === '/pets/{petId}'))
  })

  it('never changes the definition it was given', () => {
    const snapshot = structuredClone(existing)
    importOk(update, { existing, mode: 'merge' })
    importOk(update.replace("$ref: '#/components/schemas/Pets'", 'type: array'), { existing, mode: 'overwrite' })
    assert.deepEqual(existing, snapshot)
  })
})
