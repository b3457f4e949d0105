import { badRequest } from '../../protocol/errors.ts'
import type { ControlServices, Operation } from '../../protocol/operation.ts'
import { paginateItems } from '../../protocol/paging.ts'
import { storeError } from '../support/api-access.ts'
import { optionalString } from '../support/input.ts'
import { loadHttpApi, unknownPart, unknownStage } from './v2-access.ts'
import { NO_ROUTES, newDeployment } from './v2-deploy.ts'
import { renderDeployment } from './v2-render.ts'
import type { V2Deployment } from '../../../model/index.ts'

/**
 * GetDeployments, CreateDeployment (freezes the API; with a stageName, points that existing
 * stage at it in the same write), GetDeployment, UpdateDeployment (description), DeleteDeployment.
 */

const DEPLOYMENTS = '/v2/apis/{apiId}/deployments'
const ONE = `${DEPLOYMENTS}/{deploymentId}`

async function loadDeployment(services: ControlServices, apiId: string, deploymentId: string): Promise<V2Deployment> {
  await loadHttpApi(services, apiId)
  const deployment = await services.store.getDeployment(apiId, deploymentId, 'HTTP')
  if (!deployment) throw unknownPart('Deployment', deploymentId)
  return deployment
}

export const deploymentOperations: Operation[] = [
  {
    name: 'CreateDeployment',
    method: 'POST',
    path: DEPLOYMENTS,
    successStatus: 201,
    async handler({ params, body }, services) {
      const apiId = params.apiId!
      const { definition } = await loadHttpApi(services, apiId)
      const stageName = optionalString(body, 'stageName')
      const description = optionalString(body, 'description')
      const stage = stageName === undefined ? undefined : await services.store.getStage(apiId, stageName, 'HTTP')
      if (stageName !== undefined && !stage) throw unknownStage(stageName)
      if (definition.routes.length === 0) throw badRequest(NO_ROUTES)
      const deployment = newDeployment(services, { description, autoDeployed: false })
      const pointed = stage && { ...stage, deploymentId: deployment.deploymentId, lastUpdatedDate: services.now() }
      await services.store.createDeployment(apiId, deployment, definition, pointed)
      return renderDeployment(deployment)
    },
  },
  {
    name: 'GetDeployments',
    method: 'GET',
    path: DEPLOYMENTS,
    successStatus: 200,
    async handler({ params, query }, services) {
      await loadHttpApi(services, params.apiId!)
      return paginateItems((await services.store.listDeployments(params.apiId!, 'HTTP')).map(renderDeployment), query)
    },
  },
  {
    name: 'GetDeployment',
    method: 'GET',
    path: ONE,
    successStatus: 200,
    async handler({ params }, services) {
      return renderDeployment(await loadDeployment(services, params.apiId!, params.deploymentId!))
    },
  },
  {
    name: 'UpdateDeployment',
    method: 'PATCH',
    path: ONE,
    successStatus: 200,
    async handler({ params, body }, services) {
      const deployment = { ...(await loadDeployment(services, params.apiId!, params.deploymentId!)) }
      const description = optionalString(body, 'description')
      if (description !== undefined) deployment.description = description
      await services.store.updateDeployment(params.apiId!, deployment)
      return renderDeployment(deployment)
    },
  },
  {
    name: 'DeleteDeployment',
    method: 'DELETE',
    path: ONE,
    successStatus: 204,
    async handler({ params }, services) {
      await loadDeployment(services, params.apiId!, params.deploymentId!)
      try {
        await services.store.deleteDeployment(params.apiId!, params.deploymentId!)
      } catch (error) {
        throw storeError(error)
      }
      return {}
    },
  },
]
