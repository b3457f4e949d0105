import type { AnyStage, ApiDefinition, Stage, V2Stage } from '../model/index.ts'
import type { StagePlan } from '../gateway/types.ts'
import type { HttpApiObservationFactory, RoutePhases } from '../gateway/method-phase.ts'
import { compilePlan, type CompileInput } from './compile.ts'
import { compileHttpApiPlan } from './http-api-plan.ts'

export interface StagePlanInput extends Omit<CompileInput, 'snapshot' | 'stage'> {
  /** a deployment of an API of any protocol */
  snapshot: ApiDefinition
  /** REST's stage, or an HTTP or WebSocket API's (apigatewayv2) */
  stage: AnyStage
  /** an HTTP API route's phases (limits/, auth/), from main.ts */
  routePhases?: RoutePhases
  /** an HTTP API plan's observation (observe/), from main.ts */
  observeHttpApi?: HttpApiObservationFactory
  /** `requestContext.accountId` of HTTP API events; Portico's default account unless given */
  accountId?: string
  /** Portico's region (HTTP APIs' AWS service integrations sign for it unless told otherwise) */
  region?: string
}

/**
 * compile() for a deployment of any protocol. A REST API's is compiled into its plan, an HTTP
 * API's into its own (http-api-plan.ts); a WebSocket API's, which has no content yet, becomes
 * an unserved stage: resolvable (its URL is known, `$default` included) and refused clearly,
 * never run through the HTTP pipeline.
 */
export function compileStagePlan(input: StagePlanInput): StagePlan {
  const { snapshot } = input
  if (snapshot.protocol === 'REST') return compilePlan({ ...input, snapshot, stage: input.stage as Stage })
  if (snapshot.protocol === 'HTTP') {
    return compileHttpApiPlan({
      snapshot,
      stage: input.stage as V2Stage,
      deploymentId: input.deploymentId,
      upstream: input.upstream,
      ...(input.invoker !== undefined && { invoker: input.invoker }),
      ...(input.routePhases !== undefined && { phases: input.routePhases }),
      ...(input.observeHttpApi !== undefined && { observe: input.observeHttpApi }),
      ...(input.accountId !== undefined && { accountId: input.accountId }),
      ...(input.services !== undefined && { services: input.services }),
      ...(input.region !== undefined && { region: input.region }),
      ...(input.vpcLinks !== undefined && { vpcLinks: input.vpcLinks }),
    })
  }
  return Object.freeze({
    protocol: snapshot.protocol,
    apiId: snapshot.api.apiId,
    stageName: input.stage.stageName,
    deploymentId: input.deploymentId,
    disableExecuteApiEndpoint: snapshot.api.disableExecuteApiEndpoint,
  })
}
