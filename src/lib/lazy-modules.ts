import { createRequire } from 'node:module'
import type * as Yaml from 'yaml'
import type { Redis } from 'ioredis'
import type { Pool } from 'undici'

// Start-up time: yaml and ajv (~50 ms each to import) are needed only when a YAML document is
// read or written or a model compiled, ioredis (~70 ms) only when counters or the response
// cache are configured on Redis, and undici (~85 ms) only when a deployment calls HTTP backends
// (loaded when such a stage compiles, not on its first request), so they load on first use
// instead of at start-up.
const require = createRequire(import.meta.url)

export function yaml(): typeof Yaml {
  return (yamlModule ??= require('yaml') as typeof Yaml)
}
let yamlModule: typeof Yaml | undefined

/** The ajv-draft-04 class (API Gateway's models are JSON schema draft 4). */
export type AjvDraft04 = typeof import('ajv-draft-04').default

export function ajvDraft04(): AjvDraft04 {
  if (ajvClass === undefined) {
    // a CommonJS module whose `module.exports` is the class (TypeScript sees it under `.default`)
    const mod = require('ajv-draft-04') as AjvDraft04 & { default?: AjvDraft04 }
    ajvClass = mod.default ?? mod
  }
  return ajvClass
}
let ajvClass: AjvDraft04 | undefined

/** ioredis's client class. */
export function redisClient(): typeof Redis {
  return (redisClass ??= (require('ioredis') as { Redis: typeof Redis }).Redis)
}
let redisClass: typeof Redis | undefined

/**
 * undici's connection pool class, from its own modules: the package entry also loads fetch,
 * WebSocket, the caches, the mock agents and the interceptors, ~3× the CPU (~100 ms against
 * ~35 ms, bench/README.md). The entry's one step the pool needs is repeated here: the
 * `request`/`stream`/`pipeline`/`upgrade`/`connect` methods it puts on Dispatcher's prototype.
 */
export function undiciPool(): typeof Pool {
  if (poolClass === undefined) {
    const dispatcher = require('undici/lib/dispatcher/dispatcher.js') as { prototype: object }
    Object.assign(dispatcher.prototype, require('undici/lib/api/index.js') as object)
    poolClass = require('undici/lib/dispatcher/pool.js') as typeof Pool
  }
  return poolClass
}
let poolClass: typeof Pool | undefined
