/**
 * What one committed write changed, as Store.watch() announces it. The data plane follows the
 * store through these alone: a stage change recompiles that stage, an account change reloads
 * the key and plan catalogue, a remaining-quota change moves one key's counter.
 *
 * Usage counts (addUsage, addUsages) and audit entries are records, not configuration: the data
 * plane writes most of them itself, many a second, and nothing follows them. They are not
 * announced.
 */
export type StoreChange =
  /** an API definition was saved (created or replaced) or deleted */
  | { readonly kind: 'api'; readonly apiId: string; readonly deleted: boolean }
  /**
   * a stage was created or replaced (what it serves: `deploymentId`), or deleted, alone or with
   * its API (`deploymentId` undefined; also for an HTTP or WebSocket stage not deployed yet)
   */
  | { readonly kind: 'stage'; readonly apiId: string; readonly stageName: string; readonly deploymentId: string | undefined }
  /** API keys, usage plans, their keys, client certificates or the account changed */
  | { readonly kind: 'account'; readonly resource: AccountResource }
  /** a key's remaining quota was set (UpdateUsage) */
  | { readonly kind: 'remaining'; readonly usagePlanId: string; readonly keyId: string }

export type AccountResource = 'api-key' | 'usage-plan' | 'usage-plan-key' | 'client-certificate' | 'account'

export type StoreWatcher = (change: StoreChange) => void

/**
 * The watchers of one store. An embedded store announces each change itself, once its write
 * has committed; a store shared by a fleet announces what it hears from the database (a
 * PostgreSQL NOTIFY sent in the writing transaction) to the same watchers.
 */
export class StoreWatchers {
  readonly #watchers = new Set<StoreWatcher>()
  readonly #onError: (error: unknown) => void

  constructor(onError: (error: unknown) => void = (error) => console.error('portico: a store watcher failed:', error)) {
    this.#onError = onError
  }

  add(watcher: StoreWatcher): () => void {
    // a watcher added twice is told twice, and each unsubscribe removes its own
    const own: StoreWatcher = (change) => watcher(change)
    this.#watchers.add(own)
    return () => {
      this.#watchers.delete(own)
    }
  }

  /** Tells every watcher, in order; a watcher that throws neither fails the write nor silences the others. */
  announce(...changes: readonly StoreChange[]): void {
    if (this.#watchers.size === 0) return
    const watchers = [...this.#watchers]
    for (const change of changes) {
      for (const watcher of watchers) {
        try {
          watcher(change)
        } catch (error) {
          this.#onError(error)
        }
      }
    }
  }
}
