/**
 * One custom domain through both management APIs: created by apigatewayv2 and read by v1, mapped
 * by a v1 base path mapping and a v2 ApiMapping (each seen through the other), and served over
 * HTTPS through its v2 mapping key.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import {
  CreateBasePathMappingCommand,
  CreateDeploymentCommand,
  CreateDomainNameCommand as CreateDomainNameV1,
  DeleteDomainNameCommand as DeleteDomainNameV1,
  GetBasePathMappingsCommand,
  GetDomainNameCommand as GetDomainNameV1,
} from '@aws-sdk/client-api-gateway'
import {
  ApiGatewayV2Client,
  CreateApiMappingCommand,
  CreateDomainNameCommand,
  DeleteApiMappingCommand,
  DeleteDomainNameCommand,
  GetApiMappingsCommand,
  GetDomainNameCommand,
  UpdateApiMappingCommand,
} from '@aws-sdk/client-apigatewayv2'
import { rejects, seedApi } from '../control/stages-harness.ts'
import { httpsGet, useHttpsPortico } from './harness.ts'

let v2: ApiGatewayV2Client
let apiId: string
let certificateArn: string

const h = useHttpsPortico({}, async () => {
  v2 = new ApiGatewayV2Client({
    endpoint: h.portico.url,
    region: 'us-east-1',
    credentials: { accessKeyId: h.portico.admin.accessKeyId, secretAccessKey: h.portico.admin.secretAccessKey },
    maxAttempts: 1,
  })
  apiId = (await seedApi(h.portico, 'both')).apiId
  await h.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod' }))
  certificateArn = await h.registerServerCertificate(['both.example.test', 'taken.example.test'])
})

describe('v1 and v2 views of one domain', () => {
  it('a domain created through apigatewayv2 is a REGIONAL v1 domain', async () => {
    const created = await v2.send(new CreateDomainNameCommand({ DomainName: 'both.example.test', DomainNameConfigurations: [{ CertificateArn: certificateArn, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' }] }))
    assert.equal(created.DomainNameConfigurations?.[0]?.CertificateArn, certificateArn)
    assert.match(created.DomainNameConfigurations?.[0]?.ApiGatewayDomainName ?? '', /^d-[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com$/)
    const v1 = await h.client.send(new GetDomainNameV1({ domainName: 'both.example.test' }))
    assert.deepEqual(v1.endpointConfiguration?.types, ['REGIONAL'])
    assert.equal(v1.regionalCertificateArn, certificateArn)
    assert.equal(v1.regionalDomainName, created.DomainNameConfigurations?.[0]?.ApiGatewayDomainName)
  })

  it('mappings made through either API are seen through the other and serve', async () => {
    const mapping = await v2.send(new CreateApiMappingCommand({ DomainName: 'both.example.test', ApiId: apiId, Stage: 'prod', ApiMappingKey: 'orders/v1' }))
    await h.client.send(new CreateBasePathMappingCommand({ domainName: 'both.example.test', restApiId: apiId, stage: 'prod' }))
    const v1 = await h.client.send(new GetBasePathMappingsCommand({ domainName: 'both.example.test' }))
    assert.deepEqual(
      v1.items?.map((m) => [m.basePath, m.restApiId, m.stage]),
      [
        ['orders/v1', apiId, 'prod'],
        ['(none)', apiId, 'prod'],
      ],
    )
    const listed = await v2.send(new GetApiMappingsCommand({ DomainName: 'both.example.test' }))
    assert.deepEqual(listed.Items?.map((m) => m.ApiMappingKey), ['orders/v1', ''])
    await h.portico.settled()
    const ca = readFileSync(h.ca.caFile, 'utf8')
    const answer = await httpsGet(h.httpsPort, 'both.example.test', '/orders/v1/pets', { ca })
    assert.equal(answer.status, 200)
    assert.equal(answer.serverName, 'both.example.test')
    await v2.send(new DeleteApiMappingCommand({ DomainName: 'both.example.test', ApiMappingId: mapping.ApiMappingId! }))
    await h.portico.settled()
    // the root mapping takes it now: api has no /orders resource
    assert.equal((await httpsGet(h.httpsPort, 'both.example.test', '/orders/v1/pets', { ca })).status, 403)
  })

  it('an ApiMapping to a missing stage or API is refused, and an unknown domain is 404', async () => {
    await rejects(() => v2.send(new CreateApiMappingCommand({ DomainName: 'both.example.test', ApiId: apiId, Stage: 'nope', ApiMappingKey: 'x' })), 'BadRequestException', 400, 'Invalid stage identifier specified')
    await rejects(() => v2.send(new CreateApiMappingCommand({ DomainName: 'both.example.test', ApiId: 'missing000', Stage: 'prod', ApiMappingKey: 'x' })), 'NotFoundException', 404)
    await rejects(() => v2.send(new GetDomainNameCommand({ DomainName: 'nowhere.example.test' })), 'NotFoundException', 404)
  })

  it('a taken name or mapping key is refused in each API\'s words, and a domain deleted through v2 is gone for v1', async () => {
    const config = { DomainNameConfigurations: [{ CertificateArn: certificateArn, EndpointType: 'REGIONAL' as const, SecurityPolicy: 'TLS_1_2' as const }] }
    await v2.send(new CreateDomainNameCommand({ DomainName: 'taken.example.test', ...config }))
    await rejects(() => v2.send(new CreateDomainNameCommand({ DomainName: 'taken.example.test', ...config })), 'ConflictException', 409, 'The domain name resource already exists: taken.example.test')
    await rejects(
      () => h.client.send(new CreateDomainNameV1({ domainName: 'taken.example.test', regionalCertificateArn: certificateArn, endpointConfiguration: { types: ['REGIONAL'] } })),
      'BadRequestException',
      400,
      'The domain name you provided already exists.',
    )
    const first = await v2.send(new CreateApiMappingCommand({ DomainName: 'taken.example.test', ApiId: apiId, Stage: 'prod', ApiMappingKey: 'a' }))
    const second = await v2.send(new CreateApiMappingCommand({ DomainName: 'taken.example.test', ApiId: apiId, Stage: 'prod', ApiMappingKey: 'b' }))
    await rejects(() => h.client.send(new CreateBasePathMappingCommand({ domainName: 'taken.example.test', basePath: 'a', restApiId: apiId, stage: 'prod' })), 'ConflictException', 409, 'Base path already exists for this domain name')
    await rejects(() => v2.send(new CreateApiMappingCommand({ DomainName: 'taken.example.test', ApiId: apiId, Stage: 'prod', ApiMappingKey: 'b' })), 'ConflictException', 409, 'ApiMapping key b already exists for this domain name')
    await rejects(
      () => v2.send(new UpdateApiMappingCommand({ DomainName: 'taken.example.test', ApiMappingId: second.ApiMappingId!, ApiId: apiId, ApiMappingKey: 'a' })),
      'ConflictException',
      409,
      'ApiMapping key a already exists for this domain name',
    )
    // keeping its own key is no conflict
    const kept = await v2.send(new UpdateApiMappingCommand({ DomainName: 'taken.example.test', ApiMappingId: first.ApiMappingId!, ApiId: apiId, ApiMappingKey: 'a', Stage: 'prod' }))
    assert.equal(kept.ApiMappingKey, 'a')
    assert.deepEqual((await v2.send(new GetApiMappingsCommand({ DomainName: 'taken.example.test' }))).Items?.map((m) => m.ApiMappingKey), ['a', 'b'])
    await v2.send(new DeleteDomainNameCommand({ DomainName: 'Taken.Example.Test' }))
    await rejects(() => h.client.send(new GetDomainNameV1({ domainName: 'taken.example.test' })), 'NotFoundException', 404, 'Invalid domain name identifier specified')
    await rejects(() => h.client.send(new DeleteDomainNameV1({ domainName: 'taken.example.test' })), 'NotFoundException', 404, 'Invalid domain name identifier specified')
    await rejects(() => v2.send(new DeleteDomainNameCommand({ DomainName: 'taken.example.test' })), 'NotFoundException', 404, 'Invalid domain name identifier specified')
  })
})
