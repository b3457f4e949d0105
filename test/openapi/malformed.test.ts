import assert from 'node:assert/strict'
import { readdirSync } from 'node:fs'
import { describe, it } from 'node:test'
import { importOpenApi } from '../../src/openapi/index.ts'
import { fixture } from './helpers.ts'

const DIR = new URL('../fixtures/openapi/malformed/', import.meta.url)

/** Each `malformed/<name>.{json,yaml}` sits next to `<name>.errors.json`: the exact problem list. */
describe('malformed documents are rejected with every problem listed', () => {
  const documents = readdirSync(DIR).filter((f) => !f.endsWith('.errors.json'))
  it('has fixtures', () => assert.ok(documents.length >= 8))

  for (const file of documents) {
    it(file, () => {
      const expected = JSON.parse(fixture(`malformed/${file.replace(/\.(json|yaml)$/, '.errors.json')}`)) as unknown
      const result = importOpenApi(fixture(`malformed/${file}`))
      assert.equal(result.ok, false, 'the document must not import')
      if (result.ok) return
      assert.deepEqual(result.errors, expected)
    })
  }

  it('returns nothing but the errors', () => {
    const result = importOpenApi(fixture('malformed/paths.yaml'))
    assert.deepEqual(Object.keys(result).sort(), ['errors', 'ok'])
  })
})
