/**
 * apigatewayv2 ImportApi / ReimportApi / ExportApi through the SDK: AWS's own example document,
 * authorizers, CORS and `$default` from their extensions, basepath, failOnWarnings, errors that
 * write nothing, and an export that imports back to the same API.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  CreateApiCommand,
  CreateAuthorizerCommand,
  CreateIntegrationCommand,
  CreateRouteCommand,
  CreateStageCommand,
  ExportApiCommand,
  GetApisCommand,
  GetAuthorizersCommand,
  GetIntegrationsCommand,
  GetRoutesCommand,
  GetStageCommand,
  ImportApiCommand,
  ReimportApiCommand,
} from '@aws-sdk/client-apigatewayv2'
import { parse as parseYaml } from 'yaml'
import { sdkError } from './harness.ts'
import { LAMBDA_ARN, useV2Harness } from './v2-harness.ts'

const h = useV2Harness()

/** the document of `aws apigatewayv2 import-api`'s example (awscli/examples/apigatewayv2/import-api.rst) */
const AWS_EXAMPLE = `openapi: 3.0.1
info:
    title: My Lambda API
    version: v1.0
paths:
    /hello:
        x-amazon-apigateway-any-method:
            x-amazon-apigateway-integration:
                payloadFormatVersion: 2.0
                type: aws_proxy
                httpMethod: POST
                uri: arn:aws:apigateway:us-west-2:lambda:path/2015-03-31/functions/arn:aws:lambda:us-west-2:123456789012:function:hello/invocations
                connectionType: INTERNET
`

const FULL = {
  openapi: '3.0.1',
  info: { title: 'full', version: '2', description: 'everything' },
  servers: [{ url: 'https://api.example.com/v1/pets' }],
  'x-amazon-apigateway-cors': { allowOrigins: ['https://app.example'], allowMethods: ['GET'], maxAge: 600 },
  'x-amazon-apigateway-importexport-version': '1.0',
  paths: {
    '/items/{id}': {
      get: {
        operationId: 'getItem',
        security: [{ jwt: ['read'] }],
        'x-amazon-apigateway-integration': { $ref: '#/components/x-amazon-apigateway-integrations/backend' },
      },
    },
    '/$default': {
      'x-amazon-apigateway-any-method': {
        'x-amazon-apigateway-integration': { type: 'http_proxy', httpMethod: 'ANY', uri: 'https://backend.example', payloadFormatVersion: '1.0', requestParameters: { 'append:header.x-from': 'portico' } },
      },
    },
  },
  components: {
    securitySchemes: {
      jwt: {
        type: 'oauth2',
        flows: {},
        'x-amazon-apigateway-authorizer': { type: 'jwt', identitySource: '$request.header.Authorization', jwtConfiguration: { issuer: 'https://issuer.example', audience: ['app'] } },
      },
    },
    'x-amazon-apigateway-integrations': {
      backend: { type: 'http_proxy', httpMethod: 'GET', uri: 'https://backend.example/items/{id}', payloadFormatVersion: '1.0', timeoutInMillis: 5000 },
    },
  },
}

async function shape(apiId: string): Promise<unknown> {
  const routes = (await h.v2.send(new GetRoutesCommand({ ApiId: apiId }))).Items!
  const integrations = (await h.v2.send(new GetIntegrationsCommand({ ApiId: apiId }))).Items!
  const authorizers = (await h.v2.send(new GetAuthorizersCommand({ ApiId: apiId }))).Items!
  return routes
    .map((r) => {
      const integration = integrations.find((i) => `integrations/${i.IntegrationId}` === r.Target)
      const authorizer = authorizers.find((a) => a.AuthorizerId === r.AuthorizerId)
      return {
        key: r.RouteKey,
        operationName: r.OperationName,
        auth: [r.AuthorizationType, authorizer?.Name, authorizer?.JwtConfiguration, r.AuthorizationScopes],
        integration: integration && [integration.IntegrationType, integration.IntegrationUri, integration.IntegrationMethod, integration.PayloadFormatVersion, integration.TimeoutInMillis, integration.RequestParameters],
      }
    })
    .sort((a, b) => a.key!.localeCompare(b.key!))
}

