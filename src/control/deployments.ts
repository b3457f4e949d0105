import type { RestApiDefinition, Deployment, Stage } from '../model/index.ts'
import { newId } from '../lib/ids.ts'
import type { Store } from './store/store.ts'

export interface DeployOptions {
  stageName: string
  description?: string
  stageDescription?: string
  /** stage variables; merged over the stage's existing ones */
  variables?: Record<string, string>
  /** the stage's other settings given with the deployment (CreateDeployment's), applied before the write */
  settle?: (stage: Stage) => Stage
}

export class NotFoundError extends Error {
  override name = 'NotFoundException'
}

/**
 * CreateDeployment with a stageName: freezes the API's current definition as a new deployment
 * and points the stage at it (creating the stage when missing), in one write, so the data plane
 * never sees the stage half-updated. `previous` is the stage before, if it existed.
 */
export async function deployApi(
  store: Store,
  apiId: string,
  options: DeployOptions,
): Promise<{ deployment: Deployment; stage: Stage; previous: Stage | undefined }> {
  const stored = await store.getApi(apiId)
  if (!stored) throw new NotFoundError(`Invalid API identifier specified 123456789012:${apiId}`)
  const now = Math.floor(Date.now() / 1000)
  const deployment: Deployment = {
    id: newId(),
    createdDate: now,
    apiSummary: apiSummary(stored.definition),
    ...(options.description !== undefined && { description: options.description }),
  }
  const existing = await store.getStage(apiId, options.stageName)
  const deployed: Stage = existing
    ? {
        ...existing,
        deploymentId: deployment.id,
        variables: { ...existing.variables, ...options.variables },
        lastUpdatedDate: now,
      }
    : {
        stageName: options.stageName,
        deploymentId: deployment.id,
        cacheClusterEnabled: false,
        cacheClusterStatus: 'NOT_AVAILABLE',
        methodSettings: {},
        tracingEnabled: false,
        createdDate: now,
        lastUpdatedDate: now,
        ...(options.variables && { variables: { ...options.variables } }),
        ...(options.stageDescription !== undefined && { description: options.stageDescription }),
      }
  const stage = options.settle ? options.settle(deployed) : deployed
  // the stored definition is deep-frozen: the store serialises it, nothing changes it
  await store.createDeployment(apiId, deployment, stored.definition, stage)
  return { deployment, stage, previous: existing }
}

/** `{path: {METHOD: {authorizationType, apiKeyRequired}}}`, as AWS reports it on a deployment. */
export function apiSummary(definition: RestApiDefinition): NonNullable<Deployment['apiSummary']> {
  const summary: NonNullable<Deployment['apiSummary']> = {}
  for (const resource of definition.resources) {
    const methods = Object.values(resource.resourceMethods ?? {})
    if (methods.length === 0) continue
    const entry: Record<string, { authorizationType: string; apiKeyRequired: boolean }> = {}
    for (const m of methods) entry[m.httpMethod] = { authorizationType: m.authorizationType, apiKeyRequired: m.apiKeyRequired }
    summary[resource.path] = entry
  }
  return summary
}
