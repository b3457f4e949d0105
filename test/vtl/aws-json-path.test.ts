/** AWS's JSONPath dialect (Jayway): Goessner's article examples and the edges AWS relies on. */
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { compileJsonPath, evaluateJsonPath, JsonPathError } from '../../src/vtl/aws/json-path.ts'

// Goessner's bookstore (https://goessner.net/articles/JsonPath/, linked from the AWS reference)
const store = {
  store: {
    book: [
      { category: 'reference', author: 'Nigel Rees', title: 'Sayings of the Century', price: 8.95 },
      { category: 'fiction', author: 'Evelyn Waugh', title: 'Sword of Honour', price: 12.99 },
      { category: 'fiction', author: 'Herman Melville', title: 'Moby Dick', isbn: '0-553-21311-3', price: 8.99 },
      { category: 'fiction', author: 'J. R. R. Tolkien', title: 'The Lord of the Rings', isbn: '0-395-19395-8', price: 22.99 },
    ],
    bicycle: { color: 'red', price: 19.95 },
  },
}
const books = store.store.book

describe('JSONPath: Goessner examples', () => {
  const cases: [string, unknown][] = [
    ['$.store.book[*].author', books.map((b) => b.author)],
    ['$..author', books.map((b) => b.author)],
    ['$.store.*', [books, store.store.bicycle]],
    ['$.store..price', [8.95, 12.99, 8.99, 22.99, 19.95]],
    ['$..book[2]', [books[2]]],
    ['$..book[-1:]', [books[3]]],
    ['$..book[0,1]', [books[0], books[1]]],
    ['$..book[:2]', [books[0], books[1]]],
    ['$..book[?(@.isbn)]', [books[2], books[3]]],
    ['$..book[?(@.price<10)]', [books[0], books[2]]],
  ]
  for (const [path, expected] of cases) test(path, () => assert.deepEqual(evaluateJsonPath(store, path), expected))
})

describe('JSONPath: definite paths', () => {
  test('a definite path yields the value itself', () => {
    assert.equal(evaluateJsonPath(store, '$.store.bicycle.color'), 'red')
    assert.equal(evaluateJsonPath(store, "$['store']['bicycle']['price']"), 19.95)
    assert.deepEqual(evaluateJsonPath(store, '$.store.book[-1].title'), 'The Lord of the Rings')
    assert.equal(compileJsonPath('$.a[0].b').definite, true)
  })
  test('$ is the whole document', () => assert.equal(evaluateJsonPath(store, '$'), store))
  test('a missing step yields undefined; a JSON null yields null', () => {
    assert.equal(evaluateJsonPath({ a: 1 }, '$.b'), undefined)
    assert.equal(evaluateJsonPath({ a: 1 }, '$.a.b.c'), undefined)
    assert.equal(evaluateJsonPath({ a: [1] }, '$.a[5]'), undefined)
    assert.equal(evaluateJsonPath({ a: null }, '$.a'), null)
  })
  test('a path without $ is relative to the root (Jayway prepends $.)', () => {
    assert.equal(evaluateJsonPath({ id: 'x', a: { b: 2 } }, 'id'), 'x')
    assert.equal(evaluateJsonPath({ id: 'x', a: { b: 2 } }, 'a.b'), 2)
  })
  test('names with dashes, spaces and digits', () => {
    assert.equal(evaluateJsonPath({ 'x-y': 1 }, '$.x-y'), 1)
    assert.equal(evaluateJsonPath({ 'a b': 2 }, "$['a b']"), 2)
    assert.equal(evaluateJsonPath({ 'a b': 2 }, '$["a b"]'), 2)
    assert.equal(evaluateJsonPath({ 1: { 2: 'z' } }, '$.1.2'), 'z')
  })
  test('a name selector on a list, an index on a map: no match', () => {
    assert.equal(evaluateJsonPath({ a: [1] }, '$.a.b'), undefined)
    assert.equal(evaluateJsonPath({ a: { 0: 'x' } }, '$.a[0]'), undefined)
  })
})

describe('JSONPath: indefinite paths', () => {
  test('nothing matches: an empty list', () => assert.deepEqual(evaluateJsonPath(store, '$..nothing'), []))
  test('union of names picks the keys that exist, as one map', () => {
    assert.deepEqual(evaluateJsonPath({ a: 1, b: 2, c: 3 }, "$['a','c','z']"), { a: 1, c: 3 })
  })
  test('slices with negative bounds', () => {
    assert.deepEqual(evaluateJsonPath({ l: [0, 1, 2, 3, 4] }, '$.l[1:3]'), [1, 2])
    assert.deepEqual(evaluateJsonPath({ l: [0, 1, 2, 3, 4] }, '$.l[-2:]'), [3, 4])
    assert.deepEqual(evaluateJsonPath({ l: [0, 1, 2, 3, 4] }, '$.l[:-3]'), [0, 1])
  })
  test('wildcard over a map gives its values', () => assert.deepEqual(evaluateJsonPath({ m: { a: 1, b: 2 } }, '$.m.*'), [1, 2]))
})

describe('JSONPath: filters', () => {
  const data = { items: [{ n: 'a', v: 1, t: true }, { n: 'b', v: 5 }, { n: 'c', v: 10, t: false }, { n: 'd' }] }
  const names = (path: string): unknown => (evaluateJsonPath(data, path) as { n: string }[]).map((i) => i.n)
  test('comparisons', () => {
    assert.deepEqual(names('$.items[?(@.v == 5)]'), ['b'])
    assert.deepEqual(names('$.items[?(@.v != 5)]'), ['a', 'c', 'd'])
    assert.deepEqual(names('$.items[?(@.v >= 5)]'), ['b', 'c'])
    assert.deepEqual(names("$.items[?(@.n == 'c')]"), ['c'])
    assert.deepEqual(names('$.items[?(@.n == "c")]'), ['c'])
    assert.deepEqual(names('$.items[?(@.t == true)]'), ['a'])
  })
  test('and, or, not, parentheses', () => {
    assert.deepEqual(names('$.items[?(@.v > 1 && @.v < 10)]'), ['b'])
    assert.deepEqual(names("$.items[?(@.v == 1 || @.n == 'd')]"), ['a', 'd'])
    assert.deepEqual(names('$.items[?(!(@.v))]'), ['d'])
  })
  test('regex match', () => assert.deepEqual(names('$.items[?(@.n =~ /[A-B]/i)]'), ['a', 'b']))
  test('a $ path inside a filter reads the document', () => {
    assert.deepEqual(evaluateJsonPath({ max: 6, l: [{ v: 5 }, { v: 7 }] }, '$.l[?(@.v < $.max)].v'), [5])
  })
  test('a number never equals a string', () => assert.deepEqual(names("$.items[?(@.v == '5')]"), []))
})

describe('JSONPath: rejected paths', () => {
  for (const path of ['', '$.', '$.a[', "$['a", '$.a.length()', '$[(@.length-1)]', '$.a[?(@.b)', '$a', '$.a[?(@.b ~ 1)]']) {
    test(JSON.stringify(path), () => assert.throws(() => compileJsonPath(path), JsonPathError))
  }
})
