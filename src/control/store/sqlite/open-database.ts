import { join } from 'node:path'
import Database from 'better-sqlite3'
import { DATABASE_FILE, prepareDataDir } from './data-dir.ts'
import { migrate } from './migrations.ts'

export const DEFAULT_BUSY_TIMEOUT_MS = 5_000

export interface OpenDatabaseOptions {
  /** created, with its parents, when missing; made private either way (data-dir.ts) */
  dataDir: string
  /** how long a statement waits for another connection's lock before SQLITE_BUSY */
  busyTimeoutMs?: number
}

/**
 * Opens `<dataDir>/portico.db` the way the store needs it: WAL (readers never wait for the
 * writer), a busy timeout (several processes may share the file), foreign keys enforced, and
 * the schema migrated to the newest version this code knows.
 */
export function openDatabase(options: OpenDatabaseOptions): Database.Database {
  const { dataDir, busyTimeoutMs = DEFAULT_BUSY_TIMEOUT_MS } = options
  prepareDataDir(dataDir)
  const db = new Database(join(dataDir, DATABASE_FILE), { timeout: busyTimeoutMs })
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(busyTimeoutMs))}`)
    const mode = db.pragma('journal_mode = WAL', { simple: true })
    if (mode !== 'wal') throw new Error(`${db.name}: cannot switch to WAL journal mode (got ${String(mode)})`)
    // configuration writes are rare: pay for durability on every commit
    db.pragma('synchronous = FULL')
    db.pragma('foreign_keys = ON')
    migrate(db)
    return db
  } catch (error) {
    db.close()
    throw error
  }
}
