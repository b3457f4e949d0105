/**
 * ImportRestApi / PutRestApi `basepath` and `ignore=documentation` through the SDK (issue 19,
 * item 4; Developer Guide "Set the OpenAPI basePath property"): `ignore` (the default) leaves the
 * paths as written, `prepend` puts the whole base path in front, `split` drops its first segment;
 * OpenAPI 3's base path is the first server URL's path with its variables' defaults.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { GetDocumentationPartsCommand, GetResourcesCommand, ImportRestApiCommand, PutRestApiCommand } from '@aws-sdk/client-api-gateway'
import { sdkError, useHarness } from './harness.ts'

const h = useHarness()

const mock = { get: { 'x-amazon-apigateway-integration': { type: 'mock', requestTemplates: { 'application/json': '{"statusCode": 200}' } }, responses: { '200': { description: 'ok' } } } }
const swagger = (basePath: string) => JSON.stringify({ swagger: '2.0', info: { title: 'based', version: '1' }, basePath, paths: { '/pets': mock, '/': mock } })
const oas3 = JSON.stringify({
  openapi: '3.0.1',
  info: { title: 'based3', version: '1' },
  servers: [{ url: 'https://api.example.com/{basePath}', variables: { basePath: { default: '/api/v2' } } }],
  'x-amazon-apigateway-documentation': { version: '1', documentationParts: [{ location: { type: 'API' }, properties: { description: 'pets' } }] },
  paths: { '/pets': mock },
})

async function paths(restApiId: string): Promise<string[]> {
  return (await h.client.send(new GetResourcesCommand({ restApiId }))).items!.map((r) => r.path!).sort()
}

async function importWith(body: string, parameters: Record<string, string>) {
  return h.client.send(new ImportRestApiCommand({ body: Buffer.from(body), parameters }))
}

describe('ImportRestApi / PutRestApi basepath', () => {
  it('ignore (the default), prepend and split', async () => {
    assert.deepEqual(await paths((await importWith(swagger('/api/v1'), {})).id!), ['/', '/pets'])
    assert.deepEqual(await paths((await importWith(swagger('/api/v1'), { basepath: 'ignore' })).id!), ['/', '/pets'])
    assert.deepEqual(await paths((await importWith(swagger('/api/v1'), { basepath: 'prepend' })).id!), ['/', '/api', '/api/v1', '/api/v1/pets'])
    assert.deepEqual(await paths((await importWith(swagger('/api/v1'), { basepath: 'split' })).id!), ['/', '/v1', '/v1/pets'])
    assert.deepEqual(await paths((await importWith(swagger('/v1'), { basepath: 'split' })).id!), ['/', '/pets'])
  })

  it("OpenAPI 3: the first server URL's path, variables substituted; ignore=documentation leaves the documentation out", async () => {
    const documented = await importWith(oas3, { basepath: 'prepend' })
    assert.deepEqual(await paths(documented.id!), ['/', '/api', '/api/v2', '/api/v2/pets'])
    assert.equal((await h.client.send(new GetDocumentationPartsCommand({ restApiId: documented.id! }))).items?.length, 1)
    const quiet = await importWith(oas3, { basepath: 'split', ignore: 'documentation' })
    assert.deepEqual(await paths(quiet.id!), ['/', '/v2', '/v2/pets'])
    assert.equal(quiet.warnings, undefined)
    assert.deepEqual((await h.client.send(new GetDocumentationPartsCommand({ restApiId: quiet.id! }))).items ?? [], [])
  })

  it('PutRestApi takes the same parameters; a bad value is a ValidationException', async () => {
    const api = (await importWith(swagger('/v1'), {})).id!
    await h.client.send(new PutRestApiCommand({ restApiId: api, mode: 'overwrite', body: Buffer.from(swagger('/v9')), parameters: { basepath: 'prepend' } }))
    assert.deepEqual(await paths(api), ['/', '/v9', '/v9/pets'])
    const bad = await sdkError(() => importWith(swagger('/v1'), { basepath: 'append' }))
    assert.equal(bad.name, 'ValidationException')
    assert.match(bad.message, /Value 'append' at 'importRestApiInput\.parameters\.basepath' failed to satisfy constraint: Member must satisfy enum value set: \[ignore, prepend, split\]/)
  })
})
