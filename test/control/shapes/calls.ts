/**
 * One realistic call per supported operation (several for some), in an order that builds what
 * the later ones need: an API with a tree, methods, integrations, models, validators,
 * authorizers, gateway responses, documentation parts and versions, a deployment and stages,
 * SDKs, custom domains and base path mappings, VPC links, API keys, usage plans, client
 * certificates, tags, then the deletions. Create and Put calls send every body member the model
 * defines for them (the shape test checks that), so a member Portico ignores still has to be
 * accepted, and one it refuses on purpose is sent in a call marked `refused`. Values are what an
 * SDK user would send.
 */
import assert from 'node:assert/strict'

/**
 * What the steps learned from earlier answers (ids), and what the test prepared before the first
 * call: `certificate` (a certificate ARN registered as `portico cert import` does),
 * `certificatePem`/`privateKeyPem` (that certificate's pair), `truststoreUri` (a `file:` URI of
 * the CA's PEM, for mutual TLS).
 */
export type Scenario = Record<string, string>

export interface Call {
  /** botocore operation name */
  op: string
  /** uri members by the model's locationName (e.g. `restapi_id`) */
  params?: (s: Scenario) => Record<string, string>
  query?: Record<string, string> | ((s: Scenario) => Record<string, string>)
  /** a JSON body, or raw text for payload operations (imports) */
  body?: (s: Scenario) => Record<string, unknown>
  raw?: string
  /** what to remember from the answer */
  keep?: (s: Scenario, answer: any) => void
  /** the answer is a payload (a document or a zip, `application/octet-stream`), not JSON: its check */
  payload?: (answer: { headers: Record<string, string | string[] | undefined>; text: string }) => void
  /**
   * Portico refuses this call on purpose (coverage.ts PARTIAL says why): it must answer 400
   * BadRequestException with this text in its message
   */
  refused?: string
}

const api = (s: Scenario) => ({ restapi_id: s.api! })
const res = (s: Scenario) => ({ ...api(s), resource_id: s.pets! })
const get = (s: Scenario) => ({ ...res(s), http_method: 'GET' })
const part = (s: Scenario) => ({ ...api(s), part_id: s.part! })
const edge = () => ({ domain_name: 'edge.shapes.example' })
const regional = () => ({ domain_name: 'api.shapes.example' })
const link = (s: Scenario) => ({ vpclink_id: s.vpcLink! })
const replace = (path: string, value: string) => ({ patchOperations: [{ op: 'replace', path, value }] })
const LAMBDA_URI = (fn: string) => `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:${fn}/invocations`
const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }],
})

const OPENAPI = JSON.stringify({
  openapi: '3.0.1',
  info: { title: 'shapes-imported', version: '1.0' },
  paths: {
    '/items': {
      get: {
        responses: { '200': { description: 'ok' } },
        'x-amazon-apigateway-integration': {
          type: 'mock',
          requestTemplates: { 'application/json': '{"statusCode": 200}' },
          responses: { default: { statusCode: '200' } },
        },
      },
    },
  },
})

/** an OpenAPI document that only carries documentation (ImportDocumentationParts) */
const DOCUMENTATION = JSON.stringify({
  openapi: '3.0.1',
  info: { title: 'shapes', version: '1.0' },
  paths: {},
  'x-amazon-apigateway-documentation': {
    version: '1.0',
    documentationParts: [{ location: { type: 'METHOD', path: '/pets', method: 'GET' }, properties: { summary: 'List the pets' } }],
  },
})

/** a GetSdk or GetExport answer: a document or a zip, as `application/octet-stream` */
function octetStream(headers: Record<string, string | string[] | undefined>): void {
  assert.equal(headers['content-type'], 'application/octet-stream')
}

