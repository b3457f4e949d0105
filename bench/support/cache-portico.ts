// A Portico for bench/cache.ts: one API with `ANY /proxy/{proxy+}` HTTP_PROXY to the upstream
// (cache key: the proxy path), deployed to stage `plain` (no cache) and to stage `cached`
// (cacheClusterEnabled, `*/*` caching on), configured through the management API.
//   node --import tsx bench/support/cache-portico.ts <upstream-port> <data-dir>   → READY <port> <apiId>
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  GetResourcesCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-api-gateway'
import { resolveConfig } from '../../src/config.ts'
import { startPortico } from '../../src/main.ts'

const [upstreamPort, dataDir] = process.argv.slice(2)
const credentials = { accessKeyId: 'AKIAPORTICOBENCH0001', secretAccessKey: 'portico/bench/secret/000000000000000000000' }
const portico = await startPortico(resolveConfig({ dataDir, port: 0, adminAccessKeyId: credentials.accessKeyId, adminSecretAccessKey: credentials.secretAccessKey }, {}))
const client = new APIGatewayClient({ endpoint: portico.url, region: 'us-east-1', credentials, maxAttempts: 1 })
const restApiId = (await client.send(new CreateRestApiCommand({ name: 'cache-bench' }))).id!
const root = (await client.send(new GetResourcesCommand({ restApiId }))).items![0]!.id!
const proxyParent = (await client.send(new CreateResourceCommand({ restApiId, parentId: root, pathPart: 'proxy' }))).id!
const resourceId = (await client.send(new CreateResourceCommand({ restApiId, parentId: proxyParent, pathPart: '{proxy+}' }))).id!
await client.send(new PutMethodCommand({ restApiId, resourceId, httpMethod: 'ANY', authorizationType: 'NONE', requestParameters: { 'method.request.path.proxy': true } }))
await client.send(
  new PutIntegrationCommand({
    restApiId,
    resourceId,
    httpMethod: 'ANY',
    type: 'HTTP_PROXY',
    integrationHttpMethod: 'ANY',
    uri: `http://127.0.0.1:${upstreamPort}/{proxy}`,
    requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
    cacheKeyParameters: ['method.request.path.proxy'],
  }),
)
await client.send(new CreateDeploymentCommand({ restApiId, stageName: 'plain' }))
await client.send(new CreateDeploymentCommand({ restApiId, stageName: 'cached', cacheClusterEnabled: true }))
await client.send(new UpdateStageCommand({ restApiId, stageName: 'cached', patchOperations: [{ op: 'replace', path: '/*/*/caching/enabled', value: 'true' }] }))
await portico.settled()
process.stdout.write(`READY ${portico.address.port} ${restApiId}\n`)
process.on('SIGTERM', () => void portico.close().then(() => process.exit(0)))
