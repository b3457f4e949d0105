/**
 * Issue 14, defect 9: UpdateRestApi accepted a JSON number as a patch value (`"value": 5` for
 * /name) and stored "5". Every member of a PatchOperation is a string on the wire (botocore's
 * model; the CLI sends `"value": "5"`), so any other JSON type is now a SerializationException,
 * for every operation that takes patchOperations, and nothing is changed.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { request } from 'undici'
import { CreateDeploymentCommand, CreateRestApiCommand, GetRestApiCommand, GetStageCommand } from '@aws-sdk/client-api-gateway'
import { signedHeaders, useHarness } from './harness.ts'
import { seedApi } from './stages-harness.ts'

const h = useHarness()

async function patch(path: string, patchOperations: unknown[]): Promise<{ status: number; type: string | undefined; body: { message?: string } }> {
  const url = `${h.portico.url}${path}`
  const body = JSON.stringify({ patchOperations })
  const res = await request(url, { method: 'PATCH', headers: await signedHeaders(url, 'PATCH', body), body })
  return { status: res.statusCode, type: res.headers['x-amzn-errortype'] as string | undefined, body: (await res.body.json()) as { message?: string } }
}

describe('patch values of the wrong JSON type', () => {
  it('UpdateRestApi refuses a number, boolean, object or array value with a SerializationException and changes nothing', async () => {
    const api = await h.client.send(new CreateRestApiCommand({ name: 'typed' }))
    // AWS's Coral texts for a number and a boolean where a string belongs (LocalStack's AWS-recorded
    // snapshots test_integration_response_invalid_responsetemplate, test_put_integration_request_parameter_bool_type)
    const texts = [
      'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String',
      'class java.lang.Boolean can not be converted to an String',
      "Unexpected value type for member 'patchOperations.1.value'",
      "Unexpected value type for member 'patchOperations.1.value'",
    ]
    for (const [index, value] of [5, true, { name: 'x' }, ['x']].entries()) {
      const res = await patch(`/restapis/${api.id}`, [{ op: 'replace', path: '/description', value: 'first' }, { op: 'replace', path: '/name', value }])
      assert.equal(res.status, 400, JSON.stringify(value))
      assert.equal(res.type, 'SerializationException')
      assert.deepEqual(res.body, { message: texts[index] }, `case ${index}`)
    }
    const stored = await h.client.send(new GetRestApiCommand({ restApiId: api.id }))
    assert.equal(stored.name, 'typed')
    assert.equal(stored.description, undefined)
    const asText = await patch(`/restapis/${api.id}`, [{ op: 'replace', path: '/name', value: '5' }])
    assert.equal(asText.status, 200)
    assert.equal((await h.client.send(new GetRestApiCommand({ restApiId: api.id }))).name, '5')
  })

  it('the same holds for path, from and op, and for every operation that takes patchOperations', async () => {
    const api = await h.client.send(new CreateRestApiCommand({ name: 'typed' }))
    const path = await patch(`/restapis/${api.id}`, [{ op: 'replace', path: 7, value: 'x' }])
    assert.equal(path.type, 'SerializationException')
    assert.equal(path.body.message, 'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String')
    const op = await patch(`/restapis/${api.id}`, [{ op: ['replace'], path: '/name', value: 'x' }])
    assert.equal(op.body.message, "Unexpected value type for member 'patchOperations.0.op'")

    const { apiId } = await seedApi(h.portico)
    await h.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod', variables: { v: 'one' } }))
    const stage = await patch(`/restapis/${apiId}/stages/prod`, [{ op: 'replace', path: '/variables/v', value: 2 }])
    assert.equal(stage.status, 400)
    assert.equal(stage.type, 'SerializationException')
    const from = await patch(`/restapis/${apiId}/stages/prod`, [{ op: 'copy', path: '/deploymentId', from: { at: 3 } }])
    assert.equal(from.body.message, "Unexpected value type for member 'patchOperations.0.from'")
    assert.deepEqual((await h.client.send(new GetStageCommand({ restApiId: apiId, stageName: 'prod' }))).variables, { v: 'one' })
    const model = await patch(`/restapis/${apiId}/models/Empty`, [{ op: 'replace', path: '/schema', value: { type: 'object' } }])
    assert.equal(model.type, 'SerializationException')
  })
})
