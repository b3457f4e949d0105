/** The data-plane server on a list of listeners, each serving the data plane, the management API, or both. */
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:net'
import { describe, it } from 'node:test'
import { PlanRegistry } from '../../src/data/plan-registry.ts'
import { createDataPlaneServer } from '../../src/data/server.ts'
import { API_ID, apiDefinition, plan, send } from './fixtures.ts'

function registry(): PlanRegistry {
  const r = new PlanRegistry()
  r.set(API_ID, 'prod', plan(apiDefinition({ '/pets': ['GET'] })))
  return r
}

const management = (_req: unknown, res: import('node:http').ServerResponse): void => {
  res.setHeader('x-answered-by', 'management')
  res.end('{}')
}

describe('listeners', () => {
  it('serves each listener as it is told: shared, data only, management only', async () => {
    const dataPlane = createDataPlaneServer({ registry: registry(), fallback: management, hooks: { onError: () => {} } })
    const [shared, data, admin] = await dataPlane.listen([
      { host: '127.0.0.1', port: 0 },
      { host: '127.0.0.1', port: 0, serves: 'data' },
      { host: '127.0.0.1', port: 0, serves: 'management' },
    ])
    try {
      assert.equal(dataPlane.servers.length, 3)
      const invoke = `/_aws/execute-api/${API_ID}/prod/pets`
      for (const port of [shared!.port, data!.port]) assert.equal((await send(port, { path: invoke })).status, 200)
      assert.equal((await send(admin!.port, { path: invoke })).headers['x-answered-by'], 'management')
      assert.equal((await send(shared!.port, { path: '/restapis' })).headers['x-answered-by'], 'management')
      const refused = await send(data!.port, { path: '/restapis' })
      assert.equal(refused.status, 404)
      assert.equal(refused.headers['x-answered-by'], undefined)
    } finally {
      await dataPlane.close(100)
    }
    assert.ok(dataPlane.servers.every((server) => !server.listening))
  })

  it('when one listener cannot listen, closes those already listening and throws', async () => {
    const taken: Server = createServer()
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
    const port = (taken.address() as { port: number }).port
    const dataPlane = createDataPlaneServer({ registry: registry() })
    try {
      await assert.rejects(dataPlane.listen([{ host: '127.0.0.1', port: 0 }, { host: '127.0.0.1', port }]), { code: 'EADDRINUSE' })
      assert.ok(dataPlane.servers.every((server) => !server.listening))
    } finally {
      await new Promise((resolve) => taken.close(resolve))
    }
  })

  it('refuses what it cannot serve: a management listener without the management API', async () => {
    await assert.rejects(createDataPlaneServer({ registry: registry() }).listen([{ host: '127.0.0.1', port: 0, serves: 'management' }]), /needs the management API/)
  })
})