describe('ImportApi', () => {
  it('imports AWS\'s own example', async () => {
    const api = await h.v2.send(new ImportApiCommand({ Body: AWS_EXAMPLE }))
    assert.deepEqual([api.Name, api.Version, api.ProtocolType, api.RouteSelectionExpression], ['My Lambda API', 'v1.0', 'HTTP', '$request.method $request.path'])
    assert.deepEqual(await shape(api.ApiId!), [
      {
        key: 'ANY /hello',
        operationName: undefined,
        auth: ['NONE', undefined, undefined, undefined],
        integration: ['AWS_PROXY', 'arn:aws:apigateway:us-west-2:lambda:path/2015-03-31/functions/arn:aws:lambda:us-west-2:123456789012:function:hello/invocations', 'POST', '2.0', 30000, undefined],
      },
    ])
  })

  it('reads authorizers, shared integrations, CORS and the $default route; basepath prepend and split', async () => {
    const api = await h.v2.send(new ImportApiCommand({ Body: JSON.stringify(FULL) }))
    assert.deepEqual(api.CorsConfiguration, { AllowOrigins: ['https://app.example'], AllowMethods: ['GET'], MaxAge: 600 })
    assert.deepEqual(await shape(api.ApiId!), [
      { key: '$default', operationName: undefined, auth: ['NONE', undefined, undefined, undefined], integration: ['HTTP_PROXY', 'https://backend.example', 'ANY', '1.0', 30000, { 'append:header.x-from': 'portico' }] },
      { key: 'GET /items/{id}', operationName: 'getItem', auth: ['JWT', 'jwt', { Issuer: 'https://issuer.example', Audience: ['app'] }, ['read']], integration: ['HTTP_PROXY', 'https://backend.example/items/{id}', 'GET', '1.0', 5000, undefined] },
    ])
    const prepended = await h.v2.send(new ImportApiCommand({ Body: JSON.stringify(FULL), Basepath: 'prepend' }))
    assert.ok(((await shape(prepended.ApiId!)) as Array<{ key: string }>).some((r) => r.key === 'GET /v1/pets/items/{id}'))
    const split = await h.v2.send(new ImportApiCommand({ Body: JSON.stringify(FULL), Basepath: 'split' }))
    assert.ok(((await shape(split.ApiId!)) as Array<{ key: string }>).some((r) => r.key === 'GET /pets/items/{id}'))
    // OpenAPI 3's base path as AWS writes it: a `basePath` server variable whose default starts with `/`
    const variable = { ...FULL, servers: [{ url: 'https://api.example.com/{basePath}', variables: { basePath: { default: '/v1' } } }] }
    const fromVariable = await h.v2.send(new ImportApiCommand({ Body: JSON.stringify(variable), Basepath: 'prepend' }))
    assert.ok(((await shape(fromVariable.ApiId!)) as Array<{ key: string }>).some((r) => r.key === 'GET /v1/items/{id}'))
  })

  it('warns of what HTTP APIs do not have, and refuses the document with failOnWarnings', async () => {
    const doc = { ...FULL, 'x-amazon-apigateway-binary-media-types': ['image/png'] }
    const api = await h.v2.send(new ImportApiCommand({ Body: JSON.stringify(doc) }))
    assert.deepEqual(api.Warnings, ['Unsupported extension x-amazon-apigateway-binary-media-types for HTTP APIs: ignored (at /x-amazon-apigateway-binary-media-types)'])
    assert.equal(api.ImportInfo, undefined)
    const count = (await h.v2.send(new GetApisCommand({}))).Items!.length
    const error = await sdkError(() => h.v2.send(new ImportApiCommand({ Body: JSON.stringify(doc), FailOnWarnings: true })))
    assert.equal(error.name, 'BadRequestException')
    assert.match(error.message, /^Warnings found during import:\n\tUnsupported extension x-amazon-apigateway-binary-media-types/)
    assert.equal((await h.v2.send(new GetApisCommand({}))).Items!.length, count, 'nothing written')
  })

  it('takes a response schema that names nothing as a warning: AWS\'s own failOnWarnings case', async () => {
    // terraform-provider-aws's TestAccAPIGatewayV2API_OpenAPI_failOnWarnings (run against AWS):
    // refused with "BadRequestException: Warnings found during import", imported without
    const doc = {
      openapi: '3.0.1',
      info: { title: 'Title test', version: '2.0', description: 'Description test' },
      paths: {
        '/update': {
          get: {
            'x-amazon-apigateway-integration': { type: 'HTTP_PROXY', httpMethod: 'GET', payloadFormatVersion: '1.0', uri: 'https://www.google.de' },
            responses: { '200': { description: 'Response description', content: { 'application/json': { schema: { $ref: '#/components/schemas/ModelThatDoesNotExist' } } } } },
          },
        },
      },
    }
    const api = await h.v2.send(new CreateApiCommand({ Name: 'tf', ProtocolType: 'HTTP' }))
    const refused = await sdkError(() => h.v2.send(new ReimportApiCommand({ ApiId: api.ApiId, Body: JSON.stringify(doc), FailOnWarnings: true })))
    assert.equal(refused.name, 'BadRequestException')
    assert.match(refused.message, /^Warnings found during import/)
    assert.deepEqual((await h.v2.send(new GetRoutesCommand({ ApiId: api.ApiId }))).Items, [], 'nothing written')
    const imported = await h.v2.send(new ReimportApiCommand({ ApiId: api.ApiId, Body: JSON.stringify(doc), FailOnWarnings: false }))
    assert.deepEqual(imported.Warnings, ['Unresolvable reference #/components/schemas/ModelThatDoesNotExist: ignored (at /paths/~1update/get/responses/200/content/application~1json/schema/$ref)'])
    assert.deepEqual((await h.v2.send(new GetRoutesCommand({ ApiId: api.ApiId }))).Items!.map((r) => r.RouteKey), ['GET /update'])
  })

  it('reads AWS\'s warning and info examples: a non-proxy integration, request validators, API keys, a requestBody', async () => {
    // [DG:http-api-open-api]: an `AWS` integration is a warning (the API is still made), a
    // requestBody schema is info (HTTP APIs do not validate requests)
    const doc = {
      openapi: '3.0.1',
      info: { title: 'unsupported' },
      'x-amazon-apigateway-request-validators': { all: { validateRequestBody: true, validateRequestParameters: true } },
      paths: {
        '/aws': { post: { 'x-amazon-apigateway-integration': { type: 'AWS', httpMethod: 'POST', uri: 'arn:aws:lambda:us-east-2:123456789012:function:HelloWorld', payloadFormatVersion: '1.0' } } },
        '/validated': {
          post: {
            'x-amazon-apigateway-request-validator': 'all',
            security: [{ key: [] }],
            requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Body' } } } },
            'x-amazon-apigateway-integration': { type: 'http_proxy', httpMethod: 'POST', uri: 'https://backend.example', payloadFormatVersion: '1.0' },
          },
        },
      },
      components: { schemas: { Body: { type: 'object' } }, securitySchemes: { key: { type: 'apiKey', name: 'x-api-key', in: 'header' } } },
    }
    const api = await h.v2.send(new ImportApiCommand({ Body: JSON.stringify(doc) }))
    assert.deepEqual([...api.Warnings!].sort(), [
      'Security scheme key is an API key: HTTP APIs have no API keys, routes using it are imported without authorization (at /components/securitySchemes/key)',
      'Security scheme key is not an API Gateway authorizer: the route is imported without authorization (at /paths/~1validated/post/security)',
      'Unsupported extension x-amazon-apigateway-request-validator for HTTP APIs: ignored (at /paths/~1validated/post/x-amazon-apigateway-request-validator)',
      'Unsupported extension x-amazon-apigateway-request-validators for HTTP APIs: ignored (at /x-amazon-apigateway-request-validators)',
      'Unsupported integration type AWS: HTTP APIs have only aws_proxy and http_proxy integrations; the route is imported without an integration (at /paths/~1aws/post/x-amazon-apigateway-integration/type)',
    ])
    assert.deepEqual(api.ImportInfo, ['requestBody is ignored: HTTP APIs do not validate requests (at /paths/~1validated/post/requestBody)'])
    assert.deepEqual((await h.v2.send(new GetApisCommand({}))).Items!.find((a) => a.ApiId === api.ApiId)?.ImportInfo, api.ImportInfo, 'kept with the API')
    assert.deepEqual(await shape(api.ApiId!), [
      { key: 'POST /aws', operationName: undefined, auth: ['NONE', undefined, undefined, undefined], integration: undefined },
      { key: 'POST /validated', operationName: undefined, auth: ['NONE', undefined, undefined, undefined], integration: ['HTTP_PROXY', 'https://backend.example', 'POST', '1.0', 30000, undefined] },
    ])
    // info alone never refuses a document; warnings do, with failOnWarnings
    const infoOnly = { ...doc, 'x-amazon-apigateway-request-validators': undefined, paths: { '/b': { post: { requestBody: doc.paths['/validated'].post.requestBody } } }, components: { schemas: doc.components.schemas } }
    const quiet = await h.v2.send(new ImportApiCommand({ Body: JSON.stringify(infoOnly), FailOnWarnings: true }))
    assert.equal(quiet.Warnings, undefined)
    assert.equal(quiet.ImportInfo!.length, 1)
    const refused = await sdkError(() => h.v2.send(new ReimportApiCommand({ ApiId: quiet.ApiId, Body: JSON.stringify(doc), FailOnWarnings: true })))
    assert.match(refused.message, /^Warnings found during import:\n\t/)
    assert.match(refused.message, /Unsupported integration type AWS/)
  })

  it('refuses what cannot be imported, naming every problem, and writes nothing', async () => {
    const count = (await h.v2.send(new GetApisCommand({}))).Items!.length
    const bad = {
      openapi: '3.0.1',
      info: { title: 'bad' },
      paths: {
        '/bogus': { get: { 'x-amazon-apigateway-integration': { type: 'bogus_type', httpMethod: 'GET', uri: 'https://x.example', payloadFormatVersion: '1.0' } } },
        '/two': { get: { security: [{ a: [] }, { b: [] }], 'x-amazon-apigateway-integration': { type: 'http_proxy', httpMethod: 'GET', uri: 'https://x.example', payloadFormatVersion: '1.0' } } },
        '/ref': { get: { 'x-amazon-apigateway-integration': { $ref: '#/components/x-amazon-apigateway-integrations/missing' } } },
      },
    }
    const error = await sdkError(() => h.v2.send(new ImportApiCommand({ Body: JSON.stringify(bad) })))
    assert.equal(error.name, 'BadRequestException')
    assert.match(error.message, /^Errors found during import:/)
    // [DG:http-api-open-api]: several security requirements on one operation are an error
    assert.match(error.message, /An operation can have only one security requirement/)
    // a type no API has is an error (REST's types are warnings, above)
    assert.match(error.message, /Invalid integration type bogus_type/)
    assert.match(error.message, /does not name one of components\.x-amazon-apigateway-integrations/)
    for (const body of ['{', 'swagger: "2.0"\ninfo: {title: x}\npaths: {}\n']) {
      assert.equal((await sdkError(() => h.v2.send(new ImportApiCommand({ Body: body })))).name, 'BadRequestException')
    }
    // what the operations refuse, an import refuses too
    const reserved = { openapi: '3.0.1', info: { title: 'r' }, paths: { '/a': { get: { 'x-amazon-apigateway-integration': { type: 'http_proxy', httpMethod: 'GET', uri: 'https://x.example', payloadFormatVersion: '1.0', requestParameters: { 'overwrite:header.Authorization': 'x' } } } } } }
    assert.match((await sdkError(() => h.v2.send(new ImportApiCommand({ Body: JSON.stringify(reserved) })))).message, /Operations on header Authorization are restricted/)
    // "payloadFormatVersion … Required for HTTP APIs" (x-amazon-apigateway-integration object): no default
    const unversioned = { openapi: '3.0.1', info: { title: 'v' }, paths: { '/a': { get: { 'x-amazon-apigateway-integration': { type: 'aws_proxy', httpMethod: 'POST', uri: LAMBDA_ARN } } } } }
    assert.match((await sdkError(() => h.v2.send(new ImportApiCommand({ Body: JSON.stringify(unversioned) })))).message, /A payloadFormatVersion is required for HTTP APIs/)
    assert.equal((await h.v2.send(new GetApisCommand({}))).Items!.length, count, 'nothing written')
  })
})

