/**
 * Issue 14, defect 6: models referencing each other in a cycle that never reaches into the data
 * (A → B → A through bare `$ref`s or allOf) were accepted, and then every request to a method
 * validating against them answered 500 with a stack trace. Such cycles are refused where models
 * come in and at deployment; recursion through properties or items (a tree) stays legal, as on
 * AWS, and validates without ever answering 500.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { CreateDeploymentCommand, CreateModelCommand, ImportRestApiCommand, UpdateModelCommand } from '@aws-sdk/client-api-gateway'
import type { Model } from '../../src/model/index.ts'
import { newId } from '../../src/lib/ids.ts'
import { deployApi } from '../../src/control/deployments.ts'
import { editApi, mockMethod, rejects, seedApi, useTestPortico } from './stages-harness.ts'

const t = useTestPortico()

const CYCLE = (names: string) =>
  'Validation Result: warnings : [], errors : [Invalid model schema specified: circular reference without a base case: ' +
  `${names} (a cycle of references must pass through properties, patternProperties, additionalProperties, items or additionalItems)]`

/** The seeded API plus `POST /pets`, whose body is validated against `modelName`. */
async function validatedApi(models: Array<{ name: string; schema: (uri: (name: string) => string) => object }>, modelName: string): Promise<string> {
  const { apiId } = await seedApi(t.portico)
  const uri = (name: string) => `https://apigateway.amazonaws.com/restapis/${apiId}/models/${name}`
  await editApi(t.portico, apiId, (d) => {
    d.models.push(...models.map((m): Model => ({ id: newId(), name: m.name, contentType: 'application/json', schema: JSON.stringify(m.schema(uri)) })))
    d.requestValidators.push({ id: 'body', name: 'body', validateRequestBody: true, validateRequestParameters: false })
    d.resources[1]!.resourceMethods!.POST = mockMethod('{"ok": true}', { httpMethod: 'POST', requestValidatorId: 'body', requestModels: { 'application/json': modelName } })
  })
  return apiId
}

