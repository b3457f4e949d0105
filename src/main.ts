/**
 * Composition root: configuration → backends → capabilities → plan loader → listeners. The only
 * place that picks the store and the shared backends' implementations; everything it opens goes
 * on one CloseList, closed in reverse on close() or when start-up fails half-way.
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { PorticoConfig } from './config.ts'
import { openSqliteStore } from './control/store/sqlite/sqlite-store.ts'
import type { Store } from './control/store/store.ts'
import { PlanRegistry } from './data/plan-registry.ts'
import { createPlanLoader, type StageChange } from './data/plan-loader.ts'
import type { MethodPhases, RoutePhases } from './gateway/method-phase.ts'
import { compileStagePlan } from './compile/stage-plan.ts'
import { CloseList } from './lib/close-list.ts'
import { createDataPlaneServer, type Listener } from './data/server.ts'
import { createInjector, type Inject } from './data/inject.ts'
import { createRequestHistory, requestHistorySizeFromEnv, type RequestHistory } from './observe/request-history.ts'
import { createReset } from './control/reset.ts'
import { createTestInvoker } from './data/test-invoker.ts'
import { createUpstreamPools } from './integrations/index.ts'
import { createManagementHandler } from './control/protocol/management-handler.ts'
import { loadAdminCredentials, type ResolvedAdminCredentials } from './control/protocol/admin-credentials.ts'
import { managementOperations } from './control/operations/index.ts'
import { loadConfigFile, type FunctionsConfig } from './config-file.ts'
import { createFunctionInvoker, type FunctionInvoker } from './functions/index.ts'
import { watchConfigFile } from './config-watch.ts'
import { createVpcLinkDirectory, type VpcLinkDirectory } from './vpc-link-directory.ts'
import { createMemoryCounters, createRedisCounters, createTrafficLimits, type Clock, type Counters, type TrafficLimits } from './limits/index.ts'
import type { BackendHealth } from './lib/backend-health.ts'
import { redisMetricFamilies, type WatchedBackend } from './observe/backend-metrics.ts'
import { createObserver, type Observer, type ObserverOptions } from './observe/observer.ts'
import { observeOptionsFromEnv } from './observe/observe-env.ts'
import { templateLimitsFromEnv } from './integrations/template-limits.ts'
import { buildTemplateContext, formatRequestTime, readContextVariable } from './vtl/aws/context.ts'
import { createAccessPhase, type AccessPhaseDeps } from './auth/index.ts'
import { createAuthorizerTester } from './auth/test-invoke.ts'
import { createDecisionCache, stageScope } from './auth/decision-cache.ts'
import { createJwksClient } from './auth/jwks.ts'
import { createHttpApiAccessPhase } from './auth/http-api-access.ts'
import type { HttpApiLambdaDecision } from './auth/http-api-lambda-authorizer.ts'
import { httpApiContext, httpApiLambdaEvent } from './integrations/http-api/index.ts'
import type { CachedDecision } from './auth/outcome.ts'
import { createIamAuthorizer } from './auth/iam/iam-authorizer.ts'
import { createIamDirectory } from './auth/iam/config.ts'
import { createResourcePolicyPhases } from './auth/resource-policy.ts'
import { createCachePhase, openResponseCache } from './cache/index.ts'
import { createInvalidationCheck } from './auth/iam/invalidate-cache.ts'
import { compileLambdaUri } from './integrations/lambda-uri.ts'
import { interpolateStageVariables } from './vtl/aws/stage-variable-template.ts'
import { buildProxyEventV1 } from './integrations/proxy-event-v1.ts'
import { readFileSync } from 'node:fs'
import { TlsContexts, type PemPair } from './data/tls-contexts.ts'
import { loadServedDomains } from './data/domain-feed.ts'
import { certificateArn, importCertificate, stableCertificateId } from './control/domains/certificate-registry.ts'
import type { TlsConfig } from './config-tls.ts'
import { loadConsoleAssets } from './data/console-assets.ts'

/** Everything a Portico runs but its listeners: what startPortico listens with, and what the embeddable gateway (index.ts) drives. */
export interface PorticoCore {
  readonly config: PorticoConfig
  readonly store: Store
  readonly registry: PlanRegistry
  /** runs the Lambda functions behind AWS_PROXY / AWS integrations (local workers or a remote Lambda) */
  readonly invoker: FunctionInvoker
  /** API keys, usage plans, throttles and quotas of the data plane */
  readonly limits: TrafficLimits
  /** resolves once every change published so far is being served */
  settled(): Promise<void>
  /** the management API's credentials (`source: 'generated'` on the first start: show them once) */
  readonly admin: ResolvedAdminCredentials
  /** metrics, access and execution logs, traces */
  readonly observer: Observer
  /** a request through the data plane without a socket (data/inject.ts) */
  readonly inject: Inject
  /** the last requests each stage answered (`GET /_portico/requests`) */
  readonly requests: RequestHistory
  /** empties APIs, keys, plans, usage and caches (`POST /_portico/reset`) */
  reset(): Promise<void>
  /** the HTTPS listeners' certificates (undefined without --https-port) */
  readonly tls: TlsContexts | undefined
  /** each `https://` VPC endpoint listener's certificates (the default one, its private domains'), by vpce id */
  readonly vpceTls: ReadonlyMap<string, TlsContexts>
  /** re-reads --tls-cert/--tls-key and every custom domain's certificate (SIGHUP); connections open keep theirs */
  reloadTls(): Promise<void>
  /** opens listeners for the data plane and the management API, closed with the rest */
  listen(listeners: readonly Listener[]): Promise<AddressInfo[]>
  close(): Promise<void>
}

