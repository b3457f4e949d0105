import type { Database } from 'better-sqlite3'
import { SCHEMA_V1 } from './schema-v1.ts'
import { SCHEMA_V2 } from './schema-v2.ts'
import { SCHEMA_V3 } from './schema-v3.ts'
import { SCHEMA_V4 } from './schema-v4.ts'
import { SCHEMA_V5 } from './schema-v5.ts'
import { SCHEMA_V6 } from './schema-v6.ts'
import { SCHEMA_V7 } from './schema-v7.ts'
import { SCHEMA_V8 } from './schema-v8.ts'

/** One step of the schema's history. Versions start at 1 and increase by one. */
export interface Migration {
  version: number
  name: string
  up(db: Database): void
}

/** Every migration this code knows, oldest first. Append; never edit or reorder a shipped one. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial schema', up: (db) => db.exec(SCHEMA_V1) },
  { version: 2, name: 'api keys, usage plans, certificates, account, audit', up: (db) => db.exec(SCHEMA_V2) },
  { version: 3, name: 'api key values encrypted, with an HMAC index', up: (db) => db.exec(SCHEMA_V3) },
  { version: 4, name: 'HTTP API parts', up: (db) => db.exec(SCHEMA_V4) },
  { version: 5, name: 'certificates, custom domain names, client certificate keys', up: (db) => db.exec(SCHEMA_V5) },
  { version: 6, name: 'documentation parts and versions', up: (db) => db.exec(SCHEMA_V6) },
  { version: 7, name: 'vpc links', up: (db) => db.exec(SCHEMA_V7) },
  { version: 8, name: 'apigatewayv2 vpc links', up: (db) => db.exec(SCHEMA_V8) },
]

/** The database was written by a newer Portico than this one. */
export class SchemaTooNewError extends Error {
  override name = 'SchemaTooNewError'
  constructor(
    readonly file: string,
    readonly databaseVersion: number,
    readonly knownVersion: number,
  ) {
    super(
      `${file} has schema version ${databaseVersion}, newer than the ${knownVersion} this Portico ` +
        'knows; upgrade Portico or point it at another data directory',
    )
  }
}

export interface MigrationResult {
  /** versions applied by this call, oldest first */
  applied: number[]
  /** the schema version after this call */
  version: number
}

/**
 * Brings `db` up to the newest known schema. Each migration runs in its own IMMEDIATE
 * transaction and re-reads the version inside it, so several processes opening one fresh file
 * at once apply each migration exactly once. A failing migration rolls back and throws; the
 * versions before it stay applied.
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): MigrationResult {
  checkOrder(migrations)
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`)
  const known = migrations.at(-1)?.version ?? 0
  const current = db.prepare<[], number>('SELECT coalesce(max(version), 0) FROM schema_migrations').pluck()
  const record = db.prepare<[number, string, string]>(
    'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
  )

  const found = current.get() ?? 0
  if (found > known) throw new SchemaTooNewError(db.name, found, known)

  const applied: number[] = []
  for (const migration of migrations) {
    const step = db.transaction(() => {
      const now = current.get() ?? 0
      if (now > known) throw new SchemaTooNewError(db.name, now, known)
      if (now >= migration.version) return false
      migration.up(db)
      record.run(migration.version, migration.name, new Date().toISOString())
      return true
    })
    if (step.immediate()) applied.push(migration.version)
  }
  return { applied, version: current.get() ?? 0 }
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`migration "${migration.name}" has version ${migration.version}, expected ${index + 1}`)
    }
  })
}
