import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { openSqliteStore } from '../../src/control/store/sqlite/sqlite-store.ts'
import { inStoreOrder, minimalDefinition, richDefinition } from './store-fixtures.ts'

// getApi keeps the last assembled definition per API; these check that it can never be stale
const roots: string[] = []
after(() => {
  for (const dir of roots) rmSync(dir, { recursive: true, force: true })
})

async function twoStoresOnOneFile() {
  const dataDir = mkdtempSync(join(tmpdir(), 'portico-store-cache-'))
  roots.push(dataDir)
  return [await openSqliteStore({ dataDir }), await openSqliteStore({ dataDir })] as const
}

describe('SqliteStore read cache', () => {
  it("sees another connection's save on the next read", async () => {
    const [a, b] = await twoStoresOnOneFile()
    await a.saveApi(richDefinition('cache00001'))
    assert.equal((await a.getApi('cache00001'))?.definition.resources.length, 4)
    await b.saveApi(minimalDefinition('cache00001', 'from b'), 1)
    const read = await a.getApi('cache00001')
    assert.deepEqual(read, { definition: minimalDefinition('cache00001', 'from b'), version: 2 })
    await Promise.all([a.close(), b.close()])
  })

  it('sees an API deleted and re-created by another connection at the same version', async () => {
    const [a, b] = await twoStoresOnOneFile()
    await a.saveApi(richDefinition('cache00002'))
    assert.equal((await a.getApi('cache00002'))?.version, 1)
    assert.equal(await b.deleteApi('cache00002'), true)
    assert.equal(await a.getApi('cache00002'), undefined)
    await a.getApi('cache00002')
    await b.saveApi(minimalDefinition('cache00002', 'again'))
    assert.deepEqual(await a.getApi('cache00002'), { definition: minimalDefinition('cache00002', 'again'), version: 1 })
    // and the other way round, with the reader not looking in between
    await a.saveApi(richDefinition('cache00003'))
    await a.getApi('cache00003')
    await b.deleteApi('cache00003')
    await b.saveApi(minimalDefinition('cache00003', 'replaced'))
    assert.equal((await a.getApi('cache00003'))?.definition.restApi.name, 'replaced')
    await Promise.all([a.close(), b.close()])
  })

  it('hands out one frozen definition per version, and a new one after a save', async () => {
    const [a, b] = await twoStoresOnOneFile()
    await a.saveApi(richDefinition('cache00004'))
    const first = await a.getApi('cache00004')
    assert.ok(Object.isFrozen(first!.definition.resources[1]!.resourceMethods!.GET))
    assert.equal((await a.getApi('cache00004'))!.definition, first!.definition)
    const copy = structuredClone(first!.definition)
    copy.restApi.name = 'copied and changed'
    await a.saveApi(copy, 1)
    const second = await a.getApi('cache00004')
    assert.notEqual(second!.definition, first!.definition)
    assert.equal(second!.definition.restApi.name, 'copied and changed')
    assert.equal(first!.definition.restApi.name, inStoreOrder(richDefinition('cache00004')).restApi.name)
    await Promise.all([a.close(), b.close()])
  })

  it("sees its own save, and a save after another connection's read", async () => {
    const [a, b] = await twoStoresOnOneFile()
    await a.saveApi(minimalDefinition('cache00005', 'one'))
    await b.getApi('cache00005')
    await a.getApi('cache00005')
    await a.saveApi(minimalDefinition('cache00005', 'two'), 1)
    assert.equal((await a.getApi('cache00005'))?.definition.restApi.name, 'two')
    assert.equal((await b.getApi('cache00005'))?.definition.restApi.name, 'two')
    await Promise.all([a.close(), b.close()])
  })
})
