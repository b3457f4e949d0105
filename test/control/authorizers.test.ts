import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { CreateAuthorizerCommand, DeleteAuthorizerCommand, GetAuthorizerCommand, GetAuthorizersCommand, UpdateAuthorizerCommand } from '@aws-sdk/client-api-gateway'
import { editApi, rejects, seedApi, useTestPortico } from './stages-harness.ts'

const t = useTestPortico()

const LAMBDA_URI = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations'
const POOL = 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc'

describe('authorizers (configuration)', () => {
  it('TOKEN, REQUEST and COGNITO_USER_POOLS: create (201) with the default TTL, get, list', async () => {
    const { apiId } = await seedApi(t.portico)
    const token = await t.client.send(
      new CreateAuthorizerCommand({ restApiId: apiId, name: 'tok', type: 'TOKEN', authorizerUri: LAMBDA_URI, identitySource: 'method.request.header.Authorization', identityValidationExpression: '^Bearer .+$' }),
    )
    assert.equal(token.$metadata.httpStatusCode, 201)
    assert.equal(token.authorizerResultTtlInSeconds, 300)
    assert.equal(token.identityValidationExpression, '^Bearer .+$')
    const request = await t.client.send(
      new CreateAuthorizerCommand({ restApiId: apiId, name: 'req', type: 'REQUEST', authorizerUri: LAMBDA_URI, identitySource: 'method.request.header.a, method.request.querystring.b', authorizerResultTtlInSeconds: 0 }),
    )
    assert.equal(request.authorizerResultTtlInSeconds, 0)
    const cognito = await t.client.send(
      new CreateAuthorizerCommand({ restApiId: apiId, name: 'pool', type: 'COGNITO_USER_POOLS', providerARNs: [POOL], identitySource: 'method.request.header.Authorization' }),
    )
    assert.deepEqual(cognito.providerARNs, [POOL])
    const got = await t.client.send(new GetAuthorizerCommand({ restApiId: apiId, authorizerId: token.id }))
    assert.equal(got.name, 'tok')
    assert.equal(got.type, 'TOKEN')
    assert.equal(got.authorizerUri, LAMBDA_URI)
    const list = await t.client.send(new GetAuthorizersCommand({ restApiId: apiId }))
    assert.deepEqual(
      list.items!.map((a) => a.name),
      ['tok', 'req', 'pool'],
    )
  })

  it('update and delete; errors', async () => {
    const { apiId } = await seedApi(t.portico)
    const a = await t.client.send(new CreateAuthorizerCommand({ restApiId: apiId, name: 'tok', type: 'TOKEN', authorizerUri: LAMBDA_URI, identitySource: 'method.request.header.Authorization' }))
    const updated = await t.client.send(
      new UpdateAuthorizerCommand({
        restApiId: apiId,
        authorizerId: a.id,
        patchOperations: [
          { op: 'replace', path: '/name', value: 'renamed' },
          { op: 'replace', path: '/authorizerResultTtlInSeconds', value: '60' },
          { op: 'replace', path: '/identitySource', value: 'method.request.header.X-Token' },
        ],
      }),
    )
    assert.equal(updated.name, 'renamed')
    assert.equal(updated.authorizerResultTtlInSeconds, 60)
    assert.equal(updated.identitySource, 'method.request.header.X-Token')
    await rejects(
      () => t.client.send(new UpdateAuthorizerCommand({ restApiId: apiId, authorizerId: a.id, patchOperations: [{ op: 'replace', path: '/authorizerResultTtlInSeconds', value: '3601' }] })),
      'BadRequestException',
      400,
    )
    await rejects(
      () => t.client.send(new CreateAuthorizerCommand({ restApiId: apiId, name: 'x', type: 'TOKEN', authorizerUri: LAMBDA_URI, identitySource: 'method.request.header.A', authorizerResultTtlInSeconds: 3601 })),
      'BadRequestException',
      400,
    )
    await rejects(() => t.client.send(new CreateAuthorizerCommand({ restApiId: apiId, name: 'x', type: 'TOKEN' })), 'BadRequestException', 400)
    await rejects(
      () => t.client.send(new UpdateAuthorizerCommand({ restApiId: apiId, authorizerId: a.id, patchOperations: [{ op: 'replace', path: '/name', value: '' }] })),
      'BadRequestException',
      400,
    )
    await rejects(
      () => t.client.send(new UpdateAuthorizerCommand({ restApiId: apiId, authorizerId: a.id, patchOperations: [{ op: 'replace', path: '/authorizerUri', value: '' }] })),
      'BadRequestException',
      400,
      /Authorizer URI must be specified/,
    )
    await rejects(
      () => t.client.send(new UpdateAuthorizerCommand({ restApiId: apiId, authorizerId: a.id, patchOperations: [{ op: 'replace', path: '/type', value: 'JWT' }] })),
      'ValidationException',
      400,
    )
    await rejects(
      () => t.client.send(new CreateAuthorizerCommand({ restApiId: 'test-fake-rest-id', name: 'x', type: 'TOKEN', authorizerUri: LAMBDA_URI, identitySource: 'method.request.header.A' })),
      'ConflictException',
      409,
      'Unable to complete operation due to concurrent modification. Please try again later.',
    )
    await rejects(() => t.client.send(new GetAuthorizersCommand({ restApiId: 'test-fake-rest-id' })), 'NotFoundException', 404, 'Invalid API identifier specified 123456789012:test-fake-rest-id')
    await rejects(() => t.client.send(new GetAuthorizerCommand({ restApiId: apiId, authorizerId: 'nope' })), 'NotFoundException', 404, 'Invalid Authorizer identifier specified')

    await editApi(t.portico, apiId, (d) => {
      Object.assign(d.resources[1]!.resourceMethods!.GET!, { authorizationType: 'CUSTOM', authorizerId: a.id })
    })
    await rejects(() => t.client.send(new DeleteAuthorizerCommand({ restApiId: apiId, authorizerId: a.id })), 'ConflictException', 409, /is referenced in method/)
    await editApi(t.portico, apiId, (d) => {
      Object.assign(d.resources[1]!.resourceMethods!.GET!, { authorizationType: 'NONE', authorizerId: undefined })
      delete d.resources[1]!.resourceMethods!.GET!.authorizerId
    })
    assert.equal((await t.client.send(new DeleteAuthorizerCommand({ restApiId: apiId, authorizerId: a.id }))).$metadata.httpStatusCode, 202)
    await rejects(() => t.client.send(new GetAuthorizerCommand({ restApiId: apiId, authorizerId: a.id })), 'NotFoundException', 404, 'Invalid Authorizer identifier specified')
  })
})