export interface Portico extends PorticoCore {
  /** where the data plane's listener is bound (the real port when 0 was asked for) */
  readonly address: AddressInfo
  /** where the management API's listener is bound: `address` unless it has its own (`adminPort`) */
  readonly adminAddress: AddressInfo
  /** `http://host:port` of the data plane (and of the management API when they share it) */
  readonly url: string
  /** `http://host:port` of the management API */
  readonly adminUrl: string
  /** `https://host:port` of the HTTPS listener, when there is one */
  readonly httpsUrl?: string
  /** `http://host:port` (`https://` for a TLS one) of each VPC endpoint listener (`--vpce-listener`), by vpce id */
  readonly vpceUrls: Readonly<Record<string, string>>
}

export interface StartOptions {
  /** called when a stage's new deployment fails to compile; the previous plan keeps serving */
  onCompileError?: (change: StageChange, error: Error) => void
  /**
   * the config file's contents — functions, Lambda endpoint, AWS service endpoints and keys
   * (default: the file PORTICO_CONFIG names, else portico.config.json/.yaml in the working directory, if any)
   */
  functions?: FunctionsConfig
  /** replaces the function runtime built from `functions` (tests) */
  invoker?: FunctionInvoker
  /** epoch ms for the in-process response cache's expiry (tests move it) */
  cacheClock?: () => number
  /** the clock throttles, quotas and usage days follow (tests move it); Date.now by default */
  limitsClock?: Clock
  /** how often admitted requests' usage is written to the store (default 500 ms) */
  usageFlushMs?: number
  /** how often keys and plans are reloaded without a local change (default 5000 ms: another process's changes) */
  limitsRefreshMs?: number
  /** log streams, the collector, the metrics clock (tests) */
  observe?: Partial<Omit<ObserverOptions, 'dataDir' | 'templates'>>
  /** requests each stage keeps in the request history; 0 turns it off (default PORTICO_REQUEST_HISTORY, else 100) */
  requestHistory?: number
  /** shed requests with 429 while the event loop runs this late under many arrivals (data/event-loop-lag.ts); default 0, never: `portico serve` sets it */
  maxEventLoopLagMs?: number
}

