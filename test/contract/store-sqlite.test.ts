import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { Worker } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { migrate, MIGRATIONS, type Migration, SchemaTooNewError } from '../../src/control/store/sqlite/migrations.ts'
import { openSqliteStore } from '../../src/control/store/sqlite/sqlite-store.ts'
import { StatementCache } from '../../src/control/store/sqlite/statement-cache.ts'
import { StoreConflictError } from '../../src/control/store/store.ts'
import { storeContract } from './store.contract.ts'
import { accountStoreContract } from './account-store.contract.ts'
import { storeWatchContract } from './store-watch.contract.ts'
import { httpApi, storeProtocolsContract } from './store-protocols.contract.ts'
import { storeResetContract } from './store-reset.contract.ts'
import { deployment, inStoreOrder, minimalDefinition, richDefinition, richStage } from './store-fixtures.ts'
import type { WorkerInput, WorkerOutput } from './store-sqlite-worker.ts'

const roots: string[] = []
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'portico-store-'))
  roots.push(dir)
  return dir
}
after(() => {
  for (const dir of roots) rmSync(dir, { recursive: true, force: true })
})

async function openTempStore() {
  const root = mkdtempSync(join(tmpdir(), 'portico-store-'))
  return {
    store: await openSqliteStore({ dataDir: join(root, 'nested', 'data') }),
    cleanup: async () => rmSync(root, { recursive: true, force: true }),
  }
}

storeContract('sqlite', openTempStore)
accountStoreContract('sqlite', openTempStore)
storeWatchContract('sqlite', openTempStore)
storeProtocolsContract('sqlite', openTempStore)
storeResetContract('sqlite', openTempStore)

describe('SqliteStore', () => {
  it('creates the data directory and a WAL-mode portico.db in it', async () => {
    const dataDir = join(tempDir(), 'a', 'b')
    const store = await openSqliteStore({ dataDir })
    assert.equal(store.file, join(dataDir, 'portico.db'))
    await store.close()
    const db = new Database(store.file, { readonly: true })
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal')
    db.close()
  })

  it('reads a snapshot stored before definitions were tagged by protocol as a REST API\'s', async () => {
    const dataDir = tempDir()
    let store = await openSqliteStore({ dataDir })
    const definition = minimalDefinition('untagged01')
    await store.saveApi(definition)
    await store.createDeployment('untagged01', deployment('d1'), definition)
    await store.close()
    const db = new Database(join(dataDir, 'portico.db'))
    const { protocol: _, ...untagged } = definition
    db.prepare('UPDATE deployments SET snapshot = ? WHERE id = ?').run(JSON.stringify(untagged), 'd1')
    db.close()
    store = await openSqliteStore({ dataDir })
    assert.deepEqual(await store.getDeploymentSnapshot('untagged01', 'd1'), definition)
    await store.close()
  })

  it('keeps everything across close and reopen', async () => {
    const dataDir = tempDir()
    const definition = richDefinition('keep000001')
    let store = await openSqliteStore({ dataDir })
    await store.saveApi(definition)
    await store.saveApi(definition, 1)
    await store.createDeployment('keep000001', deployment('d1', 'kept'), definition)
    await store.putStage('keep000001', richStage('prod', 'd1', 'd1'))
    await store.close()
    await store.close() // closing twice is harmless

    store = await openSqliteStore({ dataDir })
    assert.deepEqual(await store.getApi('keep000001'), { definition: inStoreOrder(definition), version: 2 })
    assert.deepEqual(await store.getDeploymentSnapshot('keep000001', 'd1'), definition)
    assert.deepEqual(await store.listDeployments('keep000001'), [deployment('d1', 'kept')])
    assert.deepEqual(await store.listAllStages(), [{ apiId: 'keep000001', protocol: 'REST', stage: richStage('prod', 'd1', 'd1') }])
    assert.equal(await store.saveApi(definition, 2), 3)
    await assert.rejects(store.deleteDeployment('keep000001', 'd1'), StoreConflictError)
    await store.close()
  })

  it('reads an HTTP API saved before it had parts (migration 4) with none', async () => {
    const dataDir = tempDir()
    let store = await openSqliteStore({ dataDir })
    await store.close()
    const db = new Database(join(dataDir, 'portico.db'))
    db.prepare('INSERT INTO rest_apis (id, version, json) VALUES (?, 1, ?)').run('oldhttp001', JSON.stringify(httpApi('oldhttp001').api))
    db.close()
    store = await openSqliteStore({ dataDir })
    assert.deepEqual(await store.getApi('oldhttp001', 'HTTP'), { definition: httpApi('oldhttp001'), version: 1 })
    await store.close()
  })

  it('rejects a resource whose parent is not in the definition, keeping the old one', async () => {
    const store = await openSqliteStore({ dataDir: tempDir() })
    await store.saveApi(minimalDefinition('orphan0001'))
    const orphaned = minimalDefinition('orphan0001', 'orphaned')
    orphaned.resources.push({ id: 'lost', parentId: 'nowhere', pathPart: 'lost', path: '/lost' })
    await assert.rejects(store.saveApi(orphaned), /FOREIGN KEY/)
    assert.deepEqual(await store.getApi('orphan0001'), { definition: minimalDefinition('orphan0001'), version: 1 })
    await store.close()
  })

  it('prepares each statement once', () => {
    const db = new Database(':memory:')
    const sql = new StatementCache(db)
    assert.equal(sql.get('SELECT 1'), sql.get('SELECT 1'))
    assert.notEqual(sql.get('SELECT 1'), sql.get('SELECT 2'))
    assert.equal(sql.size, 2)
    db.close()
  })

  it('lets exactly one of several processes win a save with the same expectedVersion', async () => {
    const dataDir = tempDir()
    const store = await openSqliteStore({ dataDir })
    await store.saveApi(minimalDefinition('race000001'))
    const contenders = 6
    const barrier = new SharedArrayBuffer(4)
    const outputs = await Promise.all(
      Array.from({ length: contenders }, (_, i) =>
        runWorker({ dataDir, apiId: 'race000001', name: `winner ${i}`, expectedVersion: 1, barrier, contenders }),
      ),
    )
    const winners = outputs.filter((o) => o.ok)
    assert.equal(winners.length, 1, JSON.stringify(outputs))
    for (const o of outputs) if (!o.ok) assert.equal(o.name, 'StoreConflictError', o.message)
    const stored = await store.getApi('race000001')
    assert.equal(stored?.version, 2)
    assert.match(stored?.definition.restApi.name ?? '', /^winner \d$/)
    await store.close()
  })
})

