import { join } from 'node:path'
import { ensurePrivateFile, makePrivateDir } from '../../../lib/private-dir.ts'
import { CREDENTIALS_FILE } from '../../../config.ts'
import { API_KEY_SECRET_FILE } from './api-key-cipher.ts'

/** the file Portico keeps its configuration in, inside the data directory */
export const DATABASE_FILE = 'portico.db'

/**
 * Everything Portico keeps in its data directory: the database and SQLite's files beside it,
 * the secrets, and the log tree. A new kind of file belongs in this list.
 */
const PORTICO_ENTRIES = [
  DATABASE_FILE,
  `${DATABASE_FILE}-wal`,
  `${DATABASE_FILE}-shm`,
  `${DATABASE_FILE}-journal`,
  API_KEY_SECRET_FILE,
  CREDENTIALS_FILE,
  'logs',
]

/**
 * The data directory, private to the user Portico runs as: 0700, and Portico's files in it 0600
 * (also those an older version or another umask left readable). The database is created 0600
 * here rather than by SQLite (0644): SQLite gives its -wal and -shm files the database's mode.
 */
export function prepareDataDir(dataDir: string): void {
  makePrivateDir(dataDir, PORTICO_ENTRIES)
  ensurePrivateFile(join(dataDir, DATABASE_FILE))
}