export async function startPortico(config: PorticoConfig, options: StartOptions = {}): Promise<Portico> {
  const core = await openPortico(config, options)
  try {
    const listeners = listenersOf(config, core.tls, core.vpceTls)
    const addresses = await core.listen(listeners)
    const address = addresses[0]!
    const adminAt = listeners.findIndex((l) => l.serves === 'management')
    const adminAddress = adminAt < 0 ? address : addresses[adminAt]!
    const httpsAt = listeners.findIndex((l) => l.tls !== undefined && l.vpce === undefined)
    return {
      ...core,
      address,
      adminAddress,
      url: urlOf(address, listeners[0]!.tls !== undefined),
      adminUrl: urlOf(adminAddress, adminAt < 0 && listeners[0]!.tls !== undefined),
      ...(httpsAt >= 0 && { httpsUrl: urlOf(addresses[httpsAt]!, true) }),
      vpceUrls: Object.fromEntries(listeners.flatMap((l, i) => (l.vpce === undefined ? [] : [[l.vpce.vpceId, urlOf(addresses[i]!, l.tls !== undefined)]]))),
    }
  } catch (error) {
    await core.close().catch((closeError: unknown) => console.error('portico: could not close after a failed start:', closeError))
    throw error
  }
}

/** Everything startPortico opens but the listeners: requests reach it through `inject()` until `listen()`. */
export async function openPortico(config: PorticoConfig, options: StartOptions = {}): Promise<PorticoCore> {
  // first: an invalid config file fails the start before anything is opened (workers start on first use)
  const file = options.functions ?? (await loadConfigFile({ path: process.env.PORTICO_CONFIG || undefined }))
  const opened = new CloseList()
  try {
    return await compose(config, options, file, opened)
  } catch (error) {
    await opened.close().catch((closeError: unknown) => console.error('portico: could not close after a failed start:', closeError))
    throw error
  }
}

/**
 * The listeners the configuration asks for: plain HTTP on `port`, HTTPS on `httpsPort`, and the
 * management API's own on `adminPort`; without it the first listener also serves the management
 * API. `httpsOnly`: the APIs only over HTTPS; `port` then serves the management API alone, or
 * is not opened when it has `adminPort`. Each `vpceListeners` entry: a VPC endpoint's listener.
 */
function listenersOf(config: PorticoConfig, tls: TlsContexts | undefined, vpceTls: ReadonlyMap<string, TlsContexts>): Listener[] {
  const serves = config.adminPort === undefined ? 'shared' : 'data'
  const listeners: Listener[] = []
  if (!config.httpsOnly) listeners.push({ host: config.host, port: config.port, serves })
  else if (config.adminPort === undefined) listeners.push({ host: config.host, port: config.port, serves: 'management' })
  if (config.httpsPort !== undefined && tls !== undefined) listeners.push({ host: config.host, port: config.httpsPort, serves: config.httpsOnly ? 'data' : serves, tls })
  if (config.adminPort !== undefined) listeners.push({ host: config.host, port: config.adminPort, serves: 'management' })
  // each VPC endpoint's (plain HTTP, or HTTPS with its own certificates): the data plane only, PRIVATE APIs only
  for (const { host, port, vpceId, vpcId } of config.vpceListeners ?? []) {
    const endpointTls = vpceTls.get(vpceId)
    listeners.push({ host, port, serves: 'data', vpce: { vpceId, ...(vpcId !== undefined && { vpcId }) }, ...(endpointTls !== undefined && { tls: endpointTls }) })
  }
  return listeners
}

/** --tls-cert / --tls-key, read now */
function readTlsPair(config: PorticoConfig): PemPair {
  return { cert: readFileSync(config.tlsCert!, 'utf8'), key: readFileSync(config.tlsKey!, 'utf8') }
}

/** The config file's `certificates`, registered (again) at start-up under their ARNs. */
async function registerFileCertificates(store: Store, tls: TlsConfig | undefined, account: { region: string; accountId: string }): Promise<void> {
  for (const entry of tls?.certificates ?? []) {
    const certificatePem = readFileSync(entry.certificate, 'utf8')
    const input = {
      certificatePem,
      privateKeyPem: readFileSync(entry.privateKey, 'utf8'),
      ...(entry.chain !== undefined && { chainPem: readFileSync(entry.chain, 'utf8') }),
      arn: entry.arn ?? certificateArn(account, stableCertificateId(certificatePem)),
    }
    try {
      await importCertificate(store, input, account, Math.floor(Date.now() / 1000))
    } catch (error) {
      throw new Error(`config file certificate ${entry.certificate}: ${(error as Error).message}`)
    }
  }
}

