/**
 * GetExport with `extensions=postman` (issue 19, item 4): AWS adds Postman's extensions to the
 * exported document; Portico does not, and says so with a BadRequestException an SDK shows,
 * rather than answer a document without them. Without the extension the export works.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { CreateDeploymentCommand, CreateRestApiCommand, GetExportCommand, GetResourcesCommand, PutIntegrationCommand, PutMethodCommand } from '@aws-sdk/client-api-gateway'
import { POSTMAN_UNSUPPORTED } from '../../src/control/operations/exports.ts'
import { sdkError, useHarness } from './harness.ts'

let restApiId: string

const h = useHarness({}, {
  setup: async () => {
    restApiId = (await h.client.send(new CreateRestApiCommand({ name: 'exported' }))).id!
    const root = (await h.client.send(new GetResourcesCommand({ restApiId }))).items![0]!.id!
    await h.client.send(new PutMethodCommand({ restApiId, resourceId: root, httpMethod: 'GET', authorizationType: 'NONE' }))
    await h.client.send(new PutIntegrationCommand({ restApiId, resourceId: root, httpMethod: 'GET', type: 'MOCK' }))
    await h.client.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }))
  },
})

describe('GetExport extensions=postman', () => {
  it('is refused with a clear message; the same export without it works', async () => {
    const refused = await sdkError(() => h.client.send(new GetExportCommand({ restApiId, stageName: 'prod', exportType: 'oas30', parameters: { extensions: 'integrations,postman' } })))
    assert.deepEqual([refused.name, refused.message, refused.$metadata.httpStatusCode], ['BadRequestException', POSTMAN_UNSUPPORTED, 400])
    const doc = await h.client.send(new GetExportCommand({ restApiId, stageName: 'prod', exportType: 'oas30', parameters: { extensions: 'integrations' } }))
    assert.equal((JSON.parse(Buffer.from(doc.body!).toString('utf8')) as { openapi: string }).openapi, '3.0.1')
  })
})
