/**
 * A real Portico (management API, SQLite, the configured cache backend) serving one API whose
 * methods proxy (HTTP_PROXY) to a local backend that counts its calls, so a test sees whether a
 * request reached the integration. The stage and its method settings are set through the SDK.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  GetResourcesCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  UpdateStageCommand,
  type PatchOperation,
} from '@aws-sdk/client-api-gateway'
import { send, type Reply } from '../data/fixtures.ts'
import { startHarness, useStarted, type Harness, type SuiteSetup } from '../control/harness.ts'

export const REDIS_URL = process.env.PORTICO_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0'
/** a response body just over AWS's 1,048,576-byte cached response limit */
export const BIG_BODY_BYTES = 1_048_577

export interface Backend {
  url: string
  /** calls received so far */
  calls: number
  close(): Promise<void>
}

/** Answers every call with its own sequence number, the path it was asked for and a custom header. */
export async function startBackend(): Promise<Backend> {
  const backend = { url: '', calls: 0, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
  const server: Server = createServer((req, res) => {
    backend.calls++
    if (req.url === '/big') {
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.end(Buffer.alloc(BIG_BODY_BYTES, 'x'))
      return
    }
    res.writeHead(200, { 'content-type': 'application/json', 'x-backend': 'yes' })
    res.end(JSON.stringify({ call: backend.calls, method: req.method, url: req.url }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  backend.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return backend
}

export interface CachePortico {
  harness: Harness
  /** the backend the methods proxy to (given, or started and closed with the rest) */
  backend: Backend
  apiId: string
  /** one request to the stage; `path` after the stage */
  call(path: string, options?: { method?: string; headers?: Record<string, string>; stage?: string; body?: string }): Promise<Reply>
  /** UpdateStage with `replace` operations, then waits until the new plan serves */
  patchStage(patches: Record<string, string>, stageName?: string): Promise<void>
  patch(operations: PatchOperation[], stageName?: string): Promise<void>
  close(): Promise<void>
}

export interface CachePorticoOptions {
  /** a backend of the test's own; one of startBackend's unless given */
  backend?: Backend
  cache?: string
  clock?: () => number
}

/**
 * `/items/{id}` GET (cache keys: path id, query `q`, header `x-k`) and POST, `/big` GET, `/any`
 * ANY, all HTTP_PROXY to the backend with cacheNamespace `items` / `big` / `any` (so two servers share keys),
 * deployed to `prod` with `cacheClusterEnabled`; no method setting yet.
 */
export async function startCachePortico(options: CachePorticoOptions = {}): Promise<CachePortico> {
  const backend = options.backend ?? (await startBackend())
  const harness = await startHarness({ cache: options.cache ?? 'memory' }, options.clock ? { cacheClock: options.clock } : {}).catch(async (error: unknown) => {
    if (options.backend === undefined) await backend.close()
    throw error
  })
  const { client, portico } = harness
  const apiId = (await client.send(new CreateRestApiCommand({ name: 'cached' }))).id!
  const root = (await client.send(new GetResourcesCommand({ restApiId: apiId }))).items![0]!.id!
  const items = (await client.send(new CreateResourceCommand({ restApiId: apiId, parentId: root, pathPart: 'items' }))).id!
  const item = (await client.send(new CreateResourceCommand({ restApiId: apiId, parentId: items, pathPart: '{id}' }))).id!
  const big = (await client.send(new CreateResourceCommand({ restApiId: apiId, parentId: root, pathPart: 'big' }))).id!
  for (const verb of ['GET', 'POST']) {
    await client.send(
      new PutMethodCommand({
        restApiId: apiId,
        resourceId: item,
        httpMethod: verb,
        authorizationType: 'NONE',
        requestParameters: { 'method.request.path.id': true, 'method.request.querystring.q': false, 'method.request.header.x-k': false },
      }),
    )
    await client.send(
      new PutIntegrationCommand({
        restApiId: apiId,
        resourceId: item,
        httpMethod: verb,
        type: 'HTTP_PROXY',
        integrationHttpMethod: verb,
        uri: `${backend.url}/items/{id}`,
        requestParameters: { 'integration.request.path.id': 'method.request.path.id' },
        cacheNamespace: 'items',
        cacheKeyParameters: ['method.request.path.id', 'method.request.querystring.q', 'method.request.header.x-k'],
      }),
    )
  }
  const any = (await client.send(new CreateResourceCommand({ restApiId: apiId, parentId: root, pathPart: 'any' }))).id!
  for (const [resourceId, verb, path] of [[big, 'GET', 'big'], [any, 'ANY', 'any']] as const) {
    await client.send(new PutMethodCommand({ restApiId: apiId, resourceId, httpMethod: verb, authorizationType: 'NONE' }))
    await client.send(
      new PutIntegrationCommand({ restApiId: apiId, resourceId, httpMethod: verb, type: 'HTTP_PROXY', integrationHttpMethod: verb, uri: `${backend.url}/${path}`, cacheNamespace: path }),
    )
  }
  await client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod', cacheClusterEnabled: true, cacheClusterSize: '0.5' }))
  await portico.settled()
  const patch = async (operations: PatchOperation[], stageName = 'prod') => {
    await client.send(new UpdateStageCommand({ restApiId: apiId, stageName, patchOperations: operations }))
    await portico.settled()
  }
  return {
    harness,
    backend,
    apiId,
    call: (path, opts = {}) =>
      send(portico.address.port, {
        method: opts.method ?? 'GET',
        path: `/_aws/execute-api/${apiId}/${opts.stage ?? 'prod'}${path}`,
        ...(opts.headers && { headers: opts.headers }),
        ...(opts.body !== undefined && { body: opts.body }),
      }),
    patch,
    patchStage: (patches, stageName) => patch(Object.entries(patches).map(([path, value]) => ({ op: 'replace', path, value })), stageName),
    async close() {
      await harness.close()
      if (options.backend === undefined) await backend.close()
    },
  }
}

/** startCachePortico for the enclosing suite, `setup` after it started, closed after it (useStarted) */
export function useCachePortico(options: CachePorticoOptions = {}, setup?: SuiteSetup<CachePortico>): CachePortico {
  return useStarted(() => startCachePortico(options), setup)
}
