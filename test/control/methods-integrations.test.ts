import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  CreateAuthorizerCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  DeleteIntegrationCommand,
  DeleteIntegrationResponseCommand,
  DeleteMethodCommand,
  DeleteMethodResponseCommand,
  GetIntegrationCommand,
  GetIntegrationResponseCommand,
  GetMethodCommand,
  GetMethodResponseCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  UpdateIntegrationCommand,
  UpdateIntegrationResponseCommand,
  UpdateMethodCommand,
  UpdateMethodResponseCommand,
} from '@aws-sdk/client-api-gateway'
import { sdkError, useHarness } from './harness.ts'

let apiId: string
let rootId: string
const h = useHarness({}, {
  setup: async () => {
    const api = await h.client.send(new CreateRestApiCommand({ name: 'methods' }))
    apiId = api.id!
    rootId = api.rootResourceId!
  },
})

let counter = 0
async function newResource(): Promise<string> {
  return (await h.client.send(new CreateResourceCommand({ restApiId: apiId, parentId: rootId, pathPart: `r${counter++}` }))).id!
}

describe('PutMethod / GetMethod / UpdateMethod / DeleteMethod', () => {
  it('puts a method (201) and reads it back with its integration and responses embedded', async () => {
    const resourceId = await newResource()
    const put = await h.client.send(
      new PutMethodCommand({
        restApiId: apiId,
        resourceId,
        httpMethod: 'POST',
        authorizationType: 'NONE',
        apiKeyRequired: true,
        operationName: 'createPet',
        requestParameters: { 'method.request.header.x-trace': false, 'method.request.querystring.q': true },
        requestModels: { 'application/json': 'Empty' },
      }),
    )
    assert.equal(put.$metadata.httpStatusCode, 201)
    assert.equal(put.httpMethod, 'POST')
    assert.equal(put.authorizationType, 'NONE')
    assert.equal(put.apiKeyRequired, true)
    assert.equal(put.operationName, 'createPet')
    assert.deepEqual(put.requestParameters, { 'method.request.header.x-trace': false, 'method.request.querystring.q': true })
    assert.deepEqual(put.requestModels, { 'application/json': 'Empty' })

    await h.client.send(new PutMethodResponseCommand({ restApiId: apiId, resourceId, httpMethod: 'POST', statusCode: '200', responseModels: { 'application/json': 'Empty' } }))
    await h.client.send(new PutIntegrationCommand({ restApiId: apiId, resourceId, httpMethod: 'POST', type: 'MOCK' }))
    await h.client.send(new PutIntegrationResponseCommand({ restApiId: apiId, resourceId, httpMethod: 'POST', statusCode: '200', responseTemplates: { 'application/json': '{}' } }))
    const got = await h.client.send(new GetMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'POST' }))
    assert.equal(got.$metadata.httpStatusCode, 200)
    assert.deepEqual(got.methodResponses, { '200': { statusCode: '200', responseModels: { 'application/json': 'Empty' } } })
    assert.equal(got.methodIntegration?.type, 'MOCK')
    assert.deepEqual(got.methodIntegration?.integrationResponses, { '200': { statusCode: '200', responseTemplates: { 'application/json': '{}' } } })
  })

  it("answers AWS's errors", async () => {
    const resourceId = await newResource()
    let e = await sdkError(() => h.client.send(new PutMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'FETCH', authorizationType: 'NONE' })))
    assert.equal(e.name, 'BadRequestException')
    assert.equal(e.message, 'Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY')
    e = await sdkError(() => h.client.send(new PutMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', authorizationType: 'CUSTOM' })))
    assert.equal(e.message, 'Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.')
    e = await sdkError(() => h.client.send(new PutMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', authorizationType: 'NONE', requestValidatorId: 'nope' })))
    assert.equal(e.message, 'Invalid Request Validator identifier specified')
    e = await sdkError(() => h.client.send(new PutMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', authorizationType: 'NONE', requestModels: { 'application/json': 'Nope' } })))
    assert.equal(e.message, 'Invalid model identifier specified: Nope')
    e = await sdkError(() =>
      h.client.send(
        new PutMethodCommand({
          restApiId: apiId,
          resourceId,
          httpMethod: 'GET',
          authorizationType: 'NONE',
          requestParameters: { 'method.request.header.id': true, 'method.request.querystring.id': true },
        }),
      ),
    )
    assert.equal(e.message, 'Parameter names must be unique across querystring, header and path')
    e = await sdkError(() => h.client.send(new PutMethodCommand({ restApiId: apiId, resourceId: 'nosuchres1', httpMethod: 'GET', authorizationType: 'NONE' })))
    assert.equal(e.name, 'NotFoundException')
    assert.equal(e.message, 'Invalid Resource identifier specified')
    await h.client.send(new PutMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', authorizationType: 'NONE' }))
    e = await sdkError(() => h.client.send(new PutMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', authorizationType: 'NONE' })))
    assert.equal(e.name, 'ConflictException')
    assert.equal(e.message, 'Method already exists for this resource')
    e = await sdkError(() => h.client.send(new GetMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'PUT' })))
    assert.equal(e.name, 'NotFoundException')
    assert.equal(e.message, 'Invalid Method identifier specified')
  })

  it('accepts CUSTOM with a real authorizer', async () => {
    const resourceId = await newResource()
    const authorizer = await h.client.send(
      new CreateAuthorizerCommand({
        restApiId: apiId,
        name: 'tok',
        type: 'TOKEN',
        identitySource: 'method.request.header.Authorization',
        authorizerUri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations',
      }),
    )
    const m = await h.client.send(new PutMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', authorizationType: 'CUSTOM', authorizerId: authorizer.id }))
    assert.equal(m.authorizerId, authorizer.id)
  })

  it('patches a method: request parameters, models, flags, validator; rejects bad paths', async () => {
    const resourceId = await newResource()
    await h.client.send(new PutMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', authorizationType: 'NONE' }))
    const out = await h.client.send(
      new UpdateMethodCommand({
        restApiId: apiId,
        resourceId,
        httpMethod: 'GET',
        patchOperations: [
          { op: 'add', path: '/requestParameters/method.request.querystring.page', value: 'true' },
          { op: 'add', path: '/requestModels/application~1json', value: 'Error' },
          { op: 'replace', path: '/apiKeyRequired', value: 'true' },
          { op: 'replace', path: '/authorizationType', value: 'AWS_IAM' },
          { op: 'replace', path: '/operationName', value: 'listThings' },
        ],
      }),
    )
    assert.equal(out.$metadata.httpStatusCode, 200)
    assert.deepEqual(out.requestParameters, { 'method.request.querystring.page': true })
    assert.deepEqual(out.requestModels, { 'application/json': 'Error' })
    assert.equal(out.apiKeyRequired, true)
    assert.equal(out.authorizationType, 'AWS_IAM')
    assert.equal(out.operationName, 'listThings')
    const removed = await h.client.send(
      new UpdateMethodCommand({
        restApiId: apiId,
        resourceId,
        httpMethod: 'GET',
        patchOperations: [{ op: 'remove', path: '/requestParameters/method.request.querystring.page' }, { op: 'remove', path: '/requestModels/application~1json' }],
      }),
    )
    assert.equal(removed.requestParameters, undefined)
    assert.equal(removed.requestModels, undefined)
    let e = await sdkError(() => h.client.send(new UpdateMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', patchOperations: [{ op: 'replace', path: '/httpMethod', value: 'PUT' }] })))
    assert.equal(e.name, 'BadRequestException')
    assert.match(e.message, /^Invalid patch path {2}'\/httpMethod' specified for op 'replace'\. Must be one of: \[/)
    e = await sdkError(() => h.client.send(new UpdateMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', patchOperations: [{ op: 'replace', path: '/authorizationType', value: 'CUSTOM' }] })))
    assert.match(e.message, /^Invalid authorizer ID specified/)
    e = await sdkError(() => h.client.send(new UpdateMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', patchOperations: [{ op: 'replace', path: '/apiKeyRequired', value: 'maybe' }] })))
    assert.equal(e.name, 'BadRequestException')
  })

  it('deletes a method (204)', async () => {
    const resourceId = await newResource()
    await h.client.send(new PutMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'DELETE', authorizationType: 'NONE' }))
    const out = await h.client.send(new DeleteMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'DELETE' }))
    assert.equal(out.$metadata.httpStatusCode, 204)
    const e = await sdkError(() => h.client.send(new DeleteMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'DELETE' })))
    assert.equal(e.message, 'Invalid Method identifier specified')
  })
})

describe('method responses', () => {
  it('put 201, get 200, update 201, delete 204', async () => {
    const resourceId = await newResource()
    await h.client.send(new PutMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', authorizationType: 'NONE' }))
    const put = await h.client.send(
      new PutMethodResponseCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', statusCode: '200', responseParameters: { 'method.response.header.X-Id': true } }),
    )
    assert.equal(put.$metadata.httpStatusCode, 201)
    assert.deepEqual({ statusCode: put.statusCode, responseParameters: put.responseParameters }, { statusCode: '200', responseParameters: { 'method.response.header.X-Id': true } })
    const got = await h.client.send(new GetMethodResponseCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', statusCode: '200' }))
    assert.equal(got.$metadata.httpStatusCode, 200)
    const updated = await h.client.send(
      new UpdateMethodResponseCommand({
        restApiId: apiId,
        resourceId,
        httpMethod: 'GET',
        statusCode: '200',
        patchOperations: [
          { op: 'add', path: '/responseModels/application~1json', value: 'Empty' },
          { op: 'replace', path: '/responseParameters/method.response.header.X-Id', value: 'false' },
        ],
      }),
    )
    assert.equal(updated.$metadata.httpStatusCode, 201)
    assert.deepEqual(updated.responseModels, { 'application/json': 'Empty' })
    assert.deepEqual(updated.responseParameters, { 'method.response.header.X-Id': false })
    const del = await h.client.send(new DeleteMethodResponseCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', statusCode: '200' }))
    assert.equal(del.$metadata.httpStatusCode, 204)
    const e = await sdkError(() => h.client.send(new GetMethodResponseCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', statusCode: '200' })))
    assert.equal(e.name, 'NotFoundException')
    assert.equal(e.message, 'Invalid Response status code specified')
  })
})

describe('integrations', () => {
  it("puts with AWS's defaults and reads back", async () => {
    const resourceId = await newResource()
    await h.client.send(new PutMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', authorizationType: 'NONE' }))
    const put = await h.client.send(
      new PutIntegrationCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', type: 'HTTP', integrationHttpMethod: 'GET', uri: 'http://${stageVariables.host}/pets' }),
    )
    assert.equal(put.$metadata.httpStatusCode, 201)
    assert.equal(put.type, 'HTTP')
    assert.equal(put.httpMethod, 'GET')
    assert.equal(put.uri, 'http://${stageVariables.host}/pets')
    assert.equal(put.connectionType, 'INTERNET')
    assert.equal(put.passthroughBehavior, 'WHEN_NO_MATCH')
    assert.equal(put.timeoutInMillis, 29000)
    assert.equal(put.cacheNamespace, resourceId)
    assert.deepEqual(put.cacheKeyParameters, [])
    const got = await h.client.send(new GetIntegrationCommand({ restApiId: apiId, resourceId, httpMethod: 'GET' }))
    assert.equal(got.$metadata.httpStatusCode, 200)
    assert.equal(got.uri, put.uri)
  })

  it("validates with AWS's texts", async () => {
    const resourceId = await newResource()
    await h.client.send(new PutMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', authorizationType: 'NONE' }))
    const put = (input: Record<string, unknown>) => h.client.send(new PutIntegrationCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', ...input } as never))
    let e = await sdkError(() => put({ type: 'HTTPS_PROXY' }))
    assert.equal(e.$metadata.httpStatusCode, 400)
    assert.equal(e.message, "1 validation error detected: Value 'HTTPS_PROXY' at 'putIntegrationInput.type' failed to satisfy constraint: Member must satisfy enum value set: [HTTP, AWS, MOCK, HTTP_PROXY, AWS_PROXY]")
    e = await sdkError(() => put({ type: 'HTTP', uri: 'http://example.com' }))
    assert.equal(e.message, 'Enumeration value for HttpMethod must be non-empty')
    e = await sdkError(() => put({ type: 'HTTP_PROXY', integrationHttpMethod: 'GET', uri: 'not a url' }))
    assert.equal(e.message, 'Invalid HTTP endpoint specified for URI')
    e = await sdkError(() => put({ type: 'HTTP', integrationHttpMethod: 'GET' }))
    assert.equal(e.message, 'Invalid HTTP endpoint specified for URI')
    e = await sdkError(() => put({ type: 'AWS', integrationHttpMethod: 'POST', uri: 'arn:aws:apigateway:us-east-1:sqs:foo' }))
    assert.equal(e.message, 'AWS ARN for integration must contain path or action')
    e = await sdkError(() => put({ type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: 'arn:aws:apigateway:us-east-1:sqs:path/123/q' }))
    assert.equal(e.message, "Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations.")
    e = await sdkError(() => put({ type: 'MOCK', timeoutInMillis: 30000 }))
    assert.equal(e.message, 'Timeout should be between 50 ms and 29000 ms')
    e = await sdkError(() => put({ type: 'MOCK', requestTemplates: { 'application/json': '{\n  #if($x\n}' } }))
    assert.equal(e.name, 'BadRequestException')
    assert.match(e.message, /^Invalid mapping template specified for content type 'application\/json': .* at line \d+, column \d+$/)
    e = await sdkError(() => h.client.send(new PutIntegrationCommand({ restApiId: apiId, resourceId, httpMethod: 'POST', type: 'MOCK' })))
    assert.equal(e.name, 'NotFoundException')
    assert.equal(e.message, 'Invalid Method identifier specified')
    e = await sdkError(() => h.client.send(new GetIntegrationCommand({ restApiId: apiId, resourceId, httpMethod: 'GET' })))
    assert.equal(e.name, 'NotFoundException')
    assert.equal(e.message, 'Invalid Integration identifier specified')
  })

  it('patches an integration and re-validates it', async () => {
    const resourceId = await newResource()
    await h.client.send(new PutMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', authorizationType: 'NONE' }))
    await h.client.send(new PutIntegrationCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', type: 'MOCK' }))
    const out = await h.client.send(
      new UpdateIntegrationCommand({
        restApiId: apiId,
        resourceId,
        httpMethod: 'GET',
        patchOperations: [
          { op: 'add', path: '/requestTemplates/application~1json', value: '{"statusCode": 200}' },
          { op: 'replace', path: '/timeoutInMillis', value: '1000' },
          { op: 'replace', path: '/passthroughBehavior', value: 'NEVER' },
          { op: 'add', path: '/cacheKeyParameters/method.request.querystring.q' },
        ],
      }),
    )
    assert.equal(out.$metadata.httpStatusCode, 200)
    assert.deepEqual(out.requestTemplates, { 'application/json': '{"statusCode": 200}' })
    assert.equal(out.timeoutInMillis, 1000)
    assert.equal(out.passthroughBehavior, 'NEVER')
    assert.deepEqual(out.cacheKeyParameters, ['method.request.querystring.q'])
    let e = await sdkError(() => h.client.send(new UpdateIntegrationCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', patchOperations: [{ op: 'replace', path: '/timeoutInMillis', value: '10' }] })))
    assert.equal(e.message, 'Timeout should be between 50 ms and 29000 ms')
    e = await sdkError(() => h.client.send(new UpdateIntegrationCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', patchOperations: [{ op: 'replace', path: '/type', value: 'HTTP' }] })))
    assert.equal(e.message, 'Enumeration value for HttpMethod must be non-empty')
    e = await sdkError(() => h.client.send(new UpdateIntegrationCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', patchOperations: [{ op: 'replace', path: '/nope', value: 'x' }] })))
    assert.match(e.message, /^Invalid patch path {2}'\/nope' specified for op 'replace'/)
    assert.equal((await h.client.send(new GetIntegrationCommand({ restApiId: apiId, resourceId, httpMethod: 'GET' }))).timeoutInMillis, 1000)
  })

  it('integration responses: need the method response; put 201, get 200, update 200, delete 204; then delete the integration (204)', async () => {
    const resourceId = await newResource()
    await h.client.send(new PutMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', authorizationType: 'NONE' }))
    await h.client.send(new PutIntegrationCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', type: 'MOCK' }))
    let e = await sdkError(() => h.client.send(new PutIntegrationResponseCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', statusCode: '404' })))
    assert.equal(e.name, 'NotFoundException')
    assert.equal(e.message, 'Invalid Response status code specified')
    await h.client.send(new PutMethodResponseCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', statusCode: '404', responseParameters: { 'method.response.header.X-Err': false } }))
    const put = await h.client.send(
      new PutIntegrationResponseCommand({
        restApiId: apiId,
        resourceId,
        httpMethod: 'GET',
        statusCode: '404',
        selectionPattern: '4\\d{2}',
        responseParameters: { 'method.response.header.X-Err': "'missing'" },
        responseTemplates: { 'application/json': '{"message": "$input.path(\'$.m\')"}' },
      }),
    )
    assert.equal(put.$metadata.httpStatusCode, 201)
    assert.equal(put.selectionPattern, '4\\d{2}')
    const got = await h.client.send(new GetIntegrationResponseCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', statusCode: '404' }))
    assert.deepEqual(got.responseParameters, { 'method.response.header.X-Err': "'missing'" })
    const updated = await h.client.send(
      new UpdateIntegrationResponseCommand({
        restApiId: apiId,
        resourceId,
        httpMethod: 'GET',
        statusCode: '404',
        patchOperations: [
          { op: 'replace', path: '/selectionPattern', value: '404' },
          { op: 'remove', path: '/responseTemplates/application~1json' },
        ],
      }),
    )
    assert.equal(updated.$metadata.httpStatusCode, 200)
    assert.equal(updated.selectionPattern, '404')
    assert.equal(updated.responseTemplates, undefined)
    e = await sdkError(() =>
      h.client.send(
        new UpdateIntegrationResponseCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', statusCode: '404', patchOperations: [{ op: 'add', path: '/responseTemplates/text~1plain', value: '#foreach(' }] }),
      ),
    )
    assert.match(e.message, /^Invalid mapping template specified for content type 'text\/plain'/)
    const del = await h.client.send(new DeleteIntegrationResponseCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', statusCode: '404' }))
    assert.equal(del.$metadata.httpStatusCode, 204)
    const delIntegration = await h.client.send(new DeleteIntegrationCommand({ restApiId: apiId, resourceId, httpMethod: 'GET' }))
    assert.equal(delIntegration.$metadata.httpStatusCode, 204)
    e = await sdkError(() => h.client.send(new DeleteIntegrationCommand({ restApiId: apiId, resourceId, httpMethod: 'GET' })))
    assert.equal(e.message, 'Invalid Integration identifier specified')
  })
})
