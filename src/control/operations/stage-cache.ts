import type { Operation } from '../protocol/operation.ts'
import { loadStage } from './stages.ts'

/**
 * FlushStageCache empties the stage's response cache (its canary's entries too) and
 * FlushStageAuthorizersCache drops the stage's cached Lambda authorizer results, once the stage
 * is known to exist, as AWS's answer does.
 */
export const stageCacheOperations: Operation[] = [
  {
    name: 'FlushStageCache',
    method: 'DELETE',
    path: '/restapis/{restapi_id}/stages/{stage_name}/cache/data',
    successStatus: 202,
    async handler({ params }, services) {
      await loadStage(services, params.restapi_id!, params.stage_name!)
      await services.flushStageCache?.(params.restapi_id!, params.stage_name!)
      return {}
    },
  },
  {
    name: 'FlushStageAuthorizersCache',
    method: 'DELETE',
    path: '/restapis/{restapi_id}/stages/{stage_name}/cache/authorizers',
    successStatus: 202,
    async handler({ params }, services) {
      await loadStage(services, params.restapi_id!, params.stage_name!)
      services.flushAuthorizerCache?.(params.restapi_id!, params.stage_name!)
      return {}
    },
  },
]
