import { deploymentIdOf, type HttpApiDefinition, type V2Deployment, type V2Stage } from '../../../model/index.ts'
import { newId } from '../../../lib/ids.ts'
import type { ControlServices } from '../../protocol/operation.ts'

/** AWS's description of the deployments auto-deploy makes ([CLI-EX get-deployments]). */
export const AUTO_DEPLOY_DESCRIPTION = 'Automatic deployment triggered by changes to the Api configuration'

/** AWS's refusal to deploy an API without routes. */
export const NO_ROUTES = 'Unable to deploy API because no routes exist in this API'

/** `lastDeploymentStatusMessage` after a successful auto-deployment ([CLI-EX get-stages]). */
export function deployedMessage(deploymentId: string): string {
  return `Successfully deployed stage with deployment ID '${deploymentId}'`
}

/** A new deployment of the API as it is now (deployment ids: 6 characters, as AWS's). */
export function newDeployment(services: ControlServices, options: { description?: string; autoDeployed: boolean }): V2Deployment {
  return {
    deploymentId: newId(6),
    autoDeployed: options.autoDeployed,
    deploymentStatus: 'DEPLOYED',
    createdDate: services.now(),
    ...(options.description !== undefined && { description: options.description }),
  }
}

/**
 * Deploys `definition` to one auto-deploy stage: a new deployment (autoDeployed) and the stage
 * pointed at it, in one store write. An API without routes is not deployed: the stage keeps
 * what it served and says why in `lastDeploymentStatusMessage`.
 */
export async function autoDeployStage(services: ControlServices, definition: HttpApiDefinition, stage: V2Stage): Promise<V2Stage> {
  const apiId = definition.api.apiId
  if (definition.routes.length === 0) {
    const failed: V2Stage = { ...stage, lastDeploymentStatusMessage: NO_ROUTES }
    await services.store.putStage(apiId, failed)
    return failed
  }
  const deployment = newDeployment(services, { description: AUTO_DEPLOY_DESCRIPTION, autoDeployed: true })
  const id = deploymentIdOf(deployment)
  const deployed: V2Stage = { ...stage, deploymentId: id, lastDeploymentStatusMessage: deployedMessage(id), lastUpdatedDate: services.now() }
  await services.store.createDeployment(apiId, deployment, definition, deployed)
  return deployed
}

/**
 * After a change of the API: every stage with autoDeploy gets a new deployment of the API as
 * stored now (read again, so that of two concurrent changes the last deployment made carries
 * both).
 */
export async function autoDeploy(services: ControlServices, apiId: string): Promise<void> {
  const stages = (await services.store.listStages(apiId, 'HTTP')).filter((stage) => stage.autoDeploy)
  if (stages.length === 0) return
  const stored = await services.store.getApi(apiId, 'HTTP')
  if (!stored) return
  for (const stage of stages) await autoDeployStage(services, stored.definition, stage)
}
