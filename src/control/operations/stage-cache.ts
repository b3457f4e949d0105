import type { Operation } from '../protocol/operation.ts'
import { loadStage } from './stages.ts'

/**
 * FlushStageCache and FlushStageAuthorizersCache. Both check that the stage exists, as AWS's
 * answer does; FlushStageAuthorizersCache drops the stage's cached Lambda authorizer results.
 * Portico keeps no response cache yet, so FlushStageCache does nothing more.
 */
export const stageCacheOperations: Operation[] = [
  {
    name: 'FlushStageCache',
    method: 'DELETE',
    path: '/restapis/{restapi_id}/stages/{stage_name}/cache/data',
    successStatus: 202,
    async handler({ params }, services) {
      await loadStage(services, params.restapi_id!, params.stage_name!)
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
