import type { Operation } from '../protocol/operation.ts'

/**
 * Portico's own operations for CI runs (no AWS counterpart), admin-only like every management
 * call (SigV4 with the admin key pair):
 * - `POST /_portico/reset`: empties APIs, deployments, stages, API keys, usage plans, usage and
 *   the caches (control/reset.ts); 200 `{"reset": true}`.
 * - `GET /_portico/requests?apiId=&stage=`: the last requests each stage answered, newest first
 *   (observe/request-history.ts); `perStage` is how many a stage keeps (0: the history is off).
 */
export const porticoStateOperations: readonly Operation[] = [
  {
    name: 'ResetPortico',
    method: 'POST',
    path: '/_portico/reset',
    successStatus: 200,
    async handler(_request, services) {
      if (!services.reset) throw new Error('this Portico was started without a reset')
      await services.reset()
      return { reset: true }
    },
  },
  {
    name: 'GetPorticoRequests',
    method: 'GET',
    path: '/_portico/requests',
    successStatus: 200,
    async handler(request, services) {
      const q = request.query
      const history = services.requests
      const items = history?.list({ ...(q.get('apiId') !== null && { apiId: q.get('apiId')! }), ...(q.get('stage') !== null && { stage: q.get('stage')! }) })
      return { perStage: history?.perStage ?? 0, items: items ?? [] }
    },
  },
]
