/**
 * apigatewayv2's Route, Integration and their response families through the SDK: AWS's
 * defaults, route key rules, duplicate and conflicting keys (409), integration checks for HTTP
 * APIs (proxy types only, timeout bounds, payload formats, reserved headers in mappings), and
 * nothing half-written on a refusal.
 */
import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import {
  CreateApiCommand,
  CreateIntegrationCommand,
  CreateIntegrationResponseCommand,
  CreateRouteCommand,
  CreateRouteResponseCommand,
  DeleteIntegrationCommand,
  DeleteIntegrationResponseCommand,
  DeleteRouteCommand,
  DeleteRouteRequestParameterCommand,
  GetIntegrationCommand,
  GetIntegrationResponsesCommand,
  GetRouteCommand,
  GetRouteResponseCommand,
  GetRoutesCommand,
  UpdateIntegrationCommand,
  UpdateRouteCommand,
} from '@aws-sdk/client-apigatewayv2'
import { sdkError } from './harness.ts'
import { LAMBDA_ARN, refused, useV2Harness } from './v2-harness.ts'

let apiId: string
const h = useV2Harness(async () => {
  apiId = (await h.v2.send(new CreateApiCommand({ Name: 'routes', ProtocolType: 'HTTP' }))).ApiId!
})

describe('integrations', () => {
  it('a Lambda proxy integration gets AWS\'s defaults', async () => {
    const created = await h.v2.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: LAMBDA_ARN, PayloadFormatVersion: '2.0' }))
    assert.match(created.IntegrationId!, /^[a-z0-9]{7}$/)
    assert.deepEqual(
      [created.ConnectionType, created.IntegrationMethod, created.TimeoutInMillis, created.PayloadFormatVersion],
      ['INTERNET', 'POST', 30000, '2.0'],
    )
    const read = await h.v2.send(new GetIntegrationCommand({ ApiId: apiId, IntegrationId: created.IntegrationId }))
    assert.equal(read.IntegrationUri, LAMBDA_ARN)
  })

  it('an HTTP proxy with mappings; UpdateIntegration changes only what it is given', async () => {
    const created = await h.v2.send(
      new CreateIntegrationCommand({
        ApiId: apiId,
        IntegrationType: 'HTTP_PROXY',
        IntegrationUri: 'https://backend.example/pets/{id}',
        IntegrationMethod: 'GET',
        PayloadFormatVersion: '1.0',
        RequestParameters: { 'append:header.x-from': '$context.requestId', 'remove:querystring.debug': "''" },
        ResponseParameters: { '404': { 'overwrite:statuscode': '410' } },
      }),
    )
    const updated = await h.v2.send(new UpdateIntegrationCommand({ ApiId: apiId, IntegrationId: created.IntegrationId, TimeoutInMillis: 5000 }))
    assert.equal(updated.TimeoutInMillis, 5000)
    assert.equal(updated.IntegrationUri, 'https://backend.example/pets/{id}')
    assert.deepEqual(updated.ResponseParameters, { '404': { 'overwrite:statuscode': '410' } })
  })

  it('refuses what HTTP APIs do not have, with AWS\'s texts where known', async () => {
    const base = { ApiId: apiId, IntegrationUri: 'https://backend.example', IntegrationMethod: 'GET', PayloadFormatVersion: '1.0' } as const
    await refused(() => h.v2.send(new CreateIntegrationCommand({ ...base, IntegrationType: 'HTTP' })), 'BadRequestException', 'Currently, an API with a protocol type of HTTP may only be associated with proxy integrations (AWS_PROXY, HTTP_PROXY)')
    await refused(() => h.v2.send(new CreateIntegrationCommand({ ...base, IntegrationType: 'HTTP_PROXY', TimeoutInMillis: 30001 })), 'BadRequestException', /between 50 milliseconds and 30 seconds/)
    await refused(() => h.v2.send(new CreateIntegrationCommand({ ...base, IntegrationType: 'HTTP_PROXY', TimeoutInMillis: 49 })), 'BadRequestException', /between 50 milliseconds and 30 seconds/)
    await refused(() => h.v2.send(new CreateIntegrationCommand({ ...base, IntegrationType: 'HTTP_PROXY', PayloadFormatVersion: '2.0' })), 'BadRequestException', /2\.0 is supported only for Lambda/)
    await refused(() => h.v2.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: LAMBDA_ARN })), 'BadRequestException', /payloadFormatVersion is required/)
    await refused(
      () => h.v2.send(new CreateIntegrationCommand({ ...base, IntegrationType: 'HTTP_PROXY', RequestParameters: { 'overwrite:header.Authorization': 'x' } })),
      'BadRequestException',
      'Invalid mapping expression specified: Validation Result: warnings : [], errors : [Operations on header Authorization are restricted]',
    )
    await refused(
      () => h.v2.send(new CreateIntegrationCommand({ ...base, IntegrationType: 'HTTP_PROXY', ResponseParameters: { '200': { 'overwrite:header.x-amzn-RequestId': 'x' } } })),
      'BadRequestException',
      /Operations on header x-amzn-RequestId are restricted/,
    )
    await refused(
      () => h.v2.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationSubtype: 'SQS-SendMessage', PayloadFormatVersion: '1.0' })),
      'BadRequestException',
      /requestParameters are required/,
    )
    await refused(() => h.v2.send(new GetIntegrationCommand({ ApiId: apiId, IntegrationId: 'nope123' })), 'NotFoundException', 'Invalid Integration identifier specified nope123')
  })

  it('an AWS service integration by subtype', async () => {
    const created = await h.v2.send(
      new CreateIntegrationCommand({
        ApiId: apiId,
        IntegrationType: 'AWS_PROXY',
        IntegrationSubtype: 'SQS-SendMessage',
        PayloadFormatVersion: '1.0',
        CredentialsArn: 'arn:aws:iam::123456789012:role/sqs',
        RequestParameters: { QueueUrl: '$request.header.queue', MessageBody: '$request.body' },
      }),
    )
    assert.equal(created.IntegrationSubtype, 'SQS-SendMessage')
    assert.equal(created.IntegrationUri, undefined)
  })
})