/** Opens each part in order, registering how to close it as soon as it is open. */
async function compose(config: PorticoConfig, options: StartOptions, file: FunctionsConfig, opened: CloseList): Promise<PorticoCore> {
  const observeEnv = observeOptionsFromEnv()
  const requests = opened.add(createRequestHistory({ perStage: options.requestHistory ?? requestHistorySizeFromEnv() }), (h) => h.close())
  // an invalid PORTICO_TEMPLATE_* fails the start rather than the first deploy
  templateLimitsFromEnv()
  const maxEventLoopLagMs = options.maxEventLoopLagMs ?? 0
  const services = file.services
  const account = { region: config.region, accountId: config.accountId }
  const store = opened.add(await openSqliteStore({ dataDir: config.dataDir, ...(config.apiKeySecret !== undefined && { apiKeySecret: config.apiKeySecret }) }), (s) => s.close())
  const vpcLinks = createVpcLinkDirectory(store, file.vpcLinks)
  await vpcLinks.reload()
  const invoker = opened.add(options.invoker ?? followConfigFile(createFunctionInvoker({ config: file, accountId: config.accountId, region: config.region }), vpcLinks, options, file, opened), (i) => i.close())
  const responses = await openResponseCache({
    backend: config.cache,
    maxBytes: config.cacheMaxBytes,
    ...(config.cacheKey !== undefined && { encryptionKey: config.cacheKey }),
    ...(options.cacheClock && { now: options.cacheClock }),
  })
  opened.add(responses.cache, (c) => c.close())
  // the Redis the request path depends on, for /metrics
  const backends: WatchedBackend[] = responses.health ? [{ use: 'cache', health: responses.health }] : []
  // closed after the listener: the last requests' usage reaches the store
  const limits = opened.add(await openLimits(config, options, store, backends), (l) => l.close())
  const observer = opened.add(
    createObserver({
      dataDir: config.dataDir,
      templates: { build: (ctx) => buildTemplateContext(ctx, { accountId: config.accountId }), read: readContextVariable, requestTime: formatRequestTime },
      httpApiTemplates: { build: (ctx) => httpApiContext(ctx, config.accountId), read: readContextVariable, requestTime: formatRequestTime },
      ...observeEnv,
      families: redisMetricFamilies(backends),
      ...options.observe,
    }),
    (o) => o.close(),
  )
  const upstream = opened.add(createUpstreamPools({ connections: config.upstreamConnections, maxQueue: config.upstreamQueue }), (u) => u.close())

  // the capabilities between routing and the integration: auth/ (access), limits/ (traffic), cache/ (cache)
  const authorizerCache = createDecisionCache<CachedDecision>()
  const iamDirectory = createIamDirectory(file.iam, account)
  const jwks = createJwksClient()
  const access: AccessPhaseDeps = {
    ...account,
    invoker,
    compileUri: compileLambdaUri,
    interpolate: interpolateStageVariables,
    proxyEvent: (ctx) => buildProxyEventV1(ctx, { accountId: config.accountId, isBinary: () => false }),
    cache: authorizerCache,
    userPools: file.userPools ?? new Map(),
    jwks,
    ...createResourcePolicyPhases(account),
    iamAuthorizer: createIamAuthorizer({ ...account, directory: iamDirectory }),
  }
  const phases: MethodPhases = {
    access: createAccessPhase(access),
    traffic: limits.phase,
    // Cache-Control: max-age=0 under requireAuthorizationForCacheControl: IAM's execute-api:InvalidateCache decides
    cache: createCachePhase({ cache: responses.cache, codec: responses.codec, mayInvalidate: createInvalidationCheck({ ...account, directory: iamDirectory }) }),
  }

  const httpApiAuthorizerCache = createDecisionCache<HttpApiLambdaDecision>()
  const routePhases: RoutePhases = {
    traffic: limits.routePhase,
    access: createHttpApiAccessPhase({
      jwks,
      iam: { ...account, directory: iamDirectory },
      lambda: {
        ...account,
        invoker,
        compileUri: compileLambdaUri,
        event: (ctx, version) => httpApiLambdaEvent(ctx, version, undefined, config.accountId),
        cache: httpApiAuthorizerCache,
      },
    }),
  }

  const registry = new PlanRegistry()
  const tls = config.httpsPort === undefined ? undefined : new TlsContexts(readTlsPair(config))
  // an `https://` VPC endpoint listener presents its associated private domains' certificates by SNI, the default one otherwise
  const vpceTls = new Map((config.vpceListeners ?? []).filter((l) => l.tls === true).map((l) => [l.vpceId, new TlsContexts(readTlsPair(config))] as const))
  await registerFileCertificates(store, file.tls, account)
  const warnDomain = (domainName: string, problem: Error | string) => console.error(`portico: custom domain ${domainName}: ${typeof problem === 'string' ? problem : problem.message}`)
  const reloadDomains = async (): Promise<void> => {
    const served = await loadServedDomains(store, warnDomain)
    registry.setDomains(served.mappings)
    tls?.setDomains(served.tls, warnDomain)
    for (const [vpceId, contexts] of vpceTls) contexts.setDomains(served.privateTls.filter((d) => d.vpces.includes(vpceId)), warnDomain)
  }
  await reloadDomains()
  const loader = opened.add(
    createPlanLoader({
      store,
      registry,
      compile: (target) => requests.adopt(compileStagePlan({ ...target, upstream, invoker, phases, routePhases, observe: observer.compile, observeHttpApi: observer.compileHttpApi, accountId: config.accountId, region: config.region, vpcLinks, ...(services && { services }) })),
      ...(options.onCompileError && { onCompileError: options.onCompileError }),
      // keys, plans and the account throttle: reloaded in order with the stages' changes
      onChange: (change) =>
        change.kind === 'remaining'
          ? limits.usageUpdated(change.usagePlanId, change.keyId)
          : change.kind === 'account'
            ? change.resource === 'domain-name' || change.resource === 'certificate'
              ? reloadDomains()
              : change.resource === 'vpc-link'
                ? vpcLinks.reload()
              : limits.reload()
            : Promise.resolve(),
    }),
    (l) => l.close(),
  )
  await loader.loadAll()

  const admin = await loadAdminCredentials(config)
  const flushAuthorizerCache = (apiId: string, stageName: string): void => {
    authorizerCache.flush(stageScope(apiId, stageName))
    httpApiAuthorizerCache.flush(stageScope(apiId, stageName))
  }
  const reset = createReset({
    store,
    flushUsage: limits.flushUsage,
    settled: () => loader.settled(),
    flushStageCache: responses.flushStage,
    flushAuthorizerCache,
    clearRequests: () => {
      requests.clear()
      observer.accessLogs.clear()
    },
  })
  // the data plane's bound port, once listening (apigatewayv2's apiEndpoint names it; port 0 asks the OS for one)
  let dataPort: number | undefined
  const management = createManagementHandler({
    services: {
      store,
      config,
      dataPort: () => dataPort ?? config.port,
      now: () => Math.floor(Date.now() / 1000),
      invoker,
      flushStageCache: responses.flushStage,
      flushUsage: limits.flushUsage,
      metrics: observer.metrics,
      ...(services && { services }),
      flushAuthorizerCache,
      testInvokeAuthorizer: createAuthorizerTester(access),
      reset,
      requests,
      accessLogs: observer.accessLogs,
      testInvoker: createTestInvoker(),
      ...(file.tls && { truststores: file.tls.truststores }),
    },
    operations: managementOperations,
    auth: { dev: config.dev, secretFor: (id) => (id === admin.accessKeyId ? admin.secretAccessKey : undefined) },
  })
  const consoleAssets = loadConsoleAssets(consoleDir())
  const fallback = (req: IncomingMessage, res: ServerResponse): void => {
    if (isMetricsScrape(req)) observer.prometheus(req, res)
    else if (!consoleAssets.handle(req, res)) management(req, res)
  }
  return {
    config,
    store,
    registry,
    invoker,
    limits,
    admin,
    observer,
    inject: createInjector({ registry }),
    requests,
    reset,
    settled: () => loader.settled(),
    tls,
    vpceTls,
    async reloadTls() {
      if (tls) tls.setDefault(readTlsPair(config))
      for (const contexts of vpceTls.values()) contexts.setDefault(readTlsPair(config))
      await reloadDomains()
    },
    // each call its own server, closed before everything it serves (the list closes newest first)
    async listen(listeners) {
      const addresses = await opened.add(createDataPlaneServer({ registry, fallback, limits: { maxEventLoopLagMs } }), (d) => d.close()).listen(listeners)
      const data = listeners.findIndex((listener) => listener.serves !== 'management')
      if (data >= 0 && dataPort === undefined) dataPort = addresses[data]!.port
      return addresses
    },
    close: () => opened.close(),
  }
}

