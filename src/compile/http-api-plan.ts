import type { FunctionInvoker } from '../gateway/function-invoker.ts'
import type { HttpApiObservationFactory, RoutePhases } from '../gateway/method-phase.ts'
import type { HttpAnswer, MethodPlan, PipelineStage, RequestContext, RouteMatch, RuntimePlan, StageResult } from '../gateway/types.ts'
import { HeaderMap } from '../lib/multi-map.ts'
import { compileHttpApiResponseParameters, httpApiIntegrationStage, type HttpApiResponseMapping } from '../integrations/http-api/index.ts'
import type { HttpApiDefinition, V2Api, V2Stage } from '../model/index.ts'
import type { UpstreamPools } from '../integrations/index.ts'
import type { AwsServiceOptions } from '../integrations/aws-service/options.ts'
import type { VpcLinkTargets } from '../gateway/vpc-link-targets.ts'
import { CompileError, compileStep } from './compile-error.ts'
import { compileCors, type Cors } from './http-api-cors.ts'
import { httpApiErrorRenderer } from './http-api-errors.ts'
import { createRouterBuilder } from './router.ts'

/** What the plan reads of an HTTP API deployment. */
export type HttpApiSnapshot = Pick<HttpApiDefinition, 'routes' | 'integrations' | 'authorizers'> & {
  api: Pick<V2Api, 'apiId' | 'disableExecuteApiEndpoint' | 'corsConfiguration'> & Partial<Pick<V2Api, 'name'>>
}

/** What the plan reads of an apigatewayv2 stage. */
export type HttpApiStageConfig = Pick<V2Stage, 'stageName' | 'stageVariables'> & Partial<Pick<V2Stage, 'defaultRouteSettings' | 'routeSettings' | 'accessLogSettings'>>

export interface HttpApiPlanInput {
  snapshot: HttpApiSnapshot
  stage: HttpApiStageConfig
  deploymentId: string
  upstream: UpstreamPools
  /** runs AWS_PROXY integrations (without it they answer 500) */
  invoker?: FunctionInvoker
  /** the routes' authorizers (auth/, from main.ts); without them a route that names one answers 500 */
  phases?: RoutePhases
  /** access log and metrics for the plan (observe/); absent: nothing is observed */
  observe?: HttpApiObservationFactory
  accountId?: string
  /** AWS service integrations' endpoints and keys (the config file's `services`); without them such integrations answer 500 */
  services?: AwsServiceOptions
  /** Portico's region, for AWS service integrations' signatures */
  region?: string
  /** where private integrations go (the store's VPC links, the config file's `vpcLinks`) */
  vpcLinks?: VpcLinkTargets
}

/** `GET /pets/{id}`; methods AWS documents for HTTP API route keys */
const ROUTE_KEY = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|ANY) (\/\S*)$/
const DEFAULT_ROUTE = '$default'
const BACKEND_CORS = /^access-control-/i

/**
 * compile(HTTP API deployment, v2 stage) → RuntimePlan, served by the same pipeline as REST's:
 * - routes: `VERB /path` and `ANY /path` in REST's router (compile/router.ts: a literal segment
 *   beats `{param}`, which beats a greedy `{proxy+}`, backtracking when the branch has no route
 *   for the verb; `ANY` answers verbs a path does not define), then the `$default` route; no
 *   match → 404 `{"message":"Not Found"}` (AWS's precedence, http-api-develop-routes.md);
 * - CORS (`corsConfiguration`, http-api-cors.ts): a preflight is answered by the gateway unless
 *   an `OPTIONS` route or the `$default` route claims it, before any authorizer or integration;
 *   other answers get the CORS headers and lose the backend's;
 * - each route: `apigw-requestid` on whatever answer follows, its throttle and its authorizer
 *   (the phases main.ts passes in: limits/, auth/http-api-access.ts), then its integration
 *   (integrations/http-api/), whose answer passes the integration's response mapping;
 * - errors: httpApiErrorRenderer (HTTP APIs have no gateway responses).
 * A route without a target, or naming an integration that does not exist, answers 500 as AWS
 * does for a route with no integration (unsure); a malformed route key fails the compile.
 */
