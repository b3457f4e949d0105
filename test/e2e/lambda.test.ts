/**
 * A Lambda-backed API end to end, as a user runs it: a config file declaring a local function
 * (with a version and an alias), an OpenAPI file whose AWS_PROXY URI selects the alias through
 * a stage variable, a Portico (useHarness) + `serveFile`, and real HTTP.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { serveFile } from '../support/serve-file.ts'
import { useHarness } from '../control/harness.ts'

const app = join(import.meta.dirname, '..', 'fixtures', 'e2e', 'lambda-app')
let base: string

const h = useHarness({}, {
  configFile: join(app, 'portico.config.json'),
  setup: async () => {
    const served = await serveFile(h.portico, join(app, 'api.yaml'), 'prod', { alias: 'live' })
    await h.portico.settled()
    base = `${h.portico.url}/_aws/execute-api/${served.apiId}/prod`
  },
})

describe('Lambda proxy integration end to end', () => {
  it('runs the local handler behind the alias the stage variable names, with AWS\'s event', async () => {
    const res = await fetch(`${base}/pets/42?color=brown`)
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('x-function'), 'pets')
    assert.equal(res.headers.get('x-multi'), 'a, b')
    assert.ok(res.headers.get('x-amzn-requestid'))
    assert.deepEqual(await res.json(), {
      id: '42',
      table: 'pets-table-v1',
      version: '1',
      resource: '/pets/{petId}',
      path: '/pets/42',
      query: { color: 'brown' },
      stage: 'prod',
      stageVariables: { alias: 'live' },
    })
  })

  it('passes the handler\'s status through', async () => {
    const res = await fetch(`${base}/pets/missing`)
    assert.equal(res.status, 404)
    await res.arrayBuffer()
  })
})
