import type { V2Stage } from '../../../model/index.ts'
import { conflict, notFound } from '../../protocol/errors.ts'
import type { ControlServices, Operation } from '../../protocol/operation.ts'
import { paginateItems } from '../../protocol/paging.ts'
import { optionalString, optionalStringMap } from '../support/input.ts'
import { loadHttpApi, managedRefusal, unknownPart, unknownStage } from './v2-access.ts'
import { autoDeployStage } from './v2-deploy.ts'
import { requiredMember } from './v2-input.ts'
import { renderStage } from './v2-render.ts'
import { applyStageMembers, checkStageName, newStage } from './stage-input.ts'

/**
 * GetStages, CreateStage, GetStage, UpdateStage, DeleteStage, DeleteAccessLogSettings,
 * DeleteRouteSettings, ResetAuthorizersCache. A stage with autoDeploy is deployed when it is
 * created or turned on, and after every change of the API (v2-access.ts).
 */

const STAGES = '/v2/apis/{apiId}/stages'
const ONE = `${STAGES}/{stageName}`

async function loadStage(services: ControlServices, apiId: string, stageName: string): Promise<V2Stage> {
  await loadHttpApi(services, apiId)
  const stage = await services.store.getStage(apiId, stageName, 'HTTP')
  if (!stage) throw unknownStage(stageName)
  return stage
}

/** A changed stage, saved; quick create's `$default` stage cannot be changed. */
async function changeStage(services: ControlServices, apiId: string, stageName: string, change: (stage: V2Stage) => void): Promise<V2Stage> {
  const stage = structuredClone(await loadStage(services, apiId, stageName))
  if (stage.apiGatewayManaged) throw managedRefusal('modify the stage')
  change(stage)
  stage.lastUpdatedDate = services.now()
  await services.store.putStage(apiId, stage)
  return stage
}

export const stageOperations: Operation[] = [
  {
    name: 'CreateStage',
    method: 'POST',
    path: STAGES,
    successStatus: 201,
    async handler({ params, body }, services) {
      const apiId = params.apiId!
      const stageName = requiredMember(body, 'stageName')
      checkStageName(stageName)
      const { definition } = await loadHttpApi(services, apiId)
      if (await services.store.getStage(apiId, stageName, 'HTTP')) throw conflict(`Stage ${stageName} already exists`)
      const stage = newStage(services, stageName)
      applyStageMembers(stage, body, definition)
      const deploymentId = optionalString(body, 'deploymentId')
      if (deploymentId !== undefined) {
        if (!(await services.store.getDeployment(apiId, deploymentId, 'HTTP'))) throw unknownPart('Deployment', deploymentId)
        stage.deploymentId = deploymentId
      }
      const tags = optionalStringMap(body, 'tags')
      if (tags !== undefined) stage.tags = tags
      if (stage.autoDeploy) return renderStage(await autoDeployStage(services, definition, stage))
      await services.store.putStage(apiId, stage)
      return renderStage(stage)
    },
  },
  {
    name: 'GetStages',
    method: 'GET',
    path: STAGES,
    successStatus: 200,
    async handler({ params, query }, services) {
      await loadHttpApi(services, params.apiId!)
      return paginateItems((await services.store.listStages(params.apiId!, 'HTTP')).map(renderStage), query)
    },
  },
  {
    name: 'GetStage',
    method: 'GET',
    path: ONE,
    successStatus: 200,
    async handler({ params }, services) {
      return renderStage(await loadStage(services, params.apiId!, params.stageName!))
    },
  },
  {
    name: 'UpdateStage',
    method: 'PATCH',
    path: ONE,
    successStatus: 200,
    async handler({ params, body }, services) {
      const apiId = params.apiId!
      const { definition } = await loadHttpApi(services, apiId)
      const deploymentId = optionalString(body, 'deploymentId')
      if (deploymentId !== undefined && !(await services.store.getDeployment(apiId, deploymentId, 'HTTP'))) throw unknownPart('Deployment', deploymentId)
      let turnedOn = false
      const stage = await changeStage(services, apiId, params.stageName!, (stage) => {
        const wasOn = stage.autoDeploy
        applyStageMembers(stage, body, definition)
        if (deploymentId !== undefined) stage.deploymentId = deploymentId
        turnedOn = !wasOn && stage.autoDeploy
      })
      return renderStage(turnedOn ? await autoDeployStage(services, definition, stage) : stage)
    },
  },
  {
    name: 'DeleteStage',
    method: 'DELETE',
    path: ONE,
    successStatus: 204,
    async handler({ params }, services) {
      const stage = await loadStage(services, params.apiId!, params.stageName!)
      if (stage.apiGatewayManaged) throw managedRefusal('delete the stage')
      await services.store.deleteStage(params.apiId!, stage.stageName)
      return {}
    },
  },
  {
    name: 'DeleteAccessLogSettings',
    method: 'DELETE',
    path: `${ONE}/accesslogsettings`,
    successStatus: 204,
    async handler({ params }, services) {
      await changeStage(services, params.apiId!, params.stageName!, (stage) => {
        delete stage.accessLogSettings
      })
      return {}
    },
  },
  {
    name: 'DeleteRouteSettings',
    method: 'DELETE',
    path: `${ONE}/routesettings/{routeKey}`,
    successStatus: 204,
    async handler({ params }, services) {
      const routeKey = params.routeKey!
      await changeStage(services, params.apiId!, params.stageName!, (stage) => {
        if (!(routeKey in stage.routeSettings)) throw notFound(`Unable to find RouteSettings for route key ${routeKey}`)
        delete stage.routeSettings[routeKey]
      })
      return {}
    },
  },
  {
    name: 'ResetAuthorizersCache',
    method: 'DELETE',
    path: `${ONE}/cache/authorizers`,
    successStatus: 204,
    async handler({ params }, services) {
      const stage = await loadStage(services, params.apiId!, params.stageName!)
      // nothing cached (or no data plane in this process): nothing to reset, and that succeeds
      services.flushAuthorizerCache?.(params.apiId!, stage.stageName)
      return {}
    },
  },
]
