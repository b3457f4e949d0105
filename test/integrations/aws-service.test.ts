import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { Server } from 'node:http'
import { signRequest } from '../../src/lib/sigv4/sign.ts'
import { IntegrationConfigError, type AwsServiceOptions, type UpstreamPools } from '../../src/integrations/index.ts'
import type { Integration } from '../../src/model/index.ts'
import { integration, useGateways } from './harness.ts'
import { compileWith, startLambdaGateway } from './lambda-harness.ts'
import { startSignedStandIn, verifySigV4, type SeenRequest } from './aws-service-sigv4-verifier.ts'

const SECRETS: Record<string, string> = {
  AKIDSERVICE: 'service-secret',
  AKIDROLE: 'role-secret',
}


let upstream: UpstreamPools
let server: Server
let endpoint: string
const seen: SeenRequest[] = []

/** The suite's pools, and a stand-in AWS endpoint that checks every signature independently, then answers like SQS / DynamoDB. */
const gateways = useGateways({ connections: 4 }, async (started) => {
  upstream = started.upstream
  ;({ server, endpoint } = await startSignedStandIn(SECRETS, seen, (received, req, res) => {
    const body = received.body.toString()
    if (req.url!.startsWith('/123456789012/')) {
      res.writeHead(200, { 'Content-Type': 'application/json', 'x-amzn-RequestId': 'sqs-req-1' })
      res.end(JSON.stringify({ SendMessageResponse: { SendMessageResult: { MessageId: 'm-1', MD5OfMessageBody: 'x' } } }))
      return
    }
    if (body.includes('"fail"')) {
      res.writeHead(400, { 'Content-Type': 'application/x-amz-json-1.0' }).end(JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#ValidationException', message: 'One or more parameter values were invalid' }))
      return
    }
    res.writeHead(200, { 'Content-Type': 'application/x-amz-json-1.0' }).end(JSON.stringify({ ConsumedCapacity: { TableName: 'pets', CapacityUnits: 1 } }))
  }))
  return async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})

function services(extra: Partial<AwsServiceOptions> = {}): AwsServiceOptions {
  return {
    services: {
      sqs: { endpoint, region: 'us-east-1', accessKeyId: 'AKIDSERVICE', secretAccessKey: 'service-secret' },
      dynamodb: { endpoint: endpoint + '/' },
    },
    roles: { 'arn:aws:iam::123456789012:role/apigw-dynamodb': { accessKeyId: 'AKIDROLE', secretAccessKey: 'role-secret' } },
    ...extra,
  }
}

async function gateway(partial: Partial<Integration> & Pick<Integration, 'uri'>, options: { methodResponses?: string[]; services?: AwsServiceOptions; stageVariables?: Record<string, string> } = {}) {
  const g = await startLambdaGateway({
    integration: integration({ type: 'AWS', httpMethod: 'POST', ...partial }),
    services: options.services ?? services(),
    upstream,
    resourcePath: '/items/{id}',
    httpMethod: 'POST',
    methodResponses: options.methodResponses ?? ['200'],
    stageVariables: options.stageVariables,
  })
  gateways.own(g)
  return g
}

describe('AWS service integration', () => {
  it('sends a path-style SQS SendMessage, signed, with templates both ways', async () => {
    const g = await gateway({
      uri: 'arn:aws:apigateway:us-east-1:sqs:path/123456789012/my-queue',
      requestParameters: { 'integration.request.header.Content-Type': "'application/x-www-form-urlencoded'" },
      requestTemplates: { 'application/json': 'Action=SendMessage&MessageBody=$util.urlEncode($input.body)' },
      integrationResponses: {
        '200': {
          statusCode: '200',
          responseTemplates: { 'application/json': `{"messageId": "$input.path('$.SendMessageResponse.SendMessageResult.MessageId')", "item": "$input.params('id')"}` },
          responseParameters: { 'method.response.header.X-Sqs-Request': 'integration.response.header.x-amzn-RequestId' },
        },
      },
    })
    const res = await fetch(`${g.url}/items/7`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"pet":"Rex & co"}' })
    assert.equal(res.status, 200, await res.clone().text())
    assert.deepEqual(await res.json(), { messageId: 'm-1', item: '7' })
    assert.equal(res.headers.get('x-sqs-request'), 'sqs-req-1')

    const req = seen.at(-1)!
    assert.deepEqual(req.verdict, { ok: true, accessKeyId: 'AKIDSERVICE', region: 'us-east-1', service: 'sqs', signedHeaders: req.verdict.ok ? req.verdict.signedHeaders : [] })
    assert.ok(req.verdict.ok && req.verdict.signedHeaders.includes('content-type') && req.verdict.signedHeaders.includes('host'))
    assert.equal(req.method, 'POST')
    assert.equal(req.url, '/123456789012/my-queue')
    assert.equal(req.headers['content-type'], 'application/x-www-form-urlencoded')
    // $util.urlEncode is Java's URLEncoder: spaces become +
    assert.equal(req.body.toString(), `Action=SendMessage&MessageBody=${encodeURIComponent('{"pet":"Rex & co"}').replace(/%20/g, '+')}`)
    const log = g.lastLog()
    assert.ok(log.includes(`Endpoint request URI: ${endpoint}/123456789012/my-queue`), log.join('\n'))
    assert.ok(log.some((l) => /^Endpoint request headers: .*Authorization=\*+[0-9a-f]{6}/.test(l)), 'signature masked in the log')
    assert.ok(log.some((l) => /^Received response\. Status: 200, Integration latency: \d+ ms$/.test(l)))
  })

  it('sends an action-style DynamoDB call with X-Amz-Target, signs with the mapped role, selects on status', async () => {
    const g = await gateway(
      {
        uri: 'arn:aws:apigateway:us-east-1:dynamodb:action/PutItem',
        credentials: 'arn:aws:iam::123456789012:role/${stageVariables.role}',
        requestTemplates: { 'application/json': `{"TableName": "pets", "Item": {"id": {"S": "$input.params('id')"}, "name": {"S": "$input.path('$.name')"}}}` },
        integrationResponses: {
          '200': { statusCode: '200', responseTemplates: { 'application/json': `{"units": $input.path('$.ConsumedCapacity.CapacityUnits')}` } },
          '400': { statusCode: '400', selectionPattern: '4\\d{2}', responseTemplates: { 'application/json': `{"error": "$input.path('$.message')"}` } },
        },
      },
      { methodResponses: ['200', '400'], stageVariables: { role: 'apigw-dynamodb' } },
    )
    let res = await fetch(`${g.url}/items/p1`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"Rex"}' })
    assert.equal(res.status, 200, await res.clone().text())
    assert.deepEqual(await res.json(), { units: 1 })
    const req = seen.at(-1)!
    assert.equal(req.verdict.ok && req.verdict.accessKeyId, 'AKIDROLE')
    assert.equal(req.verdict.ok && req.verdict.service, 'dynamodb')
    assert.equal(req.url, '/?Action=PutItem')
    assert.equal(req.headers['x-amz-target'], 'DynamoDB_20120810.PutItem')
    assert.equal(req.headers['content-type'], 'application/x-amz-json-1.0')
    assert.deepEqual(JSON.parse(req.body.toString()), { TableName: 'pets', Item: { id: { S: 'p1' }, name: { S: 'Rex' } } })

    res = await fetch(`${g.url}/items/p2`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"fail"}' })
    assert.equal(res.status, 400)
    assert.deepEqual(await res.json(), { error: 'One or more parameter values were invalid' })
  })

  it('answers 500 for a service without endpoint or keys, and refuses bad ARNs at compile time', async () => {
    let g = await gateway({ uri: 'arn:aws:apigateway:us-east-1:kinesis:action/PutRecord', integrationResponses: { '200': { statusCode: '200' } } })
    let res = await fetch(`${g.url}/items/1`, { method: 'POST', body: '{}' })
    assert.equal(res.status, 500)
    assert.ok(g.lastLog().some((l) => l.includes('no endpoint is configured for AWS service "kinesis"')))

    g = await gateway({ uri: 'arn:aws:apigateway:us-east-1:dynamodb:action/GetItem', integrationResponses: { '200': { statusCode: '200' } } })
    res = await fetch(`${g.url}/items/1`, { method: 'POST', body: '{}' })
    assert.equal(res.status, 500, 'dynamodb has no keys of its own and no role is named')

    const compile = (uri: string) => () => compileWith({ integration: integration({ type: 'AWS', httpMethod: 'POST', uri }), services: services(), upstream })
    assert.throws(compile('arn:aws:apigateway:us-east-1:sqs:queue/x'), (e: Error) => e instanceof IntegrationConfigError && /must contain path or action/.test(e.message))
    assert.throws(compile('arn:aws:sqs:us-east-1:123:queue'), /Invalid ARN specified in the request/)
  })
})

describe('SigV4 signer (src/lib/sigv4/sign.ts) against the SDK signer', () => {
  it("reproduces AWS's get-vanilla test vector", () => {
    const { headers } = signRequest({
      method: 'GET',
      url: 'https://example.amazonaws.com/',
      headers: {},
      body: '',
      service: 'service',
      region: 'us-east-1',
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      now: new Date('2015-08-30T12:36:00Z'),
    })
    assert.equal(
      headers['authorization'],
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    )
  })

  it('agrees with the SDK signer on encoded paths and repeated query names, and the verifier catches a changed body', async () => {
    const url = `${endpoint}/a%20b/c%2Fd/~x?b=2&a=1&a=0&sp=a%20b&star=*`
    const { headers } = signRequest({ method: 'PUT', url, headers: { 'Content-Type': 'text/plain', 'X-Custom': '  two   spaces ' }, body: 'hello', service: 'execute-api', region: 'eu-west-1', accessKeyId: 'AKIDSERVICE', secretAccessKey: 'service-secret' })
    const raw = Object.entries(headers).flat()
    const path = url.slice(endpoint.length)
    assert.equal((await verifySigV4({ method: 'PUT', url: path, rawHeaders: raw, body: Buffer.from('hello') }, SECRETS)).ok, true)
    assert.equal((await verifySigV4({ method: 'PUT', url: path, rawHeaders: raw, body: Buffer.from('hellO') }, SECRETS)).ok, false)
  })
})
