import { EventEmitter } from 'node:events'

/** A stage now serves a different deployment, or went away. The data plane recompiles on it. */
export interface StageChange {
  apiId: string
  stageName: string
  /** undefined when the stage (or its API) was deleted */
  deploymentId: string | undefined
}

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
}
