import { BackendHealth } from '../lib/backend-health.ts'
import { redisClient } from '../lib/lazy-modules.ts'
import { redactUrl } from '../lib/redact-url.ts'
import { refillMs, type BucketLimit, type Clock, type Counters, type QuotaLimit } from './counters.ts'

/**
 * Counters in Redis, so that every gateway process on one Redis shares each limit. Each
 * operation is one Lua script (atomic on the server, sent as EVALSHA by ioredis' defineCommand,
 * auto-pipelined). Times come from the processes' clocks, passed in, so the fleet's clocks
 * should agree (NTP); a clock behind the last update refills nothing instead of going back.
 * Keys: `{prefix}b:{bucket id}` (hash: tokens, at) and `{prefix}q:{quota id}` (the count), each
 * expiring (in Redis' time, a TTL) once it no longer matters. A single Redis (or a primary), not Redis Cluster: one
 * script touches several buckets. While Redis is away every call rejects at once with a
 * BackendUnavailableError (the request answers 500); the outage is logged when it starts and
 * when it ends, not per call (lib/backend-health.ts).
 */
export interface RedisCountersOptions {
  url: string
  now?: Clock
  /** key prefix; `portico:limits:` by default */
  prefix?: string
  /** where the outage's two log lines go; default console.error */
  report?: (message: string) => void
}

/**
 * KEYS: the buckets, then the quota when there is one; ARGV: now, the quota's limit, seed and
 * ttl (ms) (ignored without one), then rate, burst, ttl per bucket. Returns -1 when admitted,
 * the 0-based index of the first empty bucket, or the number of buckets when the quota is used
 * up; nothing is taken unless admitted.
 */
const ADMIT = `
local now = tonumber(ARGV[1])
local nb = #KEYS
local quota = nil
if tonumber(ARGV[2]) >= 0 then
  quota = KEYS[nb]
  nb = nb - 1
end
local tokens = {}
local times = {}
for i = 1, nb do
  local rate = tonumber(ARGV[i * 3 + 2])
  local burst = tonumber(ARGV[i * 3 + 3])
  local state = redis.call('HMGET', KEYS[i], 't', 'at')
  local t = tonumber(state[1])
  local at = tonumber(state[2])
  if t == nil then
    t = burst
    at = now
  elseif now > at then
    t = math.min(burst, t + (now - at) * rate / 1000)
    at = now
  end
  if t < 1 then return i - 1 end
  tokens[i] = t
  times[i] = at
end
if quota then
  local used = tonumber(redis.call('GET', quota))
  if used == nil then
    used = tonumber(ARGV[3])
    redis.call('SET', quota, used, 'PX', ARGV[4])
  end
  if used >= tonumber(ARGV[2]) then return nb end
  redis.call('INCR', quota)
end
for i = 1, nb do
  redis.call('HSET', KEYS[i], 't', tostring(tokens[i] - 1), 'at', tostring(times[i]))
  redis.call('PEXPIRE', KEYS[i], ARGV[i * 3 + 4])
end
return -1
`

/** KEYS[1]: the quota; ARGV: used, ttl (ms). */
const SET_USED = `
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`

interface LimitCommands {
  porticoAdmit(...args: Array<string | number>): Promise<number>
  porticoSetUsed(key: string, used: number, ttlMs: number): Promise<number>
}

/** Connects first: rejects when Redis does not answer, so a misconfigured fleet fails at start. */
/** Redis answers over the network: admit always returns a promise. */
export interface RedisCounters extends Counters {
  admit(buckets: readonly BucketLimit[], quota?: QuotaLimit): Promise<number>
  /** up or down, and the failed calls (the `/metrics` series) */
  readonly health: BackendHealth
}

export async function createRedisCounters(options: RedisCountersOptions): Promise<RedisCounters> {
  const now = options.now ?? Date.now
  const prefix = options.prefix ?? 'portico:limits:'
  // fail fast while Redis is away (the request answers 500) instead of queueing commands: no
  // offline queue, one retry, and a bound on how long a sent command may wait for its reply
  const redis = new (redisClient())(options.url, {
    enableAutoPipelining: true,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 2000,
  })
  redis.defineCommand('porticoAdmit', { lua: ADMIT })
  redis.defineCommand('porticoSetUsed', { numberOfKeys: 1, lua: SET_USED })
  // ioredis reports connection errors on the client too; until connected, the start's error says it all
  redis.on('error', () => {})
  try {
    await redis.connect()
  } catch (error) {
    redis.disconnect()
    throw new Error(`Redis counters: cannot connect to ${redactUrl(options.url)}: ${(error as Error).message}`)
  }
  const health = new BackendHealth({
    name: `Redis counters at ${redactUrl(options.url)}`,
    whileDown: 'requests answer 500 Internal server error',
    ...(options.report && { report: options.report }),
  }).watch(redis)
  const commands = redis as unknown as LimitCommands
  const quotaKey = (id: string) => `${prefix}q:${id}`
  // expiry in Redis' own time: the period's remaining length by our clock, plus a day's margin
  const ttl = (quota: QuotaLimit) => Math.max(0, quota.expiresAt - now()) + 86_400_000

  return {
    health,
    async admit(buckets: readonly BucketLimit[], quota?: QuotaLimit): Promise<number> {
      const args: Array<string | number> = [buckets.length + (quota ? 1 : 0)]
      for (const b of buckets) args.push(`${prefix}b:${b.id}`)
      if (quota) args.push(quotaKey(quota.id))
      args.push(now(), quota ? quota.limit : -1, quota ? quota.seedUsed : 0, quota ? ttl(quota) : 0)
      for (const b of buckets) args.push(b.rate, b.burst, refillMs(b))
      return Number(await health.track(commands.porticoAdmit(...args)))
    },
    async setUsed(quota: QuotaLimit, used: number): Promise<void> {
      await health.track(commands.porticoSetUsed(quotaKey(quota.id), used, ttl(quota)))
    },
    async used(quotaId: string): Promise<number | undefined> {
      const value = await health.track(redis.get(quotaKey(quotaId)))
      return value === null ? undefined : Number(value)
    },
    async close(): Promise<void> {
      health.close()
      await redis.quit().catch(() => redis.disconnect())
    },
  }
}
