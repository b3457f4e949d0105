import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createAccessLogTail } from '../../src/observe/access-log-tail.ts'

const T0 = Date.UTC(2026, 11, 7, 9, 0, 0)

describe('the access-log tail', () => {
  it('keeps each stage\'s newest lines, merges stages in the order written, and follows by cursor', () => {
    const tail = createAccessLogTail(2)
    tail.record('api1', 'prod', false, 'a', T0)
    tail.record('api1', 'beta', false, 'b', T0 + 1)
    tail.record('api1', 'prod', true, 'c', T0 + 2)
    tail.record('api2', 'prod', false, 'd', T0 + 3)
    tail.record('api1', 'prod', false, 'e', T0 + 4)
    const all = tail.list()
    assert.equal(all.cursor, 5)
    // prod kept its newest two (c, e); the limit is a stage's size, the newest across stages
    assert.deepEqual(
      all.items.map((i) => i.line),
      ['d', 'e'],
    )
    assert.deepEqual(
      tail.list({ apiId: 'api1' }).items.map((i) => [i.stage, i.line, i.canary]),
      [
        ['prod', 'c', true],
        ['prod', 'e', false],
      ],
    )
    assert.deepEqual(tail.list({ apiId: 'api1', stage: 'beta' }).items.map((i) => [i.seq, i.time, i.line]), [[2, '2026-12-07T09:00:00.001Z', 'b']])
    assert.deepEqual(tail.list({ since: 4 }).items.map((i) => i.line), ['e'])
    assert.deepEqual(tail.list({ since: 5 }).items, [])
    assert.deepEqual(tail.list({ apiId: 'api1', limit: 1 }).items.map((i) => i.line), ['e'])
  })

  it('keeps counting after clear, so a follower\'s cursor still holds; 0 keeps nothing', () => {
    const tail = createAccessLogTail(3)
    tail.record('api1', 'prod', false, 'a', T0)
    tail.clear()
    assert.deepEqual(tail.list(), { cursor: 1, items: [] })
    tail.record('api1', 'prod', false, 'b', T0)
    assert.deepEqual(tail.list({ since: 1 }).items.map((i) => [i.seq, i.line]), [[2, 'b']])
    const off = createAccessLogTail(0)
    off.record('api1', 'prod', false, 'a', T0)
    assert.deepEqual(off.list(), { cursor: 0, items: [] })
  })
})
