/** The listener's bounds. AWS's values where AWS documents one (reference §9). */
export interface DataPlaneLimits {
  /** request payload; AWS: 10 MB → 413 REQUEST_TOO_LARGE */
  readonly maxBodyBytes: number
  /** total bytes of all request header values; AWS: 10,240 */
  readonly maxHeaderValueBytes: number
  /** request-target length; AWS: 10,240 (regional) → 414 */
  readonly maxUrlLength: number
  /** Node's parser cap on the request line + headers (names included); must exceed the two above */
  readonly maxHeaderSize: number
  /** a client must send all headers within this (slowloris) → 408 */
  readonly headersTimeoutMs: number
  /** a client must send the whole request, body included, within this → 408 */
  readonly requestTimeoutMs: number
  /** an idle keep-alive connection is closed after this */
  readonly keepAliveTimeoutMs: number
  /** a socket with no traffic at all is closed after this (covers stalled bodies and slow readers) */
  readonly idleTimeoutMs: number
  /** how often Node checks headers/request timeouts; small values make small timeouts precise */
  readonly connectionsCheckingIntervalMs: number
  /** an HTTPS client must finish its TLS handshake within this, or the socket is closed */
  readonly handshakeTimeoutMs: number
  /**
   * connections the kernel may hold before they are accepted (capped by net.core.somaxconn).
   * Node's default, 511, overflows when thousands of clients connect at once: the kernel drops
   * their SYNs and clients retry after 1, 3, 7, 15 s, which showed as connect timeouts and a 17 s p99.
   */
  readonly listenBacklog: number
  /** the event loop running later than this while many requests arrive sheds them with 429 (event-loop-lag.ts); 0 (the default here): never. `portico serve` sets it (PORTICO_MAX_EVENT_LOOP_LAG_MS) */
  readonly maxEventLoopLagMs: number
}

export const DEFAULT_LIMITS: DataPlaneLimits = Object.freeze({
  maxBodyBytes: 10 * 1024 * 1024,
  maxHeaderValueBytes: 10_240,
  maxUrlLength: 10_240,
  maxHeaderSize: 32 * 1024,
  headersTimeoutMs: 20_000,
  requestTimeoutMs: 60_000,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 120_000,
  connectionsCheckingIntervalMs: 1_000,
  handshakeTimeoutMs: 10_000,
  listenBacklog: 4096,
  maxEventLoopLagMs: 0,
})

/** The defaults with `overrides` applied, as a new frozen object. */
export function resolveLimits(overrides: Partial<DataPlaneLimits> = {}): DataPlaneLimits {
  const limits = { ...DEFAULT_LIMITS, ...overrides }
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) limits.headersTimeoutMs = limits.requestTimeoutMs
  return Object.freeze(limits)
}
