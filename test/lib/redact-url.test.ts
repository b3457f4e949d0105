import { test } from 'node:test'
import assert from 'node:assert/strict'
import { redactUrl } from '../../src/lib/redact-url.ts'

test('a URL in a message never shows its password', () => {
  assert.equal(redactUrl('redis://user:s3cret@127.0.0.1:6379/0'), 'redis://user:***@127.0.0.1:6379/0')
  assert.equal(redactUrl('rediss://:s3cret@cache.internal:6380'), 'rediss://:***@cache.internal:6380')
  assert.equal(redactUrl('redis://127.0.0.1:6379'), 'redis://127.0.0.1:6379')
  // unparsable (a bad port): the whole credentials part goes
  assert.equal(redactUrl('redis://user:s3cret@host:99999999'), 'redis://***@host:99999999')
})
