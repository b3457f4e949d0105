/** The API bench/observe.ts serves: one MOCK method. */
import type { RestApiDefinition, Stage } from '../../src/model/index.ts'
import { mockMethod } from './mock-method.ts'

// AWS's JSON example format (set-up-access-logging)
const JSON_FORMAT =
  '{ "requestId":"$context.requestId", "extendedRequestId":"$context.extendedRequestId","ip": "$context.identity.sourceIp", "caller":"$context.identity.caller", "user":"$context.identity.user", "requestTime":"$context.requestTime", "httpMethod":"$context.httpMethod", "resourcePath":"$context.resourcePath", "status":"$context.status", "protocol":"$context.protocol", "responseLength":"$context.responseLength" }'

export const benchApi: RestApiDefinition = {
  protocol: 'REST',
  restApi: { id: 'benchapi01', name: 'bench', createdDate: 0, apiKeySource: 'HEADER', endpointConfiguration: { types: ['REGIONAL'] }, disableExecuteApiEndpoint: false, rootResourceId: 'root' },
  resources: [
    { id: 'root', path: '/' },
    {
      id: 'mock',
      parentId: 'root',
      pathPart: 'mock',
      path: '/mock',
      resourceMethods: {
        GET: mockMethod(),
      },
    },
  ],
  models: [],
  requestValidators: [],
  gatewayResponses: [],
  authorizers: [],
}

/** The stage, with AWS's JSON access-log example to a log-group file when `observed`. */
export function benchStage(observed: boolean): Stage {
  return {
    stageName: 'prod',
    deploymentId: 'dep1',
    cacheClusterEnabled: false,
    methodSettings: {},
    tracingEnabled: false,
    createdDate: 0,
    lastUpdatedDate: 0,
    ...(observed && { accessLogSettings: { format: JSON_FORMAT, destinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:bench-access' } }),
  }
}

