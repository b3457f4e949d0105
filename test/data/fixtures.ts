/** Test-local API definitions, plans and a server on port 0 for the data-plane suites. */
import { request } from 'node:http'
import { connect, type AddressInfo } from 'node:net'
import { compilePlan, type IntegrationStagesFactory } from '../../src/compile/compile.ts'
import { PlanRegistry } from '../../src/data/plan-registry.ts'
import { createDataPlaneServer, type DataPlaneServer, type DataPlaneServerOptions } from '../../src/data/server.ts'
import type { PipelineStage, RuntimePlan } from '../../src/gateway/types.ts'
import type { UpstreamPools } from '../../src/integrations/index.ts'
import type { RestApiDefinition, GatewayResponse, Method, Model, RequestValidator, Resource, Stage } from '../../src/model/index.ts'
import { useStarted, type SuiteSetup } from '../support/use-started.ts'

export const API_ID = 'a1b2c3d4e5'

/** `{ '/pets/{id}': ['GET', 'ANY'] }` → resources with MOCK methods (ids derived from paths). */
export function apiDefinition(
  routes: Record<string, string[] | Record<string, Partial<Method>>>,
  extra: { gatewayResponses?: GatewayResponse[]; models?: Model[]; requestValidators?: RequestValidator[]; apiId?: string } = {},
): RestApiDefinition {
  const apiId = extra.apiId ?? API_ID
  const resources = new Map<string, Resource>()
  const ensure = (path: string): Resource => {
    const existing = resources.get(path)
    if (existing) return existing
    const id = path === '/' ? 'root' : 'r' + Buffer.from(path).toString('hex').slice(0, 16)
    const resource: Resource = { id, path }
    if (path !== '/') {
      const parentPath = path.slice(0, path.lastIndexOf('/')) || '/'
      resource.parentId = ensure(parentPath).id
      resource.pathPart = path.slice(path.lastIndexOf('/') + 1)
    }
    resources.set(path, resource)
    return resource
  }
  ensure('/')
  for (const [path, methods] of Object.entries(routes)) {
    const resource = ensure(path)
    const entries = Array.isArray(methods) ? methods.map((m) => [m, {}] as const) : Object.entries(methods)
    resource.resourceMethods ??= {}
    for (const [verb, overrides] of entries) {
      resource.resourceMethods[verb] = {
        httpMethod: verb,
        authorizationType: 'NONE',
        apiKeyRequired: false,
        methodIntegration: { type: 'MOCK', timeoutInMillis: 29_000, requestTemplates: { 'application/json': '{"statusCode": 200}' } },
        ...overrides,
      }
    }
  }
  return {
    protocol: 'REST',
    restApi: {
      id: apiId,
      name: 'test',
      createdDate: 0,
      apiKeySource: 'HEADER',
      endpointConfiguration: { types: ['REGIONAL'] },
      disableExecuteApiEndpoint: false,
      rootResourceId: 'root',
    },
    resources: [...resources.values()],
    models: extra.models ?? [],
    requestValidators: extra.requestValidators ?? [],
    gatewayResponses: extra.gatewayResponses ?? [],
    authorizers: [],
  }
}

export function stage(stageName = 'prod', variables: Record<string, string> = {}): Stage {
  return { stageName, deploymentId: 'dep1', cacheClusterEnabled: false, methodSettings: {}, variables, tracingEnabled: false, createdDate: 0, lastUpdatedDate: 0 }
}

export const noUpstream: UpstreamPools = {
  get() {
    throw new Error('no upstream in this test')
  },
  prepare() {},
  size: 0,
  async close() {},
} as unknown as UpstreamPools

/**
 * A stand-in integration phase: answers 200 with what routing decided, so tests can assert on
 * it. `x-test-answer` / `x-test-throw` / `x-test-delay` headers steer it.
 */
export const echoIntegration: IntegrationStagesFactory = ({ resource, method }) => [
  async function echoIntegration(ctx) {
    const delay = Number(ctx.headers.get('x-test-delay') ?? 0)
    if (delay > 0) await new Promise((r) => setTimeout(r, delay))
    if (ctx.headers.has('x-test-throw')) throw new Error('stage exploded')
    const errorType = ctx.headers.get('x-test-error')
    if (errorType) return { kind: 'error', type: errorType as never, message: ctx.headers.get('x-test-message') ?? 'from test' }
    const body = JSON.stringify({
      resourcePath: resource.path,
      method: method.httpMethod,
      httpMethod: ctx.httpMethod,
      pathParameters: ctx.pathParameters,
      path: ctx.path,
      deploymentId: ctx.plan.deploymentId,
      requestId: ctx.requestId,
      bodyLength: ctx.body.length,
      stageVariables: ctx.stageVariables,
    })
    return { kind: 'http', statusCode: 200, headers: { 'Content-Type': 'application/json' }, body }
  } satisfies PipelineStage,
]

