/**
 * For the HTTP API data-plane suites: HTTP API snapshots compiled with the real plan compiler,
 * served by the real data-plane listener on port 0; handler files in
 * test/fixtures/http-api/handlers run in the real function runtime; a backend http.Server that
 * records what it received.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { resolveConfigFile } from '../../src/config-file.ts'
import { compileHttpApiPlan, type HttpApiSnapshot } from '../../src/compile/http-api-plan.ts'
import { createFunctionInvoker, type FunctionInvoker } from '../../src/functions/index.ts'
import type { RuntimePlan } from '../../src/gateway/types.ts'
import type { RoutePhases } from '../../src/gateway/method-phase.ts'
import type { UpstreamPools } from '../../src/integrations/index.ts'
import type { V2Authorizer, V2Cors, V2Integration, V2Route } from '../../src/model/index.ts'
import type { Running } from '../data/fixtures.ts'

export const HTTP_API_ID = 'h1t2p3a4p5'
export const REGION = 'us-east-1'
export const ACCOUNT = '123456789012'

const HANDLERS = fileURLToPath(new URL('../fixtures/http-api/handlers/', import.meta.url))
const FUNCTIONS = ['authSimple', 'authPolicy', 'echo', 'bareString', 'bareObject', 'bareArray', 'cookies', 'binary', 'badStatus', 'extraField', 'plain', 'withCors', 'throws', 'slow']

/** The real function runtime with every handler of api.mjs, by its export name. */
export function handlerRuntime(): FunctionInvoker {
  const config = resolveConfigFile({ functions: Object.fromEntries(FUNCTIONS.map((name) => [name, { handler: `api.${name}` }])) }, `${HANDLERS}portico.config.json`)
  return createFunctionInvoker({ config, accountId: ACCOUNT, region: REGION, hotReload: false })
}

export function functionArn(name: string): string {
  return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`
}

export type IntegrationSpec = Partial<V2Integration>

/** A Lambda integration, payload 2.0 unless told. */
export function lambda(name: string, extra: IntegrationSpec = {}): IntegrationSpec {
  return { integrationType: 'AWS_PROXY', integrationUri: functionArn(name), payloadFormatVersion: '2.0', ...extra }
}

export function httpProxy(uri: string, extra: IntegrationSpec = {}): IntegrationSpec {
  return { integrationType: 'HTTP_PROXY', integrationUri: uri, integrationMethod: 'ANY', payloadFormatVersion: '1.0', ...extra }
}

/** `{ 'GET /pets/{id}': lambda('echo') }` → an HTTP API snapshot, one integration per route. */
export function httpApi(routes: Record<string, IntegrationSpec | null>, options: { cors?: V2Cors; apiId?: string; route?: Partial<V2Route>; authorizers?: V2Authorizer[] } = {}): HttpApiSnapshot {
  const routeList: V2Route[] = []
  const integrations: V2Integration[] = []
  for (const [i, [routeKey, spec]] of Object.entries(routes).entries()) {
    const integrationId = `int${i}`
    routeList.push({ routeId: `r${i}`, routeKey, ...(spec !== null && { target: `integrations/${integrationId}` }), authorizationType: 'NONE', apiKeyRequired: false, ...options.route })
    if (spec !== null) integrations.push({ integrationId, integrationType: 'AWS_PROXY', connectionType: 'INTERNET', timeoutInMillis: 30_000, ...spec })
  }
  return { api: { apiId: options.apiId ?? HTTP_API_ID, disableExecuteApiEndpoint: false, ...(options.cors && { corsConfiguration: options.cors }) }, routes: routeList, integrations, authorizers: options.authorizers ?? [] }
}

export function httpPlan(snapshot: HttpApiSnapshot, stageName: string, parts: { upstream: UpstreamPools; invoker?: FunctionInvoker; stageVariables?: Record<string, string>; phases?: RoutePhases }): RuntimePlan {
  return compileHttpApiPlan({
    snapshot,
    stage: { stageName, stageVariables: parts.stageVariables ?? {} },
    deploymentId: 'dep1',
    upstream: parts.upstream,
    ...(parts.invoker !== undefined && { invoker: parts.invoker }),
    ...(parts.phases !== undefined && { phases: parts.phases }),
  })
}

/** A data plane serving HTTP API plans (data/fixtures start/useServed): requests name the API by Host (`host`), as execute-api URLs do. */
export type HttpApiGateway = Running

export interface Received {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: string
}

export interface Backend {
  url: string
  received: Received[]
  close(): Promise<void>
}

/**
 * A backend that records each request and answers 200 `{"backend":true}` with
 * `access-control-allow-origin: https://backend.example` (for the CORS override), unless the
 * request's path ends in `/slow` (answers after 2 s) or `/status/{n}` (answers n).
 */
export async function startBackend(): Promise<Backend> {
  const received: Received[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
      const status = /\/status\/(\d{3})$/.exec(req.url?.split('?')[0] ?? '')
      const answer = () => {
        res.writeHead(status ? Number(status[1]) : 200, { 'content-type': 'application/json', 'access-control-allow-origin': 'https://backend.example', 'x-backend': 'yes' })
        res.end('{"backend":true}')
      }
      if (req.url?.split('?')[0]?.endsWith('/slow')) setTimeout(answer, 2000).unref()
      else answer()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
