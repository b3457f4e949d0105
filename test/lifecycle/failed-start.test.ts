/**
 * Regression: a start-up that failed after the store was open (admin credentials unreadable,
 * a stage that does not compile, the port taken) left the store, the cache, the limits and the
 * rest open. Whatever a failed start opened is closed before the error reaches the caller.
 */
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { resolveConfig } from '../../src/config.ts'
import { CREDENTIALS_FILE } from '../../src/config.ts'
import { openSqliteStore } from '../../src/control/store/sqlite/sqlite-store.ts'
import { startPortico } from '../../src/main.ts'
import { deployment, minimalDefinition, stage } from '../contract/store-fixtures.ts'

const roots: string[] = []
after(() => {
  for (const dir of roots) rmSync(dir, { recursive: true, force: true })
})

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'portico-failed-start-'))
  roots.push(dir)
  return dir
}

/** this process's open files inside `dir` (the SQLite database, its WAL and shared memory) */
function openFilesIn(dir: string): string[] {
  return readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`)
      return target.startsWith(dir) ? [target] : []
    } catch {
      return [] // closed while listing (the listing's own descriptor)
    }
  })
}

const canSeeFiles = existsSync('/proc/self/fd')

describe('a start-up that fails half-way', { skip: !canSeeFiles && 'needs /proc/self/fd' }, () => {
  it('closes the store when the admin credentials cannot be read', async () => {
    const dir = dataDir()
    writeFileSync(join(dir, CREDENTIALS_FILE), '{"accessKeyId": 1}')
    await assert.rejects(startPortico(resolveConfig({ dataDir: dir, port: 0 }, {})), /must hold/)
    assert.deepEqual(openFilesIn(dir), [])
    // and again: nothing accumulates
    await assert.rejects(startPortico(resolveConfig({ dataDir: dir, port: 0 }, {})), /must hold/)
    assert.deepEqual(openFilesIn(dir), [])
  })

  it('closes the store when a stored stage does not compile', async () => {
    const dir = dataDir()
    const store = await openSqliteStore({ dataDir: dir })
    const broken = minimalDefinition('broken0001')
    broken.resources[0]!.resourceMethods = {
      GET: { httpMethod: 'GET', authorizationType: 'NONE', apiKeyRequired: false, requestValidatorId: 'nosuchvalidator' },
    }
    await store.saveApi(broken)
    await store.createDeployment('broken0001', deployment('d1'), broken)
    await store.putStage('broken0001', stage('prod', 'd1'))
    await store.close()
    await assert.rejects(startPortico(resolveConfig({ dataDir: dir, port: 0, adminAccessKeyId: 'AKID', adminSecretAccessKey: 's' }, {})))
    assert.deepEqual(openFilesIn(dir), [])
  })

  it('closes everything it opened when the port is taken, and a second start on a free port works', async () => {
    const dir = dataDir()
    const taken: Server = createServer()
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
    const port = (taken.address() as { port: number }).port
    try {
      const config = resolveConfig({ dataDir: dir, port, host: '127.0.0.1', adminAccessKeyId: 'AKID', adminSecretAccessKey: 's' }, {})
      await assert.rejects(startPortico(config), { code: 'EADDRINUSE' })
      assert.deepEqual(openFilesIn(dir), [])
    } finally {
      await new Promise((resolve) => taken.close(resolve))
    }
    const portico = await startPortico(resolveConfig({ dataDir: dir, port: 0, host: '127.0.0.1', adminAccessKeyId: 'AKID', adminSecretAccessKey: 's' }, {}))
    assert.notDeepEqual(openFilesIn(dir), [])
    await portico.close()
    assert.deepEqual(openFilesIn(dir), [])
  })
})
