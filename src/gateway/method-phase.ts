import type { RestApiDefinition, Method, Resource, Stage, V2Authorizer, V2Route, V2RouteSettings } from '../model/index.ts'
import type { MethodPlan, PipelineStage, PlanObservation } from './types.ts'

/** What a capability sees of one method when it builds its stages for a plan. */
export interface MethodPhaseInput {
  api: RestApiDefinition
  resource: Resource
  method: Method
  /** the stage as served (a canary's plan gets the canary's view: its deployment and variables) */
  stage: Stage
  stageVariables: Readonly<Record<string, string>>
  deploymentId: string
  /** true for a canary release's plan */
  isCanaryRequest?: boolean
}

/** Builds one phase of a method's stage list; an empty list when the phase does not apply. Throws on invalid configuration. */
export type MethodPhase = (input: MethodPhaseInput) => PipelineStage[]

/**
 * The phases between routing and the integration, in AWS's order (docs/lifecycle.md). Each is
 * built by its capability and passed in from main.ts; an absent phase adds nothing.
 */
export interface MethodPhases {
  /** resource policy, then the method's authorizer (auth/): before request validation */
  access?: MethodPhase
  /** API key and usage plan, throttling, quota (limits/): after request validation */
  traffic?: MethodPhase
  /** the stage's response cache (cache/): last before the integration */
  cache?: MethodPhase
}

/** What observe/ sees of a plan to compile its observation (metrics series, log settings, tracing). */
export interface ObservationInput {
  api: RestApiDefinition
  stage: Stage
  deploymentId: string
  isCanaryRequest?: boolean
  /** every method of the plan, as the router serves them */
  methods: readonly MethodPlan[]
}

/** Builds a plan's observation (observe/); undefined when nothing is observed. */
export type ObservationFactory = (input: ObservationInput) => PlanObservation | undefined

/** What a capability sees of one HTTP API route when it builds its stages for a plan. */
export interface RoutePhaseInput {
  apiId: string
  route: V2Route
  /** the authorizer the route names; undefined when it names none (or one that does not exist) */
  authorizer: V2Authorizer | undefined
  stageName: string
  stageVariables: Readonly<Record<string, string>>
  /** the stage's `routeSettings` for this route, else its `defaultRouteSettings` */
  settings: V2RouteSettings | undefined
}

/** Builds one phase of an HTTP API route's stage list; an empty list when the phase does not apply. Throws on invalid configuration. */
export type RoutePhase = (input: RoutePhaseInput) => PipelineStage[]

/** The phases of an HTTP API route between routing and the integration, each built by its capability (main.ts). */
export interface RoutePhases {
  /** throttling by the stage's route settings and the account (limits/): first, as AWS throttles before it authorizes (unsure) */
  traffic?: RoutePhase
  /** the route's authorizer (auth/) */
  access?: RoutePhase
}

/** What observe/ sees of an HTTP API plan to compile its observation (access log, metrics). */
export interface HttpApiObservationInput {
  apiId: string
  apiName: string
  stageName: string
  accessLogSettings: { format?: string; destinationArn?: string } | undefined
  /** every route of the plan; `detailed`: its route settings (or the stage's) turn on `detailedMetricsEnabled` */
  routes: ReadonlyArray<{ route: MethodPlan; detailed: boolean }>
}

/** Builds an HTTP API plan's observation (observe/); undefined when nothing is observed. */
export type HttpApiObservationFactory = (input: HttpApiObservationInput) => PlanObservation | undefined
