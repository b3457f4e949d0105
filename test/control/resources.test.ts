import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  CreateResourceCommand,
  CreateRestApiCommand,
  DeleteResourceCommand,
  GetResourceCommand,
  GetResourcesCommand,
  PutMethodCommand,
  PutIntegrationCommand,
  UpdateResourceCommand,
} from '@aws-sdk/client-api-gateway'
import { sdkError, useHarness } from './harness.ts'

let apiId: string
let rootId: string
const h = useHarness({}, {
  setup: async () => {
    const api = await h.client.send(new CreateRestApiCommand({ name: 'tree' }))
    apiId = api.id!
    rootId = api.rootResourceId!
  },
})

const create = (parentId: string, pathPart: string) => h.client.send(new CreateResourceCommand({ restApiId: apiId, parentId, pathPart }))

describe('CreateResource', () => {
  it('creates children with their full path (201)', async () => {
    const pets = await create(rootId, 'pets')
    assert.equal(pets.$metadata.httpStatusCode, 201)
    assert.match(pets.id!, /^[a-z0-9]{10}$/)
    assert.equal(pets.parentId, rootId)
    assert.equal(pets.pathPart, 'pets')
    assert.equal(pets.path, '/pets')
    assert.equal(pets.resourceMethods, undefined)
    const pet = await create(pets.id!, '{petId}')
    assert.equal(pet.path, '/pets/{petId}')
  })

  it("answers AWS's errors for duplicates, greedy parents, variable siblings, bad path parts and unknown parents", async () => {
    const dup = await create(rootId, 'dup')
    let e = await sdkError(() => create(rootId, 'dup'))
    assert.equal(e.name, 'ConflictException')
    assert.equal(e.$metadata.httpStatusCode, 409)
    assert.equal(e.message, 'Another resource with the same parent already has this name: dup')

    const proxy = await create(dup.id!, '{proxy+}')
    e = await sdkError(() => create(proxy.id!, 'child'))
    assert.equal(e.name, 'BadRequestException')
    assert.equal(e.message, 'Cannot create a child of a resource with a greedy path variable: {proxy+}')

    e = await sdkError(() => create(dup.id!, '{id}'))
    assert.equal(e.name, 'BadRequestException')
    assert.equal(e.message, 'A sibling ({proxy+}) of this resource already has a variable path part -- only one is allowed')

    e = await sdkError(() => create(rootId, 'a b'))
    assert.equal(e.name, 'BadRequestException')
    assert.match(e.message, /^Resource's path part only allow a-zA-Z0-9\._- and curly braces/)

    e = await sdkError(() => create('nosuchres1', 'x'))
    assert.equal(e.name, 'NotFoundException')
    assert.equal(e.message, 'Invalid Resource identifier specified')

    e = await sdkError(() => h.client.send(new CreateResourceCommand({ restApiId: 'nosuchapi1', parentId: rootId, pathPart: 'x' })))
    assert.equal(e.message, 'Invalid API identifier specified 123456789012:nosuchapi1')
  })
})

describe('GetResources / GetResource', () => {
  it('lists methods as empty objects, or embedded whole with ?embed=methods', async () => {
    const r = await create(rootId, 'embedded')
    await h.client.send(new PutMethodCommand({ restApiId: apiId, resourceId: r.id, httpMethod: 'GET', authorizationType: 'NONE' }))
    await h.client.send(new PutIntegrationCommand({ restApiId: apiId, resourceId: r.id, httpMethod: 'GET', type: 'MOCK' }))
    const plain = await h.client.send(new GetResourceCommand({ restApiId: apiId, resourceId: r.id }))
    assert.deepEqual(plain.resourceMethods, { GET: {} })
    const embedded = await h.client.send(new GetResourceCommand({ restApiId: apiId, resourceId: r.id, embed: ['methods'] }))
    assert.equal(embedded.resourceMethods?.GET?.authorizationType, 'NONE')
    assert.equal(embedded.resourceMethods?.GET?.methodIntegration?.type, 'MOCK')
    const list = await h.client.send(new GetResourcesCommand({ restApiId: apiId, embed: ['methods'] }))
    assert.equal(list.items!.find((x) => x.id === r.id)?.resourceMethods?.GET?.httpMethod, 'GET')
    const listPlain = await h.client.send(new GetResourcesCommand({ restApiId: apiId }))
    assert.deepEqual(listPlain.items!.find((x) => x.id === r.id)?.resourceMethods, { GET: {} })
    assert.equal(listPlain.items![0]!.path, '/')
    const e = await sdkError(() => h.client.send(new GetResourceCommand({ restApiId: apiId, resourceId: 'nosuchres1' })))
    assert.equal(e.name, 'NotFoundException')
    assert.equal(e.message, 'Invalid Resource identifier specified')
  })

  it('pages over more than 25 resources', async () => {
    const api = await h.client.send(new CreateRestApiCommand({ name: 'many' }))
    for (let i = 0; i < 30; i++) await h.client.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: `r${String(i).padStart(2, '0')}` }))
    const first = await h.client.send(new GetResourcesCommand({ restApiId: api.id }))
    assert.equal(first.items!.length, 25)
    const second = await h.client.send(new GetResourcesCommand({ restApiId: api.id, position: first.position }))
    assert.equal(second.items!.length, 6)
    assert.equal(second.position, undefined)
    assert.equal(new Set([...first.items!, ...second.items!].map((r) => r.id)).size, 31)
  })
})

