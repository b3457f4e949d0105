import type { ApiDefinition } from '../model/index.ts'
import type { StagePlan } from '../gateway/types.ts'
import { compilePlan, type CompileInput } from './compile.ts'

export interface StagePlanInput extends Omit<CompileInput, 'snapshot'> {
  /** a deployment of an API of any protocol */
  snapshot: ApiDefinition
}

/**
 * compile() for a deployment of any protocol. A REST API's is compiled into its plan; an HTTP or
 * WebSocket API's, which has no content yet, becomes an unserved stage: resolvable (its URL is
 * known, `$default` included) and refused clearly, never run through REST's pipeline.
 */
export function compileStagePlan(input: StagePlanInput): StagePlan {
  const { snapshot } = input
  if (snapshot.protocol === 'REST') return compilePlan({ ...input, snapshot })
  return Object.freeze({
    protocol: snapshot.protocol,
    apiId: snapshot.api.apiId,
    stageName: input.stage.stageName,
    deploymentId: input.deploymentId,
    disableExecuteApiEndpoint: snapshot.api.disableExecuteApiEndpoint,
  })
}
