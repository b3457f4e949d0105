/**
 * Composition root: configuration → backends → listeners. The only place that picks the store
 * implementation and wires the control plane's change feed to the data plane's plans.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { PorticoConfig } from './config.ts'
import { openSqliteStore } from './control/store/sqlite/sqlite-store.ts'
import type { Store } from './control/store/store.ts'
import { ChangeFeed, type StageChange } from './control/change-feed.ts'
import { PlanRegistry } from './data/plan-registry.ts'
import { compilePlan, type MethodPhases, type ObservationFactory } from './compile/compile.ts'
import { canaryStage } from './compile/canary.ts'
import { createDataPlaneServer } from './data/server.ts'
import { createUpstreamPools, type AwsServiceOptions, type UpstreamPools } from './integrations/index.ts'
import { createManagementHandler } from './control/protocol/management-handler.ts'
import { loadAdminCredentials, type ResolvedAdminCredentials } from './control/protocol/admin-credentials.ts'
import { managementOperations } from './control/operations/index.ts'
import { loadConfigFile, type FunctionsConfig } from './config-file.ts'
import { createFunctionInvoker, type FunctionInvoker } from './functions/index.ts'
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
import type { CachedDecision } from './auth/outcome.ts'
import { createIamAuthorizer } from './auth/iam/iam-authorizer.ts'
import { createIamDirectory } from './auth/iam/config.ts'
import { createResourcePolicyPhases } from './auth/resource-policy.ts'
import { createCachePhase, openResponseCache } from './cache/index.ts'
import { createInvalidationCheck } from './auth/iam/invalidate-cache.ts'
import { compileLambdaUri } from './integrations/lambda-uri.ts'
import { interpolateStageVariables } from './vtl/aws/stage-variable-template.ts'
import { buildProxyEventV1 } from './integrations/proxy-event-v1.ts'

export interface Portico {
  readonly config: PorticoConfig
  readonly store: Store
  readonly feed: ChangeFeed
  readonly registry: PlanRegistry
  /** runs the Lambda functions behind AWS_PROXY / AWS integrations (local workers or a remote Lambda) */
  readonly invoker: FunctionInvoker
  /** API keys, usage plans, throttles and quotas of the data plane */
  readonly limits: TrafficLimits
  /** where the listener is bound (the real port when 0 was asked for) */
  readonly address: AddressInfo
  /** resolves once every change published so far is being served */
  settled(): Promise<void>
  /** `http://host:port` */
  readonly url: string
  /** the management API's credentials (`source: 'generated'` on the first start: show them once) */
  readonly admin: ResolvedAdminCredentials
  /** metrics, access and execution logs, traces */
  readonly observer: Observer
  close(): Promise<void>
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
}

