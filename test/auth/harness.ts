/**
 * A data plane serving one API whose methods run the real access phase (auth/: resource policy
 * stages included) with real local
 * authorizer functions (test/fixtures/e2e/authorizers-app) or user pools, on a controllable clock. The
 * integration answers with what the authorizer left in the request context, so tests can
 * assert on `ctx.authorizer` and `ctx.authorization` directly.
 */
import { join } from 'node:path'
import { createDecisionCache } from '../../src/auth/decision-cache.ts'
import { createAccessPhase } from '../../src/auth/index.ts'
import type { CachedDecision } from '../../src/auth/outcome.ts'
import { createJwksClient, type JwksClient } from '../../src/auth/jwks.ts'
import { createResourcePolicyPhases } from '../../src/auth/resource-policy.ts'
import type { UserPools } from '../../src/auth/config.ts'
import { compilePlan, type IntegrationStagesFactory } from '../../src/compile/compile.ts'
import type { MethodPhase, ObservationFactory } from '../../src/gateway/method-phase.ts'
import { resolveConfigFile } from '../../src/config-file.ts'
import { createFunctionInvoker } from '../../src/functions/index.ts'
import { compileLambdaUri } from '../../src/integrations/lambda-uri.ts'
import { interpolateStageVariables } from '../../src/vtl/aws/stage-variable-template.ts'
import { buildProxyEventV1 } from '../../src/integrations/proxy-event-v1.ts'
import type { Authorizer, Method } from '../../src/model/index.ts'
import { apiDefinition, noUpstream, send, stage, start, type Own, type Reply } from '../data/fixtures.ts'
import type { RuntimePlan } from '../../src/gateway/types.ts'
import { useStarted, type SuiteSetup } from '../support/use-started.ts'

export const AUTH_APP = join(import.meta.dirname, '..', 'fixtures', 'e2e', 'authorizers-app')
export const functionUri = (name: string) =>
  `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:${name}/invocations`

export interface AuthorizedApi {
  /** GET `path` (after the stage) with `headers` */
  get(path: string, headers?: Record<string, string>): Promise<Reply>
  /** epoch ms the decision cache sees; tests move it */
  now: number
  close(): Promise<void>
}

/** answers 200 with `{authorizer, authorization}` of the request context */
const contextEcho: IntegrationStagesFactory = () => [
  function contextEcho(ctx) {
    return { kind: 'http', statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ authorizer: ctx.authorizer, authorization: ctx.authorization }) }
  },
]

export interface AuthorizedApiOptions {
  methods: Record<string, Record<string, Partial<Method>>>
  authorizers: Authorizer[]
  /** the API's resource policy */
  policy?: string
  stageVariables?: Record<string, string>
  timeoutMs?: number
  userPools?: UserPools
  jwks?: JwksClient
  /** the stage traces, observed by this observe/ factory */
  traced?: ObservationFactory
  /** the RestApi's apiKeySource (HEADER unless given) */
  apiKeySource?: 'HEADER' | 'AUTHORIZER'
  /** a traffic phase (limits/) after the access phase */
  traffic?: MethodPhase
}

/**
 * Serves the API (data/fixtures start) with a fresh function runtime and decision cache. `options`
 * may be built when the server starts, owning what it opened for them (an issuer).
 */
export async function startAuthorizedApi(options: AuthorizedApiOptions | ((own: Own) => AuthorizedApiOptions | Promise<AuthorizedApiOptions>)): Promise<AuthorizedApi> {
  const harness = { now: Date.now() } as AuthorizedApi
  let apiId = ''
  const running = await start(async (own) => {
    const o = typeof options === 'function' ? await options(own) : options
    const plan = authorizedPlan(o, own, harness)
    apiId = plan.apiId
    return [plan]
  })
  harness.get = (path, headers = {}) => send(running.address.port, { path: `/_aws/execute-api/${apiId}/prod${path}`, headers })
  harness.close = () => running.close()
  return harness
}

/** startAuthorizedApi for the enclosing suite, `setup` after it, closed after it (useStarted) */
export function useAuthorizedApi(options: Parameters<typeof startAuthorizedApi>[0], setup?: SuiteSetup<AuthorizedApi>): AuthorizedApi {
  return useStarted(() => startAuthorizedApi(options), setup)
}

function authorizedPlan(options: AuthorizedApiOptions, own: Own, harness: AuthorizedApi): RuntimePlan {
  const invoker = own(createFunctionInvoker({
    config: resolveConfigFile(
      { functions: { tokenAuth: { handler: './handlers.tokenAuthorizer', timeout: 5 }, requestAuth: { handler: './handlers.requestAuthorizer' }, eventEcho: { handler: './handlers.eventEcho' } } },
      join(AUTH_APP, 'portico.config.json'),
    ),
    accountId: '123456789012',
    region: 'us-east-1',
  }))
  const api = apiDefinition(options.methods)
  api.authorizers = options.authorizers
  if (options.policy !== undefined) api.restApi.policy = options.policy
  if (options.apiKeySource !== undefined) api.restApi.apiKeySource = options.apiKeySource
  const access = createAccessPhase({
    invoker,
    region: 'us-east-1',
    accountId: '123456789012',
    compileUri: compileLambdaUri,
    interpolate: interpolateStageVariables,
    proxyEvent: (ctx) => buildProxyEventV1(ctx, { isBinary: () => false }),
    cache: createDecisionCache<CachedDecision>({ now: () => harness.now }),
    now: () => harness.now,
    userPools: options.userPools ?? new Map(),
    jwks: options.jwks ?? createJwksClient(),
    ...createResourcePolicyPhases({ region: 'us-east-1', accountId: '123456789012' }),
    ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
  })
  const served = { ...stage('prod', options.stageVariables), tracingEnabled: options.traced !== undefined }
  return compilePlan({ snapshot: api, deploymentId: 'dep1', stage: served, upstream: noUpstream, integrations: contextEcho, phases: { access, ...(options.traffic && { traffic: options.traffic }) }, ...(options.traced && { observe: options.traced }) })
}
