import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  CreateRequestValidatorCommand,
  DeleteRequestValidatorCommand,
  GetRequestValidatorCommand,
  GetRequestValidatorsCommand,
  UpdateRequestValidatorCommand,
} from '@aws-sdk/client-api-gateway'
import { rejects, seedApi, useTestPortico } from './stages-harness.ts'

const t = useTestPortico()

describe('request validators', () => {
  it('lifecycle with the shapes recorded against AWS', async () => {
    const { apiId } = await seedApi(t.portico)
    const created = await t.client.send(new CreateRequestValidatorCommand({ restApiId: apiId, name: 'body-only' }))
    assert.equal(created.$metadata.httpStatusCode, 201)
    assert.deepEqual({ ...created, $metadata: undefined }, { $metadata: undefined, id: created.id, name: 'body-only', validateRequestBody: false, validateRequestParameters: false })
    const id = created.id!
    assert.deepEqual((await t.client.send(new GetRequestValidatorsCommand({ restApiId: apiId }))).items!.map((v) => v.id), [id])
    let updated = await t.client.send(
      new UpdateRequestValidatorCommand({ restApiId: apiId, requestValidatorId: id, patchOperations: [{ op: 'replace', path: '/validateRequestBody', value: 'true' }] }),
    )
    assert.equal(updated.validateRequestBody, true)
    // a replace without a value clears the flag
    updated = await t.client.send(new UpdateRequestValidatorCommand({ restApiId: apiId, requestValidatorId: id, patchOperations: [{ op: 'replace', path: '/validateRequestBody' }] }))
    assert.equal(updated.validateRequestBody, false)
    updated = await t.client.send(new UpdateRequestValidatorCommand({ restApiId: apiId, requestValidatorId: id, patchOperations: [{ op: 'replace', path: '/name', value: 'renamed' }] }))
    assert.equal(updated.name, 'renamed')
    assert.equal((await t.client.send(new GetRequestValidatorCommand({ restApiId: apiId, requestValidatorId: id }))).name, 'renamed')
    assert.equal((await t.client.send(new DeleteRequestValidatorCommand({ restApiId: apiId, requestValidatorId: id }))).$metadata.httpStatusCode, 202)
    await rejects(() => t.client.send(new GetRequestValidatorCommand({ restApiId: apiId, requestValidatorId: id })), 'NotFoundException', 404, 'Invalid Request Validator identifier specified')
    assert.deepEqual((await t.client.send(new GetRequestValidatorsCommand({ restApiId: apiId }))).items, [])
  })

  it("errors with AWS's texts", async () => {
    const { apiId } = await seedApi(t.portico)
    await rejects(() => t.client.send(new CreateRequestValidatorCommand({ restApiId: 'fake', name: 'x' })), 'BadRequestException', 400, 'Invalid REST API identifier specified')
    await rejects(() => t.client.send(new GetRequestValidatorsCommand({ restApiId: 'api_id' })), 'NotFoundException', 404, 'Invalid API identifier specified 123456789012:api_id')
    await rejects(() => t.client.send(new GetRequestValidatorCommand({ restApiId: 'fake', requestValidatorId: 'x' })), 'NotFoundException', 404, 'Invalid Request Validator identifier specified')
    await rejects(() => t.client.send(new DeleteRequestValidatorCommand({ restApiId: apiId, requestValidatorId: 'x' })), 'NotFoundException', 404, 'Invalid Request Validator identifier specified')
    const { id } = await t.client.send(new CreateRequestValidatorCommand({ restApiId: apiId, name: 'v' }))
    const upd = (op: 'add' | 'remove' | 'replace', path: string, value?: string) =>
      t.client.send(new UpdateRequestValidatorCommand({ restApiId: apiId, requestValidatorId: id, patchOperations: [{ op, path, value }] }))
    await rejects(() => upd('add', '/validateRequestBody', 'true'), 'BadRequestException', 400, "Invalid patch path  '/validateRequestBody' specified for op 'add'. Please choose supported operations")
    await rejects(() => upd('remove', '/validateRequestBody'), 'BadRequestException', 400, "Invalid patch path  '/validateRequestBody' specified for op 'remove'. Please choose supported operations")
    await rejects(
      () => upd('replace', '/invalidPath', 'x'),
      'BadRequestException',
      400,
      "Invalid patch path  '/invalidPath' specified for op 'replace'. Must be one of: [/name, /validateRequestParameters, /validateRequestBody]",
    )
    await rejects(() => upd('replace', '/name', ''), 'BadRequestException', 400, 'Request Validator name cannot be blank')
  })
})
