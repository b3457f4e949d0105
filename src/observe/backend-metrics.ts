/**
 * `/metrics` series of the shared backends a gateway depends on while serving (Redis for
 * counters and the response cache): whether each is up, and how many of its commands failed,
 * so an outage shows on a dashboard instead of as a log line per request.
 */
import type { BackendHealth } from '../lib/backend-health.ts'
import type { MetricFamily } from './prometheus.ts'

export interface WatchedBackend {
  /** what the gateway uses it for: `counters`, `cache` */
  use: string
  health: BackendHealth
}

export function redisMetricFamilies(backends: readonly WatchedBackend[]): MetricFamily[] {
  if (backends.length === 0) return []
  const per = (read: (health: BackendHealth) => number) =>
    function* samples(): Generator<readonly [Record<string, string>, number]> {
      for (const { use, health } of backends) yield [{ use }, read(health)]
    }
  return [
    { name: 'portico_redis_up', help: '1 while the Redis answers, 0 from a failed command or a lost connection until it answers again', type: 'gauge', samples: per((h) => (h.up ? 1 : 0)) },
    { name: 'portico_redis_command_failures_total', help: 'Redis commands that failed (each a request answered 500 for counters, a miss for the cache)', type: 'counter', samples: per((h) => h.failures) },
  ]
}
