/**
 * API key values at rest: sealed with AES-256-GCM in SQLite, found by an HMAC index, readable
 * again only with the same secret; a version-2 file's plain values are sealed on open.
 */
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import Database from 'better-sqlite3'
import { migrate, MIGRATIONS } from '../../src/control/store/sqlite/migrations.ts'
import { openSqliteStore } from '../../src/control/store/sqlite/sqlite-store.ts'
import { API_KEY_SECRET_FILE } from '../../src/control/store/sqlite/api-key-cipher.ts'
import type { ApiKey } from '../../src/model/account.ts'

const roots: string[] = []
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'portico-keys-'))
  roots.push(dir)
  return dir
}
after(() => roots.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

const VALUE = 'a-secret-api-key-value-0123456789'
const key = (id: string, value = VALUE): ApiKey => ({ id, value, enabled: true, createdDate: 1, lastUpdatedDate: 1, stageKeys: [], name: id })

function rawRows(dataDir: string): Array<{ id: string; value: string; value_index: string | null }> {
  const db = new Database(join(dataDir, 'portico.db'), { readonly: true })
  try {
    return db.prepare('SELECT id, value, value_index FROM api_keys ORDER BY seq').all() as Array<{ id: string; value: string; value_index: string | null }>
  } finally {
    db.close()
  }
}

describe('API keys encrypted at rest', () => {
  it('the database holds no plain value; the store still finds and returns it', async () => {
    const dataDir = tempDir()
    const store = await openSqliteStore({ dataDir })
    await store.createApiKey(key('key0000001'))
    assert.equal((await store.getApiKeyByValue(VALUE))?.id, 'key0000001')
    assert.equal((await store.getApiKey('key0000001'))?.value, VALUE)
    await store.close()
    const [row] = rawRows(dataDir)
    assert.match(row!.value, /^v1\./)
    assert.ok(!row!.value.includes(VALUE) && !row!.value_index!.includes(VALUE))
    const file = ['portico.db', 'portico.db-wal'].filter((f) => existsSync(join(dataDir, f))).map((f) => readFileSync(join(dataDir, f)).toString('latin1')).join('')
    assert.ok(!file.includes(VALUE), 'the value appears nowhere in the database files')
    assert.equal(statSync(join(dataDir, API_KEY_SECRET_FILE)).mode & 0o777, 0o600)
  })

  it('the same value sealed twice differs (fresh IV), yet one value is one key', async () => {
    const dataDir = tempDir()
    const store = await openSqliteStore({ dataDir })
    await store.createApiKey(key('key0000001'))
    await store.updateApiKey({ ...key('key0000001'), description: 'again' })
    const first = rawRows(dataDir)[0]!.value
    await store.updateApiKey({ ...key('key0000001'), description: 'and again' })
    assert.notEqual(rawRows(dataDir)[0]!.value, first)
    await assert.rejects(store.createApiKey(key('key0000002')), /already exists/)
    await store.close()
  })

  it('PORTICO_API_KEY_SECRET: the same secret reads the keys back; another one fails the open, naming the cause', async () => {
    const dataDir = tempDir()
    const secret = 'a configured secret of enough length'
    let store = await openSqliteStore({ dataDir, apiKeySecret: secret })
    await store.createApiKey(key('key0000001'))
    await store.close()
    store = await openSqliteStore({ dataDir, apiKeySecret: secret })
    assert.equal((await store.getApiKey('key0000001'))?.value, VALUE)
    await store.close()
    await assert.rejects(openSqliteStore({ dataDir, apiKeySecret: 'another secret of enough length' }), /cannot be decrypted: the API key secret/)
    await assert.rejects(openSqliteStore({ dataDir, apiKeySecret: 'short' }), /at least 16 bytes/)
  })

  it('a version-2 database: its plain values are sealed on open, and still found by value', async () => {
    const dataDir = tempDir()
    const db = new Database(join(dataDir, 'portico.db'))
    migrate(db, MIGRATIONS.slice(0, 2))
    db.prepare('INSERT INTO api_keys (id, value, json) VALUES (?, ?, ?)').run('old0000001', VALUE, JSON.stringify({ id: 'old0000001', enabled: true, createdDate: 1, lastUpdatedDate: 1, stageKeys: [] }))
    db.close()
    const store = await openSqliteStore({ dataDir })
    assert.equal((await store.getApiKeyByValue(VALUE))?.id, 'old0000001')
    await store.close()
    const [row] = rawRows(dataDir)
    assert.match(row!.value, /^v1\./)
    assert.ok(row!.value_index)
  })
})
