/**
 * The OpenAPI importer (ImportRestApi, PutRestApi, `portico serve`) takes documents from anyone
 * with management access. Real documents (AWS's own exports and our extension fixtures) are
 * mutated at random — any member replaced by any JSON value, removed, or nested thousands of
 * levels deep — and any text at all is offered too. The importer answers with a definition or a
 * list of problems, each a string; it never throws.
 */
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { importOpenApi } from '../../src/openapi/index.ts'
import { anyText, mutatedDocument } from './openapi-documents.ts'
import { counted, fuzzParameters } from './runs.ts'

function assertAnswers(text: string): void {
  let result: ReturnType<typeof importOpenApi>
  try {
    result = importOpenApi(text, { apiId: 'fuzz000001' })
  } catch (error) {
    assert.fail(`importOpenApi threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`)
  }
  if (result.ok) {
    assert.equal(result.definition.restApi.id, 'fuzz000001')
    for (const warning of result.warnings) assert.equal(typeof warning, 'string')
  } else {
    assert.ok(result.errors.length > 0, 'refused without saying why')
    for (const problem of result.errors) assert.doesNotMatch(JSON.stringify(problem), /Maximum call stack|RangeError|TypeError|undefined is not/)
  }
}

describe('fuzz: OpenAPI import', () => {
  test('mutated real documents are imported or refused with problems, never thrown', () => {
    fc.assert(fc.property(mutatedDocument, counted(assertAnswers)), fuzzParameters(150))
  })

  test('any text, JSON value or YAML is imported or refused, never thrown', () => {
    fc.assert(fc.property(anyText, counted(assertAnswers)), fuzzParameters(500))
  })
})