describe('UpdateResource', () => {
  it('renames and moves a resource, recomputing the paths below it', async () => {
    const a = await create(rootId, 'a')
    const b = await create(rootId, 'b')
    const child = await create(a.id!, 'child')
    const renamed = await h.client.send(new UpdateResourceCommand({ restApiId: apiId, resourceId: a.id, patchOperations: [{ op: 'replace', path: '/pathPart', value: 'aa' }] }))
    assert.equal(renamed.$metadata.httpStatusCode, 200)
    assert.equal(renamed.path, '/aa')
    assert.equal((await h.client.send(new GetResourceCommand({ restApiId: apiId, resourceId: child.id }))).path, '/aa/child')
    const moved = await h.client.send(new UpdateResourceCommand({ restApiId: apiId, resourceId: a.id, patchOperations: [{ op: 'replace', path: '/parentId', value: b.id }] }))
    assert.equal(moved.path, '/b/aa')
    assert.equal((await h.client.send(new GetResourceCommand({ restApiId: apiId, resourceId: child.id }))).path, '/b/aa/child')
  })

  it("answers AWS's patch texts, conflicts and cycles", async () => {
    const x = await create(rootId, 'x')
    const y = await create(rootId, 'y')
    const xc = await create(x.id!, 'xc')
    let e = await sdkError(() => h.client.send(new UpdateResourceCommand({ restApiId: apiId, resourceId: x.id, patchOperations: [{ op: 'replace', path: '/path', value: '/z' }] })))
    assert.equal(e.message, "Invalid patch path  '/path' specified for op 'replace'. Must be one of: [/parentId, /pathPart]")
    e = await sdkError(() => h.client.send(new UpdateResourceCommand({ restApiId: apiId, resourceId: x.id, patchOperations: [{ op: 'add', path: '/pathPart', value: 'z' }] })))
    assert.equal(e.message, "Invalid patch path  '/pathPart' specified for op 'add'. Please choose supported operations")
    e = await sdkError(() => h.client.send(new UpdateResourceCommand({ restApiId: apiId, resourceId: x.id, patchOperations: [{ op: 'replace', path: '/pathPart', value: 'y' }] })))
    assert.equal(e.name, 'ConflictException')
    assert.equal(e.message, 'Another resource with the same parent already has this name: y')
    e = await sdkError(() => h.client.send(new UpdateResourceCommand({ restApiId: apiId, resourceId: x.id, patchOperations: [{ op: 'replace', path: '/parentId', value: xc.id }] })))
    assert.equal(e.message, 'Resources cannot be cyclical.')
    assert.equal((await h.client.send(new GetResourceCommand({ restApiId: apiId, resourceId: y.id }))).path, '/y')
  })
})

describe('DeleteResource', () => {
  it('answers 202 and removes the whole subtree', async () => {
    const top = await create(rootId, 'gone')
    const mid = await create(top.id!, 'mid')
    const leaf = await create(mid.id!, 'leaf')
    const out = await h.client.send(new DeleteResourceCommand({ restApiId: apiId, resourceId: top.id }))
    assert.equal(out.$metadata.httpStatusCode, 202)
    for (const id of [top.id, mid.id, leaf.id]) {
      const e = await sdkError(() => h.client.send(new GetResourceCommand({ restApiId: apiId, resourceId: id })))
      assert.equal(e.name, 'NotFoundException')
    }
    const e = await sdkError(() => h.client.send(new DeleteResourceCommand({ restApiId: apiId, resourceId: top.id })))
    assert.equal(e.message, 'Invalid Resource identifier specified')
  })
})