export async function startPortico(config: PorticoConfig, options: StartOptions = {}): Promise<Portico> {
  // first: an invalid config file fails the start before anything is opened (workers start on first use)
  const file = options.functions ?? (await loadConfigFile({ path: process.env.PORTICO_CONFIG || undefined }))
  const observeEnv = observeOptionsFromEnv()
  // an invalid PORTICO_TEMPLATE_* fails the start rather than the first deploy
  templateLimitsFromEnv()
  const invoker = options.invoker ?? createFunctionInvoker({ config: file, accountId: config.accountId, region: config.region })
  const services = file.services
  const store = await openSqliteStore({ dataDir: config.dataDir, ...(config.apiKeySecret !== undefined && { apiKeySecret: config.apiKeySecret }) })
  const responses = await openResponseCache({
    backend: config.cache,
    maxBytes: config.cacheMaxBytes,
    ...(config.cacheKey !== undefined && { encryptionKey: config.cacheKey }),
    ...(options.cacheClock && { now: options.cacheClock }),
  }).catch(async (error: unknown) => {
    await store.close()
    throw error
  })
  const feed = new ChangeFeed()
  const registry = new PlanRegistry()
  const upstream = createUpstreamPools({ connections: config.upstreamConnections, maxQueue: config.upstreamQueue })
  let limits: TrafficLimits
  // the Redis the request path depends on, for /metrics
  const backends: WatchedBackend[] = responses.health ? [{ use: 'cache', health: responses.health }] : []
  try {
    const counters = await openCounters(config, options.limitsClock)
    if (counters.health) backends.push({ use: 'counters', health: counters.health })
    limits = await createTrafficLimits({
      store,
      counters: counters.counters,
      ...(options.limitsClock && { now: options.limitsClock }),
      ...(options.usageFlushMs !== undefined && { usageFlushMs: options.usageFlushMs }),
      ...(options.limitsRefreshMs !== undefined && { refreshMs: options.limitsRefreshMs }),
    })
  } catch (error) {
    await responses.cache.close()
    await store.close()
    throw error
  }
  // the capabilities between routing and the integration: auth/ (access), limits/ (traffic), cache/ (cache)
  const account = { region: config.region, accountId: config.accountId }
  const phases: MethodPhases = { traffic: limits.phase }
  const authorizerCache = createDecisionCache<CachedDecision>()
  const iamDirectory = createIamDirectory(file.iam, account)
  const access: AccessPhaseDeps = {
    ...account,
    invoker,
    compileUri: compileLambdaUri,
    interpolate: interpolateStageVariables,
    proxyEvent: (ctx) => buildProxyEventV1(ctx, { accountId: config.accountId, isBinary: () => false }),
    cache: authorizerCache,
    userPools: file.userPools ?? new Map(),
    jwks: createJwksClient(),
    ...createResourcePolicyPhases(account),
    iamAuthorizer: createIamAuthorizer({ ...account, directory: iamDirectory }),
  }
  phases.access = createAccessPhase(access)
  // Cache-Control: max-age=0 under requireAuthorizationForCacheControl: IAM's execute-api:InvalidateCache decides
  phases.cache = createCachePhase({ cache: responses.cache, codec: responses.codec, mayInvalidate: createInvalidationCheck({ ...account, directory: iamDirectory }) })
  const observer = createObserver({
    dataDir: config.dataDir,
    templates: { build: (ctx) => buildTemplateContext(ctx, { accountId: config.accountId }), read: readContextVariable, requestTime: formatRequestTime },
    ...observeEnv,
    families: redisMetricFamilies(backends),
    ...options.observe,
  })

  const refresh = async (change: StageChange): Promise<void> => {
    if (change.deploymentId === undefined) {
      registry.delete(change.apiId, change.stageName)
      return
    }
    try {
      await loadStage(store, registry, { upstream, invoker, phases, observe: observer.compile, ...(services && { services }) }, change.apiId, change.stageName)
    } catch (error) {
      if (options.onCompileError) options.onCompileError(change, error as Error)
      else throw error
    }
  }
  // One change at a time, in order: a slow load must never overwrite a newer plan.
  let applying: Promise<void> = Promise.resolve()
  feed.subscribe((change) => {
    applying = applying
      .then(() => refresh(change))
      .catch((error: Error) => console.error(`portico: could not load stage ${change.apiId}/${change.stageName}: ${error.message}`))
  })

  // keys, plans and the account throttle: reloaded (in order with stage changes) after each management change
  feed.subscribeAccount((change) => {
    applying = applying
      .then(() => (change.operation === 'UpdateUsage' && change.usagePlanId && change.keyId ? limits.usageUpdated(change.usagePlanId, change.keyId) : limits.reload()))
      .catch((error: Error) => console.error(`portico: could not reload API keys and usage plans after ${change.operation}: ${error.message}`))
  })

  for (const { apiId, stage } of await store.listAllStages()) {
    await refresh({ apiId, stageName: stage.stageName, deploymentId: stage.deploymentId })
  }

  const admin = await loadAdminCredentials(config)
  const management = createManagementHandler({
    services: {
      store,
      feed,
      config,
      now: () => Math.floor(Date.now() / 1000),
      invoker,
      flushStageCache: responses.flushStage,
      flushUsage: limits.flushUsage,
      metrics: observer.metrics,
      ...(services && { services }),
      flushAuthorizerCache: (apiId, stageName) => authorizerCache.flush(stageScope(apiId, stageName)),
      testInvokeAuthorizer: createAuthorizerTester(access),
    },
    operations: managementOperations,
    auth: { dev: config.dev, secretFor: (id) => (id === admin.accessKeyId ? admin.secretAccessKey : undefined) },
  })
  const fallback = (req: IncomingMessage, res: ServerResponse): void => (isMetricsScrape(req) ? observer.prometheus(req, res) : management(req, res))
  const dataPlane = createDataPlaneServer({ registry, fallback })
  let address: AddressInfo
  try {
    address = await dataPlane.listen(config.port, config.host)
  } catch (error) {
    await upstream.close()
    await invoker.close()
    await responses.cache.close()
    await observer.close()
    await limits.close()
    await store.close()
    throw error
  }
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return {
    config,
    store,
    feed,
    registry,
    invoker,
    limits,
    address,
    url: `http://${host}:${address.port}`,
    admin,
    observer,
    settled: () => applying,
    async close() {
      await dataPlane.close()
      await upstream.close()
      await invoker.close()
      await responses.cache.close()
      // after the listener: the last requests' usage reaches the store
      await limits.close()
      await observer.close()
      await store.close()
    },
  }
}

