import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { PorticoConfig } from './config.ts'
import { DATABASE_FILE } from './control/store/sqlite/data-dir.ts'
import { openSqliteStore } from './control/store/sqlite/sqlite-store.ts'
import type { Store } from './control/store/store.ts'
import { importCertificate, type CertificateInput } from './control/domains/certificate-registry.ts'
import type { Certificate } from './model/domain.ts'

/**
 * Opens the data directory's SQLite store for the length of `fn`: for CLI commands that read
 * it with no server running (`portico audit`). Here, at the composition root, so that cli/
 * imports nothing of control/.
 */
export async function withLocalStore<T>(config: PorticoConfig, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openSqliteStore({ dataDir: config.dataDir, ...(config.apiKeySecret !== undefined && { apiKeySecret: config.apiKeySecret }) })
  try {
    return await fn(store)
  } finally {
    await store.close()
  }
}

/** What `portico cert` does to the local certificate registry. */
export interface LocalCertificates {
  import(input: CertificateInput): Promise<Certificate>
  list(): Promise<Certificate[]>
}

/** The data directory's certificate registry for the length of `fn` (a running server reloads it on SIGHUP). */
export function withLocalCertificates<T>(config: PorticoConfig, fn: (certificates: LocalCertificates) => Promise<T>): Promise<T> {
  return withLocalStore(config, (store) =>
    fn({
      import: (input) => importCertificate(store, input, config, Math.floor(Date.now() / 1000)),
      list: () => store.listCertificates(),
    }),
  )
}

/**
 * Whether the data directory holds a store: `portico audit` run where no server ever kept its
 * data must say so, not open (and create) an empty store and report "No changes recorded yet".
 */
export function localStoreExists(config: PorticoConfig): boolean {
  return existsSync(join(config.dataDir, DATABASE_FILE))
}
