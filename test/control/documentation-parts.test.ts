/**
 * Documentation parts and versions through @aws-sdk/client-api-gateway: the lifecycle, AWS's
 * error texts, the list filters, the stage's documentationVersion, ImportDocumentationParts and
 * the x-amazon-apigateway-documentation round trip (import → export → import).
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  CreateDeploymentCommand,
  CreateDocumentationPartCommand,
  CreateDocumentationVersionCommand,
  CreateStageCommand,
  DeleteDocumentationPartCommand,
  DeleteDocumentationVersionCommand,
  GetDocumentationPartCommand,
  GetDocumentationPartsCommand,
  GetDocumentationVersionCommand,
  GetDocumentationVersionsCommand,
  GetExportCommand,
  GetStageCommand,
  ImportDocumentationPartsCommand,
  ImportRestApiCommand,
  UpdateDocumentationPartCommand,
  UpdateDocumentationVersionCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-api-gateway'
import { rejects, seedApi, useTestPortico } from './stages-harness.ts'

const t = useTestPortico()

const props = (o: unknown) => JSON.stringify(o)

describe('documentation parts', () => {
  it('create, get, list, update, delete with the wire shapes', async () => {
    const { apiId } = await seedApi(t.portico)
    const api = await t.client.send(new CreateDocumentationPartCommand({ restApiId: apiId, location: { type: 'API' }, properties: props({ info: { description: 'Pets.' } }) }))
    assert.equal(api.$metadata.httpStatusCode, 201)
    assert.deepEqual(api.location, { type: 'API' })
    assert.equal(api.properties, '{"info":{"description":"Pets."}}')
    const method = await t.client.send(new CreateDocumentationPartCommand({ restApiId: apiId, location: { type: 'METHOD', path: '/pets', method: 'get' }, properties: props({ summary: 'List pets' }) }))
    assert.deepEqual(method.location, { type: 'METHOD', path: '/pets', method: 'GET' })
    // defaults filled in: path '/', method '*', statusCode '*'
    const response = await t.client.send(new CreateDocumentationPartCommand({ restApiId: apiId, location: { type: 'RESPONSE', statusCode: '400' }, properties: props({ description: 'Bad' }) }))
    assert.deepEqual(response.location, { type: 'RESPONSE', path: '/', method: '*', statusCode: '400' })
    const q = await t.client.send(new CreateDocumentationPartCommand({ restApiId: apiId, location: { type: 'QUERY_PARAMETER', path: '/pets', name: 'limit' }, properties: '{}' }))

    const got = await t.client.send(new GetDocumentationPartCommand({ restApiId: apiId, documentationPartId: method.id! }))
    assert.deepEqual({ id: got.id, location: got.location, properties: got.properties }, { id: method.id, location: method.location, properties: method.properties })

    const all = await t.client.send(new GetDocumentationPartsCommand({ restApiId: apiId }))
    assert.deepEqual(all.items!.map((p) => p.id), [api.id, method.id, response.id, q.id])
    const ids = async (filter: Record<string, unknown>) => (await t.client.send(new GetDocumentationPartsCommand({ restApiId: apiId, ...filter }))).items!.map((p) => p.id)
    assert.deepEqual(await ids({ type: 'METHOD' }), [method.id])
    assert.deepEqual(await ids({ path: '/pets' }), [method.id, q.id])
    assert.deepEqual(await ids({ nameQuery: 'lim' }), [q.id])
    assert.deepEqual(await ids({ locationStatus: 'UNDOCUMENTED' }), [q.id])
    assert.deepEqual(await ids({ locationStatus: 'DOCUMENTED' }), [api.id, method.id, response.id])
    const page = await t.client.send(new GetDocumentationPartsCommand({ restApiId: apiId, limit: 3 }))
    assert.equal(page.items!.length, 3)
    assert.deepEqual((await t.client.send(new GetDocumentationPartsCommand({ restApiId: apiId, position: page.position }))).items!.map((p) => p.id), [q.id])

    const updated = await t.client.send(
      new UpdateDocumentationPartCommand({ restApiId: apiId, documentationPartId: method.id!, patchOperations: [{ op: 'replace', path: '/properties', value: props({ summary: 'All pets' }) }] }),
    )
    assert.equal(updated.properties, '{"summary":"All pets"}')
    const deleted = await t.client.send(new DeleteDocumentationPartCommand({ restApiId: apiId, documentationPartId: method.id! }))
    assert.equal(deleted.$metadata.httpStatusCode, 202)
    await rejects(() => t.client.send(new GetDocumentationPartCommand({ restApiId: apiId, documentationPartId: method.id! })), 'NotFoundException', 404, 'Invalid Documentation part identifier specified')
    await rejects(() => t.client.send(new DeleteDocumentationPartCommand({ restApiId: apiId, documentationPartId: method.id! })), 'NotFoundException', 404, 'Invalid Documentation part identifier specified')
  })

  it("bad input answers AWS's errors and changes nothing", async () => {
    const { apiId } = await seedApi(t.portico)
    const create = (location: Record<string, string>, properties = '{}') =>
      t.client.send(new CreateDocumentationPartCommand({ restApiId: apiId, location: location as never, properties }))
    await rejects(() => t.client.send(new GetDocumentationPartsCommand({ restApiId: 'nope' })), 'NotFoundException', 404, 'Invalid API identifier specified 123456789012:nope')
    await rejects(
      () => create({ type: 'INVALID' }),
      'ValidationException',
      400,
      "1 validation error detected: Value 'INVALID' at 'createDocumentationPartInput.location.type' failed to satisfy constraint: Member must satisfy enum value set: [RESPONSE_BODY, RESPONSE, METHOD, MODEL, AUTHORIZER, RESPONSE_HEADER, RESOURCE, PATH_PARAMETER, REQUEST_BODY, QUERY_PARAMETER, API, REQUEST_HEADER]",
    )
    await rejects(() => create({ type: 'METHOD', statusCode: '200' }), 'BadRequestException', 400, "Invalid documentation location: 'statusCode' is not valid for location type 'METHOD'")
    await rejects(() => create({ type: 'MODEL' }), 'BadRequestException', 400, "Invalid documentation location: 'name' is required for location type 'MODEL'")
    await rejects(() => create({ type: 'API' }, 'not json'), 'BadRequestException', 400, 'Invalid documentation properties specified: not valid JSON')
    const first = await create({ type: 'API' })
    await rejects(() => create({ type: 'API' }), 'ConflictException', 409, "Documentation part already exists for the specified location: type 'API'.")
    await create({ type: 'RESPONSE', path: '/pets', statusCode: '404' })
    await rejects(
      () => create({ type: 'RESPONSE', path: '/pets', method: '*', statusCode: '404' }),
      'ConflictException',
      409,
      "Documentation part already exists for the specified location: type 'RESPONSE', path '/pets', method '*', statusCode '404'.",
    )
    const upd = (op: 'add' | 'replace', path: string, value?: string) =>
      t.client.send(new UpdateDocumentationPartCommand({ restApiId: apiId, documentationPartId: first.id!, patchOperations: [{ op, path, value }] }))
    await rejects(() => upd('replace', '/invalidPath', '{}'), 'BadRequestException', 400, "Invalid patch path  '/invalidPath' specified for op 'replace'. Must be one of: [/properties]")
    await rejects(() => upd('add', '/properties', '{}'), 'BadRequestException', 400, "Invalid patch path  '/properties' specified for op 'add'. Please choose supported operations")
    // a part for a location the API does not have is accepted, as AWS does: documentation may come first
    const ahead = await create({ type: 'METHOD', path: '/not/yet', method: 'POST' })
    assert.equal(ahead.location!.path, '/not/yet')
    assert.equal((await t.client.send(new GetDocumentationPartsCommand({ restApiId: apiId }))).items!.length, 3)
  })
})

describe('documentation versions', () => {
  it('snapshot the parts, associate with a stage, describe, delete', async () => {
    const { apiId } = await seedApi(t.portico)
    const { id: deploymentId } = await t.client.send(new CreateDeploymentCommand({ restApiId: apiId }))
    await t.client.send(new CreateStageCommand({ restApiId: apiId, stageName: 'prod', deploymentId }))
    const part = await t.client.send(new CreateDocumentationPartCommand({ restApiId: apiId, location: { type: 'API' }, properties: props({ info: { description: 'v1 text' } }) }))

    const v1 = await t.client.send(new CreateDocumentationVersionCommand({ restApiId: apiId, documentationVersion: '1.0', stageName: 'prod', description: 'first' }))
    assert.equal(v1.$metadata.httpStatusCode, 201)
    assert.equal(v1.version, '1.0')
    assert.ok(v1.createdDate instanceof Date)
    assert.equal((await t.client.send(new GetStageCommand({ restApiId: apiId, stageName: 'prod' }))).documentationVersion, '1.0')
    await rejects(() => t.client.send(new CreateDocumentationVersionCommand({ restApiId: apiId, documentationVersion: '1.0' })), 'ConflictException', 409, 'Documentation version already exists: 1.0')

    // the version keeps what the parts said when it was made
    await t.client.send(new UpdateDocumentationPartCommand({ restApiId: apiId, documentationPartId: part.id!, patchOperations: [{ op: 'replace', path: '/properties', value: props({ info: { description: 'v2 text' } }) }] }))
    const exported = async () => {
      const out = await t.client.send(new GetExportCommand({ restApiId: apiId, stageName: 'prod', exportType: 'oas30', accepts: 'application/json' }))
      return JSON.parse(Buffer.from(out.body!).toString('utf8')) as Record<string, any>
    }
    assert.equal((await exported()).info.description, 'v1 text')
    await t.client.send(new CreateDocumentationVersionCommand({ restApiId: apiId, documentationVersion: '2.0' }))
    await t.client.send(new UpdateStageCommand({ restApiId: apiId, stageName: 'prod', patchOperations: [{ op: 'replace', path: '/documentationVersion', value: '2.0' }] }))
    assert.equal((await exported()).info.description, 'v2 text')
    assert.equal((await exported())['x-amazon-apigateway-documentation'].version, '2.0')

    await rejects(
      () => t.client.send(new UpdateStageCommand({ restApiId: apiId, stageName: 'prod', patchOperations: [{ op: 'replace', path: '/documentationVersion', value: '9.9' }] })),
      'BadRequestException',
      400,
      'Documentation version does not exist',
    )
    await rejects(() => t.client.send(new CreateStageCommand({ restApiId: apiId, stageName: 'beta', deploymentId, documentationVersion: '9.9' })), 'BadRequestException', 400, 'Documentation version does not exist')

    const described = await t.client.send(new UpdateDocumentationVersionCommand({ restApiId: apiId, documentationVersion: '1.0', patchOperations: [{ op: 'replace', path: '/description', value: 'the first' }] }))
    assert.equal(described.description, 'the first')
    assert.equal((await t.client.send(new GetDocumentationVersionCommand({ restApiId: apiId, documentationVersion: '1.0' }))).description, 'the first')
    assert.deepEqual((await t.client.send(new GetDocumentationVersionsCommand({ restApiId: apiId }))).items!.map((v) => v.version), ['1.0', '2.0'])

    // a stage still publishes 2.0
    await rejects(() => t.client.send(new DeleteDocumentationVersionCommand({ restApiId: apiId, documentationVersion: '2.0' })), 'ConflictException', 409)
    assert.equal((await t.client.send(new DeleteDocumentationVersionCommand({ restApiId: apiId, documentationVersion: '1.0' }))).$metadata.httpStatusCode, 202)
    await rejects(() => t.client.send(new GetDocumentationVersionCommand({ restApiId: apiId, documentationVersion: '1.0' })), 'NotFoundException', 404, 'Invalid Documentation version identifier specified')
  })
})

const DOCUMENTED = {
  openapi: '3.0.1',
  info: { title: 'documented', version: '1' },
  paths: {
    '/pets': {
      get: {
        parameters: [{ name: 'limit', in: 'query', schema: { type: 'string' } }],
        responses: { '200': { description: '200 response', content: { 'application/json': { schema: { $ref: '#/components/schemas/Pets' } } } } },
        'x-amazon-apigateway-integration': { type: 'mock', requestTemplates: { 'application/json': '{"statusCode": 200}' }, responses: { default: { statusCode: '200' } } },
      },
    },
  },
  components: { schemas: { Pets: { type: 'array', items: { type: 'object' } } } },
  'x-amazon-apigateway-documentation': {
    version: '1.0.0',
    documentationParts: [
      { location: { type: 'API' }, properties: { info: { description: 'The pet store' }, foo: 'kept in the extension' } },
      { location: { type: 'METHOD', path: '/pets', method: 'GET' }, properties: { summary: 'List pets', tags: ['pets'] } },
      { location: { type: 'QUERY_PARAMETER', path: '/pets', method: 'GET', name: 'limit' }, properties: { description: 'How many' } },
      { location: { type: 'RESPONSE', statusCode: '200' }, properties: { description: 'Inherited success' } },
      { location: { type: 'MODEL', name: 'Pets' }, properties: { title: 'A list of pets' } },
    ],
  },
}

describe('documentation import and export', () => {
  it('ImportRestApi keeps the extension; GetExport injects it; the round trip keeps every part', async () => {
    const imported = await t.client.send(new ImportRestApiCommand({ body: Buffer.from(JSON.stringify(DOCUMENTED)) }))
    const apiId = imported.id!
    assert.equal(imported.warnings, undefined)
    const parts = (await t.client.send(new GetDocumentationPartsCommand({ restApiId: apiId }))).items!
    assert.equal(parts.length, 5)
    assert.equal(typeof parts[0]!.properties, 'string')

    const { id: deploymentId } = await t.client.send(new CreateDeploymentCommand({ restApiId: apiId }))
    await t.client.send(new CreateStageCommand({ restApiId: apiId, stageName: 'docs', deploymentId }))
    await t.client.send(new CreateDocumentationVersionCommand({ restApiId: apiId, documentationVersion: 'v1', stageName: 'docs' }))
    const out = await t.client.send(new GetExportCommand({ restApiId: apiId, stageName: 'docs', exportType: 'oas30', accepts: 'application/json' }))
    const doc = JSON.parse(Buffer.from(out.body!).toString('utf8')) as Record<string, any>
    assert.equal(doc.info.description, 'The pet store')
    const get = doc.paths['/pets'].get
    assert.equal(get.summary, 'List pets')
    assert.deepEqual(get.tags, ['pets'])
    assert.equal(get.parameters[0].description, 'How many')
    assert.equal(get.responses['200'].description, 'Inherited success')
    assert.equal(doc.components.schemas.Pets.title, 'A list of pets')
    const ext = doc['x-amazon-apigateway-documentation']
    assert.equal(ext.version, 'v1')
    assert.match(ext.createdDate, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    assert.equal(ext.documentationParts.length, 5)
    assert.equal(ext.documentationParts[0].properties.foo, 'kept in the extension')

    // export → import: every part comes back
    const again = await t.client.send(new ImportRestApiCommand({ body: Buffer.from(JSON.stringify(doc)) }))
    const back = (await t.client.send(new GetDocumentationPartsCommand({ restApiId: again.id! }))).items!
    const norm = (ps: typeof parts) => ps.map((p) => ({ location: p.location, properties: JSON.parse(p.properties!) as unknown })).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
    assert.deepEqual(norm(back), norm(parts))

    // ignore=documentation leaves them out
    const ignored = await t.client.send(new ImportRestApiCommand({ body: Buffer.from(JSON.stringify(DOCUMENTED)), parameters: { ignore: 'documentation' } }))
    assert.deepEqual((await t.client.send(new GetDocumentationPartsCommand({ restApiId: ignored.id! }))).items, [])
  })

  it('ImportDocumentationParts merges or overwrites, and fails on warnings when asked', async () => {
    const { apiId } = await seedApi(t.portico)
    const own = await t.client.send(new CreateDocumentationPartCommand({ restApiId: apiId, location: { type: 'API' }, properties: props({ description: 'mine' }) }))
    const body = (parts: unknown[]) => Buffer.from(JSON.stringify({ swagger: '2.0', info: { title: 'x' }, paths: {}, 'x-amazon-apigateway-documentation': { version: '1', documentationParts: parts } }))
    const merged = await t.client.send(
      new ImportDocumentationPartsCommand({
        restApiId: apiId,
        body: body([
          { location: { type: 'API' }, properties: { description: 'theirs' } },
          { location: { type: 'METHOD', path: '/pets', method: 'GET' }, properties: { summary: 'pets' } },
        ]),
      }),
    )
    assert.equal(merged.ids!.length, 2)
    assert.equal(merged.ids![0], own.id, 'merge keeps the id of a part at the same location')
    assert.deepEqual(merged.warnings ?? [], [])
    assert.equal((await t.client.send(new GetDocumentationPartCommand({ restApiId: apiId, documentationPartId: own.id! }))).properties, '{"description":"theirs"}')

    const over = await t.client.send(new ImportDocumentationPartsCommand({ restApiId: apiId, mode: 'overwrite', body: body([{ location: { type: 'MODEL', name: 'Empty' }, properties: { title: 'nothing' } }]) }))
    const left = (await t.client.send(new GetDocumentationPartsCommand({ restApiId: apiId }))).items!
    assert.deepEqual(left.map((p) => p.id), over.ids)
    assert.equal(left[0]!.location!.type, 'MODEL')

    const bad = body([{ location: { type: 'NOPE' }, properties: {} }, { location: { type: 'API' }, properties: { a: 1 } }])
    const warned = await t.client.send(new ImportDocumentationPartsCommand({ restApiId: apiId, body: bad }))
    assert.equal(warned.ids!.length, 1)
    assert.match(warned.warnings![0]!, /Invalid location type: NOPE/)
    await rejects(() => t.client.send(new ImportDocumentationPartsCommand({ restApiId: apiId, body: bad, failOnWarnings: true })), 'BadRequestException', 400, /Invalid location type: NOPE/)
    await rejects(() => t.client.send(new ImportDocumentationPartsCommand({ restApiId: apiId, body: Buffer.from('{not json') })), 'BadRequestException', 400, 'Unable to build importer with provided input.')
    assert.equal((await t.client.send(new GetDocumentationPartsCommand({ restApiId: apiId }))).items!.length, 2)

    // the 2,000-part quota: an import past it changes nothing
    const many = Array.from({ length: 2001 }, (_, i) => ({ location: { type: 'MODEL', name: `M${i}` }, properties: {} }))
    await rejects(
      () => t.client.send(new ImportDocumentationPartsCommand({ restApiId: apiId, mode: 'overwrite', body: body(many) })),
      'LimitExceededException',
      429,
      'Documentation parts limit exceeded: an API can have at most 2000 documentation parts',
    )
    assert.equal((await t.client.send(new GetDocumentationPartsCommand({ restApiId: apiId }))).items!.length, 2)
  })
})
