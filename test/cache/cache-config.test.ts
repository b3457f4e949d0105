import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ConfigError, resolveConfig } from '../../src/config.ts'

describe('response cache configuration', () => {
  it('defaults to the in-process cache capped at 256 MB, with no configured key', () => {
    const config = resolveConfig({}, {})
    assert.equal(config.cache, 'memory')
    assert.equal(config.cacheMaxBytes, 256 * 1024 * 1024)
    assert.equal(config.cacheKey, undefined)
  })

  it('takes --cache over PORTICO_CACHE, and the cap and key from the environment', () => {
    const key = Buffer.alloc(32, 3).toString('base64')
    const env = { PORTICO_CACHE: 'redis://127.0.0.1:6379/1', PORTICO_CACHE_MAX_BYTES: '1048576', PORTICO_CACHE_KEY: key }
    assert.equal(resolveConfig({}, env).cache, 'redis://127.0.0.1:6379/1')
    assert.equal(resolveConfig({ cache: 'memory' }, env).cache, 'memory')
    assert.equal(resolveConfig({}, env).cacheMaxBytes, 1_048_576)
    assert.equal(resolveConfig({}, env).cacheKey, key)
  })

  it('refuses a backend that is neither memory nor Redis, a bad cap and a key of the wrong size, hiding URL credentials', () => {
    assert.throws(() => resolveConfig({ cache: 'memcached://x' }, {}), (e: Error) => e instanceof ConfigError && /--cache must be 'memory' or a redis/.test(e.message))
    assert.throws(() => resolveConfig({ cache: 'http://user:secret@host' }, {}), (e: Error) => !e.message.includes('secret'))
    assert.throws(() => resolveConfig({}, { PORTICO_CACHE_MAX_BYTES: '0' }), /PORTICO_CACHE_MAX_BYTES must be a positive integer/)
    assert.throws(() => resolveConfig({}, { PORTICO_CACHE_MAX_BYTES: '1.5' }), /PORTICO_CACHE_MAX_BYTES must be a positive integer/)
    assert.throws(() => resolveConfig({}, { PORTICO_CACHE_KEY: Buffer.alloc(16).toString('base64') }), /PORTICO_CACHE_KEY must be 32 bytes/)
  })
})
