/**
 * HTTP API private integrations through a real Portico: apigatewayv2 VPC links managed with the
 * AWS CLI (`aws apigatewayv2 … --endpoint-url`) and @aws-sdk/client-apigatewayv2, kept apart
 * from v1 links; an HTTP_PROXY integration with `connectionType: VPC_LINK` whose
 * `integrationUri` (an ALB listener ARN) the config file's `vpcLinks` maps to a loopback
 * backend receives the request's path, query and body.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import {
  ApiGatewayV2Client,
  CreateApiCommand,
  CreateIntegrationCommand,
  CreateRouteCommand,
  CreateStageCommand,
  CreateVpcLinkCommand,
  DeleteVpcLinkCommand,
  GetRoutesCommand,
  GetTagsCommand,
  GetVpcLinkCommand,
  GetVpcLinksCommand,
  UpdateVpcLinkCommand,
} from '@aws-sdk/client-apigatewayv2'
import { CreateVpcLinkCommand as CreateV1VpcLinkCommand } from '@aws-sdk/client-api-gateway'
import { resolveConfigFile, validateConfigFile } from '../../src/config-file.ts'
import { sdkError, useAwsCli, useHarness } from '../control/harness.ts'
import { refused } from '../control/v2-harness.ts'
import { send } from '../data/fixtures.ts'
import { startBackend, type Backend } from './harness.ts'

const LISTENER = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2'
const UNMAPPED = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/net/other/60dc6c495c0c9188/a2f7dc8efc522ab2'
const NLB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/orders/1234567890abcdef'

describe('HTTP API private integrations (VPC_LINK)', () => {
  let backend: Backend
  before(async () => {
    backend = await startBackend()
  })
  const h = useHarness({}, {
    // read when the harness starts, after the backend listens
    get functions() {
      const contents: unknown = { vpcLinks: { [LISTENER]: backend.url, [NLB]: backend.url } }
      validateConfigFile(contents)
      return resolveConfigFile(contents, undefined)
    },
  })
  const { awsJson } = useAwsCli(h, 'apigatewayv2', 'portico-vpc-link-')
  let v2: ApiGatewayV2Client
  before(() => {
    v2 = new ApiGatewayV2Client({ endpoint: h.endpoint, region: 'us-east-1', credentials: { accessKeyId: h.portico.admin.accessKeyId, secretAccessKey: h.portico.admin.secretAccessKey }, maxAttempts: 1 })
  })
  after(async () => {
    v2?.destroy()
    await backend?.close()
  })

  it('manages v2 VPC links with the AWS CLI and the SDK: PENDING on create, AVAILABLE after, 202 on delete', async () => {
    const created = await awsJson('create-vpc-link', '--name', 'shop', '--subnet-ids', 'subnet-aaaa', 'subnet-bbbb', '--security-group-ids', 'sg-1', '--tags', 'team=web')
    assert.equal(created.VpcLinkStatus, 'PENDING')
    assert.equal(created.VpcLinkVersion, 'V2')
    assert.deepEqual([created.Name, created.SubnetIds, created.SecurityGroupIds, created.Tags], ['shop', ['subnet-aaaa', 'subnet-bbbb'], ['sg-1'], { team: 'web' }])
    assert.match(String(created.CreatedDate), /^\d{4}-\d\d-\d\dT/)
    const id = created.VpcLinkId as string
    assert.equal((await awsJson('get-vpc-link', '--vpc-link-id', id)).VpcLinkStatus, 'AVAILABLE')

    // a v1 link is not a v2 link
    await h.client.send(new CreateV1VpcLinkCommand({ name: 'v1', targetArns: [NLB] }))
    const listed = await v2.send(new GetVpcLinksCommand({}))
    assert.deepEqual(listed.Items?.map((l) => l.VpcLinkId), [id])

    const renamed = await v2.send(new UpdateVpcLinkCommand({ VpcLinkId: id, Name: 'shop-2' }))
    assert.equal(renamed.Name, 'shop-2')
    assert.deepEqual((await v2.send(new GetTagsCommand({ ResourceArn: `arn:aws:apigateway:us-east-1::/vpclinks/${id}` }))).Tags, { team: 'web' })
    const deleted = await v2.send(new DeleteVpcLinkCommand({ VpcLinkId: id }))
    assert.equal(deleted.$metadata.httpStatusCode, 202)
    await refused(() => v2.send(new GetVpcLinkCommand({ VpcLinkId: id })), 'NotFoundException', `Invalid VpcLink identifier specified ${id}`)
  })

  it('sends a private integration\'s requests to what its listener ARN maps to, through an existing link', async () => {
    const link = await v2.send(new CreateVpcLinkCommand({ Name: 'private', SubnetIds: ['subnet-1'] }))
    const apiId = (await v2.send(new CreateApiCommand({ Name: 'private', ProtocolType: 'HTTP' }))).ApiId!
    const route = async (routeKey: string, uri: string, connectionId: string) => {
      const integration = await v2.send(
        new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'ANY', PayloadFormatVersion: '1.0', ConnectionType: 'VPC_LINK', ConnectionId: connectionId, IntegrationUri: uri }),
      )
      assert.deepEqual([integration.ConnectionType, integration.ConnectionId], ['VPC_LINK', connectionId])
      await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: routeKey, Target: `integrations/${integration.IntegrationId}` }))
    }
    await route('POST /orders/{id}', LISTENER, link.VpcLinkId!)
    await route('GET /unmapped', UNMAPPED, link.VpcLinkId!)
    await route('GET /nolink', LISTENER, 'nope99')
    await v2.send(new CreateStageCommand({ ApiId: apiId, StageName: '$default', AutoDeploy: true }))
    await h.portico.settled()
    const call = (method: string, path: string, body?: string) => send(h.portico.address.port, { method, path, headers: { host: `${apiId}.execute-api.localhost`, 'content-type': 'application/json' }, ...(body !== undefined && { body }) })

    backend.received.length = 0
    const r = await call('POST', '/orders/7?express=1', '{"qty":2}')
    assert.equal(r.status, 200, r.body)
    assert.deepEqual(r.json(), { backend: true })
    assert.equal(backend.received.length, 1)
    const got = backend.received[0]!
    assert.deepEqual([got.method, got.url, got.body], ['POST', '/orders/7?express=1', '{"qty":2}'])
    assert.equal(got.headers.host, new URL(backend.url).host)

    for (const path of ['/unmapped', '/nolink']) {
      const refusedCall = await call('GET', path)
      assert.equal(refusedCall.status, 500, path)
      assert.equal(refusedCall.body, '{"message":"Internal Server Error"}')
    }
    assert.equal(backend.received.length, 1)

    // in use by two routes' integrations: refused with AWS's text, and still served
    const routes = (await v2.send(new GetRoutesCommand({ ApiId: apiId }))).Items!.filter((r) => r.RouteKey !== 'GET /nolink')
    const listed = routes.map((r) => `ANY:${r.RouteId}`).sort()
    const error = await sdkError(() => v2.send(new DeleteVpcLinkCommand({ VpcLinkId: link.VpcLinkId! })))
    assert.equal(error.name, 'BadRequestException')
    const named = /^Cannot delete vpc link\. Vpc link '(\w+)', is referenced in \[(.*)\] in format of \[Method:Resource\]\.$/.exec(error.message)
    assert.ok(named, error.message)
    assert.deepEqual([named[1], named[2]!.split(', ').sort()], [link.VpcLinkId, listed])
    assert.equal((await call('POST', '/orders/8', '{}')).status, 200)
  })

  it('CreateIntegration wants a listener or Cloud Map ARN for a private integration', async () => {
    const apiId = (await v2.send(new CreateApiCommand({ Name: 'bad', ProtocolType: 'HTTP' }))).ApiId!
    await refused(
      () => v2.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'ANY', PayloadFormatVersion: '1.0', ConnectionType: 'VPC_LINK', ConnectionId: 'abc123', IntegrationUri: 'http://internal.example/' })),
      'BadRequestException',
      /integrationUri must be the ARN of an Application or Network Load Balancer listener, or of a Cloud Map service/,
    )
  })
})
