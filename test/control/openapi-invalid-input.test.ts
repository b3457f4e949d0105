/**
 * An OpenAPI text that cannot be read at all (YAML or JSON syntax) answers BadRequestException
 * with exactly "Invalid OpenAPI input.", as AWS does (LocalStack's AWS-recorded snapshot
 * tests/aws/services/apigateway/test_apigateway_import.snapshot.json, test_import_api_bad_file:
 * import-api-bad-yaml-file, -json-file, put-rest-api-bad-yaml-file, -json-file), never the YAML reader's words, even
 * when the reader finds several errors. `portico import` adds the reader's line and column as
 * its hint, since AWS's sentence says nothing about where.
 */
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CreateRestApiCommand, ImportRestApiCommand, PutRestApiCommand } from '@aws-sdk/client-api-gateway'
import { ACCESS_KEY_ID, sdkError, SECRET_ACCESS_KEY, useHarness } from './harness.ts'
import { porticoAsync } from '../support/cli.ts'

const dir = mkdtempSync(join(tmpdir(), 'portico-invalid-openapi-'))
const h = useHarness()
after(() => {
  rmSync(dir, { recursive: true, force: true })
})

const UNREADABLE: Record<string, string> = {
  'YAML with several errors': 'openapi: 3.0.1\ninfo: {title: x\npaths: [\n',
  'YAML with one error': 'openapi: 3.0.1\ninfo:\n  title: "unterminated\n',
  'YAML whose keys cannot be read': 'a: b\n  c: d\n- e\n',
  JSON: '{"openapi": "3.0.1", "paths": }',
}

describe('"Invalid OpenAPI input."', () => {
  for (const [name, text] of Object.entries(UNREADABLE)) {
    it(`ImportRestApi and PutRestApi: ${name}`, async () => {
      const body = new TextEncoder().encode(text)
      const imported = await sdkError(() => h.client.send(new ImportRestApiCommand({ body })))
      assert.equal(imported.name, 'BadRequestException')
      assert.equal(imported.$metadata.httpStatusCode, 400)
      assert.equal(imported.message, 'Invalid OpenAPI input.')
      const api = await h.client.send(new CreateRestApiCommand({ name: 'target' }))
      const put = await sdkError(() => h.client.send(new PutRestApiCommand({ restApiId: api.id, mode: 'overwrite', body })))
      assert.equal(put.message, 'Invalid OpenAPI input.')
    })
  }

  it('a readable document with problems still lists them (not the one sentence)', async () => {
    const e = await sdkError(() => h.client.send(new ImportRestApiCommand({ body: new TextEncoder().encode('{"openapi": "3.0.1", "paths": 5}') })))
    assert.match(e.message, /^Errors found during import:\n\t/)
  })

  it("portico import prints AWS's sentence and the reader's line and column as the hint", async () => {
    const file = join(dir, 'broken-syntax.yaml')
    writeFileSync(file, UNREADABLE['YAML with one error']!)
    const r = await porticoAsync(['import', file, '--endpoint-url', h.portico.url], { AWS_ACCESS_KEY_ID: ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY })
    assert.equal(r.code, 1, r.stderr)
    assert.match(r.stderr, /BadRequestException: \S*broken-syntax\.yaml: Invalid OpenAPI input\./)
    assert.match(r.stderr, /portico: \(Invalid YAML: Missing closing "quote \(line \d+, column \d+\)\)/)
  })
})
