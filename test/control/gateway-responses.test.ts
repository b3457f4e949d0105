import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  CreateDeploymentCommand,
  DeleteGatewayResponseCommand,
  GetGatewayResponseCommand,
  GetGatewayResponsesCommand,
  PutGatewayResponseCommand,
  UpdateGatewayResponseCommand,
} from '@aws-sdk/client-api-gateway'
import { invoke, rejects, seedApi, useTestPortico } from './stages-harness.ts'

const t = useTestPortico()

const DEFAULT_TEMPLATES = { 'application/json': '{"message":$context.error.messageString}' }
const strip = <T extends { $metadata?: unknown }>(r: T) => {
  const { $metadata, ...rest } = r
  void $metadata
  return rest
}

describe('gateway responses', () => {
  it('defaults: every one of the 21 types, sorted, as AWS lists them', async () => {
    const { apiId } = await seedApi(t.portico)
    const one = await t.client.send(new GetGatewayResponseCommand({ restApiId: apiId, responseType: 'MISSING_AUTHENTICATION_TOKEN' }))
    assert.deepEqual(strip(one), { responseType: 'MISSING_AUTHENTICATION_TOKEN', statusCode: '403', responseParameters: {}, responseTemplates: DEFAULT_TEMPLATES, defaultResponse: true })
    const all = await t.client.send(new GetGatewayResponsesCommand({ restApiId: apiId, limit: 500 }))
    assert.equal(all.items!.length, 21)
    assert.deepEqual(
      all.items!.map((r) => r.responseType),
      [...all.items!.map((r) => r.responseType!)].sort(),
    )
    const d4 = all.items!.find((r) => r.responseType === 'DEFAULT_4XX')!
    assert.equal(d4.statusCode, undefined)
    assert.equal(all.items!.find((r) => r.responseType === 'INTEGRATION_FAILURE')!.statusCode, '504')
    const paged = await t.client.send(new GetGatewayResponsesCommand({ restApiId: apiId }))
    assert.equal(paged.items!.length, 21)
    await rejects(
      () => t.client.send(new GetGatewayResponseCommand({ restApiId: apiId, responseType: 'FAKE_RESPONSE_TYPE' as never })),
      'ValidationException',
      400,
      /^1 validation error detected: Value 'FAKE_RESPONSE_TYPE' at 'responseType' failed to satisfy constraint: Member must satisfy enum value set: \[REQUEST_TOO_LARGE, /,
    )
    await rejects(() => t.client.send(new GetGatewayResponsesCommand({ restApiId: 'fake-api-id' })), 'NotFoundException', 404, 'Invalid API identifier specified 123456789012:fake-api-id')
  })

  it('put (201), inheritance from DEFAULT_5XX, delete (202) reverts to the default', async () => {
    const { apiId } = await seedApi(t.portico)
    const put = await t.client.send(
      new PutGatewayResponseCommand({ restApiId: apiId, responseType: 'MISSING_AUTHENTICATION_TOKEN', responseParameters: { 'gatewayresponse.header.x-a': "'b'" } }),
    )
    assert.equal(put.$metadata.httpStatusCode, 201)
    assert.deepEqual(strip(put), {
      responseType: 'MISSING_AUTHENTICATION_TOKEN',
      statusCode: '403',
      responseParameters: { 'gatewayresponse.header.x-a': "'b'" },
      responseTemplates: DEFAULT_TEMPLATES,
      defaultResponse: false,
    })
    const template = '{"oops": $context.error.messageString}'
    await t.client.send(new PutGatewayResponseCommand({ restApiId: apiId, responseType: 'DEFAULT_5XX', statusCode: '599', responseTemplates: { 'application/json': template } }))
    const inherited = await t.client.send(new GetGatewayResponseCommand({ restApiId: apiId, responseType: 'API_CONFIGURATION_ERROR' }))
    assert.deepEqual(strip(inherited), { responseType: 'API_CONFIGURATION_ERROR', statusCode: '599', responseParameters: {}, responseTemplates: { 'application/json': template }, defaultResponse: true })
    const own = await t.client.send(new PutGatewayResponseCommand({ restApiId: apiId, responseType: 'AUTHORIZER_FAILURE', responseParameters: { 'gatewayresponse.header.foo': "'bar'" } }))
    assert.equal(own.statusCode, '500')
    assert.deepEqual(own.responseTemplates, DEFAULT_TEMPLATES)

    const deleted = await t.client.send(new DeleteGatewayResponseCommand({ restApiId: apiId, responseType: 'MISSING_AUTHENTICATION_TOKEN' }))
    assert.equal(deleted.$metadata.httpStatusCode, 202)
    const reverted = await t.client.send(new GetGatewayResponseCommand({ restApiId: apiId, responseType: 'MISSING_AUTHENTICATION_TOKEN' }))
    assert.equal(reverted.defaultResponse, true)
    assert.deepEqual(reverted.responseParameters, {})
    await rejects(
      () => t.client.send(new DeleteGatewayResponseCommand({ restApiId: apiId, responseType: 'MISSING_AUTHENTICATION_TOKEN' })),
      'NotFoundException',
      404,
      'Gateway response type not defined on api',
    )
  })

  it('update: statusCode, responseParameters/<k>, responseTemplates/<type>; AWS texts for bad paths', async () => {
    const { apiId } = await seedApi(t.portico)
    const upd = (patchOperations: Array<{ op: 'add' | 'remove' | 'replace'; path?: string; value?: string }>) =>
      t.client.send(new UpdateGatewayResponseCommand({ restApiId: apiId, responseType: 'DEFAULT_4XX', patchOperations }))
    // updating a type the API never customised customises it
    const first = await upd([{ op: 'replace', path: '/statusCode', value: '444' }])
    assert.deepEqual(strip(first), { responseType: 'DEFAULT_4XX', statusCode: '444', responseParameters: {}, responseTemplates: DEFAULT_TEMPLATES, defaultResponse: false })
    const next = await upd([
      { op: 'add', path: '/responseParameters/gatewayresponse.header.Access-Control-Allow-Origin', value: "'a.b.c'" },
      { op: 'add', path: '/responseTemplates/application~1xml', value: '<m>$context.error.messageString</m>' },
    ])
    assert.deepEqual(next.responseParameters, { 'gatewayresponse.header.Access-Control-Allow-Origin': "'a.b.c'" })
    assert.deepEqual(next.responseTemplates, { ...DEFAULT_TEMPLATES, 'application/xml': '<m>$context.error.messageString</m>' })
    const replaced = await upd([{ op: 'replace', path: '/responseParameters/gatewayresponse.header.Access-Control-Allow-Origin', value: "'example.com'" }])
    assert.deepEqual(replaced.responseParameters, { 'gatewayresponse.header.Access-Control-Allow-Origin': "'example.com'" })
    await rejects(() => upd([{ op: 'add', path: '/statusCode', value: '444' }]), 'BadRequestException', 400, 'Invalid patch path /statusCode')
    await rejects(() => upd([{ op: 'remove', path: '/statusCode' }]), 'BadRequestException', 400, 'Invalid patch path /statusCode')
    await rejects(() => upd([{ op: 'add', path: '/wrongPath', value: 'x' }]), 'BadRequestException', 400, 'Invalid patch path /wrongPath')
    await rejects(() => upd([{ op: 'replace', path: '/responseParameters/gatewayresponse.header.nope', value: "'x'" }]), 'NotFoundException', 404, 'Invalid parameter name specified')
    await rejects(() => upd([{ op: 'replace', path: '/responseTemplates/application~1xml' }]), 'BadRequestException', 400, 'Invalid null or empty value in responseTemplates')
    await rejects(() => upd([{ op: 'replace', path: '/responseParameters/gatewayresponse.header.Access-Control-Allow-Origin' }]), 'BadRequestException', 400, 'Invalid null or empty value in responseParameters')
    const removed = await upd([{ op: 'remove', path: '/responseTemplates/application~1xml' }])
    assert.deepEqual(removed.responseTemplates, DEFAULT_TEMPLATES)
  })

  it('a deployed customisation is what the data plane answers', async () => {
    const { apiId } = await seedApi(t.portico)
    await t.client.send(
      new PutGatewayResponseCommand({
        restApiId: apiId,
        responseType: 'MISSING_AUTHENTICATION_TOKEN',
        statusCode: '404',
        responseParameters: { 'gatewayresponse.header.x-custom': "'yes'" },
        responseTemplates: { 'application/json': '{"custom": $context.error.messageString}' },
      }),
    )
    await t.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'dev' }))
    const res = await invoke(t.portico, apiId, 'dev', '/nowhere')
    assert.equal(res.status, 404)
    assert.deepEqual(JSON.parse(res.body), { custom: 'Missing Authentication Token' })
  })
})