/**
 * The runtime of a config file Portico read itself follows that file: functions added or aliases
 * re-weighted while it runs apply to the next invocation, and so do VPC link targets (a file
 * given in `options.functions` is the caller's to reload).
 */
function followConfigFile<T extends ReturnType<typeof createFunctionInvoker>>(invoker: T, vpcLinks: VpcLinkDirectory, options: StartOptions, file: FunctionsConfig, opened: CloseList): T {
  if (options.functions !== undefined) return invoker
  const watch = watchConfigFile({
    path: process.env.PORTICO_CONFIG || file.path,
    onChange: (next) => {
      invoker.reload(next)
      vpcLinks.setTargets(next.vpcLinks)
    },
    onError: (error) => console.error(`portico: config file not reloaded, the functions stay as they were: ${error.message}`),
  })
  opened.add(watch, (w) => w.close())
  return invoker
}

/** API keys, usage plans, throttles and quotas over the configured counters (closed here if the rest fails). */
async function openLimits(config: PorticoConfig, options: StartOptions, store: Store, backends: WatchedBackend[]): Promise<TrafficLimits> {
  const { counters, health } = await openCounters(config, options.limitsClock)
  if (health) backends.push({ use: 'counters', health })
  try {
    return await createTrafficLimits({
      store,
      counters,
      ...(options.limitsClock && { now: options.limitsClock }),
      ...(options.usageFlushMs !== undefined && { usageFlushMs: options.usageFlushMs }),
      ...(options.limitsRefreshMs !== undefined && { refreshMs: options.limitsRefreshMs }),
    })
  } catch (error) {
    await counters.close()
    throw error
  }
}

