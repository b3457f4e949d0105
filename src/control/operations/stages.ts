import { detachFromUsagePlans } from './account-support/detach-stages.ts'
import type { CanarySettings, Stage } from '../../model/index.ts'
import { badRequest, conflict, notFound } from '../protocol/errors.ts'
import type { ControlServices, Operation } from '../protocol/operation.ts'
import { loadApi, requireRestApi, storeError } from './support/api-access.ts'
import { optionalBoolean, optionalObject, optionalString, optionalStringMap } from './support/input.ts'
import { CACHE_CLUSTER_SIZES, patchStage, UNKNOWN_DEPLOYMENT_ID, UNKNOWN_DOCUMENTATION_VERSION } from './support/stage-patch.ts'
import { renderStage } from './support/stage-render.ts'
import { withStageLock } from './support/stage-lock.ts'

/**
 * CreateStage, GetStage(s), UpdateStage, DeleteStage. The store announces each stage it writes
 * (Store.watch); the data plane recompiles the stage from that.
 */

const API = '/restapis/{restapi_id}/stages'
const ONE = `${API}/{stage_name}`

export const UNKNOWN_STAGE = 'Invalid Stage identifier specified'

/** The stage, after checking its API exists (AWS's 404 for each). */
export async function loadStage(services: ControlServices, apiId: string, stageName: string): Promise<Stage> {
  await requireRestApi(services, apiId)
  const stage = await services.store.getStage(apiId, stageName)
  if (!stage) throw notFound(UNKNOWN_STAGE)
  return stage
}

export function checkStageName(name: string | undefined): string {
  if (name === undefined || name === '') throw badRequest('Stage name must be non-empty')
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(name)) throw badRequest('Stage name only allows a-zA-Z0-9_- and must be at most 128 characters')
  return name
}

/**
 * AWS deletes a stage's cache cluster when caching is turned off and recreates it empty on a
 * resize ("all existing cached data is deleted"): either way the entries go.
 */
export function cacheClusterDropped(before: Stage, after: Stage): boolean {
  if (!before.cacheClusterEnabled) return false
  return !after.cacheClusterEnabled || before.cacheClusterSize !== after.cacheClusterSize
}

export function checkCacheClusterSize(size: string | undefined): void {
  if (size !== undefined && !(CACHE_CLUSTER_SIZES as readonly string[]).includes(size)) {
    throw badRequest(`Invalid cache cluster size specified: ${size}. Must be one of: [${CACHE_CLUSTER_SIZES.join(', ')}]`)
  }
}

export function checkPercentTraffic(percent: number | undefined): void {
  if (percent !== undefined && (typeof percent !== 'number' || !Number.isFinite(percent) || percent < 0 || percent > 100)) {
    throw badRequest(`Invalid percentTraffic specified: ${String(percent)}. Must be between 0.0 and 100.0`)
  }
}