describe('routes', () => {
  let integrationId: string
  before(async () => {
    integrationId = (await h.v2.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: LAMBDA_ARN, PayloadFormatVersion: '2.0' }))).IntegrationId!
  })

  it('creates routes with AWS\'s defaults, reads and updates them', async () => {
    const route = await h.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /pets/{id}', Target: `integrations/${integrationId}` }))
    assert.match(route.RouteId!, /^[a-z0-9]{7}$/)
    assert.equal(route.ApiKeyRequired, false)
    assert.equal(route.AuthorizationType, 'NONE')
    const updated = await h.v2.send(new UpdateRouteCommand({ ApiId: apiId, RouteId: route.RouteId, RouteKey: 'GET /pets/{petId}' }))
    assert.equal(updated.RouteKey, 'GET /pets/{petId}')
    assert.equal(updated.Target, `integrations/${integrationId}`)
    assert.equal((await h.v2.send(new GetRouteCommand({ ApiId: apiId, RouteId: route.RouteId }))).RouteKey, 'GET /pets/{petId}')
    for (const key of ['$default', 'ANY /{proxy+}', 'POST /', 'DELETE /pets/{petId}/toys/{toy}']) {
      assert.equal((await h.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: key }))).RouteKey, key)
    }
  })

  it('a duplicate key is a 409 ConflictException with AWS\'s text, and so is a differently named variable at the same level', async () => {
    await h.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /a/{x}/b' }))
    const count = (await h.v2.send(new GetRoutesCommand({ ApiId: apiId }))).Items!.length
    const duplicate = await sdkError(() => h.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /a/{x}/b' })))
    assert.equal(duplicate.name, 'ConflictException')
    assert.equal(duplicate.$metadata.httpStatusCode, 409)
    assert.equal(duplicate.message, 'Route with key GET /a/{x}/b already exists for this API')
    await refused(
      () => h.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /a/{y}/b' })),
      'ConflictException',
      'The provided route key "GET /a/{y}/b" has a conflicting variable on the same hierarchical level as "GET /a/{x}/b"',
    )
    // another method may name it otherwise
    await h.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'POST /a/{y}/b' }))
    assert.equal((await h.v2.send(new GetRoutesCommand({ ApiId: apiId }))).Items!.length, count + 1)
  })

  it('refuses malformed route keys, unknown targets, authorizers and WebSocket-only members', async () => {
    for (const key of ['GET', 'FETCH /a', 'GET a', 'GET /{proxy+}/more', 'GET /a/{x}/{x}', 'GET /a b']) {
      await refused(() => h.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: key })), 'BadRequestException', /^Invalid route key/)
    }
    await refused(() => h.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /t', Target: 'integrations/nope123' })), 'NotFoundException', 'Invalid Integration identifier specified nope123')
    await refused(() => h.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /t', Target: 'lambda' })), 'BadRequestException', /integrations\/\{integrationId\}/)
    await refused(() => h.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /t', AuthorizationType: 'JWT' })), 'BadRequestException', /authorizerId is required/)
    await refused(() => h.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /t', AuthorizationType: 'JWT', AuthorizerId: 'nope12' })), 'NotFoundException', 'Invalid Authorizer identifier specified nope12')
    await refused(() => h.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /t', AuthorizationScopes: ['read'] })), 'BadRequestException', /only for JWT/)
    await refused(() => h.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /t', ApiKeyRequired: true })), 'BadRequestException', /API keys are not supported for HTTP APIs/)
    await refused(() => h.v2.send(new GetRouteCommand({ ApiId: apiId, RouteId: 'nope123' })), 'NotFoundException', 'Invalid Route identifier specified nope123')
    const someRoute = (await h.v2.send(new GetRoutesCommand({ ApiId: apiId }))).Items![0]!.RouteId
    await refused(() => h.v2.send(new DeleteRouteRequestParameterCommand({ ApiId: apiId, RouteId: someRoute, RequestParameterKey: 'route.request.querystring.x' })), 'NotFoundException', /request parameter/)
    assert.ok(!(await h.v2.send(new GetRoutesCommand({ ApiId: apiId }))).Items!.some((r) => r.RouteKey === 'GET /t'), 'nothing half-written')
  })

  it('an integration a route targets cannot be deleted; the route can, and then the integration', async () => {
    const integration = await h.v2.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'HTTP_PROXY', IntegrationUri: 'https://x.example', IntegrationMethod: 'ANY', PayloadFormatVersion: '1.0' }))
    const route = await h.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /used', Target: `integrations/${integration.IntegrationId}` }))
    await refused(() => h.v2.send(new DeleteIntegrationCommand({ ApiId: apiId, IntegrationId: integration.IntegrationId })), 'BadRequestException', /is the target of route/)
    await h.v2.send(new DeleteRouteCommand({ ApiId: apiId, RouteId: route.RouteId }))
    await h.v2.send(new DeleteIntegrationCommand({ ApiId: apiId, IntegrationId: integration.IntegrationId }))
    await refused(() => h.v2.send(new GetIntegrationCommand({ ApiId: apiId, IntegrationId: integration.IntegrationId })), 'NotFoundException', /Invalid Integration identifier/)
  })

  it('quick create\'s managed route keeps its key and its integration cannot be deleted', async () => {
    const quick = await h.v2.send(new CreateApiCommand({ Name: 'managed', ProtocolType: 'HTTP', Target: LAMBDA_ARN }))
    const route = (await h.v2.send(new GetRoutesCommand({ ApiId: quick.ApiId }))).Items![0]!
    await refused(() => h.v2.send(new UpdateRouteCommand({ ApiId: quick.ApiId, RouteId: route.RouteId, RouteKey: 'GET /other' })), 'BadRequestException', /managed by API Gateway/)
    await refused(() => h.v2.send(new DeleteIntegrationCommand({ ApiId: quick.ApiId, IntegrationId: route.Target!.slice('integrations/'.length) })), 'BadRequestException', /managed by API Gateway/)
  })
})

