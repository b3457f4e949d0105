/**
 * reset() empties the stages' response caches: an API deployed again under the same id and
 * stage after a reset (`portico serve` pins ids derived from the file's path) must reach its
 * backend, not answer from what the previous run cached.
 */
import { after, before, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createManagementClient, type ManagementClient } from '../../src/cli/management-client.ts'
import { CUSTOM_ID_TAG } from '../../src/model/rest-api.ts'
import { createGateway, type Gateway } from '../../src/index.ts'
import { mockApi } from './mock-api.ts'

let gateway: Gateway
let backend: Server
let calls = 0
let client: ManagementClient
const dir = mkdtempSync(join(tmpdir(), 'portico-reset-cache-'))

before(async () => {
  backend = createServer((_req, res) => {
    calls++
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ call: calls }))
  })
  await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve))
  const document = mockApi(`http://127.0.0.1:${(backend.address() as AddressInfo).port}`) as { paths: Record<string, { get: Record<string, Record<string, unknown>> }> }
  // a namespace of its own: the default, the resource id, is new with every import
  document.paths['/upstream']!.get['x-amazon-apigateway-integration']!.cacheNamespace = 'upstream'
  writeFileSync(join(dir, 'api.json'), JSON.stringify(document))
  gateway = await createGateway()
  client = createManagementClient({ endpoint: gateway.managementUrl, region: gateway.region, credentials: { ...gateway.admin, source: 'the test' } })
})
after(async () => {
  await gateway.close()
  await new Promise((resolve) => backend.close(resolve))
  rmSync(dir, { recursive: true, force: true })
})

/**
 * The API under a fixed id (CreateRestApi's `_custom_id_` tag, as `portico serve` pins its ids),
 * deployed to `dev` with a cache cluster from the start and caching on for every method; the
 * path it answers on. (Turning the cluster on later would itself empty the stage's cache.)
 */
async function deployCached(): Promise<string> {
  const apiId = 'cachedapi1'
  await client.json({ method: 'POST', path: '/restapis', body: { name: 'cached', tags: { [CUSTOM_ID_TAG]: apiId } } })
  await client.json({ method: 'PUT', path: `/restapis/${apiId}`, query: { mode: 'overwrite' }, body: readFileSync(join(dir, 'api.json'), 'utf8') })
  await client.json({ method: 'POST', path: `/restapis/${apiId}/deployments`, body: { stageName: 'dev', cacheClusterEnabled: true, cacheClusterSize: '0.5' } })
  const patchOperations = [{ op: 'replace', path: '/*/*/caching/enabled', value: 'true' }]
  await client.json({ method: 'PATCH', path: `/restapis/${apiId}/stages/dev`, body: { patchOperations } })
  return `/_aws/execute-api/${apiId}/dev/upstream`
}

it('a stage deployed again under the same id after reset() does not answer from the old cache', async () => {
  const path = await deployCached()
  await gateway.settled()
  assert.deepEqual((await gateway.inject({ path })).json(), { call: 1 })
  assert.deepEqual((await gateway.inject({ path })).json(), { call: 1 }, 'the second answer is the cached one')
  assert.equal(calls, 1)

  await gateway.reset()
  assert.equal(await deployCached(), path, 'the same API id and stage')
  await gateway.settled()
  assert.deepEqual((await gateway.inject({ path })).json(), { call: 2 }, 'the backend is called again')
})