export function compileHttpApiPlan(input: HttpApiPlanInput): RuntimePlan {
  const { snapshot, stage } = input
  const apiId = snapshot.api.apiId
  const stageVariables: Readonly<Record<string, string>> = Object.freeze({ ...(stage.stageVariables ?? {}) })
  const cors = compileCors(snapshot.api.corsConfiguration)
  const integrations = new Map(snapshot.integrations.map((i) => [i.integrationId, i]))
  const authorizers = new Map(snapshot.authorizers.map((a) => [a.authorizerId, a]))
  const access = input.phases?.access
  const traffic = input.phases?.traffic
  const router = createRouterBuilder<MethodPlan>()
  let defaultRoute: MethodPlan | undefined
  const observed: Array<{ route: MethodPlan; detailed: boolean }> = []

  for (const route of snapshot.routes) {
    const where = route.routeKey
    const parsed = parseRouteKey(route.routeKey)
    const integrationId = route.target?.startsWith('integrations/') ? route.target.slice('integrations/'.length) : undefined
    const integration = integrationId === undefined ? undefined : integrations.get(integrationId)
    const responses = compileStep(where, () => compileHttpApiResponseParameters(integration?.responseParameters, where))
    const finish = finishAnswer(cors, responses)
    // HTTP_PROXY finishes the backend's head itself (responseHead) before it streams the body,
    // unless its response mapping reads the body: then it answers whole and is finished as Lambda's
    const streams = integration?.integrationType === 'HTTP_PROXY' && !responses.readsBody
    const call: PipelineStage =
      integration === undefined
        ? noIntegration
        : compileStep(where, () =>
            httpApiIntegrationStage({
              integration,
              routePath: parsed?.path,
              stageVariables,
              upstream: input.upstream,
              ...(input.invoker !== undefined && { invoker: input.invoker }),
              ...(input.accountId !== undefined && { accountId: input.accountId }),
              ...(input.services !== undefined && { services: input.services }),
              ...(input.region !== undefined && { region: input.region }),
              ...(input.vpcLinks !== undefined && { vpcLinks: input.vpcLinks }),
              // neither response mapping nor CORS: the backend's head goes out untouched, with no pairs built per answer
              ...((cors !== undefined || !responses.empty) && { responseHead: (ctx: RequestContext, statusCode: number, head: Array<[string, string]>) => finishHead(ctx, statusCode, head, cors, responses) }),
              ...(integration.integrationType === 'HTTP_PROXY' && !streams && { bufferResponse: true }),
              where,
            }),
          )
    const authorizer = route.authorizerId === undefined ? undefined : authorizers.get(route.authorizerId)
    const phaseInput = { apiId, route, authorizer, stageName: stage.stageName, stageVariables, settings: stage.routeSettings?.[route.routeKey] ?? stage.defaultRouteSettings }
    const throttle: PipelineStage[] = traffic ? compileStep(where, () => traffic(phaseInput)) : []
    const authorize: PipelineStage[] = route.authorizationType === 'NONE' ? [] : access ? compileStep(where, () => access(phaseInput)) : [noAuthorizer]
    const plan: MethodPlan = {
      resourceId: route.routeId,
      resourcePath: parsed?.path ?? DEFAULT_ROUTE,
      httpMethod: parsed?.method ?? 'ANY',
      routeKey: route.routeKey,
      stages: [announceRequestId, ...throttle, ...authorize, streams ? call : withFinish(call, finish)],
    }
    observed.push({ route: plan, detailed: phaseInput.settings?.detailedMetricsEnabled === true })
    if (parsed === undefined) defaultRoute = plan
    else compileStep(where, () => router.add(parsed.path, parsed.method, plan))
  }

  // only the $default route: no path to split and walk per request
  const routes = observed.some(({ route }) => route !== defaultRoute) ? router.build() : undefined
  const preflight = cors === undefined ? undefined : preflightStage(cors)
  const observe = input.observe?.({ apiId, apiName: snapshot.api.name ?? apiId, stageName: stage.stageName, accessLogSettings: stage.accessLogSettings, routes: observed })

  return Object.freeze({
    protocol: 'HTTP',
    apiId,
    stageName: stage.stageName,
    deploymentId: input.deploymentId,
    stageVariables,
    binaryMediaTypes: Object.freeze([]),
    disableExecuteApiEndpoint: snapshot.api.disableExecuteApiEndpoint === true,
    ...(observe && { observe }),
    match(httpMethod: string, path: string): RouteMatch | undefined {
      const found = routes?.match(httpMethod, path)
      if (preflight !== undefined && httpMethod === 'OPTIONS' && found?.httpMethod !== 'OPTIONS' && (found !== undefined || defaultRoute === undefined)) {
        return { method: preflight(found === undefined ? undefined : { method: found.value, pathParameters: found.pathParameters }), pathParameters: {} }
      }
      if (found !== undefined) return { method: found.value, pathParameters: found.pathParameters }
      return defaultRoute === undefined ? undefined : { method: defaultRoute, pathParameters: {} }
    },
    renderError: httpApiErrorRenderer(cors),
  } satisfies RuntimePlan)
}

/** `VERB /path` → its parts; `$default` → undefined; anything else fails the compile. */
function parseRouteKey(routeKey: string): { method: string; path: string } | undefined {
  if (routeKey === DEFAULT_ROUTE) return undefined
  const m = ROUTE_KEY.exec(routeKey)
  if (m === null) throw new CompileError(`${routeKey}: Invalid route key`)
  return { method: m[1]!, path: m[2]! }
}

