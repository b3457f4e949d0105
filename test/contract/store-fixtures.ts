import { afterEach, beforeEach } from 'node:test'
import type { Store } from '../../src/control/store/store.ts'
import type { RestApiDefinition, Deployment, Resource, Stage } from '../../src/model/index.ts'

/** Definitions, deployments and stages for the Store contract suite, and a fresh store for each case. */

/** A store an implementation's runner opened for one case, and how to remove what it made. */
export interface OpenedStore {
  store: Store
  cleanup(): Promise<void>
}

/**
 * A fresh, empty store for each case of the enclosing `describe`: opened in `beforeEach`, closed
 * and removed in `afterEach`. The Store returned stands for the current case's store.
 */
export function storePerCase(open: () => Promise<OpenedStore>): Store {
  let opened: OpenedStore | undefined
  beforeEach(async () => {
    opened = await open()
  })
  afterEach(async () => {
    const done = opened!
    opened = undefined
    await done.store.close()
    await done.cleanup()
  })
  return new Proxy({} as Store, {
    get(_target, key) {
      if (opened === undefined) throw new Error('the store opens in beforeEach: use it inside a case')
      const value: unknown = Reflect.get(opened.store, key)
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(opened.store) : value
    },
  })
}

const schemas = new Map<number, string>()

/** a JSON schema of at least `chars` characters */
export function largeSchema(chars: number): string {
  let schema = schemas.get(chars)
  if (schema === undefined) {
    const properties: Record<string, unknown> = {}
    for (let i = 0, length = 0; length < chars; i++) {
      const property = { type: 'string', description: `Feld Nr. ${i} — ✓ 日本語 🚀`, maxLength: i }
      properties[`field_${i}`] = property
      length += JSON.stringify(property).length + 12
    }
    schema = JSON.stringify({ $schema: 'http://json-schema.org/draft-04/schema#', type: 'object', properties })
    schemas.set(chars, schema)
  }
  return schema
}

/** The smallest valid definition: a RestApi and its root resource. */
export function minimalDefinition(apiId: string, name = `api ${apiId}`): RestApiDefinition {
  const rootId = `${apiId}root`
  return {
    protocol: 'REST',
    restApi: {
      id: apiId,
      name,
      createdDate: 1_700_000_000,
      apiKeySource: 'HEADER',
      endpointConfiguration: { types: ['EDGE'] },
      disableExecuteApiEndpoint: false,
      rootResourceId: rootId,
    },
    resources: [{ id: rootId, path: '/' }],
    models: [],
    requestValidators: [],
    gatewayResponses: [],
    authorizers: [],
  }
}

/**
 * Every optional field filled, in an order unlike the store's (children before parents), with
 * unicode, templates, null templates, and a large schema.
 */
export function richDefinition(apiId: string): RestApiDefinition {
  const rootId = `${apiId}root`
  const pets: Resource = {
    id: 'pets01',
    parentId: rootId,
    pathPart: 'pets',
    path: '/pets',
    resourceMethods: {
      GET: {
        httpMethod: 'GET',
        authorizationType: 'CUSTOM',
        authorizerId: 'auth01',
        apiKeyRequired: true,
        requestValidatorId: 'val01',
        operationName: 'ListPets',
        requestParameters: { 'method.request.querystring.page': false, 'method.request.header.x-ünï': true },
        requestModels: { 'application/json': 'Pet' },
        methodResponses: {
          '200': {
            statusCode: '200',
            responseParameters: { 'method.response.header.Access-Control-Allow-Origin': true },
            responseModels: { 'application/json': 'Pets' },
          },
        },
        methodIntegration: {
          type: 'HTTP',
          httpMethod: 'GET',
          uri: 'https://example.com/pets?lang=日本語',
          connectionType: 'INTERNET',
          credentials: 'arn:aws:iam::123456789012:role/portico',
          requestParameters: { 'integration.request.querystring.page': 'method.request.querystring.page' },
          requestTemplates: {
            'application/json': '#set($p = $input.params(\'page\'))\n{"page": "$util.escapeJavaScript($p)", "emoji": "🐾"}',
            'text/plain': null,
          },
          passthroughBehavior: 'WHEN_NO_TEMPLATES',
          contentHandling: 'CONVERT_TO_TEXT',
          cacheNamespace: 'pets01',
          cacheKeyParameters: ['method.request.querystring.page'],
          timeoutInMillis: 12_345,
          integrationResponses: {
            '200': {
              statusCode: '200',
              responseParameters: { 'method.response.header.Access-Control-Allow-Origin': "'*'" },
              responseTemplates: { 'application/json': '$input.json(\'$\')', 'application/xml': null },
            },
            '404': { statusCode: '404', selectionPattern: '4\\d{2}', contentHandling: 'CONVERT_TO_BINARY' },
          },
          tlsConfig: { insecureSkipVerification: true },
        },
        authorizationScopes: ['pets/read', 'pets/write'],
      },
      ANY: {
        httpMethod: 'ANY',
        authorizationType: 'NONE',
        apiKeyRequired: false,
        methodIntegration: { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' }, timeoutInMillis: 29_000 },
      },
    },
  }
  const pet: Resource = {
    id: 'pet0001',
    parentId: 'pets01',
    pathPart: '{petId}',
    path: '/pets/{petId}',
    resourceMethods: {
      DELETE: {
        httpMethod: 'DELETE',
        authorizationType: 'AWS_IAM',
        apiKeyRequired: false,
        methodIntegration: {
          type: 'AWS_PROXY',
          httpMethod: 'POST',
          uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:del/invocations',
          connectionType: 'VPC_LINK',
          connectionId: 'vpc0001',
          timeoutInMillis: 50,
        },
      },
    },
  }
  const proxy: Resource = { id: 'proxy01', parentId: 'pets01', pathPart: '{proxy+}', path: '/pets/{proxy+}' }
  const minimal = minimalDefinition(apiId)
  return {
    protocol: 'REST',
    restApi: {
      ...minimal.restApi,
      name: 'Pétstore ✓ 🐶 «rich»',
      description: 'Every optional field — with "quotes", \\backslashes\\, newlines\n and a lone surrogate \ud800',
      version: '2024-01-01',
      warnings: ['warning one', 'Ωarning two'],
      binaryMediaTypes: ['image/png', '*/*'],
      minimumCompressionSize: 1024,
      apiKeySource: 'AUTHORIZER',
      endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: ['vpce-1', 'vpce-2'] },
      policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke' }] }),
      tags: { team: 'platform', 'ключ': 'значение' },
      disableExecuteApiEndpoint: true,
    },
    // children listed before parents, root last: the store must cope with any order
    resources: [pet, proxy, pets, minimal.resources[0]!],
    models: [
      { id: 'model02', name: 'Pets', contentType: 'application/json', schema: largeSchema(256 * 1024) },
      { id: 'model01', name: 'Pet', description: 'One pet 🐕', contentType: 'application/json', schema: '{"type":"object"}' },
      { id: 'model03', name: 'Empty', contentType: 'application/json' },
    ],
    requestValidators: [
      { id: 'val01', name: 'body-and-params', validateRequestBody: true, validateRequestParameters: true },
      { id: 'val00', validateRequestBody: false, validateRequestParameters: true },
    ],
    gatewayResponses: [
      {
        responseType: 'THROTTLED',
        statusCode: '429',
        responseParameters: { 'gatewayresponse.header.Retry-After': "'1'" },
        responseTemplates: { 'application/json': '{"message": $context.error.messageString, "ü": "✓"}' },
        defaultResponse: false,
      },
      { responseType: 'DEFAULT_4XX', defaultResponse: true },
    ],
    authorizers: [
      {
        id: 'auth01',
        name: 'token-authorizer',
        type: 'TOKEN',
        authType: 'custom',
        authorizerUri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/auth/invocations',
        authorizerCredentials: 'arn:aws:iam::123456789012:role/auth',
        identitySource: 'method.request.header.Authorization',
        identityValidationExpression: '^Bearer [-0-9a-zA-Z._]+$',
        authorizerResultTtlInSeconds: 300,
      },
      { id: 'auth02', name: 'cognito', type: 'COGNITO_USER_POOLS', providerARNs: ['arn:aws:cognito-idp:us-east-1:1:userpool/x'] },
    ],
  }
}