export function plan(api: RestApiDefinition, opts: { stageName?: string; deploymentId?: string; variables?: Record<string, string> } = {}): RuntimePlan {
  return compilePlan({
    snapshot: api,
    deploymentId: opts.deploymentId ?? 'dep1',
    stage: stage(opts.stageName, opts.variables),
    upstream: noUpstream,
    integrations: echoIntegration,
  })
}

export interface Running {
  registry: PlanRegistry
  dataPlane: DataPlaneServer
  address: AddressInfo
  /** `http://127.0.0.1:port` */
  origin: string
  /** the Host that names the first plan's API (host-style URL form): `{apiId}.execute-api.localhost` */
  host: string
  /** path-style URL of a stage: `http://127.0.0.1:port/_aws/execute-api/{api}/{stage}` */
  base(stageName?: string, apiId?: string): string
  close(): Promise<void>
}

/** Registers a part the plans use (upstream pools, a function runtime, an observer): closed after the server, in the order given. */
export type Own = <T extends { close(): unknown }>(part: T) => T

/** The plans to serve, or what builds them (when the suite starts), owning the parts they use. */
export type Plans = RuntimePlan[] | ((own: Own) => RuntimePlan[] | Promise<RuntimePlan[]>)

export type ServeOptions = Omit<DataPlaneServerOptions, 'registry'>

/** The data plane alone (no store, no management API) serving `plans` on a port 0 of 127.0.0.1. */
export async function start(plans: Plans, options: ServeOptions = {}): Promise<Running> {
  const owned: Array<{ close(): unknown }> = []
  const closeOwned = async (): Promise<void> => {
    for (const part of owned) await part.close()
  }
  try {
    const served = typeof plans === 'function' ? await plans((part) => (owned.push(part), part)) : plans
    const registry = new PlanRegistry()
    for (const p of served) registry.set(p.apiId, p.stageName, p)
    const dataPlane = createDataPlaneServer({ registry, hooks: { onError: () => {} }, ...options })
    const address = await dataPlane.listen(0, '127.0.0.1')
    const origin = `http://127.0.0.1:${address.port}`
    return {
      registry,
      dataPlane,
      address,
      origin,
      host: `${served[0]?.apiId ?? API_ID}.execute-api.localhost`,
      base: (stageName = 'prod', apiId = API_ID) => `${origin}/_aws/execute-api/${apiId}/${stageName}`,
      async close() {
        try {
          await dataPlane.close(100)
        } finally {
          await closeOwned()
        }
      },
    }
  } catch (error) {
    // nothing listens when the plans or the listen failed: only the parts are open
    await closeOwned()
    throw error
  }
}

/**
 * `start(plans, options)` for the enclosing suite, `setup` after it, closed after it (useStarted):
 * the one way a data-plane suite gets its server.
 */
export function useServed(plans: Plans, options: ServeOptions = {}, setup?: SuiteSetup<Running>): Running {
  return useStarted(() => start(plans, options), setup)
}

export interface Reply {
  status: number
  headers: import('node:http').IncomingHttpHeaders
  body: string
  json(): any
}

/** One request over node:http (raw paths are sent as given, nothing is normalised). */
export function send(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string | string[]>; body?: string | Buffer; agent?: import('node:http').Agent | false },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers, agent: options.agent ?? false },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8')
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) })
        })
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

/** Writes `raw` on a fresh socket and collects everything the server sends until it closes. */
export function rawExchange(port: number, raw: string | Buffer, opts: { timeoutMs?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    const timer = setTimeout(() => {
      socket.destroy()
      resolve(Buffer.concat(chunks).toString('latin1'))
    }, opts.timeoutMs ?? 5_000)
    socket.on('data', (c: Buffer) => chunks.push(c))
    socket.on('error', (e) => {
      clearTimeout(timer)
      if (chunks.length > 0) resolve(Buffer.concat(chunks).toString('latin1'))
      else reject(e)
    })
    socket.on('close', () => {
      clearTimeout(timer)
      resolve(Buffer.concat(chunks).toString('latin1'))
    })
    socket.write(raw)
  })
}