describe('route and integration responses', () => {
  it('are kept per route and per integration', async () => {
    const route = await h.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /responses' }))
    const rr = await h.v2.send(new CreateRouteResponseCommand({ ApiId: apiId, RouteId: route.RouteId, RouteResponseKey: '$default' }))
    assert.deepEqual(
      (await h.v2.send(new GetRouteResponseCommand({ ApiId: apiId, RouteId: route.RouteId, RouteResponseId: rr.RouteResponseId }))).RouteResponseKey,
      '$default',
    )
    await refused(() => h.v2.send(new CreateRouteResponseCommand({ ApiId: apiId, RouteId: route.RouteId, RouteResponseKey: '$default' })), 'ConflictException', /already exists/)
    const integration = await h.v2.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: LAMBDA_ARN, PayloadFormatVersion: '2.0' }))
    const ir = await h.v2.send(new CreateIntegrationResponseCommand({ ApiId: apiId, IntegrationId: integration.IntegrationId, IntegrationResponseKey: '/2\\d\\d/' }))
    assert.deepEqual((await h.v2.send(new GetIntegrationResponsesCommand({ ApiId: apiId, IntegrationId: integration.IntegrationId }))).Items!.map((i) => i.IntegrationResponseKey), ['/2\\d\\d/'])
    await h.v2.send(new DeleteIntegrationResponseCommand({ ApiId: apiId, IntegrationId: integration.IntegrationId, IntegrationResponseId: ir.IntegrationResponseId }))
    assert.deepEqual((await h.v2.send(new GetIntegrationResponsesCommand({ ApiId: apiId, IntegrationId: integration.IntegrationId }))).Items, [])
    await refused(() => h.v2.send(new CreateRouteResponseCommand({ ApiId: apiId, RouteId: 'nope123', RouteResponseKey: '$default' })), 'NotFoundException', 'Invalid Route identifier specified nope123')
  })
})
