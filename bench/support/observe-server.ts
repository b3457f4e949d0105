/**
 * The server side of bench/observe.ts: a data plane serving one MOCK method, either without
 * observe/ at all (`bare`) or with metrics and a JSON access log to a file (`observed`).
 * `GET /stats` (outside any API) answers this process's CPU time and request count, so the
 * bench can take CPU per request from the server itself.
 *
 *   node --import tsx bench/support/observe-server.ts bare|observed <data-dir>
 */
import { compilePlan } from '../../src/compile/compile.ts'
import { PlanRegistry } from '../../src/data/plan-registry.ts'
import { createDataPlaneServer } from '../../src/data/server.ts'
import { createUpstreamPools } from '../../src/integrations/index.ts'
import type { ApiDefinition, Stage } from '../../src/model/index.ts'
import { createObserver } from '../../src/observe/observer.ts'
import { buildTemplateContext, formatRequestTime, readContextVariable } from '../../src/vtl/aws/context.ts'

const [mode, dataDir] = process.argv.slice(2)
if ((mode !== 'bare' && mode !== 'observed') || dataDir === undefined) throw new Error('usage: observe-server.ts bare|observed <data-dir>')

// AWS's JSON example format (set-up-access-logging)
const JSON_FORMAT =
  '{ "requestId":"$context.requestId", "extendedRequestId":"$context.extendedRequestId","ip": "$context.identity.sourceIp", "caller":"$context.identity.caller", "user":"$context.identity.user", "requestTime":"$context.requestTime", "httpMethod":"$context.httpMethod", "resourcePath":"$context.resourcePath", "status":"$context.status", "protocol":"$context.protocol", "responseLength":"$context.responseLength" }'

const api: ApiDefinition = {
  restApi: { id: 'benchapi01', name: 'bench', createdDate: 0, apiKeySource: 'HEADER', endpointConfiguration: { types: ['REGIONAL'] }, disableExecuteApiEndpoint: false, rootResourceId: 'root' },
  resources: [
    { id: 'root', path: '/' },
    {
      id: 'mock',
      parentId: 'root',
      pathPart: 'mock',
      path: '/mock',
      resourceMethods: {
        GET: {
          httpMethod: 'GET',
          authorizationType: 'NONE',
          apiKeyRequired: false,
          methodIntegration: {
            type: 'MOCK',
            timeoutInMillis: 29_000,
            requestTemplates: { 'application/json': '{"statusCode": 200}' },
            integrationResponses: { '200': { statusCode: '200', responseTemplates: { 'application/json': '{"ok":true}' } } },
          },
          methodResponses: { '200': { statusCode: '200' } },
        },
      },
    },
  ],
  models: [],
  requestValidators: [],
  gatewayResponses: [],
  authorizers: [],
}

const stage: Stage = {
  stageName: 'prod',
  deploymentId: 'dep1',
  cacheClusterEnabled: false,
  methodSettings: {},
  tracingEnabled: false,
  createdDate: 0,
  lastUpdatedDate: 0,
  ...(mode === 'observed' && { accessLogSettings: { format: JSON_FORMAT, destinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:bench-access' } }),
}

const observer =
  mode === 'observed' ? createObserver({ dataDir, templates: { build: (ctx) => buildTemplateContext(ctx), read: readContextVariable, requestTime: formatRequestTime }, sinks: { file: { maxFileBytes: 64 * 1024 * 1024, maxFiles: 1 } } }) : undefined
const upstream = createUpstreamPools()
const registry = new PlanRegistry()
registry.set('benchapi01', 'prod', compilePlan({ snapshot: api, deploymentId: 'dep1', stage, upstream, ...(observer && { observe: observer.compile }) }))

let requests = 0
const dataPlane = createDataPlaneServer({
  registry,
  fallback(_req, res) {
    const cpu = process.cpuUsage()
    res.end(JSON.stringify({ requests, cpuMicros: cpu.user + cpu.system }))
  },
})
dataPlane.server.on('request', () => requests++)
const address = await dataPlane.listen(0, '127.0.0.1')
process.stdout.write(`listening ${address.port}\n`)
