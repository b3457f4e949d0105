/** Choosing the counters: `--counters`, PORTICO_COUNTERS, PORTICO_REDIS_URL, and the error for anything else. */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { ConfigError, resolveConfig } from '../../src/config.ts'
import { portico } from '../support/cli.ts'

describe('counters configuration', () => {
  it('memory by default; a redis:// or rediss:// URL from the flag, PORTICO_COUNTERS or PORTICO_REDIS_URL; the flag wins', () => {
    assert.equal(resolveConfig({}, {}).counters, 'memory')
    assert.equal(resolveConfig({}, { PORTICO_REDIS_URL: 'redis://127.0.0.1:6379' }).counters, 'redis://127.0.0.1:6379')
    assert.equal(resolveConfig({}, { PORTICO_COUNTERS: 'memory', PORTICO_REDIS_URL: 'redis://127.0.0.1:6379' }).counters, 'memory')
    assert.equal(resolveConfig({ counters: 'rediss://cache:6380/2' }, { PORTICO_COUNTERS: 'memory' }).counters, 'rediss://cache:6380/2')
  })

  it('anything else is refused, without echoing a password', () => {
    assert.throws(() => resolveConfig({ counters: 'memcached://u:hunter2@host' }, {}), (error: Error) => {
      assert.ok(error instanceof ConfigError)
      assert.match(error.message, /--counters must be 'memory' or a redis:\/\/ or rediss:\/\/ URL/)
      assert.ok(!error.message.includes('hunter2'))
      return true
    })
  })

  it('PORTICO_API_KEY_SECRET is read from the environment only', () => {
    assert.equal(resolveConfig({}, { PORTICO_API_KEY_SECRET: 'a secret of sixteen+' }).apiKeySecret, 'a secret of sixteen+')
    assert.equal(resolveConfig({}, {}).apiKeySecret, undefined)
  })

  it('the CLI: a bad --counters exits 2 with the message; serve cannot start without its Redis', () => {
    const bad = portico(['serve', '--counters', 'nope', '--port', '0'])
    assert.equal(bad.code, 2)
    assert.match(bad.stderr, /--counters must be 'memory' or a redis/)
    const dir = mkdtempSync(join(tmpdir(), 'portico-counters-down-'))
    try {
      const down = portico(['serve', '--counters', 'redis://127.0.0.1:1', '--port', '0', '--data-dir', dir])
      assert.notEqual(down.code, 0)
      assert.match(down.stderr, /Redis counters: cannot connect to redis:\/\/127\.0\.0\.1:1/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
