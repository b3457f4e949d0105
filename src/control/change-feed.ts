import { EventEmitter } from 'node:events'

/** A stage now serves a different deployment, or went away. The data plane recompiles on it. */
export interface StageChange {
  apiId: string
  stageName: string
  /** undefined when the stage (or its API) was deleted */
  deploymentId: string | undefined
}

/**
 * API keys, usage plans, their keys, usage or the account changed (`operation` names the
 * management operation). The data plane reloads its key and plan catalogue on it.
 */
export interface AccountChange {
  operation: string
  usagePlanId?: string
  keyId?: string
}

/** The management operations that publish an AccountChange once they succeed. */
export const ACCOUNT_CHANGING_OPERATIONS: ReadonlySet<string> = new Set([
  'CreateApiKey', 'UpdateApiKey', 'DeleteApiKey', 'ImportApiKeys',
  'CreateUsagePlan', 'UpdateUsagePlan', 'DeleteUsagePlan',
  'CreateUsagePlanKey', 'DeleteUsagePlanKey', 'UpdateUsage',
  'UpdateAccount',
])

/**
 * In-process announcements from the control plane to the data plane. A fleet on PostgreSQL
 * will carry the same events over LISTEN/NOTIFY.
 */
export class ChangeFeed {
  readonly #events = new EventEmitter()

  publish(change: StageChange): void {
    this.#events.emit('stage', change)
  }

  subscribe(listener: (change: StageChange) => void): () => void {
    this.#events.on('stage', listener)
    return () => this.#events.off('stage', listener)
  }

  publishAccount(change: AccountChange): void {
    this.#events.emit('account', change)
  }

  subscribeAccount(listener: (change: AccountChange) => void): () => void {
    this.#events.on('account', listener)
    return () => this.#events.off('account', listener)
  }
}
