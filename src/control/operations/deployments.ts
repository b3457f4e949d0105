import type { Deployment, Stage } from '../../model/index.ts'
import { newId } from '../../lib/ids.ts'
import { apiSummary, deployApi } from '../deployments.ts'
import { badRequest, notFound } from '../protocol/errors.ts'
import type { ControlServices, Operation } from '../protocol/operation.ts'
import { applyPatch, type PatchRule } from '../protocol/patch.ts'
import { paginate } from '../protocol/paging.ts'
import { loadApi, requireRestApi, storeError } from './support/api-access.ts'
import { checkDeployable } from './support/deployable.ts'
import { optionalBoolean, optionalObject, optionalString, optionalStringMap } from './support/input.ts'
import { renderDeployment } from './support/stage-render.ts'
import { withStageLock } from './support/stage-lock.ts'
import { cacheClusterDropped, checkCacheClusterSize, checkPercentTraffic, checkStageName } from './stages.ts'

/**
 * CreateDeployment, GetDeployment(s), UpdateDeployment, DeleteDeployment.
 *
 * A deployment freezes the API's current definition. With `stageName` it also points that stage
 * at it (creating the stage when missing) — or, with `canarySettings`, makes it the existing
 * stage's canary and leaves the stage's own deployment alone.
 */

const API = '/restapis/{restapi_id}/deployments'
const ONE = `${API}/{deployment_id}`

const unknownDeployment = () => notFound('Invalid Deployment identifier specified')

async function findDeployment(services: ControlServices, apiId: string, id: string): Promise<Deployment> {
  await requireRestApi(services, apiId)
  const deployment = await services.store.getDeployment(apiId, id)
  if (!deployment) throw unknownDeployment()
  return deployment
}

const PATCH_RULES: PatchRule<Deployment>[] = [{ path: '/description', ops: ['replace'] }]

export const deploymentOperations: Operation[] = [
  {
    name: 'CreateDeployment',
    method: 'POST',
    path: API,
    successStatus: 201,
    handler({ params, body }, services) {
      const stageName = typeof body.stageName === 'string' && body.stageName !== '' ? body.stageName : undefined
      const create = () => createDeployment(params.restapi_id!, body, services)
      return stageName === undefined ? create() : withStageLock(params.restapi_id!, stageName, create)
    },
  },
  {
    name: 'GetDeployments',
    method: 'GET',
    path: API,
    successStatus: 200,
    async handler({ params, query }, services) {
      const apiId = params.restapi_id!
      await requireRestApi(services, apiId)
      const deployments = await services.store.listDeployments(apiId)
      return paginate(
        deployments.map((d) => renderDeployment(d)),
        query,
      )
    },
  },
  {
    name: 'GetDeployment',
    method: 'GET',
    path: ONE,
    successStatus: 200,
    async handler({ params, query }, services) {
      const deployment = await findDeployment(services, params.restapi_id!, params.deployment_id!)
      const embed = query.getAll('embed').flatMap((e) => e.split(','))
      return renderDeployment(deployment, embed.some((e) => e.trim().toLowerCase() === 'apisummary'))
    },
  },
  {
    name: 'UpdateDeployment',
    method: 'PATCH',
    path: ONE,
    successStatus: 200,
    async handler({ params, body }, services) {
      const apiId = params.restapi_id!
      const deployment = await findDeployment(services, apiId, params.deployment_id!)
      const patched = applyPatch(deployment, body.patchOperations, PATCH_RULES)
      if (patched.description === '') delete patched.description
      await services.store.updateDeployment(apiId, patched)
      return renderDeployment(patched)
    },
  },
  {
    name: 'DeleteDeployment',
    method: 'DELETE',
    path: ONE,
    successStatus: 202,
    async handler({ params }, services) {
      const apiId = params.restapi_id!
      await requireRestApi(services, apiId)
      let deleted: boolean
      try {
        deleted = await services.store.deleteDeployment(apiId, params.deployment_id!)
      } catch (error) {
        throw storeError(error)
      }
      if (!deleted) throw unknownDeployment()
      return {}
    },
  },
]

interface StageSettings {
  stageDescription: string | undefined
  cacheClusterEnabled: boolean | undefined
  cacheClusterSize: string | undefined
  tracingEnabled: boolean | undefined
}

