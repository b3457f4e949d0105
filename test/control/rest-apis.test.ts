import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  CreateRestApiCommand,
  DeleteRestApiCommand,
  GetModelsCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetRestApisCommand,
  ImportRestApiCommand,
  PutRestApiCommand,
  UpdateRestApiCommand,
  CreateResourceCommand,
  PutMethodCommand,
} from '@aws-sdk/client-api-gateway'
import { request } from 'undici'
import { deployApi } from '../../src/control/deployments.ts'
import { sdkError, startHarness, useHarness } from './harness.ts'

const h = useHarness()

const PETSTORE = JSON.stringify({
  openapi: '3.0.1',
  info: { title: 'Imported', version: '1.0' },
  paths: {
    '/pets': {
      get: {
        responses: { '200': { description: 'ok' } },
        'x-amazon-apigateway-integration': {
          type: 'mock',
          requestTemplates: { 'application/json': '{"statusCode": 200}' },
          responses: { default: { statusCode: '200', responseTemplates: { 'application/json': '[]' } } },
        },
      },
    },
  },
})

describe('CreateRestApi / GetRestApi / GetRestApis', () => {
  it("creates with AWS's defaults and a root resource", async () => {
    const api = await h.client.send(new CreateRestApiCommand({ name: 'defaults', description: 'd' }))
    assert.equal(api.$metadata.httpStatusCode, 201)
    assert.match(api.id!, /^[a-z0-9]{10}$/)
    assert.equal(api.name, 'defaults')
    assert.equal(api.description, 'd')
    assert.equal(api.apiKeySource, 'HEADER')
    assert.deepEqual(api.endpointConfiguration, { types: ['EDGE'], ipAddressType: 'ipv4' })
    assert.equal(api.disableExecuteApiEndpoint, false)
    assert.ok(api.createdDate instanceof Date)
    assert.ok(Math.abs(api.createdDate.getTime() - Date.now()) < 5000)
    const resources = await h.client.send(new GetResourcesCommand({ restApiId: api.id }))
    assert.deepEqual(resources.items, [{ id: api.rootResourceId, path: '/' }])
    const models = await h.client.send(new GetModelsCommand({ restApiId: api.id }))
    assert.deepEqual(models.items?.map((m) => m.name).sort(), ['Empty', 'Error'])

    const got = await h.client.send(new GetRestApiCommand({ restApiId: api.id }))
    assert.equal(got.$metadata.httpStatusCode, 200)
    assert.equal(got.rootResourceId, api.rootResourceId)
  })

  it('takes every optional member', async () => {
    const api = await h.client.send(
      new CreateRestApiCommand({
        name: 'full',
        version: 'v1',
        binaryMediaTypes: ['image/png'],
        minimumCompressionSize: 1024,
        apiKeySource: 'AUTHORIZER',
        endpointConfiguration: { types: ['REGIONAL'] },
        policy: '{"Version":"2012-10-17","Statement":[]}',
        tags: { team: 'a' },
        disableExecuteApiEndpoint: true,
      }),
    )
    assert.equal(api.version, 'v1')
    assert.deepEqual(api.binaryMediaTypes, ['image/png'])
    assert.equal(api.minimumCompressionSize, 1024)
    assert.equal(api.apiKeySource, 'AUTHORIZER')
    assert.deepEqual(api.endpointConfiguration, { types: ['REGIONAL'], ipAddressType: 'ipv4' })
    assert.deepEqual(api.tags, { team: 'a' })
    assert.equal(api.disableExecuteApiEndpoint, true)
    const { $metadata: _a, ...created } = api
    const { $metadata: _b, ...got } = await h.client.send(new GetRestApiCommand({ restApiId: api.id }))
    assert.deepEqual(got, created)
    const listed = (await h.client.send(new GetRestApisCommand({ limit: 500 }))).items!.find((a) => a.id === api.id)
    assert.deepEqual(listed, created)
  })

  it('rejects bad input with AWS-style texts', async () => {
    let e = await sdkError(() => h.client.send(new CreateRestApiCommand({ name: 'x', minimumCompressionSize: 10485761 })))
    assert.equal(e.name, 'BadRequestException')
    assert.equal(e.message, 'Invalid minimum compression size, must be between 0 and 10485760')
    e = await sdkError(() => h.client.send(new CreateRestApiCommand({ name: 'x', apiKeySource: 'BODY' as never })))
    assert.equal(e.$metadata.httpStatusCode, 400)
    assert.match(e.message, /Member must satisfy enum value set: \[HEADER, AUTHORIZER\]/)
  })

  it('pins the id with the _custom_id_ tag, and refuses a taken one', async () => {
    const api = await h.client.send(new CreateRestApiCommand({ name: 'pinned', tags: { _custom_id_: 'myapi' } }))
    assert.equal(api.id, 'myapi')
    const e = await sdkError(() => h.client.send(new CreateRestApiCommand({ name: 'again', tags: { _custom_id_: 'myapi' } })))
    assert.equal(e.name, 'ConflictException')
    assert.equal(e.$metadata.httpStatusCode, 409)
  })

  it('clones an API with new ids (cloneFrom)', async () => {
    const source = await h.client.send(new CreateRestApiCommand({ name: 'source', binaryMediaTypes: ['image/gif'] }))
    const pets = await h.client.send(new CreateResourceCommand({ restApiId: source.id, parentId: source.rootResourceId, pathPart: 'pets' }))
    await h.client.send(new PutMethodCommand({ restApiId: source.id, resourceId: pets.id, httpMethod: 'GET', authorizationType: 'NONE' }))
    const clone = await h.client.send(new CreateRestApiCommand({ name: 'clone', cloneFrom: source.id }))
    assert.notEqual(clone.id, source.id)
    assert.equal(clone.name, 'clone')
    assert.deepEqual(clone.binaryMediaTypes, ['image/gif'])
    const resources = await h.client.send(new GetResourcesCommand({ restApiId: clone.id }))
    assert.deepEqual(resources.items?.map((r) => r.path), ['/', '/pets'])
    const clonedPets = resources.items![1]!
    assert.notEqual(clonedPets.id, pets.id)
    assert.equal(clonedPets.parentId, clone.rootResourceId)
    assert.deepEqual(clonedPets.resourceMethods, { GET: {} })
    const e = await sdkError(() => h.client.send(new CreateRestApiCommand({ name: 'x', cloneFrom: 'nosuchapi1' })))
    assert.equal(e.name, 'NotFoundException')
    assert.equal(e.message, 'Invalid API identifier specified 123456789012:nosuchapi1')
  })

  it('answers 404 with the account id for an unknown API', async () => {
    const e = await sdkError(() => h.client.send(new GetRestApiCommand({ restApiId: 'abcdefghij' })))
    assert.equal(e.name, 'NotFoundException')
    assert.equal(e.$metadata.httpStatusCode, 404)
    assert.equal(e.message, 'Invalid API identifier specified 123456789012:abcdefghij')
  })
})

