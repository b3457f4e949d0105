/**
 * TestInvokeMethod on methods backed by Lambda: the management API compiles the method with
 * Portico's function runtime, so AWS_PROXY and AWS (non-proxy) integrations run the real local
 * handler of `test/fixtures/e2e/lambda-app/`, with the test request's stage variables.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { GetResourcesCommand, TestInvokeMethodCommand } from '@aws-sdk/client-api-gateway'
import { serveFile } from '../support/serve-file.ts'
import { useHarness, type Harness } from './harness.ts'

const app = join(import.meta.dirname, '..', 'fixtures', 'e2e', 'lambda-app')
const FUNCTION = (qualifier: string) => `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:pets${qualifier}/invocations`

let client: Harness['client']
let apiId: string
const resources = new Map<string, string>()

useHarness({}, {
  configFile: join(app, 'portico.config.json'),
  setup: async (h) => {
    client = h.client
    const apiFile = join(h.dir, 'api.json')
    const petId = { name: 'petId', in: 'path', required: true, schema: { type: 'string' } }
    writeFileSync(
      apiFile,
      JSON.stringify({
        openapi: '3.0.1',
        info: { title: 'LambdaTestInvoke', version: '1' },
        paths: {
          '/pets/{petId}': {
            get: {
              parameters: [petId],
              responses: { '200': { description: 'ok' } },
              'x-amazon-apigateway-integration': { type: 'aws_proxy', httpMethod: 'POST', uri: FUNCTION(':${stageVariables.alias}') },
            },
          },
          '/custom/{petId}': {
            get: {
              parameters: [petId],
              responses: { '200': { description: 'ok' } },
              'x-amazon-apigateway-integration': {
                type: 'aws',
                httpMethod: 'POST',
                uri: FUNCTION(''),
                requestTemplates: { 'application/json': '{"pathParameters": {"petId": "$input.params(\'petId\')"}, "requestContext": {"stage": "$context.stage"}}' },
                responses: { default: { statusCode: '200', responseTemplates: { 'application/json': '{"fromLambda": $input.json(\'$.body\')}' } } },
              },
            },
          },
        },
      }),
    )
    const served = await serveFile(h.portico, apiFile, 'prod')
    apiId = served.apiId
    const listed = await client.send(new GetResourcesCommand({ restApiId: apiId }))
    for (const r of listed.items ?? []) resources.set(r.path!, r.id!)
  },
})

describe('TestInvokeMethod with Lambda integrations', () => {
  it('AWS_PROXY runs the local handler behind the alias the test stage variables name', async () => {
    const res = await client.send(
      new TestInvokeMethodCommand({
        restApiId: apiId,
        resourceId: resources.get('/pets/{petId}'),
        httpMethod: 'GET',
        pathWithQueryString: '/pets/7?color=brown',
        stageVariables: { alias: 'live' },
      }),
    )
    assert.equal(res.status, 200, res.log)
    assert.equal(res.headers?.['x-function'], 'pets')
    assert.deepEqual(res.multiValueHeaders?.['x-multi'], ['a', 'b'])
    assert.deepEqual(JSON.parse(res.body!), {
      id: '7',
      table: 'pets-table-v1',
      version: '1',
      resource: '/pets/{petId}',
      path: '/pets/7',
      query: { color: 'brown' },
      stage: 'test-invoke-stage',
      stageVariables: { alias: 'live' },
    })
    assert.match(res.log!, /Method completed with status: 200/)
  })

  it("passes the handler's status through", async () => {
    const res = await client.send(
      new TestInvokeMethodCommand({ restApiId: apiId, resourceId: resources.get('/pets/{petId}'), httpMethod: 'GET', pathWithQueryString: '/pets/missing', stageVariables: { alias: 'live' } }),
    )
    assert.equal(res.status, 404, res.log)
  })

  it('AWS (non-proxy) builds the event with the request template and maps the result with the response template', async () => {
    const res = await client.send(
      new TestInvokeMethodCommand({ restApiId: apiId, resourceId: resources.get('/custom/{petId}'), httpMethod: 'GET', pathWithQueryString: '/custom/9' }),
    )
    assert.equal(res.status, 200, res.log)
    const body = JSON.parse(res.body!) as { fromLambda: string }
    assert.deepEqual(JSON.parse(body.fromLambda), {
      id: '9',
      table: 'pets-table',
      version: '$LATEST',
      stage: 'test-invoke-stage',
    })
  })
})
