import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { applyPatch, type PatchRule } from '../../src/control/protocol/patch.ts'
import { ApiError } from '../../src/control/protocol/errors.ts'

interface Thing {
  name: string
  size?: number
  enabled?: boolean
  types?: string[]
  params?: Record<string, boolean>
  settings?: Record<string, { limit?: number }>
}

const RULES: PatchRule<Thing>[] = [
  { path: '/name', ops: ['replace', 'test'] },
  { path: '/size', ops: ['replace', 'remove'], type: 'integer', check: (v) => { if ((v as number) < 0) throw new ApiError('BadRequestException', 'size must be >= 0') } },
  { path: '/enabled', ops: ['replace'], type: 'boolean' },
  { path: '/types/{type}', ops: ['add', 'remove', 'replace'], kind: 'member' },
  { path: '/params/{name}', ops: ['add', 'remove', 'replace', 'copy', 'move'], type: 'boolean' },
  { path: '/settings/{key}/limit', ops: ['replace'], type: 'number' },
]

function rejects(fn: () => unknown, message: string | RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ApiError)
    assert.equal(e.status, 400)
    if (typeof message === 'string') assert.equal(e.message, message)
    else assert.match(e.message, message)
    return true
  })
}

describe('applyPatch', () => {
  const base: Thing = { name: 'a', types: ['image/png'], params: { x: true } }

  it('replaces values and coerces them per field type, without touching the input', () => {
    const out = applyPatch(base, [
      { op: 'replace', path: '/name', value: 'b' },
      { op: 'replace', path: '/size', value: '1024' },
      { op: 'replace', path: '/enabled', value: 'true' },
      { op: 'replace', path: '/settings/*~1*/limit', value: '2.5' },
    ], RULES)
    assert.deepEqual(out, { name: 'b', size: 1024, enabled: true, types: ['image/png'], params: { x: true }, settings: { '*/*': { limit: 2.5 } } })
    assert.deepEqual(base, { name: 'a', types: ['image/png'], params: { x: true } })
  })

  it('adds, removes and replaces members of string lists, with ~1 escaping', () => {
    const out = applyPatch(base, [
      { op: 'add', path: '/types/application~1octet-stream' },
      { op: 'add', path: '/types/image~1png' },
      { op: 'replace', path: '/types/image~1png', value: 'image/jpeg' },
    ], RULES)
    assert.deepEqual(out.types, ['image/jpeg', 'application/octet-stream'])
    const removed = applyPatch(out, [{ op: 'remove', path: '/types/image~1jpeg' }, { op: 'remove', path: '/types/application~1octet-stream' }], RULES)
    assert.equal(removed.types, undefined)
  })

  it('writes, copies, moves and removes map entries', () => {
    const out = applyPatch(base, [
      { op: 'add', path: '/params/y', value: 'false' },
      { op: 'copy', from: '/params/x', path: '/params/z' },
      { op: 'move', from: '/params/y', path: '/params/w' },
      { op: 'remove', path: '/params/x' },
    ], RULES)
    assert.deepEqual(out.params, { z: true, w: false })
  })

  it('test passes on equal values and fails otherwise', () => {
    applyPatch(base, [{ op: 'test', path: '/name', value: 'a' }], RULES)
    rejects(() => applyPatch(base, [{ op: 'test', path: '/name', value: 'b' }], RULES), /Test failed/)
  })

  it("answers AWS's texts for unknown paths and unsupported ops", () => {
    rejects(
      () => applyPatch(base, [{ op: 'replace', path: '/nope', value: 'x' }], RULES),
      "Invalid patch path  '/nope' specified for op 'replace'. Must be one of: [/name, /size, /enabled, /types/{type}, /params/{name}, /settings/{key}/limit]",
    )
    rejects(() => applyPatch(base, [{ op: 'add', path: '/name', value: 'x' }], RULES), "Invalid patch path  '/name' specified for op 'add'. Please choose supported operations")
    rejects(() => applyPatch(base, [{ op: 'move', path: '/name', from: '/size' }], RULES, { ops: ['add', 'remove', 'replace'] }), "Invalid patch operation specified. Must be 'add'|'remove'|'replace'")
    rejects(() => applyPatch(base, [{ op: 'frobnicate', path: '/name' }], RULES), /^Invalid patch operation specified/)
  })

  it('rejects values that do not coerce, and runs the rule check', () => {
    rejects(() => applyPatch(base, [{ op: 'replace', path: '/enabled', value: 'yes' }], RULES), /Invalid boolean value 'yes'/)
    rejects(() => applyPatch(base, [{ op: 'replace', path: '/size', value: '1.5' }], RULES), /Invalid integer value '1.5'/)
    rejects(() => applyPatch(base, [{ op: 'replace', path: '/size', value: '-1' }], RULES), 'size must be >= 0')
  })

  it('is all or nothing: a failing op leaves the input as it was', () => {
    const input = structuredClone(base)
    assert.throws(() => applyPatch(input, [{ op: 'replace', path: '/name', value: 'b' }, { op: 'replace', path: '/nope', value: '' }], RULES))
    assert.deepEqual(input, base)
  })

  it('refuses prototype keys', () => {
    rejects(() => applyPatch(base, [{ op: 'add', path: '/params/__proto__', value: 'true' }], RULES), /Invalid patch path segment/)
  })
})
