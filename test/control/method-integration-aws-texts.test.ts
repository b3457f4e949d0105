/**
 * PutMethod and PutIntegration answered as AWS recorded them (LocalStack's snapshots, recorded
 * against AWS: tests/aws/services/apigateway/test_apigateway_integrations.snapshot.json —
 * test_put_integration_validation, test_put_integration_responses (`put-method-put`);
 * test_apigateway_lambda.snapshot.json — test_put_integration_aws_proxy_uri):
 * - `authorizationType` in any case (`none`) is accepted and answered in upper case;
 * - the three texts for an AWS integration's URI: no ARN at all, an ARN of another kind (a
 *   Lambda function's own ARN, an IAM role: "must contain path or action"), and AWS_PROXY
 *   reaching something other than a Lambda function's invocations path;
 * - a boolean or a number where the model has a string: AWS's Coral texts (test_apigateway_api
 *   snapshot: test_put_integration_request_parameter_bool_type,
 *   test_integration_response_invalid_responsetemplate);
 * - PutIntegrationResponse: a null or empty template is answered as null, an empty
 *   selectionPattern is kept (test_put_integration_response_templates).
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { CreateRestApiCommand, GetMethodCommand, PutIntegrationCommand, PutMethodCommand, PutMethodResponseCommand, type PutIntegrationCommandInput } from '@aws-sdk/client-api-gateway'
import { request } from 'undici'
import { sdkError, signedHeaders, useHarness } from './harness.ts'

let restApiId: string
let resourceId: string
const h = useHarness({}, {
  setup: async () => {
    const api = await h.client.send(new CreateRestApiCommand({ name: 'texts' }))
    restApiId = api.id!
    resourceId = api.rootResourceId!
    await h.client.send(new PutMethodCommand({ restApiId, resourceId, httpMethod: 'ANY', authorizationType: 'NONE' }))
  },
})

const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:fn'

describe('PutMethod authorizationType', () => {
  it("takes 'none' and answers NONE", async () => {
    const put = await h.client.send(new PutMethodCommand({ restApiId, resourceId, httpMethod: 'PUT', authorizationType: 'none' }))
    assert.equal(put.authorizationType, 'NONE')
    const got = await h.client.send(new GetMethodCommand({ restApiId, resourceId, httpMethod: 'PUT' }))
    assert.equal(got.authorizationType, 'NONE')
    const iam = await h.client.send(new PutMethodCommand({ restApiId, resourceId, httpMethod: 'PATCH', authorizationType: 'aws_iam' }))
    assert.equal(iam.authorizationType, 'AWS_IAM')
  })

  it('still refuses an unknown type with AWS text', async () => {
    const e = await sdkError(() => h.client.send(new PutMethodCommand({ restApiId, resourceId, httpMethod: 'HEAD', authorizationType: 'nobody' })))
    assert.equal(e.name, 'BadRequestException')
    assert.equal(e.message, 'Invalid authorization type specified. Valid options are NONE,AWS_IAM,CUSTOM,COGNITO_USER_POOLS')
  })
})

describe('PutIntegration URI texts', () => {
  const put = (input: Partial<PutIntegrationCommandInput>) =>
    sdkError(() => h.client.send(new PutIntegrationCommand({ restApiId, resourceId, httpMethod: 'ANY', integrationHttpMethod: 'POST', type: 'AWS_PROXY', ...input })))
  const cases: Array<[string, Partial<PutIntegrationCommandInput>, string]> = [
    ['a Lambda function ARN itself', { uri: LAMBDA }, 'AWS ARN for integration must contain path or action'],
    ['an IAM role ARN (AWS)', { type: 'AWS', uri: 'arn:aws:iam::0000000000:role/service-role/asdf' }, 'AWS ARN for integration must contain path or action'],
    ['no ARN (AWS)', { type: 'AWS', uri: 'non-valid-arn' }, 'Invalid ARN specified in the request'],
    ['a bad prefix', { uri: `bad-arn:lambda:path/2015-03-31/functions/${LAMBDA}/invocations` }, 'Invalid ARN specified in the request'],
    ['neither path nor action', { uri: `arn:aws:apigateway:us-east-1:lambda:test/2015-03-31/functions/${LAMBDA}/invocations` }, 'AWS ARN for integration must contain path or action'],
    [
      'a Firehose path',
      { uri: `arn:aws:apigateway:us-east-1:firehose:path/2015-03-31/functions/${LAMBDA}/invocations` },
      "Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations.",
    ],
    [
      'a Lambda path that is not the invocations path',
      { uri: `arn:aws:apigateway:us-east-1:lambda:path/random/value/${LAMBDA}/invocations` },
      "Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations.",
    ],
    ['S3 through AWS_PROXY', { uri: 'arn:aws:apigateway:us-east-1:s3:path/b/k' }, "Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations."],
  ]
  for (const [name, input, message] of cases) {
    it(name, async () => {
      const e = await put(input)
      assert.equal(e.name, 'BadRequestException')
      assert.equal(e.message, message)
    })
  }

  it('accepts the Lambda invocations path for AWS and AWS_PROXY, and an S3 path for AWS', async () => {
    for (const [type, uri] of [
      ['AWS_PROXY', `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${LAMBDA}/invocations`],
      ['AWS', `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${LAMBDA}/invocations`],
      ['AWS', 'arn:aws:apigateway:us-east-1:s3:path/b/k'],
    ] as const) {
      const out = await h.client.send(new PutIntegrationCommand({ restApiId, resourceId, httpMethod: 'ANY', integrationHttpMethod: 'POST', type, uri }))
      assert.equal(out.uri, uri)
    }
  })
})

describe('a boolean or a number where a string belongs', () => {
  async function put(path: string, body: unknown): Promise<{ status: number; type: unknown; message: unknown }> {
    const url = `${h.portico.url}/restapis/${restApiId}/resources/${resourceId}/methods/ANY${path}`
    const text = JSON.stringify(body)
    const res = await request(url, { method: 'PUT', headers: await signedHeaders(url, 'PUT', text), body: text })
    return { status: res.statusCode, type: res.headers['x-amzn-errortype'], message: ((await res.body.json()) as { message: unknown }).message }
  }

  it('PutIntegration requestParameters with a boolean value', async () => {
    const r = await put('/integration', { type: 'HTTP_PROXY', httpMethod: 'GET', uri: 'http://example.com', requestParameters: { 'integration.request.path.testPath': true } })
    assert.deepEqual(r, { status: 400, type: 'SerializationException', message: 'class java.lang.Boolean can not be converted to an String' })
  })

  it('PutIntegrationResponse responseTemplates with a number value', async () => {
    await h.client.send(new PutIntegrationCommand({ restApiId, resourceId, httpMethod: 'ANY', type: 'MOCK' }))
    await h.client.send(new PutMethodResponseCommand({ restApiId, resourceId, httpMethod: 'ANY', statusCode: '200' }))
    const r = await put('/integration/responses/200', { responseTemplates: { 'application/json': 123 } })
    assert.deepEqual(r, { status: 400, type: 'SerializationException', message: 'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String' })
  })
})

describe('PutIntegrationResponse templates and selectionPattern', () => {
  it('answers a null or empty template as null and keeps an empty selectionPattern', async () => {
    const api = await h.client.send(new CreateRestApiCommand({ name: 'templates' }))
    const at = { restApiId: api.id, resourceId: api.rootResourceId, httpMethod: 'POST' }
    await h.client.send(new PutMethodCommand({ ...at, authorizationType: 'NONE' }))
    await h.client.send(new PutIntegrationCommand({ ...at, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }))
    await h.client.send(new PutMethodResponseCommand({ ...at, statusCode: '200' }))
    const url = `${h.portico.url}/restapis/${api.id}/resources/${api.rootResourceId}/methods/POST/integration/responses/200`
    const put = async (body: unknown) => {
      const text = JSON.stringify(body)
      const res = await request(url, { method: 'PUT', headers: await signedHeaders(url, 'PUT', text), body: text })
      return { status: res.statusCode, body: await res.body.json() }
    }
    const expected = { status: 201, body: { statusCode: '200', selectionPattern: '', responseTemplates: { 'application/json': null } } }
    assert.deepEqual(await put({ selectionPattern: '', responseTemplates: { 'application/json': null } }), expected)
    assert.deepEqual(await put({ selectionPattern: '', responseTemplates: { 'application/json': '' } }), expected)
    assert.deepEqual(await put({ selectionPattern: '' }), { status: 201, body: { statusCode: '200', selectionPattern: '' } })
    assert.deepEqual(await put({}), { status: 201, body: { statusCode: '200' } })
  })
})
