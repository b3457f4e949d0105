import type { Dispatcher } from 'undici'
import { H1Pool, type H1Handler, type H1Request } from '../lib/h1-pool.ts'
import { undiciPool } from '../lib/lazy-modules.ts'
import { OriginAdmission, type UpstreamShed, type UpstreamTicket } from './upstream-admission.ts'

/**
 * An origin's connections: Portico's own HTTP/1.1 client for plain-HTTP origins (lib/h1-pool.ts),
 * undici's Pool for HTTPS ones (TLS options, client certificates). Both take undici's
 * dispatch-handler protocol; header names and values reach `onHeaders` as strings or Buffers.
 */
export interface BackendPool {
  dispatch(request: H1Request, handler: H1Handler): boolean
  close(): Promise<void>
}

/** One backend origin: its connections, and who may wait for them (upstream-admission.ts). */
export interface Upstream {
  readonly pool: BackendPool
  /** a place among this origin's calls, or why there is none for a call with this timeout */
  admit(timeoutMs: number): UpstreamTicket | UpstreamShed
  /** calls holding a connection, and calls waiting for one */
  readonly load: { running: number; waiting: number }
}

/** The certificate a stage presents to its HTTPS backends (its clientCertificateId's, with the key GenerateClientCertificate kept). */
export interface PresentedCertificate {
  readonly id: string
  readonly cert: string
  readonly key: string
}

/** undici Pools, one per backend origin, created on first use. */
export interface UpstreamPools {
  /**
   * The pool for `origin` (`http://host:port`), created lazily. `insecureTls`: the integration's
   * `tlsConfig.insecureSkipVerification` (a separate pool that accepts any certificate).
   * `clientCertificate`: the stage's, presented to HTTPS backends that ask (a pool per certificate).
   * `serverName`: an HTTP API integration's `tlsConfig.serverNameToVerify`, the name an HTTPS
   * backend's certificate is verified against and sent as SNI, whatever the origin's host (a pool per name).
   */
  get(origin: string, insecureTls?: boolean, clientCertificate?: PresentedCertificate, serverName?: string): Upstream
  /**
   * loads undici now (it loads lazily, for HTTPS backends): a stage that calls them does so when
   * it compiles, not on its first request. `uri`: the integration's endpoint; a plain `http:` one
   * needs no undici (lib/h1-pool.ts). Without it (a VPC link's local target, an AWS service's
   * configured endpoint) undici is loaded.
   */
  prepare(uri?: string): void
  /** number of pools currently open */
  readonly size: number
  close(): Promise<void>
}

export interface UpstreamPoolOptions {
  /** connections per origin (default 128, as many as the benchmark's minimal proxy) */
  connections?: number
  /** calls per origin that may wait for a connection (default 1024); more are shed with 503 */
  maxQueue?: number
  /** origins kept open at once; the least recently used pool is closed beyond this (default 256) */
  maxOrigins?: number
  /** idle keep-alive sockets are closed after this long (default 60 s) */
  keepAliveTimeoutMs?: number
}

export const DEFAULT_UPSTREAM_CONNECTIONS = 128
export const DEFAULT_UPSTREAM_QUEUE = 1024
const DEFAULT_MAX_ORIGINS = 256
const DEFAULT_KEEP_ALIVE_MS = 60_000

export function createUpstreamPools(options: UpstreamPoolOptions = {}): UpstreamPools {
  const limits = Object.freeze({ connections: options.connections ?? DEFAULT_UPSTREAM_CONNECTIONS, maxQueue: options.maxQueue ?? DEFAULT_UPSTREAM_QUEUE })
  const connections = limits.connections
  const maxOrigins = options.maxOrigins ?? DEFAULT_MAX_ORIGINS
  const keepAliveTimeout = options.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_MS
  // Map iteration order is insertion order: re-inserting on use keeps it least-recently-used first
  const pools = new Map<string, Upstream>()
  // the most recently used pool: asked for again (one backend, the common case), the map is left alone
  let newestKey: string | undefined
  let newest: Upstream | undefined
  let closed = false

  return {
    get(origin, insecureTls = false, clientCertificate, serverName) {
      if (closed) throw new Error('upstream pools are closed')
      const https = origin.startsWith('https:')
      const presents = clientCertificate !== undefined && https
      const named = serverName !== undefined && serverName !== '' && https
      const key =
        insecureTls || presents || named ? `${origin}${insecureTls ? ' insecure' : ''}${presents ? ` cert ${clientCertificate.id}` : ''}${named ? ` name ${serverName}` : ''}` : origin
      if (key === newestKey) return newest!
      const known = pools.get(key)
      if (known !== undefined) {
        pools.delete(key)
        pools.set(key, known)
        newestKey = key
        newest = known
        return known
      }
      if (pools.size >= maxOrigins) {
        const [oldestOrigin, oldest] = pools.entries().next().value as [string, Upstream]
        pools.delete(oldestOrigin)
        // close() lets requests in flight finish
        oldest.pool.close().catch(() => {})
      }
      const pool = origin.startsWith('http:') ? new H1Pool(origin, { connections, keepAliveTimeout, connectTimeout: 10_000 }) : httpsPool(origin, named ? serverName : undefined, {
        connections,
        // one request per connection at a time: a slow answer must not hold up the ones queued behind it
        pipelining: 1,
        keepAliveTimeout,
        keepAliveMaxTimeout: keepAliveTimeout,
        // the integration's timeoutInMillis is applied per request
        headersTimeout: 0,
        bodyTimeout: 0,
        connectTimeout: 10_000,
        // REST APIs call backends over HTTP/1.1 (Developer Guide, $context.protocol note)
        allowH2: false,
        ...((insecureTls || presents || named) && {
          connect: {
            ...(insecureTls && { rejectUnauthorized: false }),
            ...(presents && { cert: clientCertificate.cert, key: clientCertificate.key }),
            // Node checks the certificate against the servername it sends
            ...(named && { servername: serverName }),
          },
        }),
      })
      const admission = new OriginAdmission(limits, origin)
      const upstream: Upstream = {
        pool,
        admit: (timeoutMs) => admission.admit(timeoutMs),
        get load() {
          return admission.load
        },
      }
      pools.set(key, upstream)
      newestKey = key
      newest = upstream
      return upstream
    },
    prepare(uri) {
      if (uri === undefined || !/^http:\/\//i.test(uri)) undiciPool()
    },
    get size() {
      return pools.size
    },
    async close() {
      closed = true
      const all = [...pools.values()]
      pools.clear()
      newestKey = newest = undefined
      await Promise.all(all.map((u) => u.pool.close().catch(() => {})))
    },
  }
}

/**
 * An undici Pool to `origin`. `serverName` goes on each request too (undici reads a request's
 * `servername`, untyped): it otherwise takes one from the Host header, which would win over the pool's.
 */
function httpsPool(origin: string, serverName: string | undefined, options: ConstructorParameters<ReturnType<typeof undiciPool>>[1]): BackendPool {
  const PoolClass = undiciPool()
  const pool = new PoolClass(origin, options)
  return {
    dispatch:
      serverName === undefined
        ? (request, handler) => pool.dispatch(request as Dispatcher.DispatchOptions, handler as Dispatcher.DispatchHandler)
        : (request, handler) => pool.dispatch({ ...request, servername: serverName } as Dispatcher.DispatchOptions, handler as Dispatcher.DispatchHandler),
    close: () => pool.close(),
  }
}