/** Throttle and quota counters: in this process, or in the Redis `config.counters` names (shared by a fleet). */
async function openCounters(config: PorticoConfig, now: Clock | undefined): Promise<{ counters: Counters; health?: BackendHealth }> {
  const clock = now && { now }
  if (config.counters === 'memory') return { counters: createMemoryCounters(clock) }
  const counters = await createRedisCounters({ url: config.counters, ...clock })
  return { counters, health: counters.health }
}

/** `GET /metrics` on the listener (no API and no management operation has that path): Prometheus scrapes it. */
function isMetricsScrape(req: IncomingMessage): boolean {
  const url = req.url ?? ''
  return (req.method === 'GET' || req.method === 'HEAD') && (url === '/metrics' || url.startsWith('/metrics?'))
}

/**
 * Compiles the deployment a stage points at — and, during a canary release, the canary's
 * deployment under the canary's stage variables — and swaps them in together; requests in
 * flight keep the old plan.
 */
async function loadStage(
  store: Store,
  registry: PlanRegistry,
  runtime: { upstream: UpstreamPools; invoker: FunctionInvoker; phases: MethodPhases; observe: ObservationFactory; services?: AwsServiceOptions },
  apiId: string,
  stageName: string,
): Promise<void> {
  const stage = await store.getStage(apiId, stageName)
  if (!stage) {
    registry.delete(apiId, stageName)
    return
  }
  const snapshot = await store.getDeploymentSnapshot(apiId, stage.deploymentId)
  if (!snapshot) throw new Error(`stage ${stageName} points at missing deployment ${stage.deploymentId}`)
  const canary = canaryStage(stage)
  const canarySnapshot = canary && (await store.getDeploymentSnapshot(apiId, canary.deploymentId))
  if (canary && !canarySnapshot) throw new Error(`the canary of stage ${stageName} points at missing deployment ${canary.deploymentId}`)
  // $context.isCanaryRequest exists only on a stage with canary settings
  const withCanary = stage.canarySettings !== undefined
  const plan = compilePlan({ snapshot, deploymentId: stage.deploymentId, stage, ...runtime, ...(withCanary && { isCanaryRequest: false }) })
  if (!canary || !canarySnapshot) {
    registry.set(apiId, stageName, plan)
    return
  }
  const canaryPlan = compilePlan({ snapshot: canarySnapshot, deploymentId: canary.deploymentId, stage: canary, ...runtime, isCanaryRequest: true })
  registry.set(apiId, stageName, plan, { plan: canaryPlan, percentTraffic: stage.canarySettings!.percentTraffic! })
}
