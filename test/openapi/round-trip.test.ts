import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { stringify } from 'yaml'
import type { RestApiDefinition } from '../../src/model/index.ts'
import { exportOpenApi } from '../../src/openapi/index.ts'
import { fixture, importOk, normalize } from './helpers.ts'

const SOURCES = [
  'swagger2-extensions.json',
  'oas3-extensions.yaml',
  'aws-export-petstore-oas30.json',
  'aws-export-lambda-swagger.json',
  'examples/petstore.yaml',
]

/** Swagger 2 header objects cannot say `required`, so that flag does not survive a Swagger export. */
function withOptionalResponseHeaders(def: RestApiDefinition): RestApiDefinition {
  const copy = structuredClone(def)
  for (const r of copy.resources) {
    for (const m of Object.values(r.resourceMethods ?? {})) {
      for (const resp of Object.values(m.methodResponses ?? {})) {
        for (const k of Object.keys(resp.responseParameters ?? {})) resp.responseParameters![k] = false
      }
    }
  }
  return copy
}

describe('import(export(definition)) round-trips', () => {
  for (const source of SOURCES) {
    for (const format of ['oas30', 'swagger'] as const) {
      it(`${source} via ${format}`, () => {
        const original = importOk(fixture(source), { apiId: 'roundtrip01' }).definition
        const doc = exportOpenApi(original, { format, stageName: 'test', extensions: ['apigateway'] })
        const again = importOk(JSON.stringify(doc), { apiId: 'roundtrip01' })
        assert.deepEqual(again.warnings, [])
        const expected = format === 'swagger' ? withOptionalResponseHeaders(original) : original
        assert.deepEqual(normalize(again.definition), normalize(expected))
      })
    }
  }

  it('round-trips through YAML text too, into another API id', () => {
    const original = importOk(fixture('swagger2-extensions.json')).definition
    const yaml = stringify(exportOpenApi(original, { format: 'oas30', stageName: 'prod', extensions: ['apigateway'] }))
    const again = importOk(yaml).definition
    assert.notEqual(again.restApi.id, original.restApi.id)
    assert.deepEqual(normalize(again), normalize(original))
  })

  it('is stable: a second export equals the first', () => {
    const original = importOk(fixture('oas3-extensions.yaml'), { apiId: 'stable0001' }).definition
    const opts = { format: 'oas30', stageName: 'v1', extensions: ['apigateway'] } as const
    const first = exportOpenApi(original, { ...opts, extensions: [...opts.extensions] })
    const second = exportOpenApi(importOk(JSON.stringify(first), { apiId: 'stable0001' }).definition, { ...opts, extensions: [...opts.extensions] })
    assert.deepEqual(second, first)
  })
})
