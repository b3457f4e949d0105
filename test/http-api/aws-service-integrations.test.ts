/**
 * HTTP API AWS service integrations (`integrationSubtype`) through a real Portico built with
 * @aws-sdk/client-apigatewayv2: a loopback server plays the SQS and EventBridge endpoints the
 * config file's `services` names, checks every SigV4 signature with the AWS SDK's own signer
 * (test/integrations/aws-service-sigv4-verifier.ts) and answers as the service does; the client
 * gets the service's answer. CreateIntegration refuses parameters the subtype does not have.
 */
import assert from 'node:assert/strict'
import type { Server } from 'node:http'
import { after, before, describe, it } from 'node:test'
import { ApiGatewayV2Client, CreateApiCommand, CreateIntegrationCommand, CreateRouteCommand, CreateStageCommand } from '@aws-sdk/client-apigatewayv2'
import { resolveConfigFile, validateConfigFile } from '../../src/config-file.ts'
import { useAwsCli, useHarness } from '../control/harness.ts'
import { refused } from '../control/v2-harness.ts'
import { send } from '../data/fixtures.ts'
import { startSignedStandIn, type SeenRequest } from '../integrations/aws-service-sigv4-verifier.ts'
import { SUBTYPES } from '../../src/integrations/http-api/aws-service-subtypes.ts'

const ROLE = 'arn:aws:iam::123456789012:role/apigw-sqs'
const SECRETS: Record<string, string> = { AKIDSQSROLE00000001: 'role-secret', AKIDEVENTS000000001: 'events-secret', AKIDDEFAULT00000001: 'default-secret' }


const seen: SeenRequest[] = []
let server: Server
let endpoint = ''

/** SQS (query protocol, JSON answers) and EventBridge (JSON 1.1) on one loopback port, as LocalStack serves both. */
async function startServices(): Promise<void> {
  ;({ server, endpoint } = await startSignedStandIn(SECRETS, seen, (received, req, res) => {
    if (req.headers['x-amz-target'] === 'AWSEvents.PutEvents') {
      res.writeHead(200, { 'Content-Type': 'application/x-amz-json-1.1' }).end('{"Entries":[{"EventId":"e-1"}],"FailedEntryCount":0}')
      return
    }
    if (req.headers['x-amz-target'] !== undefined) {
      res.writeHead(200, { 'Content-Type': 'application/x-amz-json-1.0' }).end('{"ok":true}')
      return
    }
    const form = new URLSearchParams(received.body.toString())
    if (form.get('QueueUrl')?.endsWith('/missing')) {
      res.writeHead(400, { 'Content-Type': 'application/json' }).end('{"Error":{"Code":"AWS.SimpleQueueService.NonExistentQueue","Message":"The specified queue does not exist."}}')
      return
    }
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ SendMessageResponse: { ResponseMetadata: { RequestId: 'r-1' }, SendMessageResult: { MessageId: 'm-1' } } }))
  }))
}

