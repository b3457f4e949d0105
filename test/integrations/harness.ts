/**
 * A tiny gateway for the integration tests: a real http.Server whose handler builds a
 * RequestContext over the real socket and runs one method's integration stages, and a real
 * backend http.Server that records what it received.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'
import { nodeAnswerSink } from '../../src/data/node-answer-sink.ts'
import { sentOverSocket } from '../../src/data/request-context.ts'
import type { GatewayError, HttpAnswer, PipelineStage, RequestContext, RuntimePlan } from '../../src/gateway/types.ts'
import { HeaderMap, parseQuery } from '../../src/lib/multi-map.ts'
import type { RestApiDefinition, Integration, Method, Resource } from '../../src/model/index.ts'
import { createUpstreamPools, integrationStages, type UpstreamPoolOptions, type UpstreamPools } from '../../src/integrations/index.ts'
import { useStarted, type SuiteSetup } from '../support/use-started.ts'
import { closeHttpServer } from '../support/close-server.ts'

export interface Gateway {
  url: string
  /** the execution log of the last request */
  lastLog(): string[]
  close(): Promise<void>
}

export interface GatewayOptions {
  integration: Integration
  /** method response status codes; default ['200'] */
  methodResponses?: string[]
  resourcePath?: string
  httpMethod?: string
  stageVariables?: Record<string, string>
  upstream: UpstreamPools
  /** run these stages instead of compiling the integration */
  stages?: PipelineStage[]
  binaryMediaTypes?: string[]
}

export const API_ID = 'a1b2c3d4e5'

const STATUS_OF: Partial<Record<string, number>> = {
  INTEGRATION_TIMEOUT: 504,
  INTEGRATION_FAILURE: 504,
  UNSUPPORTED_MEDIA_TYPE: 415,
  BAD_REQUEST_BODY: 400,
}

/** The AWS default gateway response: `{"message": …}` with x-amzn-ErrorType. */
function renderError(error: GatewayError): HttpAnswer {
  return {
    kind: 'http',
    statusCode: error.statusCode ?? STATUS_OF[error.type] ?? 500,
    headers: { 'Content-Type': 'application/json', 'x-amzn-ErrorType': error.errorType ?? `${error.type}Exception` },
    body: JSON.stringify({ message: error.message }),
  }
}

export function methodWith(integration: Integration, httpMethod: string, methodResponses: string[]): Method {
  return {
    httpMethod,
    authorizationType: 'NONE',
    apiKeyRequired: false,
    methodResponses: Object.fromEntries(methodResponses.map((s) => [s, { statusCode: s }])),
    methodIntegration: integration,
  }
}

export function compile(options: GatewayOptions): PipelineStage[] {
  const resourcePath = options.resourcePath ?? '/'
  const resource: Resource = { id: 'res123', path: resourcePath }
  const method = methodWith(options.integration, options.httpMethod ?? 'ANY', options.methodResponses ?? ['200'])
  const api = { restApi: { id: API_ID, binaryMediaTypes: options.binaryMediaTypes } } as unknown as RestApiDefinition
  return integrationStages({ api, resource, method, stageVariables: options.stageVariables ?? {}, upstream: options.upstream })
}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const stages = options.stages ?? compile(options)
  const resourcePath = options.resourcePath ?? '/'
  const matcher = pathMatcher(resourcePath)
  let log: string[] = []
  let counter = 0
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const ctx = buildContext(req, res, Buffer.concat(chunks), matcher, options.stageVariables ?? {}, resourcePath, ++counter)
      log = ctx.log
      run(ctx, stages).catch((err: unknown) => {
        console.error('harness: stage threw', err)
        if (!res.headersSent) res.writeHead(599).end(String(err))
        else res.destroy()
      })
    })
  })
  server.keepAliveTimeout = 100
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    lastLog: () => log,
    close: () => closeHttpServer(server),
  }
}

/** The gateways a suite starts, one per test (each with its own integration), on the suite's upstream pools. */
export interface Gateways {
  upstream: UpstreamPools
  /** startGateway on the suite's pools; closed with the suite */
  start(options: Omit<GatewayOptions, 'upstream'>): Promise<Gateway>
  /** a gateway started otherwise (startLambdaGateway), closed with the suite */
  own(gateway: Gateway): Gateway
  /** the gateway started `index`-th (negative: from the last) */
  at(index: number): Gateway | undefined
  close(): Promise<void>
}

