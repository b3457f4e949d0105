/**
 * apigatewayv2's Api family through @aws-sdk/client-apigatewayv2 on a real socket: AWS's
 * defaults on create, quick create (route, integration and an auto-deployed `$default` stage),
 * partial updates, CORS, paging, deletion, and AWS's errors.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  CreateApiCommand,
  DeleteApiCommand,
  DeleteCorsConfigurationCommand,
  GetApiCommand,
  GetApisCommand,
  GetDeploymentsCommand,
  GetIntegrationsCommand,
  GetRoutesCommand,
  GetStagesCommand,
  UpdateApiCommand,
} from '@aws-sdk/client-apigatewayv2'
import { CreateApiKeyCommand, CreateRestApiCommand, CreateUsagePlanCommand, GetRestApisCommand } from '@aws-sdk/client-api-gateway'
import { sdkError } from './harness.ts'
import { LAMBDA_ARN, useV2Harness } from './v2-harness.ts'

const h = useV2Harness()

describe('CreateApi / GetApi', () => {
  it('fills AWS\'s defaults and answers them on every read', async () => {
    const before = Math.floor(Date.now() / 1000) * 1000
    const created = await h.v2.send(new CreateApiCommand({ Name: 'pets', ProtocolType: 'HTTP' }))
    const after = Date.now()
    assert.match(created.ApiId!, /^[a-z0-9]{10}$/)
    assert.equal(created.ApiEndpoint, `http://${created.ApiId}.execute-api.localhost:${h.portico.address.port}`)
    assert.equal(created.RouteSelectionExpression, '$request.method $request.path')
    assert.equal(created.ApiKeySelectionExpression, '$request.header.x-api-key')
    assert.equal(created.DisableExecuteApiEndpoint, false)
    assert.equal(created.IpAddressType, 'ipv4')
    assert.equal(created.ProtocolType, 'HTTP')
    assert.deepEqual(created.Tags, {})
    // ISO 8601 on the wire, to the second: the SDK reads it back as the moment of creation
    assert.ok(created.CreatedDate instanceof Date && created.CreatedDate.getTime() >= before && created.CreatedDate.getTime() <= after)
    const read = await h.v2.send(new GetApiCommand({ ApiId: created.ApiId }))
    assert.deepEqual({ ...read, $metadata: undefined }, { ...created, $metadata: undefined })
  })

  it('quick create: a Lambda target makes the integration, the route and an auto-deployed $default stage, all managed', async () => {
    const api = await h.v2.send(new CreateApiCommand({ Name: 'quick', ProtocolType: 'HTTP', Target: LAMBDA_ARN, RouteKey: 'GET /hello' }))
    const { Items: integrations } = await h.v2.send(new GetIntegrationsCommand({ ApiId: api.ApiId }))
    assert.equal(integrations!.length, 1)
    const integration = integrations![0]!
    assert.deepEqual(
      { type: integration.IntegrationType, uri: integration.IntegrationUri, method: integration.IntegrationMethod, format: integration.PayloadFormatVersion, timeout: integration.TimeoutInMillis, managed: integration.ApiGatewayManaged, connection: integration.ConnectionType },
      { type: 'AWS_PROXY', uri: LAMBDA_ARN, method: 'POST', format: '2.0', timeout: 30000, managed: true, connection: 'INTERNET' },
    )
    const { Items: routes } = await h.v2.send(new GetRoutesCommand({ ApiId: api.ApiId }))
    assert.deepEqual(routes!.map((r) => [r.RouteKey, r.Target, r.ApiGatewayManaged, r.AuthorizationType]), [['GET /hello', `integrations/${integration.IntegrationId}`, true, 'NONE']])
    const { Items: stages } = await h.v2.send(new GetStagesCommand({ ApiId: api.ApiId }))
    assert.equal(stages!.length, 1)
    const stage = stages![0]!
    assert.equal(stage.StageName, '$default')
    assert.equal(stage.AutoDeploy, true)
    assert.equal(stage.ApiGatewayManaged, true)
    const { Items: deployments } = await h.v2.send(new GetDeploymentsCommand({ ApiId: api.ApiId }))
    assert.equal(deployments!.length, 1)
    assert.equal(deployments![0]!.AutoDeployed, true)
    assert.equal(stage.DeploymentId, deployments![0]!.DeploymentId)
    assert.equal(stage.LastDeploymentStatusMessage, `Successfully deployed stage with deployment ID '${stage.DeploymentId}'`)
  })

  it('quick create with an HTTP URL makes an HTTP_PROXY integration (payload 1.0, any method) on the $default route', async () => {
    const api = await h.v2.send(new CreateApiCommand({ Name: 'proxy', ProtocolType: 'HTTP', Target: 'https://example.com/backend' }))
    const integration = (await h.v2.send(new GetIntegrationsCommand({ ApiId: api.ApiId }))).Items![0]!
    assert.deepEqual([integration.IntegrationType, integration.IntegrationMethod, integration.PayloadFormatVersion], ['HTTP_PROXY', 'ANY', '1.0'])
    assert.equal((await h.v2.send(new GetRoutesCommand({ ApiId: api.ApiId }))).Items![0]!.RouteKey, '$default')
  })

  it('refuses what AWS refuses: an unknown protocol, a bad target, quick create members without a target, a bad CORS configuration', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ Name: 'x', ProtocolType: 'SOAP' }, /^Invalid protocol specified\. Must be one of \[HTTP, WEBSOCKET\]$/],
      [{ Name: 'x', ProtocolType: 'HTTP', Target: 'not-a-target' }, /Invalid target specified/],
      [{ Name: 'x', ProtocolType: 'HTTP', RouteKey: 'GET /a' }, /only for quick create/],
      [{ Name: 'x', ProtocolType: 'HTTP', CorsConfiguration: { AllowOrigins: ['*'], AllowCredentials: true } }, /allow-credentials/],
      [{ Name: 'x', ProtocolType: 'HTTP', CorsConfiguration: { MaxAge: 90000 } }, /maxAge/],
      [{ Name: 'x', ProtocolType: 'HTTP', RouteSelectionExpression: '$request.body.action' }, /Unsupported route selection expression/],
    ]
    const count = (await h.v2.send(new GetApisCommand({}))).Items!.length
    for (const [input, message] of cases) {
      const error = await sdkError(() => h.v2.send(new CreateApiCommand(input as never)))
      assert.equal(error.name, 'BadRequestException', JSON.stringify(input))
      assert.equal(error.$metadata.httpStatusCode, 400)
      assert.match(error.message, message)
    }
    assert.equal((await h.v2.send(new GetApisCommand({}))).Items!.length, count, 'nothing half-written')
  })
})

describe('UpdateApi / DeleteCorsConfiguration', () => {
  it('replaces the members given and keeps the others', async () => {
    const api = await h.v2.send(new CreateApiCommand({ Name: 'upd', ProtocolType: 'HTTP', Description: 'first', Version: '1' }))
    const updated = await h.v2.send(new UpdateApiCommand({ ApiId: api.ApiId, Name: 'renamed', CorsConfiguration: { AllowOrigins: ['https://a.example'], MaxAge: 60 } }))
    assert.equal(updated.Name, 'renamed')
    assert.equal(updated.Description, 'first')
    assert.equal(updated.Version, '1')
    assert.deepEqual(updated.CorsConfiguration, { AllowOrigins: ['https://a.example'], MaxAge: 60 })
    await h.v2.send(new DeleteCorsConfigurationCommand({ ApiId: api.ApiId }))
    const read = await h.v2.send(new GetApiCommand({ ApiId: api.ApiId }))
    assert.equal(read.CorsConfiguration, undefined)
    assert.equal(read.Name, 'renamed')
  })
})

describe('GetApis', () => {
  it('pages with maxResults and nextToken, HTTP APIs only', async () => {
    await h.client.send(new CreateRestApiCommand({ name: 'a REST API' }))
    const all = (await h.v2.send(new GetApisCommand({}))).Items!
    assert.ok(all.length >= 3)
    assert.ok(all.every((api) => api.ProtocolType === 'HTTP'))
    const seen: string[] = []
    let token: string | undefined
    for (let page = 0; page < all.length + 1; page++) {
      const r = await h.v2.send(new GetApisCommand({ MaxResults: '2', NextToken: token }))
      assert.ok(r.Items!.length <= 2)
      seen.push(...r.Items!.map((api) => api.ApiId!))
      token = r.NextToken
      if (!token) break
    }
    assert.deepEqual(seen, all.map((api) => api.ApiId))
    // and apigateway v1 does not list HTTP APIs
    const rest = (await h.client.send(new GetRestApisCommand({}))).items!
    assert.ok(!rest.some((api) => all.some((v2) => v2.ApiId === api.id)))
  })
})

describe('DeleteApi and unknown ids', () => {
  it('deletes the API with its stages; then it is unknown with AWS\'s text, as a REST API\'s id is', async () => {
    const api = await h.v2.send(new CreateApiCommand({ Name: 'gone', ProtocolType: 'HTTP', Target: LAMBDA_ARN }))
    await h.v2.send(new DeleteApiCommand({ ApiId: api.ApiId }))
    assert.equal(await h.portico.store.getStage(api.ApiId!, '$default', 'HTTP'), undefined)
    for (const apiId of [api.ApiId!, (await h.client.send(new CreateRestApiCommand({ name: 'rest' }))).id!]) {
      const error = await sdkError(() => h.v2.send(new GetApiCommand({ ApiId: apiId })))
      assert.equal(error.name, 'NotFoundException')
      assert.equal(error.$metadata.httpStatusCode, 404)
      assert.equal(error.message, `Invalid API identifier specified 123456789012:${apiId}`)
    }
    assert.equal((await sdkError(() => h.v2.send(new DeleteApiCommand({ ApiId: api.ApiId })))).name, 'NotFoundException')
  })

  it('WebSocket APIs are refused clearly', async () => {
    const error = await sdkError(() => h.v2.send(new CreateApiCommand({ Name: 'ws', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' })))
    assert.equal(error.name, 'BadRequestException')
    assert.match(error.message, /WebSocket APIs are not supported/)
  })
})

describe('API keys and usage plans', () => {
  it('HTTP APIs have none: apigateway v1 does not find their stages', async () => {
    const api = await h.v2.send(new CreateApiCommand({ Name: 'no-keys', ProtocolType: 'HTTP', Target: LAMBDA_ARN }))
    const plan = await sdkError(() => h.client.send(new CreateUsagePlanCommand({ name: 'plan', apiStages: [{ apiId: api.ApiId, stage: '$default' }] })))
    assert.equal(plan.name, 'BadRequestException')
    assert.match(plan.message, /^Invalid API Stage \{api: [a-z0-9]{10}, stage: \$default\} specified for usageplan [a-z0-9]+$/)
    const key = await sdkError(() => h.client.send(new CreateApiKeyCommand({ name: 'key', stageKeys: [{ restApiId: api.ApiId, stageName: '$default' }] })))
    assert.equal(key.name, 'NotFoundException')
  })
})
