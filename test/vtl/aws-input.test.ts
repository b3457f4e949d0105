/** `$input` called directly, as the engine calls it. */
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { JsonList, TemplateInput } from '../../src/vtl/aws/index.ts'
import { JsonPathError } from '../../src/vtl/aws/json-path.ts'
import { fakeRequestContext } from './aws-request-context.ts'

const input = (body: string, params = {}): TemplateInput => TemplateInput.fromRequest(fakeRequestContext({ body, params }), body)

describe('$input.body', () => {
  test('the raw payload', () => assert.equal(input('{"a": 1}').body, '{"a": 1}'))
  test('an empty payload reads as {}', () => assert.equal(input('').body, '{}'))
  test('text that is not JSON is kept', () => assert.equal(input('a=b&c=d').body, 'a=b&c=d'))
})

describe('$input.path', () => {
  const i = input('{"s": "x", "n": 42, "f": 2.5, "b": false, "z": null, "m": {"k": [1, {"q": 2}]}, "l": [[1]]}')
  test('scalars are native', () => {
    assert.equal(i.path('$.s'), 'x')
    assert.equal(i.path('$.n'), 42)
    assert.equal(i.path('$.f'), 2.5)
    assert.equal(i.path('$.b'), false)
  })
  test('missing paths and JSON nulls are null', () => {
    assert.equal(i.path('$.nope'), null)
    assert.equal(i.path('$.m.k[7]'), null)
    assert.equal(i.path('$.z'), null)
  })
  test('maps are plain objects, lists are JsonLists, at every depth', () => {
    const m = i.path('$.m') as { k: unknown[] }
    assert.equal(Object.getPrototypeOf(m), Object.prototype)
    assert.ok(m.k instanceof JsonList)
    assert.ok(Array.isArray(m.k))
    assert.equal(String(m.k), '[1,{"q":2}]')
    assert.ok((i.path('$.l') as unknown[])[0] instanceof JsonList)
  })
  test('each call returns a fresh copy', () => {
    const first = i.path('$.m') as Record<string, unknown>
    first.extra = 1
    assert.equal((i.path('$.m') as Record<string, unknown>).extra, undefined)
  })
  test('an empty payload is {}', () => {
    assert.deepEqual(input('').path('$'), {})
    assert.equal(input('').path('$.a'), null)
  })
  test('a payload that is not JSON matches nothing', () => {
    assert.equal(input('not json').path('$'), null)
    assert.equal(input('not json').path('$.a'), null)
  })
  test('an invalid path is an error even when the payload is not JSON', () => {
    assert.throws(() => input('not json').path('$.a.length()'), JsonPathError)
  })
})

describe('$input.json', () => {
  const i = input('{"s": "x \\"y\\"", "n": 1, "o": {"a": [true, null]}, "z": null}')
  test('JSON text of the match: strings quoted, compact', () => {
    assert.equal(i.json('$.s'), '"x \\"y\\""')
    assert.equal(i.json('$.n'), '1')
    assert.equal(i.json('$.o'), '{"a":[true,null]}')
    assert.equal(i.json('$'), '{"s":"x \\"y\\"","n":1,"o":{"a":[true,null]},"z":null}')
  })
  test('a JSON null is null; a missing path is ""', () => {
    assert.equal(i.json('$.z'), 'null')
    assert.equal(i.json('$.missing'), '""')
  })
  test('an indefinite path gives a JSON list', () => assert.equal(i.json('$.o.a[*]'), '[true,null]'))
  test('the empty payload is {}', () => assert.equal(input('').json('$'), '{}'))
  test('a payload that is not JSON gives ""', () => assert.equal(input('<xml/>').json('$'), '""'))
})

describe('$input.params', () => {
  const i = input('', {
    path: { id: 'p', only: 'path' },
    querystring: { id: 'q', q2: 'query', multi: ['one', 'two'] },
    header: { id: 'h', 'X-Trace': 'trace', Accept: 'text/html' },
  })
  test('path, then query string, then header', () => {
    assert.equal(i.params('id'), 'p')
    assert.equal(i.params('q2'), 'query')
    assert.equal(i.params('X-Trace'), 'trace')
  })
  test('an absent parameter is the empty string', () => {
    assert.equal(i.params('nope'), '')
    assert.equal(i.params('constructor'), '')
  })
  test('header names match in any case', () => assert.equal(i.params('x-trace'), 'trace'))
  test('query string names are case-sensitive', () => assert.equal(i.params('Q2'), ''))
  test('a repeated query parameter gives its last value', () => assert.equal(i.params('multi'), 'two'))
  test('params() maps in the order path, header, querystring', () => {
    const all = i.params()
    assert.deepEqual(Object.keys(all), ['path', 'header', 'querystring'])
    assert.deepEqual(all.path, { id: 'p', only: 'path' })
    assert.deepEqual(all.querystring, { id: 'q', q2: 'query', multi: 'two' })
    assert.deepEqual(all.header, { id: 'h', 'X-Trace': 'trace', Accept: 'text/html' })
  })
  test('params() is a copy', () => {
    i.params().path.id = 'changed'
    assert.equal(i.params('id'), 'p')
  })
})
