/**
 * apigatewayv2 authorizers (JWT, Lambda REQUEST), models (and their template) and tags through
 * the SDK, with the checks AWS makes.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  CreateApiCommand,
  CreateAuthorizerCommand,
  CreateModelCommand,
  CreateRouteCommand,
  CreateStageCommand,
  DeleteAuthorizerCommand,
  DeleteModelCommand,
  GetApiCommand,
  GetAuthorizersCommand,
  GetModelCommand,
  GetModelTemplateCommand,
  GetStageCommand,
  GetTagsCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAuthorizerCommand,
  UpdateModelCommand,
  UpdateRouteCommand,
} from '@aws-sdk/client-apigatewayv2'
import { LAMBDA_ARN, refused, useV2Harness } from './v2-harness.ts'

let apiId: string
const h = useV2Harness(async () => {
  apiId = (await h.v2.send(new CreateApiCommand({ Name: 'auth', ProtocolType: 'HTTP', Tags: { env: 'test' } }))).ApiId!
})

const INVOKE_URI = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${LAMBDA_ARN}/invocations`

describe('authorizers', () => {
  it('a JWT authorizer guards routes with scopes; in use it cannot be deleted', async () => {
    const jwt = await h.v2.send(
      new CreateAuthorizerCommand({ ApiId: apiId, Name: 'jwt', AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'], JwtConfiguration: { Issuer: 'https://issuer.example', Audience: ['app'] } }),
    )
    assert.match(jwt.AuthorizerId!, /^[a-z0-9]{6}$/)
    assert.equal(jwt.AuthorizerResultTtlInSeconds, undefined)
    const route = await h.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /me', AuthorizationType: 'JWT', AuthorizerId: jwt.AuthorizerId, AuthorizationScopes: ['read'] }))
    assert.deepEqual([route.AuthorizationType, route.AuthorizerId, route.AuthorizationScopes], ['JWT', jwt.AuthorizerId, ['read']])
    await refused(() => h.v2.send(new DeleteAuthorizerCommand({ ApiId: apiId, AuthorizerId: jwt.AuthorizerId })), 'ConflictException', /used by route/)
    const updated = await h.v2.send(new UpdateAuthorizerCommand({ ApiId: apiId, AuthorizerId: jwt.AuthorizerId, JwtConfiguration: { Issuer: 'https://other.example', Audience: ['app'] } }))
    assert.equal(updated.JwtConfiguration?.Issuer, 'https://other.example')
    assert.equal(updated.Name, 'jwt')
    const open = await h.v2.send(new UpdateRouteCommand({ ApiId: apiId, RouteId: route.RouteId, AuthorizationType: 'NONE', AuthorizationScopes: [] }))
    assert.equal(open.AuthorizerId, undefined)
    await h.v2.send(new DeleteAuthorizerCommand({ ApiId: apiId, AuthorizerId: jwt.AuthorizerId }))
  })

  it('a Lambda REQUEST authorizer with simple responses and caching', async () => {
    const lambda = await h.v2.send(
      new CreateAuthorizerCommand({
        ApiId: apiId,
        Name: 'lambda',
        AuthorizerType: 'REQUEST',
        AuthorizerUri: INVOKE_URI,
        AuthorizerPayloadFormatVersion: '2.0',
        EnableSimpleResponses: true,
        IdentitySource: ['$request.header.x-token', '$context.routeKey'],
        AuthorizerResultTtlInSeconds: 300,
      }),
    )
    await h.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /custom', AuthorizationType: 'CUSTOM', AuthorizerId: lambda.AuthorizerId }))
    // a JWT route cannot use a REQUEST authorizer
    await refused(() => h.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /wrong', AuthorizationType: 'JWT', AuthorizerId: lambda.AuthorizerId })), 'BadRequestException', /needs a JWT authorizer/)
    assert.ok((await h.v2.send(new GetAuthorizersCommand({ ApiId: apiId }))).Items!.some((a) => a.AuthorizerId === lambda.AuthorizerId))
  })

  it('refuses incomplete or contradictory authorizers', async () => {
    const base = { ApiId: apiId, Name: 'bad' }
    await refused(() => h.v2.send(new CreateAuthorizerCommand({ ...base, AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'] })), 'BadRequestException', /jwtConfiguration\.issuer/)
    await refused(() => h.v2.send(new CreateAuthorizerCommand({ ...base, AuthorizerType: 'JWT', IdentitySource: [], JwtConfiguration: { Issuer: 'https://i.example' } })), 'BadRequestException', /exactly one identity source/)
    await refused(() => h.v2.send(new CreateAuthorizerCommand({ ...base, AuthorizerType: 'REQUEST', AuthorizerUri: INVOKE_URI, IdentitySource: [] })), 'BadRequestException', /authorizerPayloadFormatVersion is required/)
    await refused(
      () => h.v2.send(new CreateAuthorizerCommand({ ...base, AuthorizerType: 'REQUEST', AuthorizerUri: INVOKE_URI, AuthorizerPayloadFormatVersion: '1.0', EnableSimpleResponses: true, IdentitySource: [] })),
      'BadRequestException',
      /only for authorizerPayloadFormatVersion 2\.0/,
    )
    await refused(
      () => h.v2.send(new CreateAuthorizerCommand({ ...base, AuthorizerType: 'REQUEST', AuthorizerUri: INVOKE_URI, AuthorizerPayloadFormatVersion: '2.0', AuthorizerResultTtlInSeconds: 3601, IdentitySource: [] })),
      'BadRequestException',
      /between 0 and 3600/,
    )
    await refused(() => h.v2.send(new CreateAuthorizerCommand({ ...base, AuthorizerType: 'JWT', IdentitySource: ['Authorization'], JwtConfiguration: { Issuer: 'https://i.example' } })), 'BadRequestException', /Invalid identity source/)
    assert.ok(!(await h.v2.send(new GetAuthorizersCommand({ ApiId: apiId }))).Items!.some((a) => a.Name === 'bad'), 'nothing half-written')
  })
})

describe('models', () => {
  it('create, read, update, template, delete', async () => {
    const schema = JSON.stringify({ $schema: 'http://json-schema.org/draft-04/schema#', type: 'object', properties: { name: { type: 'string' } } })
    const model = await h.v2.send(new CreateModelCommand({ ApiId: apiId, Name: 'Pet', Schema: schema, ContentType: 'application/json' }))
    assert.equal((await h.v2.send(new GetModelCommand({ ApiId: apiId, ModelId: model.ModelId }))).Schema, schema)
    assert.equal((await h.v2.send(new UpdateModelCommand({ ApiId: apiId, ModelId: model.ModelId, Description: 'a pet' }))).Name, 'Pet')
    const template = await h.v2.send(new GetModelTemplateCommand({ ApiId: apiId, ModelId: model.ModelId }))
    assert.match(template.Value!, /"name" : "\$inputRoot\.name"/)
    await refused(() => h.v2.send(new CreateModelCommand({ ApiId: apiId, Name: 'Pet', Schema: schema })), 'ConflictException', /already exists/)
    await refused(() => h.v2.send(new CreateModelCommand({ ApiId: apiId, Name: 'not-alnum', Schema: schema })), 'BadRequestException', /alphanumeric/)
    await refused(() => h.v2.send(new CreateModelCommand({ ApiId: apiId, Name: 'Broken', Schema: '{' })), 'BadRequestException', /Invalid model schema/)
    await h.v2.send(new DeleteModelCommand({ ApiId: apiId, ModelId: model.ModelId }))
    await refused(() => h.v2.send(new GetModelCommand({ ApiId: apiId, ModelId: model.ModelId })), 'NotFoundException', /^Invalid Model identifier specified/)
  })
})

describe('tags', () => {
  it('on the API and on a stage, by their ARNs; GetApi and GetStage agree', async () => {
    const apiArn = `arn:aws:apigateway:us-east-1::/apis/${apiId}`
    assert.deepEqual((await h.v2.send(new GetTagsCommand({ ResourceArn: apiArn }))).Tags, { env: 'test' })
    await h.v2.send(new TagResourceCommand({ ResourceArn: apiArn, Tags: { team: 'a', owner: 'b' } }))
    await h.v2.send(new UntagResourceCommand({ ResourceArn: apiArn, TagKeys: ['owner'] }))
    assert.deepEqual((await h.v2.send(new GetApiCommand({ ApiId: apiId }))).Tags, { env: 'test', team: 'a' })
    await h.v2.send(new CreateStageCommand({ ApiId: apiId, StageName: 'tagged' }))
    const stageArn = `${apiArn}/stages/tagged`
    await h.v2.send(new TagResourceCommand({ ResourceArn: stageArn, Tags: { tier: 'gold' } }))
    assert.deepEqual((await h.v2.send(new GetStageCommand({ ApiId: apiId, StageName: 'tagged' }))).Tags, { tier: 'gold' })
    await refused(() => h.v2.send(new GetTagsCommand({ ResourceArn: 'arn:aws:apigateway:us-east-1::/apis/nope000000' })), 'NotFoundException', /Invalid API identifier specified 123456789012:nope000000/)
    await refused(() => h.v2.send(new GetTagsCommand({ ResourceArn: `${apiArn}/stages/nope` })), 'NotFoundException', /Invalid stage identifier/)
    await refused(() => h.v2.send(new GetTagsCommand({ ResourceArn: 'arn:aws:apigateway:us-east-1::/vpclinks/abc' })), 'NotFoundException', /Invalid resource specified/)
  })
})
