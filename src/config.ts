import { redactUrl } from './lib/redact-url.ts'
import { parseVpceListeners, type VpceListenerSpec } from './config-vpce.ts'

/** Resolved, read-only configuration of one Portico process. */
/** where the generated management-API credentials live in the data directory: the server writes them, the CLI signs with them */
export const CREDENTIALS_FILE = 'admin-credentials.json'

export interface PorticoConfig {
  readonly dataDir: string
  readonly host: string
  readonly port: number
  /**
   * the management API's own port (on `host`); undefined: it shares `port` with the data plane.
   * Given, `port` serves only the data plane and this port only the management API and /metrics.
   */
  readonly adminPort?: number
  /** the HTTPS listener's port (on `host`); undefined: no HTTPS listener */
  readonly httpsPort?: number
  /** the HTTPS listener's default certificate and key (PEM files), reloaded on SIGHUP */
  readonly tlsCert?: string
  readonly tlsKey?: string
  /** no plain HTTP listener for the APIs: HTTPS only, as on AWS */
  readonly httpsOnly?: boolean
  /** listeners standing in for VPC endpoints: the only way to PRIVATE APIs (config-vpce.ts) */
  readonly vpceListeners?: readonly VpceListenerSpec[]
  /** stage that `serve <file>` deploys to */
  readonly stage: string
  /** stage that `serve <file>` deploys an HTTP API document to: `stage` when given, else `$default` (served at the root) */
  readonly httpApiStage: string
  /** the account id reported in ARNs and `$context.accountId` */
  readonly accountId: string
  readonly region: string
  /** accept any well-formed SigV4 signature on the management API, as local emulators do */
  readonly dev: boolean
  /** management API credentials; when unset, a pair is generated in `<dataDir>/admin-credentials.json` */
  readonly adminAccessKeyId?: string
  readonly adminSecretAccessKey?: string
  /** where the stage response cache lives: `memory` (this process) or a `redis://` / `rediss://` URL shared by a fleet */
  readonly cache: string
  /** the in-process response cache's cap on bytes, all stages together (each also within its cacheClusterSize) */
  readonly cacheMaxBytes: number
  /** base64 of 32 bytes encrypting `cacheDataEncrypted` entries (env PORTICO_CACHE_KEY only); else random per process */
  readonly cacheKey?: string
  /** where throttle and quota counters live: `memory` (this process) or a `redis://` / `rediss://` URL shared by a fleet */
  readonly counters: string
  /** connections to one backend origin of HTTP, HTTP_PROXY and AWS service integrations */
  readonly upstreamConnections: number
  /** calls to one backend origin that may wait for a connection at once; more are shed (503) */
  readonly upstreamQueue: number
  /** encrypts API key values at rest (env PORTICO_API_KEY_SECRET only: never a flag); else a secret generated into the data directory */
  readonly apiKeySecret?: string
}

export const DEFAULTS: PorticoConfig = Object.freeze({
  dataDir: './.portico',
  host: '127.0.0.1',
  port: 4566,
  stage: 'dev',
  httpApiStage: '$default',
  accountId: '123456789012',
  region: 'us-east-1',
  dev: false,
  cache: 'memory',
  cacheMaxBytes: 256 * 1024 * 1024,
  counters: 'memory',
  upstreamConnections: 128,
  upstreamQueue: 1024,
})

