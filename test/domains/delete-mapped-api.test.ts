/**
 * DeleteRestApi (v1) and DeleteApi (apigatewayv2) refuse an API a custom domain still maps, with
 * AWS's texts (400 BadRequestException), and delete it once the mappings are gone.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { CreateBasePathMappingCommand, CreateDeploymentCommand, CreateDomainNameCommand, DeleteBasePathMappingCommand, DeleteRestApiCommand, GetRestApiCommand } from '@aws-sdk/client-api-gateway'
import { ApiGatewayV2Client, CreateApiCommand, CreateApiMappingCommand, CreateStageCommand, DeleteApiCommand, DeleteApiMappingCommand } from '@aws-sdk/client-apigatewayv2'
import { rejects, seedApi } from '../control/stages-harness.ts'
import { useHttpsPortico } from './harness.ts'

let v2: ApiGatewayV2Client

const h = useHttpsPortico({}, async () => {
  v2 = new ApiGatewayV2Client({ endpoint: h.portico.url, region: 'us-east-1', credentials: { accessKeyId: h.portico.admin.accessKeyId, secretAccessKey: h.portico.admin.secretAccessKey }, maxAttempts: 1 })
  for (const name of ['one.example.test', 'two.example.test']) {
    const arn = await h.registerServerCertificate([name])
    await h.client.send(new CreateDomainNameCommand({ domainName: name, regionalCertificateArn: arn, endpointConfiguration: { types: ['REGIONAL'] } }))
  }
  return () => v2.destroy()
})

describe('deleting an API a custom domain maps', () => {
  it('DeleteRestApi: 400 naming the domains until their base path mappings are deleted', async () => {
    const { apiId } = await seedApi(h.portico, 'mapped')
    await h.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod' }))
    await h.client.send(new CreateBasePathMappingCommand({ domainName: 'one.example.test', basePath: 'a', restApiId: apiId, stage: 'prod' }))
    await h.client.send(new CreateBasePathMappingCommand({ domainName: 'two.example.test', restApiId: apiId, stage: 'prod' }))
    const text = `Deleting RestApi ${apiId} failed. Please remove all base path mappings related to the RestApi in your domains: one.example.test, two.example.test`
    await rejects(() => h.client.send(new DeleteRestApiCommand({ restApiId: apiId })), 'BadRequestException', 400, text)
    assert.equal((await h.client.send(new GetRestApiCommand({ restApiId: apiId }))).id, apiId, 'nothing deleted')
    await h.client.send(new DeleteBasePathMappingCommand({ domainName: 'one.example.test', basePath: 'a' }))
    await rejects(() => h.client.send(new DeleteRestApiCommand({ restApiId: apiId })), 'BadRequestException', 400, /in your domains: two\.example\.test$/)
    await h.client.send(new DeleteBasePathMappingCommand({ domainName: 'two.example.test', basePath: '(none)' }))
    await h.client.send(new DeleteRestApiCommand({ restApiId: apiId }))
    await rejects(() => h.client.send(new GetRestApiCommand({ restApiId: apiId })), 'NotFoundException', 404)
  })

  it('apigatewayv2 DeleteApi: 400 until the API mappings are deleted', async () => {
    const api = await v2.send(new CreateApiCommand({ Name: 'http', ProtocolType: 'HTTP' }))
    await v2.send(new CreateStageCommand({ ApiId: api.ApiId, StageName: 'prod' }))
    const mapping = await v2.send(new CreateApiMappingCommand({ DomainName: 'one.example.test', ApiId: api.ApiId, Stage: 'prod', ApiMappingKey: 'http' }))
    await rejects(() => v2.send(new DeleteApiCommand({ ApiId: api.ApiId })), 'BadRequestException', 400, `Deleting API ${api.ApiId} failed. Please remove all API mappings for the API from your custom domain names.`)
    await v2.send(new DeleteApiMappingCommand({ DomainName: 'one.example.test', ApiMappingId: mapping.ApiMappingId }))
    await v2.send(new DeleteApiCommand({ ApiId: api.ApiId }))
  })
})
