import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { compilePlan } from '../../src/compile/compile.ts'
import type { Stage } from '../../src/model/index.ts'
import { createObserver } from '../../src/observe/observer.ts'
import { apiDefinition, noUpstream, send, stage, start } from '../data/fixtures.ts'
import diagnostics from 'node:diagnostics_channel'
import { parseDestinationArn } from '../../src/observe/log-destinations.ts'
import { compileAccessLogFormat, DIRECT_VARIABLES, type FinishedRequest } from '../../src/observe/access-log-format.ts'
import { buildTemplateContext, formatRequestTime, readContextVariable } from '../../src/vtl/aws/context.ts'
import { scriptedIntegration, startObserved } from './observe-fixtures.ts'

// AWS's example formats for REST APIs, verbatim ("Access logging for REST APIs", set-up-access-logging)
const CLF =
  '$context.identity.sourceIp $context.identity.caller $context.identity.user [$context.requestTime]"$context.httpMethod $context.resourcePath $context.protocol" $context.status $context.responseLength $context.requestId $context.extendedRequestId'
const JSON_FORMAT =
  '{ "requestId":"$context.requestId", "extendedRequestId":"$context.extendedRequestId","ip": "$context.identity.sourceIp", "caller":"$context.identity.caller", "user":"$context.identity.user", "requestTime":"$context.requestTime", "httpMethod":"$context.httpMethod", "resourcePath":"$context.resourcePath", "status":"$context.status", "protocol":"$context.protocol", "responseLength":"$context.responseLength" }'
const XML =
  '<request id="$context.requestId"> <extendedRequestId>$context.extendedRequestId</extendedRequestId> <ip>$context.identity.sourceIp</ip> <caller>$context.identity.caller</caller> <user>$context.identity.user</user> <requestTime>$context.requestTime</requestTime> <httpMethod>$context.httpMethod</httpMethod> <resourcePath>$context.resourcePath</resourcePath> <status>$context.status</status> <protocol>$context.protocol</protocol> <responseLength>$context.responseLength</responseLength> </request>'
const CSV =
  '$context.identity.sourceIp,$context.identity.caller,$context.identity.user,$context.requestTime,$context.httpMethod,$context.resourcePath,$context.protocol,$context.status,$context.responseLength,$context.requestId,$context.extendedRequestId'

/** Every variable of AWS's "Variables for access logging" table for REST APIs. */
const ALL_VARIABLES = (
  'accountId apiId authorize.error authorize.latency authorize.status authorizer.claims.sub authorizer.error ' +
  'authorizer.integrationLatency authorizer.integrationStatus authorizer.latency authorizer.principalId authorizer.requestId ' +
  'authorizer.status authorizer.someKey authenticate.error authenticate.latency authenticate.status awsEndpointRequestId ' +
  'customDomain.basePathMatched deploymentId domainName domainPrefix error.message error.messageString error.responseType ' +
  'error.validationErrorString extendedRequestId httpMethod identity.accountId identity.apiKey identity.apiKeyId identity.caller ' +
  'identity.cognitoAuthenticationProvider identity.cognitoAuthenticationType identity.cognitoIdentityId identity.cognitoIdentityPoolId ' +
  'identity.principalOrgId identity.clientCert.clientCertPem identity.clientCert.subjectDN identity.clientCert.issuerDN ' +
  'identity.clientCert.serialNumber identity.clientCert.validity.notBefore identity.clientCert.validity.notAfter identity.sourceIp ' +
  'identity.user identity.userAgent identity.userArn integration.error integration.integrationStatus integration.latency ' +
  'integration.requestId integration.status integrationErrorMessage integrationLatency integrationStatus path protocol requestId ' +
  'requestTime requestTimeEpoch resourceId resourcePath responseLatency responseLength stage status waf.error waf.latency ' +
  'waf.status wafResponseCode webaclArn xrayTraceId'
).split(' ')

const REQUEST_ID = '11111111-2222-4333-8444-555555555555'

async function logged(format: string, path = '/pets/7', headers: Record<string, string> = {}): Promise<{ line: string; reply: Awaited<ReturnType<typeof send>> }> {
  const o = await startObserved(apiDefinition({ '/pets/{id}': ['GET'] }), {
    accessLogSettings: { format, destinationArn: 'arn:portico:stdout' },
    tracingEnabled: true,
  })
  try {
    const reply = await send(o.running.address.port, { path: `/_aws/execute-api/a1b2c3d4e5/prod${path}`, headers: { 'x-amzn-RequestId': REQUEST_ID, 'User-Agent': 'curl/8', ...headers } })
    await o.observer.flush()
    const lines = o.stdout.text().split('\n').filter((l) => l !== '')
    assert.equal(lines.length, 1)
    return { line: lines[0]!, reply }
  } finally {
    await o.close()
  }
}

