/**
 * An HTTP API behind a custom domain: an apigatewayv2 ApiMapping to its `$default` stage (and one
 * to a named stage) serves it over HTTPS, with the mapping key taken off the path the backend sees,
 * as AWS's HTTP APIs do behind custom domains.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, describe, it } from 'node:test'
import { ApiGatewayV2Client, CreateApiCommand, CreateApiMappingCommand, CreateDomainNameCommand, CreateIntegrationCommand, CreateRouteCommand, CreateStageCommand } from '@aws-sdk/client-apigatewayv2'
import { httpsGet, useHttpsPortico } from './harness.ts'
import { closeServer } from '../support/close-server.ts'

let backend: Server
let apiId: string
let certificateArn: string
let v2: ApiGatewayV2Client

const h = useHttpsPortico({}, async () => {
  backend = createServer((req, res) => res.end(JSON.stringify({ path: req.url })))
  await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve))
  v2 = new ApiGatewayV2Client({
    endpoint: h.portico.url,
    region: 'us-east-1',
    credentials: { accessKeyId: h.portico.admin.accessKeyId, secretAccessKey: h.portico.admin.secretAccessKey },
    maxAttempts: 1,
  })
  apiId = (await v2.send(new CreateApiCommand({ Name: 'shop', ProtocolType: 'HTTP' }))).ApiId!
  const integration = await v2.send(
    new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'ANY', IntegrationUri: `http://127.0.0.1:${(backend.address() as AddressInfo).port}`, PayloadFormatVersion: '1.0' }),
  )
  await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: '$default', Target: `integrations/${integration.IntegrationId}` }))
  await v2.send(new CreateStageCommand({ ApiId: apiId, StageName: '$default', AutoDeploy: true }))
  await v2.send(new CreateStageCommand({ ApiId: apiId, StageName: 'beta', AutoDeploy: true }))
  certificateArn = await h.registerServerCertificate(['shop.example.test'])
})

after(() => closeServer(backend))

describe('an HTTP API behind a custom domain', () => {
  it('serves its $default stage under a mapping key and a named stage under another', async () => {
    await v2.send(new CreateDomainNameCommand({ DomainName: 'shop.example.test', DomainNameConfigurations: [{ CertificateArn: certificateArn, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' }] }))
    await v2.send(new CreateApiMappingCommand({ DomainName: 'shop.example.test', ApiId: apiId, Stage: '$default', ApiMappingKey: 'shop' }))
    await v2.send(new CreateApiMappingCommand({ DomainName: 'shop.example.test', ApiId: apiId, Stage: 'beta', ApiMappingKey: 'shop-beta' }))
    await h.portico.settled()
    const ca = readFileSync(h.ca.caFile, 'utf8')

    const live = await httpsGet(h.httpsPort, 'shop.example.test', '/shop/items/7?x=1', { ca })
    assert.equal(live.status, 200, live.body)
    assert.deepEqual(JSON.parse(live.body), { path: '/items/7?x=1' })
    const beta = await httpsGet(h.httpsPort, 'shop.example.test', '/shop-beta/items/8', { ca })
    assert.equal(beta.status, 200, beta.body)
    assert.deepEqual(JSON.parse(beta.body), { path: '/items/8' })
    // no mapping for the path: AWS's 403 for a custom domain that maps nothing there
    assert.equal((await httpsGet(h.httpsPort, 'shop.example.test', '/other/items/7', { ca })).status, 403)
  })
})
