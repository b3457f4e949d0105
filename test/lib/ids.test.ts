import { test } from 'node:test'
import assert from 'node:assert/strict'
import { newExtendedRequestId, newId, randomHex } from '../../src/lib/ids.ts'

test('newId: lowercase alphanumeric ids of the asked length, drawn afresh each time across pool refills', () => {
  const seen = new Set<string>()
  // ~12 pool refills' worth of bytes, mixed with the pool's other users
  for (let i = 0; i < 6_000; i++) {
    const id = newId(i % 3 === 0 ? 6 : 10)
    assert.match(id, i % 3 === 0 ? /^[a-z0-9]{6}$/ : /^[a-z0-9]{10}$/)
    seen.add(id)
    if (i % 7 === 0) randomHex(8)
    if (i % 11 === 0) newExtendedRequestId()
  }
  assert.equal(seen.size, 6_000)
})

test('newId: every character equally likely (chi-square over 36 symbols)', () => {
  const counts = new Map<string, number>()
  const ids = 20_000
  for (let i = 0; i < ids; i++) for (const c of newId()) counts.set(c, (counts.get(c) ?? 0) + 1)
  assert.equal(counts.size, 36)
  const expected = (ids * 10) / 36
  let chi = 0
  for (const n of counts.values()) chi += (n - expected) ** 2 / expected
  // 35 degrees of freedom: p < 0.0001 above ~75; a plain `byte % 36` (its first four characters 8/7 as likely) scores ~400
  assert.ok(chi < 75, `chi-square ${chi.toFixed(1)}`)
})