/** Upstream pools for the enclosing suite, and every gateway started on them: all closed, then the pools, in its `after` (useStarted). */
export function useGateways(poolOptions?: UpstreamPoolOptions, setup?: SuiteSetup<Gateways>): Gateways {
  return useStarted(async () => {
    const upstream = createUpstreamPools(poolOptions)
    const started: Gateway[] = []
    const own = (gateway: Gateway): Gateway => (started.push(gateway), gateway)
    return {
      upstream,
      start: async (options) => own(await startGateway({ ...options, upstream })),
      own,
      at: (index) => started.at(index),
      async close() {
        await Promise.all(started.map((g) => g.close()))
        await upstream.close()
      },
    }
  }, setup)
}

async function run(ctx: RequestContext, stages: PipelineStage[]): Promise<void> {
  for (const stage of stages) {
    const answer = await stage(ctx)
    if (answer === undefined) continue
    if (answer.kind === 'sent') return
    ctx.sink.send(answer.kind === 'error' ? renderError(answer) : answer)
    return
  }
  ctx.sink.send({ kind: 'http', statusCode: 598, headers: {}, body: 'no stage answered' })
}

type Matcher = (path: string) => Record<string, string> | undefined

function pathMatcher(template: string): Matcher {
  const names: string[] = []
  const source = template
    .split('/')
    .map((segment) => {
      const greedy = /^\{(.+)\+\}$/.exec(segment)
      if (greedy) {
        names.push(greedy[1]!)
        return '(.+)'
      }
      const param = /^\{(.+)\}$/.exec(segment)
      if (param) {
        names.push(param[1]!)
        return '([^/]+)'
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    })
    .join('/')
  const regex = new RegExp(`^${source}$`)
  return (path) => {
    const m = regex.exec(path)
    if (!m) return undefined
    return Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)]))
  }
}

function buildContext(
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  matcher: Matcher,
  stageVariables: Record<string, string>,
  resourcePath: string,
  n: number,
): RequestContext {
  const [rawPath, rawQuery = ''] = (req.url ?? '/').split('?', 2) as [string, string?]
  const headers = HeaderMap.fromRaw(req.rawHeaders)
  const plan = {
    apiId: API_ID,
    stageName: 'test',
    deploymentId: 'dep1',
    stageVariables,
    match: () => undefined,
    renderError: (e: GatewayError) => renderError(e),
    binaryMediaTypes: [],
  } satisfies RuntimePlan
  const requestId = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`
  return {
    sent: sentOverSocket(req),
    sink: nodeAnswerSink(res, { requestId, extendedRequestId: `Ext${n}=` }),
    requestId,
    extendedRequestId: `Ext${n}=`,
    requestTimeEpoch: Date.now(),
    startedAt: performance.now(),
    httpMethod: (req.method ?? 'GET').toUpperCase(),
    path: decodeURIComponent(rawPath),
    rawPath,
    rawQuery,
    query: parseQuery(rawQuery),
    headers,
    body,
    sourceIp: '127.0.0.1',
    protocol: 'HTTP/1.1',
    domainName: 'localhost',
    apiId: API_ID,
    stageName: 'test',
    stageVariables,
    plan,
    route: { resourceId: 'res123', resourcePath, httpMethod: 'ANY', stages: [] },
    pathParameters: matcher(decodeURIComponent(rawPath)) ?? {},
    log: [],
  }
}

export interface Received {
  method: string
  url: string
  headers: Record<string, string | string[] | undefined>
  rawHeaders: string[]
  body: string
}

export interface Backend {
  origin: string
  port: number
  received: Received[]
  last(): Received
  close(): Promise<void>
}

export type BackendHandler = (req: Received, res: ServerResponse) => void

/** A backend that records each request and answers with `handler` (default: 200 echo JSON). */
export async function startBackend(handler?: BackendHandler): Promise<Backend> {
  const received: Received[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const r: Received = { method: req.method!, url: req.url!, headers: req.headers, rawHeaders: req.rawHeaders, body: Buffer.concat(chunks).toString() }
      received.push(r)
      if (handler) return handler(r, res)
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify({ method: r.method, url: r.url, body: r.body }))
    })
  })
  server.keepAliveTimeout = 100
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    received,
    last: () => received[received.length - 1]!,
    close: () => closeHttpServer(server),
  }
}

/** An integration with AWS's defaults filled in. */
export function integration(partial: Partial<Integration> & Pick<Integration, 'type'>): Integration {
  return { timeoutInMillis: 29_000, ...partial }
}

/** A TCP port with nothing listening. */
export { closedPort } from '../support/closed-port.ts'