export const CALLS: readonly Call[] = [
  // the API
  {
    op: 'CreateRestApi',
    body: () => ({
      name: 'shapes',
      description: 'every member',
      version: 'v1',
      binaryMediaTypes: ['image/png'],
      minimumCompressionSize: 1024,
      apiKeySource: 'HEADER',
      endpointConfiguration: { types: ['REGIONAL'], ipAddressType: 'dualstack' },
      policy: POLICY,
      tags: { team: 'shapes' },
      disableExecuteApiEndpoint: false,
      securityPolicy: 'TLS_1_2',
      endpointAccessMode: 'BASIC',
    }),
    keep: (s, a) => ((s.api = a.id), (s.root = a.rootResourceId)),
  },
  { op: 'CreateRestApi', body: (s) => ({ name: 'shapes-clone', cloneFrom: s.api }), keep: (s, a) => (s.clone = a.id) },
  { op: 'CreateRestApi', body: () => ({ name: 'shapes-private', endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: ['vpce-0123456789abcdef0'] } }), keep: (s, a) => (s.private = a.id) },
  { op: 'ImportRestApi', query: { failonwarnings: 'false', 'parameters[endpointConfigurationTypes]': 'REGIONAL' }, raw: OPENAPI, keep: (s, a) => (s.imported = a.id) },
  { op: 'GetRestApis', query: { limit: '10' } },
  { op: 'GetRestApi', params: api },
  { op: 'UpdateRestApi', params: api, body: () => replace('/description', 'updated') },
  { op: 'PutRestApi', params: (s) => ({ restapi_id: s.imported! }), query: { mode: 'merge', failonwarnings: 'false' }, raw: OPENAPI },

  // the tree
  { op: 'CreateResource', params: (s) => ({ ...api(s), parent_id: s.root! }), body: () => ({ pathPart: 'pets' }), keep: (s, a) => (s.pets = a.id) },
  { op: 'CreateResource', params: (s) => ({ ...api(s), parent_id: s.pets! }), body: () => ({ pathPart: '{id}' }), keep: (s, a) => (s.pet = a.id) },
  { op: 'GetResources', params: api, query: { embed: 'methods', limit: '50' } },
  { op: 'GetResource', params: res, query: { embed: 'methods' } },
  { op: 'UpdateResource', params: (s) => ({ ...api(s), resource_id: s.pet! }), body: () => replace('/pathPart', '{petId}') },

  // the API's parts
  {
    op: 'CreateModel',
    params: api,
    body: () => ({ name: 'Pet', description: 'a pet', contentType: 'application/json', schema: JSON.stringify({ type: 'object', properties: { name: { type: 'string' } } }) }),
  },
  { op: 'GetModels', params: api, query: { limit: '10' } },
  { op: 'GetModel', params: (s) => ({ ...api(s), model_name: 'Pet' }), query: { flatten: 'true' } },
  { op: 'UpdateModel', params: (s) => ({ ...api(s), model_name: 'Pet' }), body: () => replace('/description', 'a pet, updated') },
  { op: 'GetModelTemplate', params: (s) => ({ ...api(s), model_name: 'Pet' }) },
  { op: 'CreateRequestValidator', params: api, body: () => ({ name: 'all', validateRequestBody: true, validateRequestParameters: true }), keep: (s, a) => (s.validator = a.id) },
  { op: 'GetRequestValidators', params: api },
  { op: 'GetRequestValidator', params: (s) => ({ ...api(s), requestvalidator_id: s.validator! }) },
  { op: 'UpdateRequestValidator', params: (s) => ({ ...api(s), requestvalidator_id: s.validator! }), body: () => replace('/validateRequestBody', 'false') },
  {
    op: 'CreateAuthorizer',
    params: api,
    body: () => ({
      name: 'token',
      type: 'TOKEN',
      authType: 'custom',
      authorizerUri: LAMBDA_URI('tokenAuth'),
      authorizerCredentials: 'arn:aws:iam::123456789012:role/apigAwsProxyRole',
      identitySource: 'method.request.header.Authorization',
      identityValidationExpression: '[a-z]+(-[a-z0-9]+)*',
      authorizerResultTtlInSeconds: 300,
    }),
    keep: (s, a) => (s.authorizer = a.id),
  },
  {
    op: 'CreateAuthorizer',
    params: api,
    body: () => ({ name: 'cognito', type: 'COGNITO_USER_POOLS', providerARNs: ['arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbCdEfGhI'], identitySource: 'method.request.header.Authorization' }),
    keep: (s, a) => (s.cognito = a.id),
  },
  { op: 'GetAuthorizers', params: api },
  { op: 'GetAuthorizer', params: (s) => ({ ...api(s), authorizer_id: s.authorizer! }) },
  { op: 'UpdateAuthorizer', params: (s) => ({ ...api(s), authorizer_id: s.authorizer! }), body: () => replace('/authorizerResultTtlInSeconds', '0') },
  {
    op: 'TestInvokeAuthorizer',
    params: (s) => ({ ...api(s), authorizer_id: s.authorizer! }),
    body: () => ({
      headers: { Authorization: 'allow-shapes' },
      multiValueHeaders: { Authorization: ['allow-shapes'] },
      pathWithQueryString: '/pets?x=1',
      body: '',
      stageVariables: { v: '1' },
      additionalContext: { extra: 'x' },
    }),
  },
  {
    op: 'PutGatewayResponse',
    params: (s) => ({ ...api(s), response_type: 'DEFAULT_4XX' }),
    body: () => ({ statusCode: '418', responseParameters: { 'gatewayresponse.header.x-shape': "'yes'" }, responseTemplates: { 'application/json': '{"message":$context.error.messageString}' } }),
  },
  { op: 'GetGatewayResponse', params: (s) => ({ ...api(s), response_type: 'DEFAULT_4XX' }) },
  { op: 'GetGatewayResponse', params: (s) => ({ ...api(s), response_type: 'MISSING_AUTHENTICATION_TOKEN' }) },
  { op: 'GetGatewayResponses', params: api, query: { limit: '50' } },
  { op: 'UpdateGatewayResponse', params: (s) => ({ ...api(s), response_type: 'DEFAULT_4XX' }), body: () => replace('/statusCode', '400') },

  // methods and integrations
  {
    op: 'PutMethod',
    params: get,
    body: (s) => ({
      authorizationType: 'CUSTOM',
      authorizerId: s.authorizer,
      apiKeyRequired: false,
      operationName: 'ListPets',
      requestParameters: { 'method.request.querystring.type': false, 'method.request.header.x-tenant': true },
      requestModels: { 'application/json': 'Pet' },
      requestValidatorId: s.validator,
      authorizationScopes: [],
    }),
  },
  { op: 'PutMethod', params: (s) => ({ ...res(s), http_method: 'POST' }), body: (s) => ({ authorizationType: 'COGNITO_USER_POOLS', authorizerId: s.cognito, authorizationScopes: ['pets/write'] }) },
  { op: 'GetMethod', params: get },
  { op: 'UpdateMethod', params: get, body: () => replace('/operationName', 'ListAllPets') },
  { op: 'PutMethodResponse', params: (s) => ({ ...get(s), status_code: '200' }), body: () => ({ responseParameters: { 'method.response.header.x-total': false }, responseModels: { 'application/json': 'Empty' } }) },
  { op: 'GetMethodResponse', params: (s) => ({ ...get(s), status_code: '200' }) },
  { op: 'UpdateMethodResponse', params: (s) => ({ ...get(s), status_code: '200' }), body: () => ({ patchOperations: [{ op: 'add', path: '/responseParameters/method.response.header.x-page', value: 'false' }] }) },
  {
    op: 'PutIntegration',
    params: get,
    body: () => ({
      type: 'HTTP',
      // the model's wire name for integrationHttpMethod
      httpMethod: 'GET',
      uri: 'http://127.0.0.1:9/pets',
      connectionType: 'INTERNET',
      credentials: 'arn:aws:iam::123456789012:role/apigAwsProxyRole',
      requestParameters: { 'integration.request.querystring.type': 'method.request.querystring.type' },
      requestTemplates: { 'application/json': '{"type": "$input.params(\'type\')"}' },
      passthroughBehavior: 'WHEN_NO_TEMPLATES',
      cacheNamespace: 'pets',
      cacheKeyParameters: ['method.request.querystring.type'],
      contentHandling: 'CONVERT_TO_TEXT',
      timeoutInMillis: 5000,
      tlsConfig: { insecureSkipVerification: false },
      responseTransferMode: 'BUFFERED',
    }),
  },
  { op: 'PutIntegration', params: (s) => ({ ...res(s), http_method: 'POST' }), body: () => ({ type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }) },
  { op: 'PutMethod', params: (s) => ({ ...res(s), http_method: 'PUT' }), body: () => ({ authorizationType: 'NONE' }) },
  {
    op: 'PutIntegration',
    params: (s) => ({ ...res(s), http_method: 'PUT' }),
    body: () => ({
      type: 'HTTP_PROXY',
      httpMethod: 'PUT',
      uri: 'http://internal.example/pets',
      connectionType: 'VPC_LINK',
      connectionId: '${stageVariables.vpcLinkId}',
      integrationTarget: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/internal/50dc6c495c0c9188/f2f7dc8efc522ab2',
    }),
  },
  { op: 'GetIntegration', params: get },
  { op: 'UpdateIntegration', params: get, body: () => replace('/timeoutInMillis', '6000') },
  {
    op: 'PutIntegrationResponse',
    params: (s) => ({ ...get(s), status_code: '200' }),
    body: () => ({ selectionPattern: '2\\d{2}', responseParameters: { 'method.response.header.x-total': "'3'" }, responseTemplates: { 'application/json': '$input.json(\'$\')' }, contentHandling: 'CONVERT_TO_TEXT' }),
  },
  { op: 'PutMethodResponse', params: (s) => ({ ...res(s), http_method: 'POST', status_code: '200' }), body: () => ({}) },
  { op: 'PutIntegrationResponse', params: (s) => ({ ...res(s), http_method: 'POST', status_code: '200' }), body: () => ({}) },
  { op: 'GetIntegrationResponse', params: (s) => ({ ...get(s), status_code: '200' }) },
  { op: 'UpdateIntegrationResponse', params: (s) => ({ ...get(s), status_code: '200' }), body: () => replace('/selectionPattern', '200') },
  {
    op: 'TestInvokeMethod',
    params: (s) => ({ ...res(s), http_method: 'POST' }),
    body: () => ({
      pathWithQueryString: '/pets?x=1',
      body: '{}',
      headers: { 'content-type': 'application/json' },
      multiValueHeaders: { 'x-many': ['a', 'b'] },
      stageVariables: { v: '1' },
    }),
  },

  // documentation (a version before the stages: CreateStage checks its documentationVersion)
  {
    op: 'CreateDocumentationPart',
    params: api,
    body: () => ({ location: { type: 'API' }, properties: JSON.stringify({ description: 'The pets API' }) }),
  },
  {
    op: 'CreateDocumentationPart',
    params: api,
    body: () => ({ location: { type: 'RESPONSE', path: '/pets', method: 'GET', statusCode: '200' }, properties: JSON.stringify({ description: 'The pets' }) }),
    keep: (s, a) => (s.part = a.id),
  },
  { op: 'ImportDocumentationParts', params: api, query: { mode: 'merge', failonwarnings: 'false' }, raw: DOCUMENTATION },
  { op: 'GetDocumentationParts', params: api, query: { type: 'RESPONSE', path: '/pets', locationStatus: 'DOCUMENTED', limit: '10' } },
  { op: 'GetDocumentationPart', params: part },
  { op: 'UpdateDocumentationPart', params: part, body: () => replace('/properties', JSON.stringify({ description: 'The pets, updated' })) },
  { op: 'CreateDocumentationVersion', params: api, body: () => ({ documentationVersion: '1.0', description: 'first' }) },
  { op: 'GetDocumentationVersions', params: api, query: { limit: '10' } },
  { op: 'GetDocumentationVersion', params: (s) => ({ ...api(s), doc_version: '1.0' }) },
  { op: 'UpdateDocumentationVersion', params: (s) => ({ ...api(s), doc_version: '1.0' }), body: () => replace('/description', 'first, updated') },

  // lifecycle
  {
    op: 'CreateDeployment',
    params: api,
    body: () => ({
      stageName: 'prod',
      stageDescription: 'production',
      description: 'first',
      cacheClusterEnabled: false,
      cacheClusterSize: '0.5',
      variables: { backend: 'pets' },
      tracingEnabled: false,
    }),
    keep: (s, a) => (s.deployment = a.id),
  },
  { op: 'CreateDeployment', params: api, body: () => ({ stageName: 'prod', description: 'canary', canarySettings: { percentTraffic: 10, stageVariableOverrides: { backend: 'next' }, useStageCache: false } }), keep: (s, a) => (s.canaryDeployment = a.id) },
  { op: 'GetDeployments', params: api },
  { op: 'GetDeployment', params: (s) => ({ ...api(s), deployment_id: s.deployment! }), query: { embed: 'apisummary' } },
  { op: 'UpdateDeployment', params: (s) => ({ ...api(s), deployment_id: s.deployment! }), body: () => replace('/description', 'first, updated') },
  {
    op: 'CreateStage',
    params: api,
    body: (s) => ({
      stageName: 'beta',
      deploymentId: s.deployment,
      description: 'beta',
      cacheClusterEnabled: false,
      cacheClusterSize: '0.5',
      variables: { backend: 'beta' },
      canarySettings: { percentTraffic: 5, deploymentId: s.deployment, stageVariableOverrides: { backend: 'beta-next' }, useStageCache: false },
      tracingEnabled: true,
      documentationVersion: '1.0',
      tags: { stage: 'beta' },
    }),
  },
  { op: 'GetStage', params: (s) => ({ ...api(s), stage_name: 'prod' }) },
  { op: 'GetStages', params: api, query: (s) => ({ deploymentId: s.deployment! }) },
  { op: 'UpdateStage', params: (s) => ({ ...api(s), stage_name: 'beta' }), body: () => replace('/*/*/throttling/rateLimit', '100') },
  { op: 'FlushStageCache', params: (s) => ({ ...api(s), stage_name: 'prod' }) },
  { op: 'FlushStageAuthorizersCache', params: (s) => ({ ...api(s), stage_name: 'prod' }) },
  {
    op: 'GetExport',
    params: (s) => ({ ...api(s), stage_name: 'prod', export_type: 'oas30' }),
    query: { extensions: 'integrations' },
    payload: ({ headers, text }) => (octetStream(headers), assert.equal((JSON.parse(text) as { openapi: string }).openapi, '3.0.1')),
  },
  // publishes the parts as they are now to prod (the stage's documentationVersion), then its SDK
  { op: 'CreateDocumentationVersion', params: api, body: () => ({ documentationVersion: '2.0', stageName: 'prod', description: 'published with prod' }) },
  { op: 'GetSdkTypes', query: { limit: '10' } },
  { op: 'GetSdkType', params: () => ({ sdktype_id: 'javascript' }) },
  {
    op: 'GetSdk',
    params: (s) => ({ ...api(s), stage_name: 'prod', sdk_type: 'javascript' }),
    payload: ({ headers, text }) => {
      octetStream(headers)
      assert.match(String(headers['content-disposition']), /^attachment; filename="javascript_\d{4}-\d{2}-\d{2}_\d{2}-\d{2}Z\.zip"$/)
      assert.ok(text.startsWith('PK\u0003\u0004'), 'a zip')
    },
  },

  // custom domains (EDGE, REGIONAL with mutual TLS, PRIVATE with a policy) and base path mappings
  {
    op: 'CreateDomainName',
    body: (s) => ({ domainName: 'edge.shapes.example', certificateName: 'shapes-edge', certificateArn: s.certificate, securityPolicy: 'TLS_1_0', tags: { domain: 'edge' } }),
  },
  {
    op: 'CreateDomainName',
    body: (s) => ({
      domainName: 'api.shapes.example',
      regionalCertificateName: 'shapes-regional',
      regionalCertificateArn: s.certificate,
      endpointConfiguration: { types: ['REGIONAL'], ipAddressType: 'ipv4' },
      securityPolicy: 'TLS_1_2',
      endpointAccessMode: 'BASIC',
      mutualTlsAuthentication: { truststoreUri: s.truststoreUri, truststoreVersion: '1' },
      ownershipVerificationCertificateArn: s.certificate,
      routingMode: 'BASE_PATH_MAPPING_ONLY',
      tags: { domain: 'regional' },
    }),
  },
  {
    op: 'CreateDomainName',
    body: (s) => ({ domainName: 'private.shapes.example', certificateArn: s.certificate, endpointConfiguration: { types: ['PRIVATE'] }, policy: POLICY }),
    keep: (s, a) => {
      s.privateDomainId = a.domainNameId
      s.privateDomainArn = a.domainNameArn
    },
  },
  {
    op: 'CreateDomainName',
    body: (s) => ({ domainName: 'upload.shapes.example', certificateName: 'uploaded', certificateBody: s.certificatePem, certificatePrivateKey: s.privateKeyPem, certificateChain: s.certificatePem }),
    refused: 'Certificate uploads are not supported',
  },
  { op: 'GetDomainNames', query: { limit: '10' } },
  { op: 'GetDomainName', params: regional },
  { op: 'UpdateDomainName', params: edge, body: () => replace('/certificateName', 'shapes-edge-renamed') },
  { op: 'CreateBasePathMapping', params: regional, body: (s) => ({ basePath: 'v1', restApiId: s.api, stage: 'prod' }) },
  { op: 'CreateBasePathMapping', params: regional, body: (s) => ({ restApiId: s.api }) },
  { op: 'GetBasePathMappings', params: regional, query: { limit: '10' } },
  { op: 'GetBasePathMapping', params: () => ({ ...regional(), base_path: 'v1' }) },
  { op: 'GetBasePathMapping', params: () => ({ ...regional(), base_path: '(none)' }) },
  { op: 'UpdateBasePathMapping', params: () => ({ ...regional(), base_path: 'v1' }), body: () => replace('/stage', 'beta') },
  { op: 'GetDomainName', params: () => ({ domain_name: 'private.shapes.example' }), query: (s) => ({ domainNameId: s.privateDomainId! }) },
  {
    op: 'CreateDomainNameAccessAssociation',
    body: (s) => ({ domainNameArn: s.privateDomainArn, accessAssociationSourceType: 'VPCE', accessAssociationSource: 'vpce-0abc1234', tags: { consumer: 'shapes' } }),
    keep: (s, a) => (s.association = a.domainNameAccessAssociationArn),
  },
  { op: 'GetDomainNameAccessAssociations', query: { resourceOwner: 'SELF', limit: '10' } },
  {
    op: 'RejectDomainNameAccessAssociation',
    query: (s) => ({ domainNameAccessAssociationArn: s.association!, domainNameArn: s.privateDomainArn! }),
    refused: "You can't reject a domain name access association in your own account",
  },

  // VPC links (the PUT integration above names one through a stage variable)
  {
    op: 'CreateVpcLink',
    body: () => ({
      name: 'shapes-link',
      description: 'to the internal NLB',
      targetArns: ['arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/shapes-nlb/50dc6c495c0c9188'],
      tags: { link: 'shapes' },
    }),
    keep: (s, a) => (s.vpcLink = a.id),
  },
  { op: 'GetVpcLink', params: link },
  { op: 'GetVpcLinks', query: { limit: '10' } },
  { op: 'UpdateVpcLink', params: link, body: () => replace('/description', 'to the internal NLB, updated') },

  // account level
  {
    op: 'CreateApiKey',
    body: (s) => ({
      name: 'shapes-key',
      description: 'a key',
      enabled: true,
      generateDistinctId: true,
      value: 'shapes-key-value-0123456789',
      stageKeys: [{ restApiId: s.api, stageName: 'prod' }],
      customerId: 'customer-1',
      tags: { owner: 'shapes' },
    }),
    keep: (s, a) => (s.key = a.id),
  },
  { op: 'ImportApiKeys', query: { format: 'csv', failonwarnings: 'false' }, raw: 'name,key,description,enabled\nimported-key,imported-key-value-0123456789,imported,true\n' },
  { op: 'GetApiKey', params: (s) => ({ api_Key: s.key! }), query: { includeValue: 'true' } },
  { op: 'GetApiKeys', query: { includeValues: 'true', limit: '10' } },
  { op: 'UpdateApiKey', params: (s) => ({ api_Key: s.key! }), body: () => replace('/description', 'a key, updated') },
  {
    op: 'CreateUsagePlan',
    body: (s) => ({
      name: 'shapes-plan',
      description: 'a plan',
      apiStages: [{ apiId: s.api, stage: 'prod', throttle: { '/pets/GET': { burstLimit: 10, rateLimit: 5 } } }],
      throttle: { burstLimit: 20, rateLimit: 10 },
      quota: { limit: 1000, offset: 0, period: 'DAY' },
      tags: { plan: 'shapes' },
    }),
    keep: (s, a) => (s.plan = a.id),
  },
  { op: 'GetUsagePlan', params: (s) => ({ usageplanId: s.plan! }) },
  { op: 'GetUsagePlans', query: { limit: '10' } },
  { op: 'UpdateUsagePlan', params: (s) => ({ usageplanId: s.plan! }), body: () => replace('/description', 'a plan, updated') },
  { op: 'CreateUsagePlanKey', params: (s) => ({ usageplanId: s.plan! }), body: (s) => ({ keyId: s.key, keyType: 'API_KEY' }) },
  { op: 'GetUsagePlanKey', params: (s) => ({ usageplanId: s.plan!, keyId: s.key! }) },
  { op: 'GetUsagePlanKeys', params: (s) => ({ usageplanId: s.plan! }) },
  { op: 'GetUsage', params: (s) => ({ usageplanId: s.plan! }), query: { startDate: '2026-01-01', endDate: '2026-01-02' } },
  { op: 'UpdateUsage', params: (s) => ({ usageplanId: s.plan!, keyId: s.key! }), body: () => replace('/remaining', '500') },
  { op: 'GenerateClientCertificate', body: () => ({ description: 'shapes', tags: { cert: 'shapes' } }), keep: (s, a) => (s.cert = a.clientCertificateId) },
  {
    op: 'TestInvokeMethod',
    params: (s) => ({ ...res(s), http_method: 'POST' }),
    body: (s) => ({ pathWithQueryString: '/pets', clientCertificateId: s.cert }),
  },
  { op: 'GetClientCertificate', params: (s) => ({ clientcertificate_id: s.cert! }) },
  { op: 'GetClientCertificates' },
  { op: 'UpdateClientCertificate', params: (s) => ({ clientcertificate_id: s.cert! }), body: () => replace('/description', 'shapes, updated') },
  { op: 'GetAccount' },
  { op: 'UpdateAccount', body: () => replace('/cloudwatchRoleArn', 'arn:aws:iam::123456789012:role/apigw-logs') },
  { op: 'TagResource', params: (s) => ({ resource_arn: `arn:aws:apigateway:us-east-1::/restapis/${s.api}/stages/prod` }), body: () => ({ tags: { tier: 'gold' } }) },
  { op: 'GetTags', params: (s) => ({ resource_arn: `arn:aws:apigateway:us-east-1::/restapis/${s.api}/stages/prod` }) },
  { op: 'UntagResource', params: (s) => ({ resource_arn: `arn:aws:apigateway:us-east-1::/restapis/${s.api}/stages/prod` }), query: { tagKeys: 'tier' } },

  // deletions, innermost first
  { op: 'DeleteUsagePlanKey', params: (s) => ({ usageplanId: s.plan!, keyId: s.key! }) },
  { op: 'UpdateUsagePlan', params: (s) => ({ usageplanId: s.plan! }), body: (s) => ({ patchOperations: [{ op: 'remove', path: '/apiStages', value: `${s.api}:prod` }] }) },
  { op: 'DeleteUsagePlan', params: (s) => ({ usageplanId: s.plan! }) },
  { op: 'DeleteApiKey', params: (s) => ({ api_Key: s.key! }) },
  { op: 'DeleteClientCertificate', params: (s) => ({ clientcertificate_id: s.cert! }) },
  { op: 'DeleteVpcLink', params: link },
  { op: 'DeleteBasePathMapping', params: () => ({ ...regional(), base_path: 'v1' }) },
  { op: 'DeleteDomainNameAccessAssociation', params: (s) => ({ domain_name_access_association_arn: s.association! }) },
  { op: 'DeleteDomainName', params: () => ({ domain_name: 'private.shapes.example' }), query: (s) => ({ domainNameId: s.privateDomainId! }) },
  { op: 'DeleteDomainName', params: edge },
  { op: 'DeleteDomainName', params: regional },
  { op: 'DeleteStage', params: (s) => ({ ...api(s), stage_name: 'beta' }) },
  { op: 'DeleteStage', params: (s) => ({ ...api(s), stage_name: 'prod' }) },
  { op: 'DeleteDocumentationVersion', params: (s) => ({ ...api(s), doc_version: '2.0' }) },
  { op: 'DeleteDocumentationPart', params: part },
  { op: 'DeleteDeployment', params: (s) => ({ ...api(s), deployment_id: s.canaryDeployment! }) },
  { op: 'DeleteIntegrationResponse', params: (s) => ({ ...get(s), status_code: '200' }) },
  { op: 'DeleteIntegration', params: get },
  { op: 'DeleteMethodResponse', params: (s) => ({ ...get(s), status_code: '200' }) },
  { op: 'DeleteMethod', params: get },
  { op: 'DeleteGatewayResponse', params: (s) => ({ ...api(s), response_type: 'DEFAULT_4XX' }) },
  { op: 'DeleteAuthorizer', params: (s) => ({ ...api(s), authorizer_id: s.authorizer! }) },
  { op: 'DeleteRequestValidator', params: (s) => ({ ...api(s), requestvalidator_id: s.validator! }) },
  { op: 'DeleteModel', params: (s) => ({ ...api(s), model_name: 'Pet' }) },
  { op: 'DeleteResource', params: (s) => ({ ...api(s), resource_id: s.pet! }) },
  { op: 'DeleteRestApi', params: (s) => ({ restapi_id: s.clone! }) },
]
