import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { parse as parseYaml } from 'yaml'
import { CreateDeploymentCommand, GetExportCommand } from '@aws-sdk/client-api-gateway'
import { editApi, rejects, seedApi, useTestPortico } from './stages-harness.ts'

const t = useTestPortico()

const text = (body: Uint8Array | undefined) => Buffer.from(body ?? new Uint8Array()).toString('utf8')

describe('GetExport', () => {
  it("oas30 JSON of the stage's deployment, as an attachment (AWS's headers)", async () => {
    const { apiId } = await seedApi(t.portico, 'PetStore')
    await t.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'dev' }))
    // undeployed changes are not exported
    await editApi(t.portico, apiId, (d) => {
      d.resources.push({ id: 'later00000', parentId: d.restApi.rootResourceId, pathPart: 'later', path: '/later' })
    })
    const res = await t.client.send(new GetExportCommand({ restApiId: apiId, stageName: 'dev', exportType: 'oas30' }))
    assert.equal(res.contentType, 'application/octet-stream')
    assert.match(res.contentDisposition!, /^attachment; filename="oas30_\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\.json"$/)
    const doc = JSON.parse(text(res.body)) as { openapi: string; info: { title: string }; servers: Array<{ url: string; variables: unknown }>; paths: Record<string, Record<string, Record<string, unknown>>> }
    assert.equal(doc.openapi, '3.0.1')
    assert.equal(doc.info.title, 'PetStore')
    assert.equal(doc.servers[0]!.url, `https://${apiId}.execute-api.us-east-1.amazonaws.com/{basePath}`)
    assert.deepEqual(doc.servers[0]!.variables, { basePath: { default: '/dev' } })
    assert.deepEqual(Object.keys(doc.paths).sort(), ['/', '/pets', '/pets/{petId}'])
    assert.equal(doc.paths['/pets']!.get!['x-amazon-apigateway-integration'], undefined)
  })

  it('swagger YAML with extensions=integrations', async () => {
    const { apiId } = await seedApi(t.portico)
    await t.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod' }))
    const res = await t.client.send(
      new GetExportCommand({ restApiId: apiId, stageName: 'prod', exportType: 'swagger', accepts: 'application/yaml', parameters: { extensions: 'integrations' } }),
    )
    assert.match(res.contentDisposition!, /^attachment; filename="swagger_.+\.yaml"$/)
    const doc = parseYaml(text(res.body)) as { swagger: string; basePath: string; paths: Record<string, Record<string, Record<string, { type?: string }>>> }
    assert.equal(doc.swagger, '2.0')
    assert.equal(doc.basePath, '/prod')
    assert.equal(doc.paths['/pets']!.get!['x-amazon-apigateway-integration']!.type, 'mock')
  })

  it('unknown stage and unknown export type', async () => {
    const { apiId } = await seedApi(t.portico)
    await t.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'dev' }))
    await rejects(() => t.client.send(new GetExportCommand({ restApiId: apiId, stageName: 'nope', exportType: 'oas30' })), 'NotFoundException', 404, 'Invalid Stage identifier specified')
    await rejects(() => t.client.send(new GetExportCommand({ restApiId: apiId, stageName: 'dev', exportType: 'raml' })), 'BadRequestException', 400)
  })
})