/** Throttle and quota counters: in this process, or in the Redis `config.counters` names (shared by a fleet). */
async function openCounters(config: PorticoConfig, now: Clock | undefined): Promise<{ counters: Counters; health?: BackendHealth }> {
  const clock = now && { now }
  if (config.counters === 'memory') return { counters: createMemoryCounters(clock) }
  const counters = await createRedisCounters({ url: config.counters, ...clock })
  return { counters, health: counters.health }
}

function urlOf(address: AddressInfo, https = false): string {
  return `${https ? 'https' : 'http'}://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`
}

/** `GET /metrics` on the listener (no API and no management operation has that path): Prometheus scrapes it. */
function isMetricsScrape(req: IncomingMessage): boolean {
  const url = req.url ?? ''
  return (req.method === 'GET' || req.method === 'HEAD') && (url === '/metrics' || url.startsWith('/metrics?'))
}

/** The built web console: dist/console beside dist/main.js and the bundled CLI dist/portico.js, or from src/ (tsx) the one `npm run build` made. */
function consoleDir(): string | undefined {
  for (const relative of ['./console/', '../dist/console/']) {
    const dir = fileURLToPath(new URL(relative, import.meta.url))
    if (existsSync(`${dir}index.html`)) return dir
  }
  return undefined
}