describe('access logs', () => {
  it("renders AWS's CLF example", async () => {
    const { line, reply } = await logged(CLF)
    const ext = reply.headers['x-amz-apigw-id']
    assert.match(line, new RegExp(`^127\\.0\\.0\\.1 - - \\[\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000\\]"GET /pets/\\{id\\} HTTP/1\\.1" 200 14 ${REQUEST_ID} ${ext}$`))
  })

  it("renders AWS's JSON example as parseable JSON", async () => {
    const { line, reply } = await logged(JSON_FORMAT)
    const entry = JSON.parse(line)
    assert.deepEqual({ ...entry, requestTime: 'x' }, {
      requestId: REQUEST_ID,
      extendedRequestId: reply.headers['x-amz-apigw-id'],
      ip: '127.0.0.1',
      caller: '-',
      user: '-',
      requestTime: 'x',
      httpMethod: 'GET',
      resourcePath: '/pets/{id}',
      status: '200',
      protocol: 'HTTP/1.1',
      responseLength: '14',
    })
  })

  it("renders AWS's XML and CSV examples", async () => {
    const xml = (await logged(XML, '/pets/7', { 'x-status': '404' })).line
    assert.match(xml, new RegExp(`^<request id="${REQUEST_ID}"> <extendedRequestId>[^<]+</extendedRequestId> <ip>127\\.0\\.0\\.1</ip> <caller>-</caller> <user>-</user> <requestTime>[^<]+</requestTime> <httpMethod>GET</httpMethod> <resourcePath>/pets/\\{id\\}</resourcePath> <status>404</status> <protocol>HTTP/1\\.1</protocol> <responseLength>14</responseLength> </request>$`))
    const csv = (await logged(CSV)).line.split(',')
    assert.equal(csv.length, 11)
    assert.deepEqual([csv[0], csv[1], csv[2], csv[4], csv[5], csv[6], csv[7], csv[8], csv[9]], ['127.0.0.1', '-', '-', 'GET', '/pets/{id}', 'HTTP/1.1', '200', '14', REQUEST_ID])
  })

  it('substitutes every access-log variable AWS documents; absent values print "-"', async () => {
    const format = ALL_VARIABLES.map((name) => `${name}=$context.${name}`).join('|')
    const { line, reply } = await logged(format, '/pets/7', { 'x-integration-ms': '12' })
    assert.doesNotMatch(line, /\$context/)
    const values = Object.fromEntries(line.split('|').map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]))
    assert.deepEqual(Object.keys(values), ALL_VARIABLES)
    const expected: Record<string, string | RegExp> = {
      accountId: '123456789012',
      apiId: 'a1b2c3d4e5',
      deploymentId: 'dep1',
      domainName: '127.0.0.1',
      extendedRequestId: String(reply.headers['x-amz-apigw-id']),
      httpMethod: 'GET',
      'identity.sourceIp': '127.0.0.1',
      'identity.userAgent': 'curl/8',
      integrationLatency: '12',
      'integration.latency': '12',
      integrationStatus: '200',
      'integration.status': '200',
      'integration.integrationStatus': '200',
      path: '/prod/pets/7',
      protocol: 'HTTP/1.1',
      requestId: REQUEST_ID,
      requestTime: /^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/,
      requestTimeEpoch: /^\d{13}$/,
      resourcePath: '/pets/{id}',
      responseLatency: /^\d+$/,
      responseLength: '14',
      stage: 'prod',
      status: '200',
      xrayTraceId: /^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=1$/,
    }
    for (const name of ALL_VARIABLES) {
      const want = expected[name] ?? (name === 'resourceId' || name === 'domainPrefix' ? /./ : '-')
      if (want instanceof RegExp) assert.match(values[name]!, want, name)
      else assert.equal(values[name], want, name)
    }
  })

  it("reads the common variables off the request exactly as the template $context has them", async () => {
    const o = await startObserved(apiDefinition({ '/pets/{id}': ['GET'] }))
    const seen: FinishedRequest[] = []
    const capture = (m: unknown) => seen.push(m as FinishedRequest)
    diagnostics.subscribe('portico:request:end', capture)
    try {
      await send(o.running.address.port, { path: '/_aws/execute-api/a1b2c3d4e5/prod/pets/%7E1' })
      await send(o.running.address.port, { path: '/_aws/execute-api/a1b2c3d4e5/prod/missing' })
    } finally {
      diagnostics.unsubscribe('portico:request:end', capture)
      await o.close()
    }
    const templates = { build: (ctx: FinishedRequest['ctx']) => buildTemplateContext(ctx), read: readContextVariable, requestTime: formatRequestTime }
    assert.equal(seen.length, 2)
    for (const request of seen) {
      const template = buildTemplateContext(request.ctx)
      for (const name of DIRECT_VARIABLES) {
        const fromTemplate = readContextVariable(template, name)
        assert.equal(compileAccessLogFormat(`$context.${name}`, templates)(request), fromTemplate === null || fromTemplate === undefined ? '-' : String(fromTemplate), name)
      }
    }
  })

  it('logs a client request id that is not a UUID as {uuid}_REPLACED_INVALID_REQUEST_ID, once per request', async () => {
    const { line, reply } = await logged('$context.requestId $context.requestId', '/pets/7', { 'x-amzn-RequestId': 'my-own-id' })
    // the response keeps the client's id; only the log replaces it
    assert.equal(reply.headers['x-amzn-requestid'], 'my-own-id')
    const [first, second] = line.split(' ')
    assert.match(first!, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}_REPLACED_INVALID_REQUEST_ID$/)
    assert.equal(second, first)
    const { line: uuidLine } = await logged('$context.requestId')
    assert.equal(uuidLine, REQUEST_ID)
  })

  it('fills error variables from the gateway response', async () => {
    const { line } = await logged('$context.status $context.error.responseType $context.error.messageString', '/nowhere')
    assert.equal(line, '403 MISSING_AUTHENTICATION_TOKEN "Missing Authentication Token"')
  })

  it('writes a CloudWatch log group ARN to <data-dir>/logs/{name}.log', async () => {
    const o = await startObserved(apiDefinition({ '/pets/{id}': ['GET'] }), {
      accessLogSettings: { format: '$context.requestId $context.status', destinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/apigateway/pets-access' },
    })
    try {
      for (let i = 0; i < 3; i++) await send(o.running.address.port, { path: '/_aws/execute-api/a1b2c3d4e5/prod/pets/1' })
      await o.observer.flush()
      const lines = readFileSync(join(o.dir, 'logs', 'aws', 'apigateway', 'pets-access.log'), 'utf8').trim().split('\n')
      assert.equal(lines.length, 3)
      for (const line of lines) assert.match(line, /^[0-9a-f-]{36} 200$/)
    } finally {
      await o.close()
    }
  })

  it("maps destination ARNs to Portico's destinations and refuses the others", () => {
    assert.deepEqual(parseDestinationArn('arn:portico:stdout', '/d/logs'), { kind: 'stream', name: 'stdout' })
    assert.deepEqual(parseDestinationArn('arn:portico:http://127.0.0.1:9999/logs', '/d/logs'), { kind: 'http', url: 'http://127.0.0.1:9999/logs' })
    assert.deepEqual(parseDestinationArn('arn:aws:logs:eu-west-1:123456789012:log-group:api-access:*', '/d/logs'), { kind: 'file', path: '/d/logs/api-access.log' })
    assert.deepEqual(parseDestinationArn('arn:aws:firehose:us-east-1:123456789012:deliverystream/amazon-apigateway-x', '/d/logs'), {
      kind: 'file',
      path: '/d/logs/firehose/amazon-apigateway-x.log',
    })
    assert.match(parseDestinationArn('arn:aws:logs:us-east-1:123456789012:log-group:../../etc/passwd', '/d/logs') as string, /invalid log name/)
    assert.match(parseDestinationArn('arn:aws:s3:::bucket', '/d/logs') as string, /unsupported destination/)
  })
})

