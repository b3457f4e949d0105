/**
 * The AWS CLI (v1, on PATH) drives an HTTP API through apigatewayv2 end to end: quick create →
 * create-route → create-authorizer (JWT) → create-stage --auto-deploy → get-deployments shows
 * the automatic deployments → export-api → delete-api, and AWS's errors on the way.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { useTestPortico } from './stages-harness.ts'
import { useAwsCli } from './harness.ts'

const t = useTestPortico()
const { work, aws, awsJson } = useAwsCli(t, 'apigatewayv2', 'portico-cli-v2-')

describe('AWS CLI walkthrough (apigatewayv2)', () => {
  it('quick create → route → JWT authorizer → auto-deploy stage → deployments → export → delete', async () => {
    const lambda = 'arn:aws:lambda:us-east-1:123456789012:function:my-function'
    const api = await awsJson('create-api', '--name', 'my-http-api', '--protocol-type', 'HTTP', '--target', lambda)
    const apiId = api.ApiId as string
    assert.match(apiId, /^[a-z0-9]{10}$/)
    assert.equal(api.ApiEndpoint, `http://${apiId}.execute-api.localhost:${t.portico.address.port}`)
    assert.equal(api.RouteSelectionExpression, '$request.method $request.path')
    assert.match(api.CreatedDate as string, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|\+00:00)$/)

    const integrationId = ((await awsJson('get-integrations', '--api-id', apiId)).Items as Array<{ IntegrationId: string }>)[0]!.IntegrationId
    const route = await awsJson('create-route', '--api-id', apiId, '--route-key', 'GET /pets/{id}', '--target', `integrations/${integrationId}`)
    assert.equal(route.RouteKey, 'GET /pets/{id}')
    assert.equal(route.AuthorizationType, 'NONE')

    const authorizer = await awsJson(
      'create-authorizer',
      '--api-id', apiId,
      '--name', 'my-jwt',
      '--authorizer-type', 'JWT',
      '--identity-source', '$request.header.Authorization',
      '--jwt-configuration', 'Audience=my-app,Issuer=https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc',
    )
    assert.deepEqual(authorizer.JwtConfiguration, { Audience: ['my-app'], Issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc' })
    const guarded = await awsJson('update-route', '--api-id', apiId, '--route-id', route.RouteId as string, '--authorization-type', 'JWT', '--authorizer-id', authorizer.AuthorizerId as string, '--authorization-scopes', 'pets/read')
    assert.deepEqual(guarded.AuthorizationScopes, ['pets/read'])

    const stage = await awsJson('create-stage', '--api-id', apiId, '--stage-name', 'dev', '--auto-deploy', '--stage-variables', 'backend=pets')
    assert.equal(stage.AutoDeploy, true)
    assert.ok(stage.DeploymentId)
    const deployments = (await awsJson('get-deployments', '--api-id', apiId)).Items as Array<{ AutoDeployed: boolean; DeploymentStatus: string }>
    // quick create's $default stage deployed on creation and on each of the three changes, dev on its creation
    assert.ok(deployments.length >= 2)
    assert.ok(deployments.every((d) => d.AutoDeployed && d.DeploymentStatus === 'DEPLOYED'))
    const stages = (await awsJson('get-stages', '--api-id', apiId)).Items as Array<{ StageName: string }>
    assert.deepEqual(stages.map((s) => s.StageName), ['$default', 'dev'])

    await awsJson('export-api', '--api-id', apiId, '--output-type', 'YAML', '--specification', 'OAS30', '--stage-name', 'dev', 'exported.yaml')
    const exported = readFileSync(join(work, 'exported.yaml'), 'utf8')
    assert.match(exported, /^openapi: 3\.0\.1$/m)
    assert.match(exported, /\/pets\/\{id\}:/)
    assert.match(exported, /x-amazon-apigateway-authorizer:/)

    const duplicate = await aws('create-route', '--api-id', apiId, '--route-key', 'GET /pets/{id}')
    assert.notEqual(duplicate.code, 0)
    assert.match(duplicate.stderr, /ConflictException/)
    assert.match(duplicate.stderr, /Route with key GET \/pets\/\{id\} already exists for this API/)

    await awsJson('delete-api', '--api-id', apiId)
    const gone = await aws('get-api', '--api-id', apiId)
    assert.notEqual(gone.code, 0)
    assert.match(gone.stderr, /NotFoundException/)
    assert.match(gone.stderr, new RegExp(`Invalid API identifier specified 123456789012:${apiId}`))
  })
})