describe('ExportApi and ReimportApi', () => {
  it('an export imports back to the same routes, integrations and authorizers', async () => {
    const api = await h.v2.send(new CreateApiCommand({ Name: 'roundtrip', ProtocolType: 'HTTP', CorsConfiguration: { AllowOrigins: ['*'] } }))
    const apiId = api.ApiId!
    const lambda = await h.v2.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: LAMBDA_ARN, PayloadFormatVersion: '2.0' }))
    const jwt = await h.v2.send(new CreateAuthorizerCommand({ ApiId: apiId, Name: 'jwt', AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'], JwtConfiguration: { Issuer: 'https://issuer.example', Audience: ['a'] } }))
    const lambdaAuth = await h.v2.send(
      new CreateAuthorizerCommand({ ApiId: apiId, Name: 'lambda', AuthorizerType: 'REQUEST', AuthorizerUri: LAMBDA_ARN, AuthorizerPayloadFormatVersion: '2.0', EnableSimpleResponses: true, IdentitySource: ['$request.header.x-token'] }),
    )
    await h.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /pets/{id}', Target: `integrations/${lambda.IntegrationId}`, AuthorizationType: 'JWT', AuthorizerId: jwt.AuthorizerId, AuthorizationScopes: ['read'] }))
    await h.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'ANY /{proxy+}', Target: `integrations/${lambda.IntegrationId}`, AuthorizationType: 'CUSTOM', AuthorizerId: lambdaAuth.AuthorizerId }))
    await h.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: '$default', Target: `integrations/${lambda.IntegrationId}`, AuthorizationType: 'AWS_IAM' }))

    const exported = await h.v2.send(new ExportApiCommand({ ApiId: apiId, Specification: 'OAS30', OutputType: 'JSON' }))
    const text = new TextDecoder().decode(exported.body)
    const doc = JSON.parse(text) as { paths: Record<string, Record<string, { responses: unknown; parameters?: unknown[] }>>; 'x-amazon-apigateway-importexport-version': string }
    assert.equal(doc['x-amazon-apigateway-importexport-version'], '1.0')
    assert.deepEqual(doc.paths['/pets/{id}']!.get!.responses, { default: { description: 'Default response for GET /pets/{id}' } })
    assert.equal(doc.paths['/pets/{id}']!.get!.parameters!.length, 1)
    assert.ok(doc.paths['/$default']!['x-amazon-apigateway-any-method'])

    const copy = await h.v2.send(new ImportApiCommand({ Body: text }))
    assert.deepEqual(await shape(copy.ApiId!), await shape(apiId))
    assert.deepEqual(copy.CorsConfiguration, { AllowOrigins: ['*'] })

    const yamlText = new TextDecoder().decode((await h.v2.send(new ExportApiCommand({ ApiId: apiId, Specification: 'OAS30', OutputType: 'YAML' }))).body)
    assert.deepEqual(parseYaml(yamlText), doc)
    const plain = JSON.parse(new TextDecoder().decode((await h.v2.send(new ExportApiCommand({ ApiId: apiId, Specification: 'OAS30', OutputType: 'JSON', IncludeExtensions: false }))).body)) as unknown
    assert.ok(!JSON.stringify(plain).includes('x-amazon-apigateway'))
  })

  it('exports what a stage serves; ReimportApi replaces the routes, keeps the id and stages, and auto-deploys', async () => {
    const api = await h.v2.send(new ImportApiCommand({ Body: AWS_EXAMPLE }))
    const apiId = api.ApiId!
    await h.v2.send(new CreateStageCommand({ ApiId: apiId, StageName: 'live', AutoDeploy: true }))
    const before = await h.v2.send(new GetStageCommand({ ApiId: apiId, StageName: 'live' }))
    const reimported = await h.v2.send(new ReimportApiCommand({ ApiId: apiId, Body: JSON.stringify(FULL) }))
    assert.equal(reimported.ApiId, apiId)
    assert.equal(reimported.Name, 'full')
    const keys = ((await shape(apiId)) as Array<{ key: string }>).map((r) => r.key)
    assert.deepEqual(keys, ['$default', 'GET /items/{id}'])
    const after = await h.v2.send(new GetStageCommand({ ApiId: apiId, StageName: 'live' }))
    assert.notEqual(after.DeploymentId, before.DeploymentId)
    const served = JSON.parse(new TextDecoder().decode((await h.v2.send(new ExportApiCommand({ ApiId: apiId, Specification: 'OAS30', OutputType: 'JSON', StageName: 'live' }))).body)) as { paths: object; servers: Array<{ url: string }> }
    assert.deepEqual(Object.keys(served.paths).sort(), ['/$default', '/items/{id}'])
    assert.equal(served.servers[0]!.url, `http://${apiId}.execute-api.localhost:${h.portico.address.port}/live`)
    for (const [input, name] of [
      [{ ApiId: apiId, Specification: 'OAS30', OutputType: 'JSON', StageName: 'nope' }, 'NotFoundException'],
      [{ ApiId: apiId, Specification: 'SWAGGER', OutputType: 'JSON' }, 'BadRequestException'],
      [{ ApiId: apiId, Specification: 'OAS30', OutputType: 'XML' }, 'BadRequestException'],
    ] as const) {
      assert.equal((await sdkError(() => h.v2.send(new ExportApiCommand(input as never)))).name, name, JSON.stringify(input))
    }
  })
})