describe('canary releases', () => {
  it("write a canary's access and execution logs apart, under /Canary", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-canary-'))
    const observer = createObserver({ dataDir: dir, templates: { build: buildTemplateContext, read: readContextVariable, requestTime: formatRequestTime } })
    const api = apiDefinition({ '/pets': ['GET'] })
    const settings: Partial<Stage> = {
      accessLogSettings: { format: '$context.requestId canary', destinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:pets' },
      methodSettings: { '*/*': { loggingLevel: 'INFO' } as never },
    }
    const canary = compilePlan({ snapshot: api, deploymentId: 'dep2', stage: { ...stage('prod'), ...settings }, upstream: noUpstream, integrations: scriptedIntegration, observe: observer.compile, isCanaryRequest: true })
    const running = await start([canary])
    try {
      await send(running.address.port, { path: '/_aws/execute-api/a1b2c3d4e5/prod/pets' })
      await observer.flush()
      assert.match(readFileSync(join(dir, 'logs', 'pets', 'Canary.log'), 'utf8'), /^[0-9a-f-]{36} canary\n$/)
      assert.match(readFileSync(join(dir, 'logs', 'API-Gateway-Execution-Logs_a1b2c3d4e5', 'prod', 'Canary.log'), 'utf8'), /Method completed with status: 200/)
      assert.equal(existsSync(join(dir, 'logs', 'pets.log')), false)
    } finally {
      await running.close()
      await observer.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
