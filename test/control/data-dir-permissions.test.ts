/**
 * Issue 14, defect 9: `portico.db` and its WAL were 0644 and the data directory 0755, so any
 * local user could read the configuration (and the encrypted API keys beside their secret).
 * The directory is now 0700 and every file Portico keeps in it 0600, also when an older version
 * or another umask left them readable; files that are not Portico's are left alone.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startPortico, type Portico } from '../../src/main.ts'
import { resolveConfig } from '../../src/config.ts'
import { FileSink } from '../../src/observe/log-sink.ts'

const mode = (path: string) => statSync(path).mode & 0o777

const PORTICO_FILES = ['portico.db', 'portico.db-wal', 'portico.db-shm', 'admin-credentials.json', 'api-key-secret']

async function withPortico(dataDir: string, check: (portico: Portico) => void | Promise<void>): Promise<void> {
  const portico = await startPortico(resolveConfig({ dataDir, port: 0, host: '127.0.0.1' }, {}))
  try {
    await check(portico)
  } finally {
    await portico.close()
  }
}

describe('data directory permissions', () => {
  it('a new data directory is 0700 and the database, its WAL and SHM, and the secrets are 0600', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'portico-perm-'))
    const dataDir = join(parent, 'nested', 'data')
    const umask = process.umask(0o022)
    try {
      await withPortico(dataDir, () => {
        assert.equal(mode(dataDir).toString(8), '700')
        for (const file of PORTICO_FILES) {
          assert.ok(existsSync(join(dataDir, file)), file)
          assert.equal(mode(join(dataDir, file)).toString(8), '600', file)
        }
      })
    } finally {
      process.umask(umask)
      rmSync(parent, { recursive: true, force: true })
    }
  })

  it('an existing data directory left readable is tightened at start-up; files that are not Portico’s keep their mode', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'portico-perm-'))
    try {
      await withPortico(dataDir, () => {})
      chmodSync(dataDir, 0o755)
      for (const file of ['portico.db', 'admin-credentials.json', 'api-key-secret']) chmodSync(join(dataDir, file), 0o644)
      mkdirSync(join(dataDir, 'logs', 'aws'), { recursive: true, mode: 0o755 })
      chmodSync(join(dataDir, 'logs'), 0o755)
      writeFileSync(join(dataDir, 'logs', 'aws', 'access.log'), 'old line\n', { mode: 0o644 })
      writeFileSync(join(dataDir, 'notes.txt'), 'mine\n', { mode: 0o644 })
      await withPortico(dataDir, () => {
        assert.equal(mode(dataDir).toString(8), '700')
        for (const file of PORTICO_FILES) assert.equal(mode(join(dataDir, file)).toString(8), '600', file)
        assert.equal(mode(join(dataDir, 'logs')).toString(8), '700')
        assert.equal(mode(join(dataDir, 'logs', 'aws')).toString(8), '700')
        assert.equal(mode(join(dataDir, 'logs', 'aws', 'access.log')).toString(8), '600')
        assert.equal(mode(join(dataDir, 'notes.txt')).toString(8), '644')
      })
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })

  it('log files and their directories are created owner-only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-perm-'))
    const umask = process.umask(0o022)
    const sink = new FileSink(join(dir, 'logs', 'group', 'stream.log'))
    try {
      sink.write('a line')
      await sink.close()
      assert.equal(mode(join(dir, 'logs')).toString(8), '700')
      assert.equal(mode(join(dir, 'logs', 'group')).toString(8), '700')
      assert.equal(mode(join(dir, 'logs', 'group', 'stream.log')).toString(8), '600')
    } finally {
      process.umask(umask)
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