describe('migrations', () => {
  it('are applied once and recorded', async () => {
    const dataDir = tempDir()
    await (await openSqliteStore({ dataDir })).close()
    const first = readMigrations(dataDir)
    assert.deepEqual(
      first.map((m) => [m.version, m.name]),
      MIGRATIONS.map((m) => [m.version, m.name]),
    )
    for (const m of first) assert.ok(!Number.isNaN(Date.parse(m.applied_at)), m.applied_at)

    await (await openSqliteStore({ dataDir })).close()
    assert.deepEqual(readMigrations(dataDir), first)
  })

  it('refuse a database from a newer Portico, without touching it', async () => {
    const dataDir = tempDir()
    await (await openSqliteStore({ dataDir })).close()
    const future = MIGRATIONS.length + 1
    const db = new Database(join(dataDir, 'portico.db'))
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(future, 'from the future', new Date().toISOString())
    db.close()

    await assert.rejects(openSqliteStore({ dataDir }), (error: unknown) => {
      assert.ok(error instanceof SchemaTooNewError)
      assert.equal(error.databaseVersion, future)
      assert.equal(error.knownVersion, MIGRATIONS.length)
      assert.match(error.message, new RegExp(`schema version ${future}, newer than the ${MIGRATIONS.length}`))
      return true
    })
    assert.equal(readMigrations(dataDir).length, future)
  })

  it('roll back a failing migration alone and apply it on the next run', () => {
    const db = new Database(':memory:')
    let fail = true
    const migrations: Migration[] = [
      { version: 1, name: 'one', up: (d) => d.exec('CREATE TABLE one (x INTEGER)') },
      {
        version: 2,
        name: 'two',
        up: (d) => {
          d.exec('CREATE TABLE two (x INTEGER)')
          if (fail) throw new Error('boom')
        },
      },
    ]
    assert.throws(() => migrate(db, migrations), /boom/)
    const tables = () => db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all()
    assert.deepEqual(tables(), ['one', 'schema_migrations'])
    fail = false
    assert.deepEqual(migrate(db, migrations), { applied: [2], version: 2 })
    assert.deepEqual(migrate(db, migrations), { applied: [], version: 2 })
    assert.deepEqual(tables(), ['one', 'schema_migrations', 'two'])
    db.close()
  })

  it('upgrade a version-1 database to the newest, keeping its APIs and adding the account tables', async () => {
    const dataDir = tempDir()
    const db = new Database(join(dataDir, 'portico.db'))
    migrate(db, MIGRATIONS.slice(0, 1))
    db.close()
    // written by a Portico that knew only migration 1
    const v1 = new Database(join(dataDir, 'portico.db'))
    v1.prepare('INSERT INTO rest_apis (id, version, json) VALUES (?, 1, ?)').run('old0000001', JSON.stringify(minimalDefinition('old0000001').restApi))
    v1.prepare('INSERT INTO resources (api_id, id, path) VALUES (?, ?, ?)').run('old0000001', 'old0000001root', '/')
    v1.close()

    const store = await openSqliteStore({ dataDir })
    assert.deepEqual(await store.getApi('old0000001'), { definition: minimalDefinition('old0000001'), version: 1 })
    assert.deepEqual(await store.listApiKeys(), [])
    assert.equal((await store.getAccount()).throttleSettings.rateLimit, 10000)
    await store.close()
    assert.deepEqual(readMigrations(dataDir).map((m) => m.version), [1, 2, 3, 4])
  })

  it('must be numbered 1, 2, 3 … in order', () => {
    const db = new Database(':memory:')
    const skip: Migration[] = [{ version: 2, name: 'two', up: () => {} }]
    assert.throws(() => migrate(db, skip), /version 2, expected 1/)
    db.close()
  })
})

function readMigrations(dataDir: string): Array<{ version: number; name: string; applied_at: string }> {
  const db = new Database(join(dataDir, 'portico.db'), { readonly: true })
  try {
    return db.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version').all() as Array<{
      version: number
      name: string
      applied_at: string
    }>
  } finally {
    db.close()
  }
}

// Node 20 does not carry the test runner's tsx loader into workers: register it, then load the .ts
const WORKER_BOOTSTRAP = `
  import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
    .then(({ register }) => { register(); return import(${JSON.stringify(import.meta.resolve('./store-sqlite-worker.ts'))}) })
`

function runWorker(input: WorkerInput): Promise<WorkerOutput> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_BOOTSTRAP, { eval: true, workerData: input })
    worker.once('message', resolve)
    worker.once('error', reject)
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`worker exited with ${code}`))
    })
  })
}