describe('GetRestApis pagination', () => {
  it('pages 25 at a time by default, with an opaque position, and limit up to 500', async () => {
    const h2 = await startHarness()
    try {
      const created: string[] = []
      for (let i = 0; i < 30; i++) created.push((await h2.client.send(new CreateRestApiCommand({ name: `api-${i}` }))).id!)
      const first = await h2.client.send(new GetRestApisCommand({}))
      assert.equal(first.items?.length, 25)
      assert.ok(first.position)
      const second = await h2.client.send(new GetRestApisCommand({ position: first.position }))
      assert.equal(second.items?.length, 5)
      assert.equal(second.position, undefined)
      assert.deepEqual([...first.items!, ...second.items!].map((a) => a.id), created)

      const small: string[] = []
      let position: string | undefined
      do {
        const page = await h2.client.send(new GetRestApisCommand({ limit: 7, ...(position && { position }) }))
        assert.ok(page.items!.length <= 7)
        small.push(...page.items!.map((a) => a.id!))
        position = page.position
      } while (position)
      assert.deepEqual(small, created)

      const all = await h2.client.send(new GetRestApisCommand({ limit: 500 }))
      assert.equal(all.items?.length, 30)

      let e = await sdkError(() => h2.client.send(new GetRestApisCommand({ limit: 501 })))
      assert.equal(e.name, 'BadRequestException')
      assert.match(e.message, /Member must have value less than or equal to 500/)
      e = await sdkError(() => h2.client.send(new GetRestApisCommand({ limit: 0 })))
      assert.equal(e.name, 'BadRequestException')
      e = await sdkError(() => h2.client.send(new GetRestApisCommand({ position: 'garbage' })))
      assert.equal(e.name, 'BadRequestException')
    } finally {
      await h2.close()
    }
  })
})

