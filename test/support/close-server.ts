import type { Server } from 'node:net'

/**
 * Closes `server` if it was started. For an `after` hook whose `before` may never have run (a
 * suite cancelled because an earlier hook failed): `new Promise((r) => server?.close(r))` never
 * resolves when `server` is undefined, and the test process hangs instead of failing.
 */
export function closeServer(server: Server | undefined): Promise<void> {
  if (server === undefined) return Promise.resolve()
  return new Promise((resolve) => server.close(() => resolve()))
}
