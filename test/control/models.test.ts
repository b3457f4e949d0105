import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  CreateModelCommand,
  DeleteModelCommand,
  GetModelCommand,
  GetModelsCommand,
  GetModelTemplateCommand,
  UpdateModelCommand,
} from '@aws-sdk/client-api-gateway'
import { editApi, rejects, seedApi, useTestPortico } from './stages-harness.ts'

const t = useTestPortico()

const PET = JSON.stringify({ $schema: 'http://json-schema.org/draft-04/schema#', title: 'Pet', type: 'object', properties: { name: { type: 'string' } } })

describe('models', () => {
  it('create (201), get, list, update, delete (202)', async () => {
    const { apiId } = await seedApi(t.portico)
    const created = await t.client.send(new CreateModelCommand({ restApiId: apiId, name: 'Pet', contentType: 'application/json', description: 'a pet', schema: PET }))
    assert.equal(created.$metadata.httpStatusCode, 201)
    assert.match(created.id!, /^[a-z0-9]{10}$/)
    assert.equal(created.name, 'Pet')
    assert.equal(created.schema, PET)
    assert.equal(created.description, 'a pet')
    assert.equal(created.contentType, 'application/json')
    const got = await t.client.send(new GetModelCommand({ restApiId: apiId, modelName: 'Pet' }))
    assert.equal(got.id, created.id)
    const list = await t.client.send(new GetModelsCommand({ restApiId: apiId }))
    assert.deepEqual(
      list.items!.map((m) => m.name),
      ['Empty', 'Pet'],
    )
    const schema = JSON.stringify({ title: 'Updated', type: 'object' })
    const updated = await t.client.send(
      new UpdateModelCommand({
        restApiId: apiId,
        modelName: 'Pet',
        patchOperations: [
          { op: 'replace', path: '/schema', value: schema },
          { op: 'replace', path: '/description', value: 'changed' },
        ],
      }),
    )
    assert.equal(updated.schema, schema)
    assert.equal(updated.description, 'changed')
    const deleted = await t.client.send(new DeleteModelCommand({ restApiId: apiId, modelName: 'Pet' }))
    assert.equal(deleted.$metadata.httpStatusCode, 202)
    await rejects(() => t.client.send(new GetModelCommand({ restApiId: apiId, modelName: 'Pet' })), 'NotFoundException', 404, 'Invalid model name specified: Pet')
  })

  it("validation with AWS's texts", async () => {
    const { apiId } = await seedApi(t.portico)
    const create = (name: string, schema?: string) => t.client.send(new CreateModelCommand({ restApiId: apiId, name, contentType: 'application/json', schema }))
    await rejects(() => t.client.send(new CreateModelCommand({ restApiId: 'abcde0', name: 'M', contentType: 'application/json', schema: PET })), 'NotFoundException', 404, 'Invalid API identifier specified 123456789012:abcde0')
    await rejects(() => t.client.send(new GetModelCommand({ restApiId: 'abcde0', modelName: 'MySchema' })), 'NotFoundException', 404, 'Invalid model name specified: MySchema')
    await rejects(() => create('Empty', PET), 'ConflictException', 409, 'Model name already exists for this REST API')
    await rejects(() => create('', PET), 'BadRequestException', 400, 'Model name must be non-empty')
    await rejects(() => create('not-alpha', PET), 'BadRequestException', 400)
    await rejects(() => create('NoSchema', ''), 'BadRequestException', 400, 'Model schema must have at least 1 property or array items defined')
    await rejects(() => create('NoSchema'), 'BadRequestException', 400, 'Model schema must have at least 1 property or array items defined')
    await rejects(() => create('Broken', '{not json'), 'BadRequestException', 400, /^Validation Result: warnings : \[\], errors : \[Invalid model schema specified/)
    await rejects(() => create('BadDraft4', '{"type": 12}'), 'BadRequestException', 400, /Invalid model schema specified/)
    const upd = (op: 'add' | 'replace', path: string, value?: string) =>
      t.client.send(new UpdateModelCommand({ restApiId: apiId, modelName: 'Empty', patchOperations: [{ op, path, value }] }))
    await rejects(() => upd('add', '/wrong-path', 'x'), 'BadRequestException', 400, "Invalid patch path  '/wrong-path' specified for op 'add'. Please choose supported operations")
    await rejects(() => upd('replace', '/name', 'x'), 'BadRequestException', 400, "Invalid patch path  '/name' specified for op 'replace'. Must be one of: [/description, /schema]")
    await rejects(() => upd('replace', '/schema', ''), 'BadRequestException', 400, 'Model schema must have at least 1 property or array items defined')
  })

  it("delete refuses a model a method request uses, with AWS's text", async () => {
    const { apiId } = await seedApi(t.portico)
    await t.client.send(new CreateModelCommand({ restApiId: apiId, name: 'Pet', contentType: 'application/json', schema: PET }))
    await editApi(t.portico, apiId, (d) => {
      d.resources[1]!.resourceMethods!.GET!.requestModels = { 'application/json': 'Pet' }
    })
    await rejects(() => t.client.send(new DeleteModelCommand({ restApiId: apiId, modelName: 'Pet' })), 'ConflictException', 409, "Cannot delete model 'Pet', is referenced in method request: /pets/GET")
  })

  it('?flatten=true inlines referenced models; GetModelTemplate gives a mapping template', async () => {
    const { apiId } = await seedApi(t.portico)
    await t.client.send(new CreateModelCommand({ restApiId: apiId, name: 'Pet', contentType: 'application/json', schema: PET }))
    const pets = JSON.stringify({ type: 'array', items: { $ref: `https://apigateway.amazonaws.com/restapis/${apiId}/models/Pet` } })
    await t.client.send(new CreateModelCommand({ restApiId: apiId, name: 'Pets', contentType: 'application/json', schema: pets }))
    const plain = await t.client.send(new GetModelCommand({ restApiId: apiId, modelName: 'Pets' }))
    assert.equal(plain.schema, pets)
    const flat = await t.client.send(new GetModelCommand({ restApiId: apiId, modelName: 'Pets', flatten: true }))
    assert.deepEqual(JSON.parse(flat.schema!), { type: 'array', items: { title: 'Pet', type: 'object', properties: { name: { type: 'string' } } } })
    const template = await t.client.send(new GetModelTemplateCommand({ restApiId: apiId, modelName: 'Pets' }))
    assert.match(template.value!, /#foreach\(\$elem in \$inputRoot\)/)
    assert.match(template.value!, /"name" : "\$elem.name"/)
  })
})
