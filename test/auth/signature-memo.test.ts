/** The JWT authorizer's memo of verified signatures: per token and key object, bounded. */
import assert from 'node:assert/strict'
import { generateKeyPairSync } from 'node:crypto'
import { describe, it } from 'node:test'
import type { DecodedJwt } from '../../src/auth/jwt.ts'
import { SignatureMemo } from '../../src/auth/signature-memo.ts'

const key = () => generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey
const decoded = (): DecodedJwt => ({ header: { alg: 'RS256', kid: 'k1' }, payload: { sub: 'alice', groups: ['a'] }, signingInput: 'a.b', signature: Buffer.alloc(0) })

describe('SignatureMemo', () => {
  it('vouches for a token only with the key object that verified it', () => {
    const [first, second] = [key(), key()]
    const memo = new SignatureMemo()
    assert.equal(memo.verified('a.b.c', first), false)
    memo.remember('a.b.c', first, decoded())
    assert.equal(memo.verified('a.b.c', first), true)
    assert.equal(memo.verified('a.b.c', second), false)
    assert.equal(memo.verified('a.b.d', first), false)
  })

  it('forgets the oldest token past its bound and never keeps an oversized one', () => {
    const k = key()
    const memo = new SignatureMemo(2)
    memo.remember('t1', k, decoded())
    memo.remember('t2', k, decoded())
    memo.remember('t3', k, decoded())
    assert.deepEqual(['t1', 't2', 't3'].map((t) => memo.verified(t, k)), [false, true, true])
    const long = 'x'.repeat(9 * 1024)
    memo.remember(long, k, decoded())
    assert.equal(memo.verified(long, k), false)
    assert.equal(memo.verified('t3', k), true)
  })

  it('recalls a token\'s decoded form, frozen all the way down', () => {
    const k = key()
    const memo = new SignatureMemo()
    memo.remember('a.b.c', k, decoded())
    const recalled = memo.recall('a.b.c')!
    assert.equal(recalled.key, k)
    assert.deepEqual(recalled.jwt.payload, { sub: 'alice', groups: ['a'] })
    assert.throws(() => ((recalled.jwt.payload as { sub: string }).sub = 'mallory'), TypeError)
    assert.throws(() => (recalled.jwt.payload.groups as string[]).push('admin'), TypeError)
    assert.equal(memo.recall('a.b.d'), undefined)
  })
})