/** The stage with CreateDeployment's stage-level members applied; the same object when none was given. */
function withStageSettings(stage: Stage, s: StageSettings): Stage {
  if (s.stageDescription === undefined && s.cacheClusterEnabled === undefined && s.cacheClusterSize === undefined && s.tracingEnabled === undefined) return stage
  const next: Stage = { ...stage }
  if (s.stageDescription !== undefined && s.stageDescription !== '') next.description = s.stageDescription
  if (s.cacheClusterEnabled !== undefined) {
    next.cacheClusterEnabled = s.cacheClusterEnabled
    next.cacheClusterStatus = s.cacheClusterEnabled ? 'AVAILABLE' : 'NOT_AVAILABLE'
    if (s.cacheClusterEnabled) next.cacheClusterSize ??= '0.5'
  }
  if (s.cacheClusterSize !== undefined) next.cacheClusterSize = s.cacheClusterSize
  if (s.tracingEnabled !== undefined) next.tracingEnabled = s.tracingEnabled
  return next
}

/** CreateDeployment proper; runs under the stage's lock when it names a stage. */
async function createDeployment(apiId: string, body: Record<string, unknown>, services: ControlServices): Promise<Record<string, unknown>> {
  const stageNameInput = optionalString(body, 'stageName')
  const description = optionalString(body, 'description')
  const stageDescription = optionalString(body, 'stageDescription')
  const variables = optionalStringMap(body, 'variables')
  const cacheClusterEnabled = optionalBoolean(body, 'cacheClusterEnabled')
  const cacheClusterSize = optionalString(body, 'cacheClusterSize')
  checkCacheClusterSize(cacheClusterSize)
  const tracingEnabled = optionalBoolean(body, 'tracingEnabled')
  const canary = optionalObject(body, 'canarySettings')
  // an empty stageName deploys without touching any stage, as AWS does (Terraform relies on it)
  const stageName = stageNameInput === undefined || stageNameInput === '' ? undefined : checkStageName(stageNameInput)

  const { definition } = await loadApi(services, apiId)
  if (canary) {
    if (stageNameInput === undefined || stageNameInput === '') {
      throw badRequest(
        `Invalid deployment content specified.Non null and non empty stageName must be provided for canary deployment. Provided value is ${stageNameInput ?? 'null'}`,
      )
    }
    if (!(await services.store.getStage(apiId, stageNameInput))) {
      throw badRequest(`Invalid deployment content specified.Stage ${stageNameInput} must already be created before making a canary release deployment`)
    }
    checkPercentTraffic(canary.percentTraffic as number | undefined)
  }
  checkDeployable(definition)

  if (stageName !== undefined && !canary) {
    const { deployment, stage, previous } = await deployApi(services.store, apiId, {
      stageName,
      ...(description !== undefined && description !== '' && { description }),
      ...(stageDescription !== undefined && stageDescription !== '' && { stageDescription }),
      ...(variables && { variables }),
      settle: (deployed) => withStageSettings(deployed, { stageDescription, cacheClusterEnabled, cacheClusterSize, tracingEnabled }),
    })
    if (previous && cacheClusterDropped(previous, stage)) await services.flushStageCache?.(apiId, stageName)
    return renderDeployment(deployment)
  }

  const now = services.now()
  const deployment: Deployment = {
    id: newId(),
    createdDate: now,
    apiSummary: apiSummary(definition),
    ...(description !== undefined && description !== '' && { description }),
  }
  let stage: Stage | undefined
  let next: Stage | undefined
  if (canary && stageName !== undefined) {
    stage = (await services.store.getStage(apiId, stageName))!
    next = withStageSettings(withCanary(stage, deployment.id, canary, variables, now), { stageDescription, cacheClusterEnabled, cacheClusterSize, tracingEnabled })
  }
  try {
    // a canary release: the deployment and the stage's canary settings in one write
    await services.store.createDeployment(apiId, deployment, structuredClone(definition), next)
  } catch (error) {
    throw storeError(error)
  }
  if (stage && next && cacheClusterDropped(stage, next)) await services.flushStageCache?.(apiId, stage.stageName)
  return renderDeployment(deployment)
}

/** The stage with `deploymentId` as its canary release, CreateDeployment's `variables` merged in. */
function withCanary(stage: Stage, deploymentId: string, canary: Record<string, unknown>, variables: Record<string, string> | undefined, now: number): Stage {
  const overrides = optionalStringMap(canary, 'stageVariableOverrides')
  return {
    ...stage,
    ...(variables && { variables: { ...stage.variables, ...variables } }),
    canarySettings: {
      deploymentId,
      percentTraffic: (canary.percentTraffic as number | undefined) ?? 0,
      ...(overrides && { stageVariableOverrides: overrides }),
      useStageCache: optionalBoolean(canary, 'useStageCache') ?? false,
    },
    lastUpdatedDate: now,
  }
}