describe('HTTP API AWS service integrations', () => {
  // the config file names the stand-in endpoints; its port is known once the server listens, which useHarness's start awaits
  const file = {
    get services() {
      return { sqs: { endpoint }, events: { endpoint, region: 'eu-west-1', accessKeyId: 'AKIDEVENTS000000001', secretAccessKey: 'events-secret' }, states: { endpoint }, kinesis: { endpoint } }
    },
    credentials: { accessKeyId: 'AKIDDEFAULT00000001', secretAccessKey: 'default-secret' },
    roles: { [ROLE]: { accessKeyId: 'AKIDSQSROLE00000001', secretAccessKey: 'role-secret' } },
  }
  before(startServices)
  const h = useHarness({}, {
    get functions() {
      const contents: unknown = JSON.parse(JSON.stringify(file))
      validateConfigFile(contents)
      return resolveConfigFile(contents, undefined)
    },
  })
  const { awsJson } = useAwsCli(h, 'apigatewayv2', 'portico-subtypes-')
  let v2: ApiGatewayV2Client
  let apiId: string

  before(async () => {
    v2 = new ApiGatewayV2Client({ endpoint: h.endpoint, region: 'us-east-1', credentials: { accessKeyId: h.portico.admin.accessKeyId, secretAccessKey: h.portico.admin.secretAccessKey }, maxAttempts: 1 })
    apiId = (await v2.send(new CreateApiCommand({ Name: 'services', ProtocolType: 'HTTP' }))).ApiId!
    const route = async (routeKey: string, integration: Record<string, unknown>) => {
      const created = await v2.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '1.0', ...integration }))
      await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: routeKey, Target: `integrations/${created.IntegrationId}` }))
    }
    await route('POST /orders', {
      IntegrationSubtype: 'SQS-SendMessage',
      CredentialsArn: ROLE,
      RequestParameters: {
        QueueUrl: '$request.header.x-queue-url',
        MessageBody: '$request.body.order',
        MessageGroupId: '$request.querystring.group',
        MessageAttributes: '{"source":{"DataType":"String","StringValue":"api"}}',
      },
    })
    await route('POST /events', {
      IntegrationSubtype: 'EventBridge-PutEvents',
      RequestParameters: { Source: 'portico.test', DetailType: '$request.header.x-detail-type', Detail: '$request.body', Resources: '["arn:aws:s3:::a","arn:aws:s3:::b"]', EventBusName: 'orders' },
    })
    await route('POST /stream', { IntegrationSubtype: 'Kinesis-PutRecord', RequestParameters: { StreamName: 'clicks', Data: '$request.body', PartitionKey: '$request.header.x-key' } })
    await route('POST /queue/receive', { IntegrationSubtype: 'SQS-ReceiveMessage', RequestParameters: { QueueUrl: 'http://sqs.localhost/123456789012/q', MaxNumberOfMessages: '$request.querystring.max', AttributeNames: 'All,SentTimestamp' } })
    await route('POST /sfn/start', { IntegrationSubtype: 'StepFunctions-StartExecution', RequestParameters: { StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:orders', Name: '$request.header.x-name', Input: '$request.body' } })
    await route('POST /sfn/sync', { IntegrationSubtype: 'StepFunctions-StartSyncExecution', RequestParameters: { StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:express', Input: '$request.body' } })
    await route('POST /sfn/stop', { IntegrationSubtype: 'StepFunctions-StopExecution', RequestParameters: { ExecutionArn: '$request.body.arn', Cause: 'cancelled by ${request.header.x-user}', Error: 'Cancelled' } })
    await route('GET /config', { IntegrationSubtype: 'AppConfig-GetConfiguration', RequestParameters: { Application: 'shop', Environment: 'prod', Configuration: 'flags', ClientId: '$context.requestId' } })
    await v2.send(new CreateStageCommand({ ApiId: apiId, StageName: '$default', AutoDeploy: true }))
    await h.portico.settled()
  })
  after(async () => {
    v2?.destroy()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    send(h.portico.address.port, { method: 'POST', path, body, headers: { host: `${apiId}.execute-api.localhost`, 'content-type': 'application/json', ...headers } })

  it('SQS-SendMessage: the mapped values as SendMessage, signed with the role\'s keys, and the service\'s answer', async () => {
    seen.length = 0
    const queue = 'http://sqs.us-east-1.localhost/123456789012/orders.fifo'
    const r = await post('/orders?group=g1', '{"order":{"id":7}}', { 'x-queue-url': queue })
    assert.equal(r.status, 200, r.body)
    assert.deepEqual(r.json(), { SendMessageResponse: { ResponseMetadata: { RequestId: 'r-1' }, SendMessageResult: { MessageId: 'm-1' } } })
    assert.ok(r.headers['apigw-requestid'])
    assert.equal(seen.length, 1)
    const call = seen[0]!
    assert.deepEqual(call.verdict, { ok: true, accessKeyId: 'AKIDSQSROLE00000001', region: 'us-east-1', service: 'sqs', signedHeaders: (call.verdict as { signedHeaders: string[] }).signedHeaders })
    assert.equal(call.method, 'POST')
    assert.equal(call.url, '/')
    assert.match(String(call.headers['content-type']), /^application\/x-www-form-urlencoded/)
    assert.equal(call.headers['accept'], 'application/json')
    const form = Object.fromEntries(new URLSearchParams(call.body.toString()))
    assert.deepEqual(form, {
      Action: 'SendMessage',
      Version: '2012-11-05',
      QueueUrl: queue,
      MessageBody: '{"id":7}',
      MessageGroupId: 'g1',
      'MessageAttribute.1.Name': 'source',
      'MessageAttribute.1.Value.DataType': 'String',
      'MessageAttribute.1.Value.StringValue': 'api',
    })
  })

  it('passes the service\'s error answer on with its status', async () => {
    const r = await post('/orders', '{"order":1}', { 'x-queue-url': 'http://sqs.localhost/123456789012/missing' })
    assert.equal(r.status, 400)
    assert.match(r.body, /NonExistentQueue/)
  })

  it('EventBridge-PutEvents: one entry in AWSEvents.PutEvents, signed for the configured region with the service\'s keys', async () => {
    seen.length = 0
    const r = await post('/events', '{"orderId":7}', { 'x-detail-type': 'OrderPlaced' })
    assert.equal(r.status, 200, r.body)
    assert.deepEqual(r.json(), { Entries: [{ EventId: 'e-1' }], FailedEntryCount: 0 })
    const call = seen[0]!
    assert.equal(call.verdict.ok, true, JSON.stringify(call.verdict))
    assert.deepEqual([(call.verdict as { region: string }).region, (call.verdict as { service: string }).service], ['eu-west-1', 'events'])
    assert.equal(call.headers['content-type'], 'application/x-amz-json-1.1')
    assert.deepEqual(JSON.parse(call.body.toString()), {
      Entries: [{ Source: 'portico.test', DetailType: 'OrderPlaced', Detail: '{"orderId":7}', EventBusName: 'orders', Resources: ['arn:aws:s3:::a', 'arn:aws:s3:::b'] }],
    })
  })

  it('sends Kinesis, SQS-ReceiveMessage and Step Functions subtypes in their services\' wire forms, signed with the default keys', async () => {
    const cases: Array<[path: string, body: string, headers: Record<string, string>, target: string | undefined, expected: unknown]> = [
      ['/stream', '{"click":1}', { 'x-key': 'user-1' }, 'Kinesis_20131202.PutRecord', { StreamName: 'clicks', PartitionKey: 'user-1', Data: Buffer.from('{"click":1}').toString('base64') }],
      // `Data: $request.body` with a plain-text body: the text as sent, not only JSON
      ['/stream', 'click at 12:00\tbutton=buy', { 'x-key': 'user-2', 'content-type': 'text/plain' }, 'Kinesis_20131202.PutRecord', { StreamName: 'clicks', PartitionKey: 'user-2', Data: Buffer.from('click at 12:00\tbutton=buy').toString('base64') }],
      ['/sfn/start', '{"order":7}', { 'x-name': 'run-7' }, 'AWSStepFunctions.StartExecution', { stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:orders', name: 'run-7', input: '{"order":7}' }],
      ['/sfn/sync', '{}', {}, 'AWSStepFunctions.StartSyncExecution', { stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:express', input: '{}' }],
      ['/sfn/stop', '{"arn":"arn:aws:states:us-east-1:123456789012:execution:orders:run-7"}', { 'x-user': 'ann' }, 'AWSStepFunctions.StopExecution', { executionArn: 'arn:aws:states:us-east-1:123456789012:execution:orders:run-7', cause: 'cancelled by ann', error: 'Cancelled' }],
    ]
    for (const [path, body, headers, target, expected] of cases) {
      seen.length = 0
      const r = await post(path, body, headers)
      assert.equal(r.status, 200, `${path}: ${r.body}`)
      const call = seen[0]!
      assert.equal(call.verdict.ok, true, JSON.stringify(call.verdict))
      assert.equal((call.verdict as { accessKeyId: string }).accessKeyId, 'AKIDDEFAULT00000001')
      assert.equal(call.headers['x-amz-target'], target)
      assert.deepEqual(JSON.parse(call.body.toString()), expected, path)
    }
    seen.length = 0
    assert.equal((await post('/queue/receive?max=5', '')).status, 200)
    assert.deepEqual(Object.fromEntries(new URLSearchParams(seen[0]!.body.toString())), {
      Action: 'ReceiveMessage',
      Version: '2012-11-05',
      QueueUrl: 'http://sqs.localhost/123456789012/q',
      MaxNumberOfMessages: '5',
      'AttributeName.1': 'All',
      'AttributeName.2': 'SentTimestamp',
    })
  })

  it('answers 500 when the config file names no endpoint for the subtype\'s service', async () => {
    seen.length = 0
    const r = await send(h.portico.address.port, { path: '/config', headers: { host: `${apiId}.execute-api.localhost` } })
    assert.equal(r.status, 500)
    assert.equal(r.body, '{"message":"Internal Server Error"}')
    assert.equal(seen.length, 0)
  })

  it('takes a subtype integration from the AWS CLI as written in AWS\'s docs', async () => {
    const created = await awsJson(
      'create-integration', '--api-id', apiId, '--integration-type', 'AWS_PROXY', '--integration-subtype', 'SQS-SendMessage', '--payload-format-version', '1.0',
      '--credentials-arn', ROLE, '--request-parameters', '{"QueueUrl": "$request.header.queueUrl", "MessageBody": "$request.body.message"}',
    )
    assert.equal(created.IntegrationSubtype, 'SQS-SendMessage')
    assert.deepEqual(created.RequestParameters, { QueueUrl: '$request.header.queueUrl', MessageBody: '$request.body.message' })
    assert.deepEqual([created.IntegrationType, created.PayloadFormatVersion, created.ConnectionType, created.TimeoutInMillis], ['AWS_PROXY', '1.0', 'INTERNET', 30000])
  })

  it('AppConfig-GetConfiguration is the REST GetConfiguration call', () => {
    const request = SUBTYPES['AppConfig-GetConfiguration']!.request({ Application: 'shop app', Environment: 'prod', Configuration: 'flags', ClientId: 'c-1', ClientConfigurationVersion: '3' })
    assert.deepEqual(request, { method: 'GET', path: '/applications/shop%20app/environments/prod/configurations/flags?client_id=c-1&client_configuration_version=3', headers: {}, body: undefined })
  })

  it('CreateIntegration refuses parameters the subtype does not have, and missing required ones', async () => {
    const base = { ApiId: apiId, IntegrationType: 'AWS_PROXY' as const, PayloadFormatVersion: '1.0' }
    await refused(
      () => v2.send(new CreateIntegrationCommand({ ...base, IntegrationSubtype: 'SQS-SendMessage', RequestParameters: { QueueUrl: 'q', MessageBody: 'b', Body: 'x' } })),
      'BadRequestException',
      /^Invalid request parameter\(s\) Body\. Supported parameters: QueueUrl, MessageBody/,
    )
    await refused(
      () => v2.send(new CreateIntegrationCommand({ ...base, IntegrationSubtype: 'EventBridge-PutEvents', RequestParameters: { Detail: '$request.body' } })),
      'BadRequestException',
      'Missing required request parameter(s) DetailType, Source',
    )
    await refused(
      () => v2.send(new CreateIntegrationCommand({ ...base, IntegrationSubtype: 'SQS-PurgeQueue', RequestParameters: { QueueUrl: '$request.nowhere.x' } })),
      'BadRequestException',
      /^Invalid mapping expression specified: \$request\.nowhere\.x/,
    )
  })
})
