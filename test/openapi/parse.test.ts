import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseText } from '../../src/openapi/index.ts'

describe('parseText', () => {
  it('reads JSON when the text opens with { after blanks', () => {
    const r = parseText('\n  {"openapi": "3.0.1", "x": [1, 2]}')
    assert.deepEqual(r, { ok: true, document: { openapi: '3.0.1', x: [1, 2] } })
  })

  it('reads YAML otherwise', () => {
    assert.deepEqual(parseText('openapi: 3.0.1\nx:\n  - 1\n'), { ok: true, document: { openapi: '3.0.1', x: [1] } })
  })

  it('resolves YAML anchors, aliases and << merge keys', () => {
    const r = parseText('base: &b\n  type: mock\n  timeoutInMillis: 100\na: *b\nc:\n  <<: *b\n  timeoutInMillis: 200\n')
    assert.ok(r.ok)
    assert.deepEqual(r.document, {
      base: { type: 'mock', timeoutInMillis: 100 },
      a: { type: 'mock', timeoutInMillis: 100 },
      c: { type: 'mock', timeoutInMillis: 200 },
    })
  })

  it('reports a JSON syntax error with its line and column', () => {
    const r = parseText('{\n  "a": 1,\n  "b": }\n')
    assert.equal(r.ok, false)
    if (r.ok) return
    assert.equal(r.errors.length, 1)
    assert.equal(r.errors[0]!.pointer, '')
    assert.equal(r.errors[0]!.line, 3)
    assert.match(r.errors[0]!.message, /^Invalid JSON: .*\(line 3, column \d+\)$/)
  })

  it('locates a JSON error even when V8 gives no position', () => {
    const r = parseText('{"a": }')
    assert.equal(r.ok, false)
    if (r.ok) return
    assert.equal(r.errors[0]!.line, 1)
    assert.equal(typeof r.errors[0]!.column, 'number')
  })

  it('reports a YAML syntax error with its line and column', () => {
    const r = parseText('openapi: 3.0.1\npaths:\n  /a: {get: [1}\n')
    assert.equal(r.ok, false)
    if (r.ok) return
    assert.equal(r.errors[0]!.line, 3)
    assert.match(r.errors[0]!.message, /^Invalid YAML: .*\(line 3, column \d+\)$/)
  })

  it('rejects an empty document', () => {
    assert.deepEqual(parseText('  \n'), { ok: false, errors: [{ pointer: '', message: 'The document is empty (line 1, column 1)', line: 1, column: 1 }] })
  })
})