/** Flags win over environment variables, which win over the defaults. */
export function resolveConfig(flags: Partial<Record<keyof PorticoConfig, string | number | boolean | undefined>>, env: NodeJS.ProcessEnv = process.env): PorticoConfig {
  const pick = (key: keyof PorticoConfig, envName: string): string | undefined => {
    const v = flags[key]
    if (v !== undefined && v !== '') return String(v)
    const e = env[envName]
    return e !== undefined && e !== '' ? e : undefined
  }
  const portText = pick('port', 'PORTICO_PORT')
  const port = portText === undefined ? DEFAULTS.port : portNumber('--port', portText)
  const adminPortText = pick('adminPort', 'PORTICO_ADMIN_PORT')
  const adminPort = adminPortText === undefined ? undefined : portNumber('--admin-port', adminPortText)
  if (adminPort !== undefined && adminPort !== 0 && adminPort === port) throw new ConfigError(`--admin-port must differ from --port (both ${port})`)
  const httpsPortText = pick('httpsPort', 'PORTICO_HTTPS_PORT')
  const httpsPort = httpsPortText === undefined ? undefined : portNumber('--https-port', httpsPortText)
  const tlsCert = pick('tlsCert', 'PORTICO_TLS_CERT')
  const tlsKey = pick('tlsKey', 'PORTICO_TLS_KEY')
  const httpsOnlyText = pick('httpsOnly', 'PORTICO_HTTPS_ONLY')
  const httpsOnly = httpsOnlyText !== undefined && httpsOnlyText !== 'false' && httpsOnlyText !== '0'
  if (httpsPort !== undefined && (tlsCert === undefined || tlsKey === undefined)) {
    throw new ConfigError("--https-port needs --tls-cert and --tls-key (PEM files; 'portico cert dev' makes a development pair)")
  }
  if (httpsPort !== undefined && httpsPort !== 0 && (httpsPort === port || httpsPort === adminPort)) throw new ConfigError(`--https-port must differ from --port and --admin-port (${httpsPort})`)
  const host = pick('host', 'PORTICO_HOST') ?? DEFAULTS.host
  const vpceText = pick('vpceListeners', 'PORTICO_VPCE_LISTENERS')
  let vpceListeners: VpceListenerSpec[] = []
  try {
    vpceListeners = vpceText === undefined ? [] : parseVpceListeners(vpceText, host)
  } catch (error) {
    throw new ConfigError((error as Error).message)
  }
  const tlsVpce = vpceListeners.find((l) => l.tls === true)
  if (tlsVpce !== undefined && (tlsCert === undefined || tlsKey === undefined)) {
    throw new ConfigError(`--vpce-listener ${tlsVpce.vpceId}=https://… needs --tls-cert and --tls-key (its certificate is the default one)`)
  }
  if (httpsOnly && httpsPort === undefined) throw new ConfigError('--https-only needs --https-port')
  if (httpsPort === undefined && tlsVpce === undefined && (tlsCert !== undefined || tlsKey !== undefined)) throw new ConfigError('--tls-cert and --tls-key need --https-port (or an https:// --vpce-listener)')
  for (const l of vpceListeners) {
    if (l.port !== 0 && [port, adminPort, httpsPort].includes(l.port)) throw new ConfigError(`--vpce-listener ${l.vpceId} must have its own port, not ${l.port}`)
  }
  const givenStage = pick('stage', 'PORTICO_STAGE')
  const stage = givenStage ?? DEFAULTS.stage
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(stage)) {
    throw new ConfigError(`--stage must be 1-128 letters, digits, '-' or '_' (AWS's stage name rule), got ${JSON.stringify(stage)}`)
  }
  const dev = pick('dev', 'PORTICO_DEV')
  const adminAccessKeyId = pick('adminAccessKeyId', 'PORTICO_ADMIN_ACCESS_KEY_ID')
  const adminSecretAccessKey = pick('adminSecretAccessKey', 'PORTICO_ADMIN_SECRET_ACCESS_KEY')
  if ((adminAccessKeyId === undefined) !== (adminSecretAccessKey === undefined)) {
    throw new ConfigError('PORTICO_ADMIN_ACCESS_KEY_ID and PORTICO_ADMIN_SECRET_ACCESS_KEY must be set together')
  }
  const cache = sharedBackend('cache', pick('cache', 'PORTICO_CACHE') ?? DEFAULTS.cache)
  const maxText = pick('cacheMaxBytes', 'PORTICO_CACHE_MAX_BYTES')
  const cacheMaxBytes = maxText === undefined ? DEFAULTS.cacheMaxBytes : Number(maxText)
  if (!Number.isSafeInteger(cacheMaxBytes) || cacheMaxBytes < 1) throw new ConfigError(`PORTICO_CACHE_MAX_BYTES must be a positive integer, got ${JSON.stringify(maxText)}`)
  const cacheKey = env.PORTICO_CACHE_KEY || undefined
  if (cacheKey !== undefined && Buffer.from(cacheKey, 'base64').length !== 32) throw new ConfigError('PORTICO_CACHE_KEY must be 32 bytes in base64 (e.g. `openssl rand -base64 32`)')
  const upstreamConnections = wholeNumber(env, 'PORTICO_UPSTREAM_CONNECTIONS', DEFAULTS.upstreamConnections, 1)
  const upstreamQueue = wholeNumber(env, 'PORTICO_UPSTREAM_QUEUE', DEFAULTS.upstreamQueue, 0)
  const counters = sharedBackend('counters', pick('counters', 'PORTICO_COUNTERS') ?? (env.PORTICO_REDIS_URL || DEFAULTS.counters))
  return Object.freeze({
    cache,
    cacheMaxBytes,
    ...(cacheKey !== undefined && { cacheKey }),
    counters,
    upstreamConnections,
    upstreamQueue,
    dataDir: pick('dataDir', 'PORTICO_DATA_DIR') ?? DEFAULTS.dataDir,
    host,
    port,
    ...(adminPort !== undefined && { adminPort }),
    ...(httpsPort !== undefined && { httpsPort, httpsOnly }),
    ...((httpsPort !== undefined || tlsVpce !== undefined) && { tlsCert: tlsCert!, tlsKey: tlsKey! }),
    ...(vpceListeners.length > 0 && { vpceListeners: Object.freeze(vpceListeners) }),
    stage,
    httpApiStage: givenStage ?? '$default',
    accountId: pick('accountId', 'PORTICO_ACCOUNT_ID') ?? DEFAULTS.accountId,
    region: pick('region', 'PORTICO_REGION') ?? DEFAULTS.region,
    dev: dev !== undefined && dev !== 'false' && dev !== '0',
    ...(adminAccessKeyId !== undefined && { adminAccessKeyId, adminSecretAccessKey }),
    ...(env.PORTICO_API_KEY_SECRET ? { apiKeySecret: env.PORTICO_API_KEY_SECRET } : {}),
  })
}

/** An environment variable holding a whole number ≥ `min`, or the default when unset. */
function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const text = env[name]
  if (text === undefined || text === '') return fallback
  const value = Number(text)
  if (!Number.isSafeInteger(value) || value < min) throw new ConfigError(`${name} must be a whole number ≥ ${min}, got ${JSON.stringify(text)}`)
  return value
}

function portNumber(flag: string, text: string): number {
  const port = Number(text)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`${flag} must be an integer between 0 and 65535, got ${JSON.stringify(text)}`)
  return port
}

/** `memory` (this process) or a Redis URL shared by a fleet; the error hides a URL's password */
function sharedBackend(flag: string, value: string): string {
  if (value === 'memory' || /^rediss?:\/\//.test(value)) return value
  throw new ConfigError(`--${flag} must be 'memory' or a redis:// or rediss:// URL, got ${JSON.stringify(redactUrl(value))}`)
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}
