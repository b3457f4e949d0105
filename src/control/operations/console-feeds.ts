import { badRequest } from '../protocol/errors.ts'
import type { Operation } from '../protocol/operation.ts'
import { encodePosition, readLimit, readNextToken } from '../protocol/paging.ts'

/**
 * Portico's own operations behind the console's "who changed what" and live log tail (no AWS
 * counterpart: CloudTrail and CloudWatch Logs are other services), admin-only like every
 * management call:
 * - `GET /_portico/audit?limit=&nextToken=`: the audit trail `portico audit` prints
 *   (control/audit.ts), newest first, `limit` a page (default 25, at most 500), `nextToken`
 *   the next page's. Entries appended between two pages shift the pages: an entry may show
 *   twice, none is skipped.
 * - `GET /_portico/logs?apiId=&stage=&since=&limit=`: the newest access-log lines each stage
 *   keeps in memory (observe/access-log-tail.ts), oldest first; `since` is the `cursor` of a
 *   previous answer, so a follower polls for only what is new.
 */
export const consoleFeedOperations: readonly Operation[] = [
  {
    name: 'GetPorticoAudit',
    method: 'GET',
    path: '/_portico/audit',
    successStatus: 200,
    async handler(request, services) {
      const limit = readLimit(request.query.get('limit'))
      const skip = readNextToken(request.query.get('nextToken'))
      // one more than the page: whether there is a next one
      const entries = await services.store.listAudit({ limit: limit + 1, skip })
      const more = entries.length > limit
      const items = entries
        .slice(more ? 1 : 0)
        .reverse()
        .map((entry) => ({ ...entry, time: new Date(entry.time).toISOString() }))
      return more ? { items, nextToken: encodePosition(skip + limit) } : { items }
    },
  },
  {
    name: 'GetPorticoLogs',
    method: 'GET',
    path: '/_portico/logs',
    successStatus: 200,
    async handler(request, services) {
      const q = request.query
      const since = whole(q.get('since'), 'since', 0)
      const limit = whole(q.get('limit'), 'limit', 1)
      const tail = services.accessLogs
      const answer = tail?.list({
        ...(q.get('apiId') !== null && { apiId: q.get('apiId')! }),
        ...(q.get('stage') !== null && { stage: q.get('stage')! }),
        ...(since !== undefined && { since }),
        ...(limit !== undefined && { limit }),
      })
      return { perStage: tail?.perStage ?? 0, cursor: answer?.cursor ?? 0, items: answer?.items ?? [] }
    },
  },
]

function whole(text: string | null, name: string, min: number): number | undefined {
  if (text === null || text === '') return undefined
  const value = Number(text)
  if (!Number.isSafeInteger(value) || value < min) throw badRequest(`Invalid ${name}: ${text}. Use a whole number from ${min}`)
  return value
}