/** The order getApi returns resources in: by path, root first. */
export function inStoreOrder(definition: RestApiDefinition): RestApiDefinition {
  const resources = [...definition.resources].sort((a, b) =>
    a.parentId === undefined ? -1 : b.parentId === undefined ? 1 : a.path < b.path ? -1 : a.path > b.path ? 1 : 0,
  )
  return { ...definition, resources }
}

export function deployment(id: string, description?: string): Deployment {
  return {
    id,
    ...(description !== undefined ? { description } : {}),
    createdDate: 1_700_000_100,
    apiSummary: { '/pets': { GET: { authorizationType: 'CUSTOM', apiKeyRequired: true } } },
  }
}

export function stage(stageName: string, deploymentId: string, extra: Partial<Stage> = {}): Stage {
  return {
    stageName,
    deploymentId,
    cacheClusterEnabled: false,
    methodSettings: {},
    tracingEnabled: false,
    createdDate: 1_700_000_200,
    lastUpdatedDate: 1_700_000_200,
    ...extra,
  }
}

/** a stage with every optional field */
export function richStage(stageName: string, deploymentId: string, canaryDeploymentId: string): Stage {
  return stage(stageName, deploymentId, {
    description: 'Bühne ✓',
    clientCertificateId: 'cert01',
    cacheClusterEnabled: true,
    cacheClusterSize: '0.5',
    cacheClusterStatus: 'AVAILABLE',
    methodSettings: {
      '*/*': {
        metricsEnabled: true,
        loggingLevel: 'INFO',
        dataTraceEnabled: false,
        throttlingBurstLimit: 5000,
        throttlingRateLimit: 10000,
        cachingEnabled: true,
        cacheTtlInSeconds: 300,
        cacheDataEncrypted: false,
        requireAuthorizationForCacheControl: true,
        unauthorizedCacheControlHeaderStrategy: 'SUCCEED_WITH_RESPONSE_HEADER',
      },
    },
    variables: { lambdaAlias: 'live', 'ünicode': '日本' },
    documentationVersion: '1.0',
    accessLogSettings: { format: '$context.requestId', destinationArn: 'arn:aws:logs:us-east-1:1:log-group:x' },
    canarySettings: {
      percentTraffic: 12.5,
      deploymentId: canaryDeploymentId,
      stageVariableOverrides: { lambdaAlias: 'canary' },
      useStageCache: false,
    },
    tracingEnabled: true,
    webAclArn: 'arn:aws:wafv2:us-east-1:1:regional/webacl/x',
    tags: { env: 'prod' },
  })
}

/** a rich API with deployment `dep1` and stage `prod` on it */
export async function seedDeployed(store: Store, apiId: string): Promise<RestApiDefinition> {
  const definition = richDefinition(apiId)
  await store.saveApi(definition)
  await store.createDeployment(apiId, deployment('dep1'), definition)
  await store.putStage(apiId, stage('prod', 'dep1'))
  return definition
}