describe('UpdateRestApi', () => {
  it('patches name, description, binary media types (~1), compression, key source, policy, endpoint type, execute-api switch', async () => {
    const api = await h.client.send(new CreateRestApiCommand({ name: 'patch-me' }))
    const out = await h.client.send(
      new UpdateRestApiCommand({
        restApiId: api.id,
        patchOperations: [
          { op: 'replace', path: '/name', value: 'patched' },
          { op: 'replace', path: '/description', value: 'new' },
          { op: 'add', path: '/binaryMediaTypes/image~1png' },
          { op: 'add', path: '/binaryMediaTypes/application~1octet-stream' },
          { op: 'replace', path: '/minimumCompressionSize', value: '0' },
          { op: 'replace', path: '/apiKeySource', value: 'AUTHORIZER' },
          { op: 'replace', path: '/policy', value: '{"Version":"2012-10-17"}' },
          { op: 'replace', path: '/endpointConfiguration/types/EDGE', value: 'REGIONAL' },
          { op: 'replace', path: '/disableExecuteApiEndpoint', value: 'true' },
        ],
      }),
    )
    assert.equal(out.$metadata.httpStatusCode, 200)
    assert.equal(out.name, 'patched')
    assert.equal(out.description, 'new')
    assert.deepEqual(out.binaryMediaTypes, ['image/png', 'application/octet-stream'])
    assert.equal(out.minimumCompressionSize, 0)
    assert.equal(out.apiKeySource, 'AUTHORIZER')
    assert.equal(out.policy, '{"Version":"2012-10-17"}')
    assert.deepEqual(out.endpointConfiguration, { types: ['REGIONAL'], ipAddressType: 'ipv4' })
    assert.equal(out.disableExecuteApiEndpoint, true)

    const again = await h.client.send(
      new UpdateRestApiCommand({
        restApiId: api.id,
        patchOperations: [
          { op: 'remove', path: '/binaryMediaTypes/image~1png' },
          { op: 'replace', path: '/minimumCompressionSize', value: '' },
        ],
      }),
    )
    assert.deepEqual(again.binaryMediaTypes, ['application/octet-stream'])
    assert.equal(again.minimumCompressionSize, undefined)
    const stored = await h.client.send(new GetRestApiCommand({ restApiId: api.id }))
    assert.equal(stored.name, 'patched')
  })

  it('rejects invalid paths, ops and values, changing nothing', async () => {
    const api = await h.client.send(new CreateRestApiCommand({ name: 'strict' }))
    let e = await sdkError(() => h.client.send(new UpdateRestApiCommand({ restApiId: api.id, patchOperations: [{ op: 'replace', path: '/id', value: 'x' }] })))
    assert.equal(e.name, 'BadRequestException')
    assert.match(e.message, /^Invalid patch path {2}'\/id' specified for op 'replace'\. Must be one of: \[\/name, /)
    e = await sdkError(() => h.client.send(new UpdateRestApiCommand({ restApiId: api.id, patchOperations: [{ op: 'move', path: '/name', from: '/description' }] })))
    assert.equal(e.message, "Invalid patch operation specified. Must be 'add'|'remove'|'replace'")
    e = await sdkError(() =>
      h.client.send(
        new UpdateRestApiCommand({
          restApiId: api.id,
          patchOperations: [
            { op: 'replace', path: '/name', value: 'changed' },
            { op: 'replace', path: '/minimumCompressionSize', value: '-1' },
          ],
        }),
      ),
    )
    assert.equal(e.message, 'Invalid minimum compression size, must be between 0 and 10485760')
    assert.equal((await h.client.send(new GetRestApiCommand({ restApiId: api.id }))).name, 'strict')
  })
})

describe('ImportRestApi / PutRestApi', () => {
  it('imports an OpenAPI document (raw body) with ?mode=import', async () => {
    const api = await h.client.send(new ImportRestApiCommand({ body: new TextEncoder().encode(PETSTORE), parameters: { endpointConfigurationTypes: 'REGIONAL' } }))
    assert.equal(api.$metadata.httpStatusCode, 201)
    assert.equal(api.name, 'Imported')
    assert.deepEqual(api.endpointConfiguration?.types, ['REGIONAL'])
    const resources = await h.client.send(new GetResourcesCommand({ restApiId: api.id, embed: ['methods'] }))
    const pets = resources.items!.find((r) => r.path === '/pets')!
    assert.equal(pets.resourceMethods?.GET?.methodIntegration?.type, 'MOCK')
  })

  it('answers 400 for an invalid document, and with failonwarnings for warnings', async () => {
    let e = await sdkError(() => h.client.send(new ImportRestApiCommand({ body: new TextEncoder().encode('{not json') })))
    assert.equal(e.name, 'BadRequestException')
    assert.equal(e.message, 'Invalid OpenAPI input.')
    e = await sdkError(() => h.client.send(new ImportRestApiCommand({ body: new TextEncoder().encode(JSON.stringify({ openapi: '3.0.1', paths: 5 })) })))
    assert.equal(e.name, 'BadRequestException')
    assert.match(e.message, /^Errors found during import:\n\t/)

    const warned = JSON.stringify({
      openapi: '3.0.1',
      info: { title: 'Warned', version: '1' },
      paths: { '/a': { get: { parameters: [{ name: 'session', in: 'cookie', schema: { type: 'string' } }], responses: { '200': { description: 'ok' } } } } },
    })
    e = await sdkError(() => h.client.send(new ImportRestApiCommand({ body: new TextEncoder().encode(warned), failOnWarnings: true })))
    assert.equal(e.name, 'BadRequestException')
    assert.match(e.message, /^Warnings found during import:\n\tcookie parameters are not supported/)
    const api = await h.client.send(new ImportRestApiCommand({ body: new TextEncoder().encode(warned) }))
    assert.equal(api.warnings?.length, 1)
    assert.match(api.warnings![0]!, /cookie parameters are not supported/)
  })

  it('PutRestApi overwrites or merges an existing API (200)', async () => {
    const api = await h.client.send(new CreateRestApiCommand({ name: 'put-target' }))
    await h.client.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'old' }))
    const merged = await h.client.send(new PutRestApiCommand({ restApiId: api.id, mode: 'merge', body: new TextEncoder().encode(PETSTORE) }))
    assert.equal(merged.$metadata.httpStatusCode, 200)
    assert.equal(merged.id, api.id)
    let paths = (await h.client.send(new GetResourcesCommand({ restApiId: api.id }))).items!.map((r) => r.path).sort()
    assert.deepEqual(paths, ['/', '/old', '/pets'])
    await h.client.send(new PutRestApiCommand({ restApiId: api.id, mode: 'overwrite', body: new TextEncoder().encode(PETSTORE) }))
    paths = (await h.client.send(new GetResourcesCommand({ restApiId: api.id }))).items!.map((r) => r.path).sort()
    assert.deepEqual(paths, ['/', '/pets'])
    const e = await sdkError(() => h.client.send(new PutRestApiCommand({ restApiId: 'nosuchapi1', body: new TextEncoder().encode(PETSTORE) })))
    assert.equal(e.name, 'NotFoundException')
  })
})

describe('DeleteRestApi', () => {
  it('answers 202, removes the API and takes its stages off the data plane', async () => {
    const api = await h.client.send(new ImportRestApiCommand({ body: new TextEncoder().encode(PETSTORE) }))
    await deployApi(h.portico.store, api.id!, { stageName: 'prod' })
    await h.portico.settled()
    let res = await request(`${h.portico.url}/_aws/execute-api/${api.id}/prod/pets`)
    assert.equal(res.statusCode, 200)
    await res.body.dump()

    const out = await h.client.send(new DeleteRestApiCommand({ restApiId: api.id }))
    assert.equal(out.$metadata.httpStatusCode, 202)
    await h.portico.settled()
    res = await request(`${h.portico.url}/_aws/execute-api/${api.id}/prod/pets`)
    assert.equal(res.statusCode, 403)
    await res.body.dump()
    const e = await sdkError(() => h.client.send(new DeleteRestApiCommand({ restApiId: api.id })))
    assert.equal(e.name, 'NotFoundException')
    assert.equal(e.message, `Invalid API identifier specified 123456789012:${api.id}`)
  })
})
