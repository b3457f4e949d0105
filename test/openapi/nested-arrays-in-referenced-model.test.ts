/**
 * Issue 14, the importer hang: a model whose `enum` (or `default`, `title`, …) nests arrays 40
 * deep, referenced by another model, held the process for minutes, at import and again where a
 * deployment compiles its validators. ajv's default (`inlineRefs: true`) walks a referenced schema
 * for `$ref`s visiting each array twice, doubling per level; models now compile with a keyword
 * count instead (lib/model-ajv.ts). Found by bench/import-watchdog.ts (seed 1002, input 132).
 * The document is served by a real `portico serve`, so a relapse fails as a server that never
 * starts (porticoServe's bound) instead of hanging the test run.
 */
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { usePorticoServe } from '../support/cli.ts'

const DEPTH = 60
/** `[[[…["x"]…]]]`, `DEPTH` arrays deep */
function nestedArrays(): unknown {
  let value: unknown = ['x']
  for (let i = 1; i < DEPTH; i++) value = [value]
  return value
}

const doc = {
  openapi: '3.0.1',
  info: { title: 'Nested', version: '1' },
  'x-amazon-apigateway-request-validators': { body: { validateRequestBody: true, validateRequestParameters: false } },
  components: {
    schemas: {
      Leaf: { type: 'object', properties: { kind: { enum: ['plain', nestedArrays()] } }, default: nestedArrays() },
      Holder: { type: 'object', properties: { leaf: { $ref: '#/components/schemas/Leaf' } } },
    },
  },
  paths: {
    '/holder': {
      post: {
        'x-amazon-apigateway-request-validator': 'body',
        requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Holder' } } } },
        responses: { '200': { description: 'ok' } },
        'x-amazon-apigateway-integration': {
          type: 'mock',
          requestTemplates: { 'application/json': '{"statusCode": 200}' },
          responses: { default: { statusCode: '200' } },
        },
      },
    },
  },
}

describe('a referenced model with arrays nested 60 deep', () => {
  const dir = mkdtempSync(join(tmpdir(), 'portico-nested-arrays-'))
  let base: string
  usePorticoServe([join(dir, 'api.json'), '--port', '0', '--host', '127.0.0.1', '--data-dir', join(dir, 'data'), '--stage', 'prod'], {}, {
    prepare: () => {
      writeFileSync(join(dir, 'api.json'), JSON.stringify(doc))
      return () => rmSync(dir, { recursive: true, force: true })
    },
    setup: (server) => {
      const apiId = /\/_aws\/execute-api\/([a-z0-9]+)\/prod/.exec(server.stdout)?.[1]
      assert.ok(apiId, `no invoke URL in:\n${server.stdout}`)
      base = `${server.url}/_aws/execute-api/${apiId}/prod`
    },
  })

  const post = async (body: unknown): Promise<{ status: number; body: string }> => {
    const res = await fetch(`${base}/holder`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    return { status: res.status, body: await res.text() }
  }

  test('is imported and deployed; bodies are validated against it', async () => {
    assert.equal((await post({ leaf: { kind: 'plain' } })).status, 200)
    assert.equal((await post({ leaf: { kind: nestedArrays() } })).status, 200)
    assert.deepEqual(await post({ leaf: { kind: 'other' } }), { status: 400, body: '{"message":"Invalid request body"}' })
  })
})
