import { test } from 'node:test'
import assert from 'node:assert/strict'
import { nestsDeeperThan } from '../../src/lib/json-depth.ts'

function nested(levels: number, leaf: unknown = 1): unknown {
  let value = leaf
  for (let i = 0; i < levels; i++) value = i % 2 === 0 ? [value] : { a: value }
  return value
}

test('depth counts each object and array: a scalar is 0, {} and [] are 1', () => {
  assert.equal(nestsDeeperThan(1, 0), false)
  assert.equal(nestsDeeperThan(null, -1), true)
  assert.equal(nestsDeeperThan({}, 0), true)
  assert.equal(nestsDeeperThan({}, 1), false)
  assert.equal(nestsDeeperThan([], 1), false)
  for (const levels of [1, 2, 31, 32, 33, 300]) {
    assert.equal(nestsDeeperThan(nested(levels), levels), false, `${levels} levels within ${levels}`)
    assert.equal(nestsDeeperThan(nested(levels), levels - 1), true, `${levels} levels beyond ${levels - 1}`)
  }
})

test('the deepest branch decides, wherever it is among its siblings', () => {
  const value = { a: 1, b: [1, 2, { c: nested(5) }], d: { e: 'x' }, f: null }
  assert.equal(nestsDeeperThan(value, 8), false)
  assert.equal(nestsDeeperThan(value, 7), true)
  assert.equal(nestsDeeperThan([1, 'a', null, nested(4)], 5), false)
  assert.equal(nestsDeeperThan([1, 'a', null, nested(4)], 4), true)
})

test('only own properties count, as JSON.parse and YAML build them (`__proto__` included)', () => {
  const inherited = Object.create({ deep: nested(10) }) as object
  assert.equal(nestsDeeperThan(inherited, 1), false)
  const parsed = JSON.parse('{"__proto__": [[[1]]]}') as unknown
  assert.equal(nestsDeeperThan(parsed, 4), false)
  assert.equal(nestsDeeperThan(parsed, 3), true)
})

test('a value that contains itself is too deep, not an endless walk', () => {
  const loop: Record<string, unknown> = {}
  loop.self = loop
  assert.equal(nestsDeeperThan(loop, 1000), true)
  const list: unknown[] = []
  list.push(list)
  assert.equal(nestsDeeperThan(list, 1000), true)
})