/**
 * Every answer of an HTTP API carries `apigw-requestid` (http-api-troubleshooting-jwt.md), and
 * not REST's `x-amzn-RequestId` / `x-amz-apigw-id` (reference §2.12: captured HTTP API answers
 * have neither).
 */
function announceRequestId(ctx: RequestContext): undefined {
  ctx.sink.omitRequestIds()
  ctx.sink.addHeader('apigw-requestid', ctx.requestId)
  return undefined
}

/** A route that names an authorizer on a gateway built without the access phase: never let through. */
function noAuthorizer(ctx: RequestContext): StageResult {
  ctx.integration = { ...ctx.integration, error: 'authorization is not available in this gateway' }
  return { kind: 'error', type: 'AUTHORIZER_CONFIGURATION_ERROR', message: 'Internal Server Error', statusCode: 500 }
}

function noIntegration(ctx: RequestContext): StageResult {
  ctx.integration = { ...ctx.integration, error: 'The route has no integration' }
  return { kind: 'error', type: 'API_CONFIGURATION_ERROR', message: 'Internal Server Error', statusCode: 500 }
}

/**
 * An OPTIONS request the gateway may answer. A preflight (Origin and
 * Access-Control-Request-Method) gets the CORS answer; any other OPTIONS request goes to the
 * route that matched it (an `ANY` route), or 404.
 */
function preflightStage(cors: Cors): (routed: RouteMatch | undefined) => MethodPlan {
  return (routed) => ({
    resourceId: 'preflight',
    resourcePath: routed?.method.resourcePath ?? '',
    httpMethod: 'OPTIONS',
    stages: [
      announceRequestId,
      function corsPreflight(ctx) {
        if (cors.isPreflight(ctx)) return cors.preflight(ctx)
        if (routed === undefined) return { kind: 'error', type: 'MISSING_AUTHENTICATION_TOKEN', message: 'Not Found' }
        ctx.route = routed.method
        ctx.pathParameters = routed.pathParameters
        return runStages(ctx, routed.method.stages, 0)
      },
    ],
  })
}

/** Runs stages in order until one answers (the pipeline's loop, for a route chosen late). */
function runStages(ctx: RequestContext, stages: readonly PipelineStage[], from: number): StageResult | Promise<StageResult> {
  for (let i = from; i < stages.length; i++) {
    const answer = stages[i]!(ctx)
    if (answer === undefined) continue
    if (answer instanceof Promise) return answer.then((settled) => settled ?? runStages(ctx, stages, i + 1))
    return answer
  }
  return undefined
}

type Finish = (ctx: RequestContext, answer: HttpAnswer) => HttpAnswer

/** The integration's complete answer through `finish`; errors and streamed answers pass as they are. */
function withFinish(call: PipelineStage, finish: Finish | undefined): PipelineStage {
  if (finish === undefined) return call
  const done = (ctx: RequestContext, answer: StageResult): StageResult => (answer?.kind === 'http' ? finish(ctx, answer) : answer)
  return function integrationWithResponseMapping(ctx) {
    const answer = call(ctx)
    return answer instanceof Promise ? answer.then((settled) => done(ctx, settled)) : done(ctx, answer)
  }
}

/** Response mapping by status, then CORS; undefined when neither applies. */
function finishAnswer(cors: Cors | undefined, responses: HttpApiResponseMapping): Finish | undefined {
  if (cors === undefined && responses.empty) return undefined
  return (ctx, answer) => {
    const pairs: Array<[string, string]> = []
    for (const [name, value] of Object.entries(answer.headers)) {
      if (typeof value === 'string') pairs.push([name, value])
      else for (const v of value) pairs.push([name, v])
    }
    const body = answer.body
    const { statusCode, head } = finishHead(ctx, answer.statusCode, pairs, cors, responses, () => (typeof body === 'string' ? body : body.toString('utf8')))
    const headers: Record<string, string | string[]> = {}
    for (const [name, value] of head) {
      const previous = headers[name]
      headers[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value]
    }
    return { kind: 'http', statusCode, headers, body }
  }
}

/** The response mapping for the integration's status, then the API's CORS headers in place of the backend's. */
function finishHead(
  ctx: RequestContext,
  statusCode: number,
  head: Array<[string, string]>,
  cors: Cors | undefined,
  responses: HttpApiResponseMapping,
  body: () => string = () => '',
): { statusCode: number; head: Array<[string, string]> } {
  let status = statusCode
  let out = head
  if (!responses.empty) {
    const headers = new HeaderMap()
    for (const [name, value] of head) headers.append(name, value)
    const mapped = responses.apply(ctx, statusCode, headers, body)
    status = mapped.statusCode
    out = []
    for (const [name, values] of mapped.headers.entries()) for (const value of values) out.push([name, value])
  }
  if (cors !== undefined) out = [...out.filter(([name]) => !BACKEND_CORS.test(name)), ...cors.headers(ctx)]
  return { statusCode: status, head: out }
}
