import type { PorticoConfig } from './config.ts'
import { openSqliteStore } from './control/store/sqlite/sqlite-store.ts'
import type { Store } from './control/store/store.ts'

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