export const stageOperations: Operation[] = [
  {
    name: 'CreateStage',
    method: 'POST',
    path: API,
    successStatus: 201,
    async handler({ params, body }, services) {
      const apiId = params.restapi_id!
      const stageName = checkStageName(optionalString(body, 'stageName'))
      const deploymentId = optionalString(body, 'deploymentId')
      if (deploymentId === undefined || deploymentId === '') throw badRequest('Deployment id must be non-empty')
      const cacheClusterSize = optionalString(body, 'cacheClusterSize')
      checkCacheClusterSize(cacheClusterSize)
      const canaryInput = optionalObject(body, 'canarySettings')
      const { definition } = await loadApi(services, apiId)
      const store = services.store
      if (!(await store.getDeployment(apiId, deploymentId))) throw notFound('Invalid Deployment identifier specified')
      const documentationVersion = optionalString(body, 'documentationVersion')
      if (documentationVersion !== undefined && !definition.documentationVersions?.some((v) => v.version === documentationVersion)) {
        throw badRequest(UNKNOWN_DOCUMENTATION_VERSION)
      }
      return withStageLock(apiId, stageName, async () => {
      if (await store.getStage(apiId, stageName)) throw conflict('Stage already exists')
      let canarySettings: CanarySettings | undefined
      if (canaryInput) {
        const canaryDeployment = optionalString(canaryInput, 'deploymentId') ?? deploymentId
        if (!(await store.getDeployment(apiId, canaryDeployment))) throw badRequest(UNKNOWN_DEPLOYMENT_ID)
        const percentTraffic = canaryInput.percentTraffic as number | undefined
        checkPercentTraffic(percentTraffic)
        const overrides = optionalStringMap(canaryInput, 'stageVariableOverrides')
        canarySettings = {
          deploymentId: canaryDeployment,
          percentTraffic: percentTraffic ?? 0,
          ...(overrides && { stageVariableOverrides: overrides }),
          useStageCache: optionalBoolean(canaryInput, 'useStageCache') ?? false,
        }
      }
      const now = services.now()
      const cacheClusterEnabled = optionalBoolean(body, 'cacheClusterEnabled') ?? false
      const variables = optionalStringMap(body, 'variables')
      const description = optionalString(body, 'description')
      const tags = optionalStringMap(body, 'tags')
      const stage: Stage = {
        stageName,
        deploymentId,
        ...(description !== undefined && description !== '' && { description }),
        cacheClusterEnabled,
        ...(cacheClusterEnabled && { cacheClusterSize: cacheClusterSize ?? '0.5' }),
        ...(!cacheClusterEnabled && cacheClusterSize !== undefined && { cacheClusterSize }),
        cacheClusterStatus: cacheClusterEnabled ? 'AVAILABLE' : 'NOT_AVAILABLE',
        methodSettings: {},
        ...(variables && Object.keys(variables).length > 0 && { variables }),
        ...(documentationVersion !== undefined && { documentationVersion }),
        ...(canarySettings && { canarySettings }),
        tracingEnabled: optionalBoolean(body, 'tracingEnabled') ?? false,
        ...(tags && { tags }),
        createdDate: now,
        lastUpdatedDate: now,
      }
      await store.putStage(apiId, stage)
      return renderStage(stage)
      })
    },
  },
  {
    name: 'GetStage',
    method: 'GET',
    path: ONE,
    successStatus: 200,
    async handler({ params }, services) {
      return renderStage(await loadStage(services, params.restapi_id!, params.stage_name!))
    },
  },
  {
    name: 'GetStages',
    method: 'GET',
    path: API,
    successStatus: 200,
    async handler({ params, query }, services) {
      const apiId = params.restapi_id!
      await requireRestApi(services, apiId)
      const deploymentId = query.get('deploymentId')
      const stages = await services.store.listStages(apiId)
      // not paged: AWS's Stages shape has no position
      return { item: stages.filter((s) => !deploymentId || s.deploymentId === deploymentId).map(renderStage) }
    },
  },
  {
    name: 'UpdateStage',
    method: 'PATCH',
    path: ONE,
    successStatus: 200,
    async handler({ params, body }, services) {
      const apiId = params.restapi_id!
      return withStageLock(apiId, params.stage_name!, async () => {
        const stage = await loadStage(services, apiId, params.stage_name!)
        const patched = await patchStage(stage, body.patchOperations, {
          deploymentExists: async (id) => (await services.store.getDeployment(apiId, id)) !== undefined,
          documentationVersionExists: async (version) => {
            const { definition } = await loadApi(services, apiId)
            return definition.documentationVersions?.some((v) => v.version === version) ?? false
          },
        })
        patched.lastUpdatedDate = services.now()
        try {
          await services.store.putStage(apiId, patched)
        } catch (error) {
          throw storeError(error)
        }
        if (cacheClusterDropped(stage, patched)) await services.flushStageCache?.(apiId, patched.stageName)
        return renderStage(patched)
      })
    },
  },
  {
    name: 'DeleteStage',
    method: 'DELETE',
    path: ONE,
    successStatus: 202,
    async handler({ params }, services) {
      const apiId = params.restapi_id!
      await requireRestApi(services, apiId)
      return withStageLock(apiId, params.stage_name!, async () => {
        if (!(await services.store.deleteStage(apiId, params.stage_name!))) throw notFound(UNKNOWN_STAGE)
        await detachFromUsagePlans(services, apiId, params.stage_name!)
        await services.flushStageCache?.(apiId, params.stage_name!)
        return {}
      })
    },
  },
]
