/**
 * Concurrent changes to one API: each either succeeds or answers AWS's 409, and the stored
 * definition is never torn (every successful change is in it, nothing else).
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { CreateResourceCommand, CreateRestApiCommand, GetResourcesCommand, GetRestApiCommand, UpdateRestApiCommand } from '@aws-sdk/client-api-gateway'
import { useHarness } from './harness.ts'

const CONFLICT = 'Unable to complete operation due to concurrent modification. Please try again later.'

const h = useHarness()

async function settle<T>(calls: Array<() => Promise<T>>): Promise<{ ok: T[]; conflicts: number }> {
  const results = await Promise.allSettled(calls.map((c) => c()))
  const ok: T[] = []
  let conflicts = 0
  for (const r of results) {
    if (r.status === 'fulfilled') ok.push(r.value)
    else {
      const e = r.reason as { name: string; message: string; $metadata: { httpStatusCode?: number } }
      assert.equal(e.name, 'ConflictException', `unexpected ${e.name}: ${e.message}`)
      assert.equal(e.message, CONFLICT)
      assert.equal(e.$metadata.httpStatusCode, 409)
      conflicts++
    }
  }
  return { ok, conflicts }
}

describe('concurrent modifications of one API', () => {
  it('parallel CreateResource: every success is stored, losers get the 409 text', async () => {
    const api = await h.client.send(new CreateRestApiCommand({ name: 'race' }))
    const { ok, conflicts } = await settle(
      Array.from({ length: 20 }, (_, i) => () => h.client.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: `p${i}` }))),
    )
    assert.equal(ok.length + conflicts, 20)
    assert.ok(ok.length >= 1)
    const stored = await h.client.send(new GetResourcesCommand({ restApiId: api.id, limit: 500 }))
    const paths = stored.items!.map((r) => r.path).sort()
    assert.deepEqual(paths, ['/', ...ok.map((r) => r.path!)].sort())
    assert.equal(new Set(stored.items!.map((r) => r.id)).size, stored.items!.length)
  })

  it('parallel UpdateRestApi: the stored API equals one of the successful answers', async () => {
    const api = await h.client.send(new CreateRestApiCommand({ name: 'race-update' }))
    const { ok, conflicts } = await settle(
      Array.from({ length: 15 }, (_, i) => () =>
        h.client.send(
          new UpdateRestApiCommand({
            restApiId: api.id,
            patchOperations: [
              { op: 'replace', path: '/description', value: `d${i}` },
              { op: 'add', path: `/binaryMediaTypes/type~1n${i}` },
            ],
          }),
        ),
      ),
    )
    assert.equal(ok.length + conflicts, 15)
    const stored = await h.client.send(new GetRestApiCommand({ restApiId: api.id }))
    // every success added its own media type, so the stored list holds exactly the successes' types
    assert.equal(stored.binaryMediaTypes?.length, ok.length)
    const last = ok.find((o) => o.binaryMediaTypes?.length === ok.length)
    assert.ok(last, 'one success saw all the others')
    assert.equal(stored.description, last.description)
  })
})
