import { test } from 'node:test'
import assert from 'node:assert/strict'
import diagnostics from 'node:diagnostics_channel'
import { Agent } from 'node:http'
import { API_ID, apiDefinition, plan, send, start } from './fixtures.ts'

test('redeploying while requests are in flight fails none of them', async () => {
  const api = apiDefinition({ '/pets': ['GET'], '/pets/{id}': ['GET'] })
  const deployments = Array.from({ length: 6 }, (_, i) => plan(api, { deploymentId: `dep${i}` }))
  const running = await start([deployments[0]!])
  const agent = new Agent({ keepAlive: true, maxSockets: 32 })
  const failures: string[] = []
  const seen = new Set<string>()
  let swaps = 0
  // a new deployment every time a request arrives: the swaps interleave with requests in flight
  const swap = (): void => running.registry.set(API_ID, 'prod', deployments[++swaps % deployments.length]!)
  diagnostics.subscribe('portico:request:start', swap)

  const worker = async (w: number): Promise<void> => {
    for (let i = 0; i < 40; i++) {
      const path = i % 2 === 0 ? '/pets' : `/pets/${w}-${i}`
      try {
        const r = await send(running.address.port, {
          path: `/_aws/execute-api/${API_ID}/prod${path}`,
          headers: { 'x-test-delay': String(i % 4) },
          agent,
        })
        if (r.status !== 200) failures.push(`${path}: ${r.status} ${r.body}`)
        else seen.add(r.json().deploymentId)
      } catch (error) {
        failures.push(`${path}: ${(error as Error).message}`)
      }
    }
  }

  try {
    await Promise.all(Array.from({ length: 24 }, (_, w) => worker(w)))
  } finally {
    diagnostics.unsubscribe('portico:request:start', swap)
    agent.destroy()
    await running.close()
  }
  assert.deepEqual(failures, [])
  assert.ok(swaps > 10, `only ${swaps} swaps`)
  assert.ok(seen.size >= 2, `requests saw ${[...seen].join(', ')}`)
})

test('a request keeps the plan it started with even when its stage is deleted mid-request', async () => {
  const api = apiDefinition({ '/slow': ['GET'] })
  const running = await start([plan(api, { deploymentId: 'old' })])
  try {
    // deleted as soon as the request has started (with its plan), while it is still to be answered
    const deleteStage = (): void => {
      diagnostics.unsubscribe('portico:request:start', deleteStage)
      running.registry.delete(API_ID, 'prod')
    }
    diagnostics.subscribe('portico:request:start', deleteStage)
    const r = await send(running.address.port, { path: `/_aws/execute-api/${API_ID}/prod/slow`, headers: { 'x-test-delay': '100' } })
    assert.equal(r.status, 200)
    assert.equal(r.json().deploymentId, 'old')
    const gone = await send(running.address.port, { path: `/_aws/execute-api/${API_ID}/prod/slow` })
    assert.equal(gone.status, 403)
  } finally {
    await running.close()
  }
})
