import type { Server as HttpServer } from 'node:http'
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

/** Closes an HTTP server now: its open connections (kept-alive clients included) are dropped first rather than waited for. */
export function closeHttpServer(server: HttpServer): Promise<void> {
  server.closeAllConnections()
  return closeServer(server)
}