async function post(apiId: string, body: string): Promise<{ status: number; body: string }> {
  await t.portico.settled()
  const res = await fetch(`${t.portico.url}/_aws/execute-api/${apiId}/test/pets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
  return { status: res.status, body: await res.text() }
}

describe('reference cycles between models', () => {
  it('CreateModel and UpdateModel refuse the model that closes a cycle of bare references', async () => {
    const { apiId } = await seedApi(t.portico)
    const uri = (name: string) => `https://apigateway.amazonaws.com/restapis/${apiId}/models/${name}`
    const create = (name: string, schema: object) => t.client.send(new CreateModelCommand({ restApiId: apiId, name, contentType: 'application/json', schema: JSON.stringify(schema) }))
    await create('A', { $ref: uri('B') })
    await rejects(() => create('B', { allOf: [{ $ref: uri('A') }] }), 'BadRequestException', 400, CYCLE('A -> B -> A'))
    await rejects(() => create('Self', { anyOf: [{ type: 'string' }, { $ref: '#' }] }), 'BadRequestException', 400, CYCLE('Self -> Self'))
    await create('B', { type: 'object' })
    await rejects(
      () => t.client.send(new UpdateModelCommand({ restApiId: apiId, modelName: 'B', patchOperations: [{ op: 'replace', path: '/schema', value: JSON.stringify({ not: { $ref: uri('A') } }) }] })),
      'BadRequestException',
      400,
      CYCLE('A -> B -> A'),
    )
  })

  it('ImportRestApi refuses a cycle of bare references between definitions', async () => {
    const doc = {
      swagger: '2.0',
      info: { title: 'cycle', version: '1' },
      paths: { '/a': { post: { parameters: [{ in: 'body', name: 'b', schema: { $ref: '#/definitions/A' } }], responses: { '200': { description: 'ok' } } } } },
      definitions: { A: { $ref: '#/definitions/B' }, B: { allOf: [{ $ref: '#/definitions/A' }] } },
    }
    await rejects(() => t.client.send(new ImportRestApiCommand({ body: Buffer.from(JSON.stringify(doc)) })), 'BadRequestException', 400, /circular reference without a base case: A -> B -> A .*\(at \/definitions\/A\)/)
  })

  it('a cycle stored before the check is refused at CreateDeployment, so no request meets it', async () => {
    const apiId = await validatedApi([
      { name: 'A', schema: (uri) => ({ $ref: uri('B') }) },
      { name: 'B', schema: (uri) => ({ $ref: uri('A') }) },
    ], 'A')
    await rejects(() => t.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'test' })), 'BadRequestException', 400, /model A: circular reference without a base case: A -> B -> A/)
  })

  it('a deployment of such a cycle made before the check keeps being served: its requests answer 400, never 500', async () => {
    const apiId = await validatedApi([
      { name: 'A', schema: (uri) => ({ $ref: uri('B') }) },
      { name: 'B', schema: (uri) => ({ allOf: [{ $ref: uri('A') }] }) },
    ], 'A')
    // what CreateDeployment did before it checked models
    await deployApi(t.portico.store, apiId, { stageName: 'test' })
    for (const body of ['{}', '{"a": 1}']) assert.deepEqual(await post(apiId, body), { status: 400, body: '{"message":"Invalid request body"}' })
    const other = await fetch(`${t.portico.url}/_aws/execute-api/${apiId}/test/pets`)
    assert.equal(other.status, 200)
  })

  it('recursion through properties and items is a legal model: it deploys and validates trees', async () => {
    const apiId = await validatedApi([
      { name: 'Node', schema: (uri) => ({ type: 'object', required: ['name'], properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: uri('Node') } } } }) },
    ], 'Node')
    await t.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'test' }))
    assert.deepEqual(await post(apiId, JSON.stringify({ name: 'root', children: [{ name: 'a', children: [{ name: 'b' }] }] })), { status: 200, body: '{"ok": true}' })
    assert.deepEqual(await post(apiId, JSON.stringify({ name: 'root', children: [{ children: [] }] })), { status: 400, body: '{"message":"Invalid request body"}' })
  })

  it('AWS’s Person ⇄ House import (recorded against AWS) is accepted and validates', async () => {
    const doc = {
      openapi: '3.0.2',
      info: { title: 'Circular model reference', version: '1.0' },
      'x-amazon-apigateway-request-validators': { basic: { validateRequestBody: true, validateRequestParameters: true } },
      'x-amazon-apigateway-request-validator': 'basic',
      paths: {
        '/person': {
          post: {
            requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Person' } } }, required: true },
            responses: { '200': { description: 'Empty', content: { 'application/json': { schema: { $ref: '#/components/schemas/Empty' } } } } },
            'x-amazon-apigateway-integration': {
              type: 'mock',
              responses: { default: { statusCode: '200', responseTemplates: { 'application/json': '{"ok": true}' } } },
              requestTemplates: { 'application/json': '{"statusCode": 200}' },
              passthroughBehavior: 'when_no_templates',
            },
          },
        },
      },
      components: {
        schemas: {
          Person: { type: 'object', properties: { name: { type: 'string' }, b: { type: 'number' }, house: { $ref: '#/components/schemas/House' } }, required: ['name', 'b'] },
          House: { type: 'object', properties: { contains: { type: 'array', items: { $ref: '#/components/schemas/Person' }, minItems: 1 } } },
          Empty: { title: 'Empty Schema', type: 'object' },
        },
      },
    }
    const api = await t.client.send(new ImportRestApiCommand({ body: Buffer.from(JSON.stringify(doc)) }))
    await t.client.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'test' }))
    await t.portico.settled()
    const call = (body: object) =>
      fetch(`${t.portico.url}/_aws/execute-api/${api.id}/test/person`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.status)
    assert.equal(await call({ name: 'a', b: 1, house: { contains: [{ name: 'b', b: 2 }] } }), 200)
    assert.equal(await call({ name: 'a', b: 1, house: { contains: [{ name: 'b' }] } }), 400)
  })

  it('a cycle no finite body satisfies (A requires b: B, B requires a: A) answers 400, never 500', async () => {
    const apiId = await validatedApi([
      { name: 'A', schema: (uri) => ({ type: 'object', required: ['b'], properties: { b: { $ref: uri('B') } } }) },
      { name: 'B', schema: (uri) => ({ type: 'object', required: ['a'], properties: { a: { $ref: uri('A') } } }) },
    ], 'A')
    await t.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'test' }))
    let body = '{}'
    for (let i = 0; i < 200; i++) body = i % 2 === 0 ? `{"a":${body}}` : `{"b":${body}}`
    for (const attempt of ['{}', '{"b":{}}', body]) assert.deepEqual(await post(apiId, attempt), { status: 400, body: '{"message":"Invalid request body"}' })
  })
})
