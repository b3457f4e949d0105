/** One resolution table, a test per row: custom domain + base path, execute-api host, path-style, `$default`. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { PlanRegistry } from '../../src/data/plan-registry.ts'
import { resolveRequest, type Resolution } from '../../src/data/resolve.ts'
import type { UnservedPlan } from '../../src/gateway/types.ts'
import { API_ID, apiDefinition, plan } from './fixtures.ts'

const OTHER = 'otherapi01'
const pets = plan(apiDefinition({ '/pets': ['GET'] }))

function registry(): PlanRegistry {
  const r = new PlanRegistry()
  r.set(API_ID, 'prod', pets)
  r.set(API_ID, 'dev', plan(apiDefinition({ '/pets': ['GET'] }), { stageName: 'dev' }))
  return r
}

function expectStage(r: Resolution, apiId: string, stageName: string, rawPath: string): void {
  assert.equal(r.kind, 'stage')
  if (r.kind !== 'stage') return
  assert.deepEqual({ apiId: r.apiId, stageName: r.stageName, rawPath: r.rawPath }, { apiId, stageName, rawPath })
}

describe('custom domain + base path', () => {
  const r = registry()
  const disabled = apiDefinition({ '/pets': ['GET'] }, { apiId: OTHER })
  disabled.restApi.disableExecuteApiEndpoint = true
  r.set(OTHER, 'live', plan(disabled, { stageName: 'live' }))
  r.setDomains([
    { domainName: 'api.example.com', basePath: 'v1', apiId: API_ID, stageName: 'prod' },
    { domainName: 'api.example.com', basePath: 'v1/beta', apiId: API_ID, stageName: 'dev' },
    { domainName: 'api.example.com', basePath: '', apiId: OTHER, stageName: 'live' },
    { domainName: 'gone.example.com', basePath: '', apiId: API_ID, stageName: 'nope' },
  ])

  it('maps the base path to its API and stage, the longest base path first, with no stage segment', () => {
    expectStage(resolveRequest(r, 'api.example.com', '/v1/pets'), API_ID, 'prod', '/pets')
    expectStage(resolveRequest(r, 'API.Example.com:8443', '/v1'), API_ID, 'prod', '')
    expectStage(resolveRequest(r, 'api.example.com', '/v1/beta/pets'), API_ID, 'dev', '/pets')
    // `(none)`: every other path; a base path is a whole segment
    expectStage(resolveRequest(r, 'api.example.com', '/v10/pets'), OTHER, 'live', '/v10/pets')
    expectStage(resolveRequest(r, 'api.example.com', '/'), OTHER, 'live', '/')
  })

  it('serves an API whose execute-api endpoint is disabled; its execute-api URLs stay unknown', () => {
    assert.equal(resolveRequest(r, `${OTHER}.execute-api.localhost`, '/live/pets').kind, 'unknown-api')
    assert.equal(resolveRequest(r, 'localhost', `/_aws/execute-api/${OTHER}/live/pets`).kind, 'unknown-api')
  })

  it('a mapping to a stage that is not served is an unknown API (403), never the management API', () => {
    assert.deepEqual(resolveRequest(r, 'gone.example.com', '/restapis'), { kind: 'unknown-api', apiId: API_ID })
  })

  it('the path-style prefix still wins on a custom domain', () => {
    expectStage(resolveRequest(r, 'api.example.com', `/_aws/execute-api/${API_ID}/dev/pets`), API_ID, 'dev', '/pets')
  })
})

describe('wildcard domains, mappings without a stage, mutual TLS', () => {
  const r = registry()
  r.setDomains([
    { domainName: '*.tenants.example.com', basePath: '', apiId: API_ID, stageName: 'prod' },
    { domainName: 'exact.tenants.example.com', basePath: 'api', apiId: API_ID, stageName: undefined, mutualTls: true },
    { domainName: 'empty.example.com', basePath: '', apiId: '', stageName: undefined },
  ])

  it('an exact name wins over the wildcard; the wildcard covers one first label', () => {
    expectStage(resolveRequest(r, 'acme.tenants.example.com', '/pets'), API_ID, 'prod', '/pets')
    expectStage(resolveRequest(r, 'exact.tenants.example.com', '/api/dev/pets'), API_ID, 'dev', '/pets')
    assert.equal(resolveRequest(r, 'a.b.tenants.example.com', '/pets').kind, 'not-execute-api')
    assert.deepEqual(r.table().domainFor('EXACT.tenants.example.com:443'), { domainName: 'exact.tenants.example.com', mutualTls: true })
    assert.deepEqual(r.table().domainFor('acme.tenants.example.com'), { domainName: '*.tenants.example.com', mutualTls: false })
  })

  it('a mapping without a stage takes it from the next segment; an unknown one is Missing Authentication Token', () => {
    const resolved = resolveRequest(r, 'exact.tenants.example.com', '/api/prod/pets')
    expectStage(resolved, API_ID, 'prod', '/pets')
    assert.equal(resolved.kind === 'stage' && resolved.basePathMatched, 'api')
    assert.deepEqual(resolveRequest(r, 'exact.tenants.example.com', '/api/nope/pets'), { kind: 'unknown-stage', apiId: API_ID, stageName: 'nope' })
  })

  it('a domain without mappings is known and maps nothing (403), never the management API', () => {
    assert.deepEqual(resolveRequest(r, 'empty.example.com', '/restapis'), { kind: 'unknown-api', apiId: '' })
  })
})

describe('{apiId}.execute-api.{anything}', () => {
  it('an execute-api host that names no API is unknown (403), never the management API', () => {
    const r = registry()
    assert.deepEqual(resolveRequest(r, 'a.b.execute-api.localhost', '/restapis'), { kind: 'unknown-api', apiId: '' })
    assert.deepEqual(resolveRequest(r, 'zzzzzzzzzz.execute-api.localhost:4566', '/restapis'), { kind: 'unknown-api', apiId: 'zzzzzzzzzz' })
  })
})

describe('path-style /_aws/execute-api/{apiId}/{stage}/…', () => {
  it('without an API id it is no API, but still not the management API\'s', () => {
    assert.deepEqual(resolveRequest(registry(), 'localhost', '/_aws/execute-api/'), { kind: 'not-execute-api', forExecuteApi: true })
    assert.deepEqual(resolveRequest(registry(), 'localhost', '/restapis'), { kind: 'not-execute-api', forExecuteApi: false })
  })
})

describe("an API's $default stage", () => {
  const unserved = (apiId: string, stageName: string): UnservedPlan => ({ protocol: 'WEBSOCKET', apiId, stageName, deploymentId: 'd1' })
  const r = new PlanRegistry()
  const byDefault = plan(apiDefinition({ '/pets': ['GET'] }), { stageName: '$default' })
  r.set(API_ID, '$default', byDefault)
  r.set(API_ID, 'dev', pets)
  r.set(OTHER, '$default', unserved(OTHER, '$default'))

  it('serves every path that does not start with a stage name, without a stage segment', () => {
    expectStage(resolveRequest(r, `${API_ID}.execute-api.localhost`, '/pets'), API_ID, '$default', '/pets')
    expectStage(resolveRequest(r, `${API_ID}.execute-api.localhost`, '/'), API_ID, '$default', '/')
    expectStage(resolveRequest(r, 'localhost', `/_aws/execute-api/${API_ID}/pets/7`), API_ID, '$default', '/pets/7')
    expectStage(resolveRequest(r, 'localhost', `/_aws/execute-api/${API_ID}`), API_ID, '$default', '')
  })

  it('a named stage still wins over $default', () => {
    expectStage(resolveRequest(r, `${API_ID}.execute-api.localhost`, '/dev/pets'), API_ID, 'dev', '/pets')
  })

  it("a WebSocket API's $default stage resolves, unserved", () => {
    assert.deepEqual(resolveRequest(r, `${OTHER}.execute-api.localhost`, '/anything'), { kind: 'unserved', apiId: OTHER, stageName: '$default', protocol: 'WEBSOCKET' })
  })
})

describe('the table is swapped whole', () => {
  it('a change builds a new table; one already taken keeps resolving as before', () => {
    const r = registry()
    const before = r.table()
    assert.equal(r.table(), before, 'no change, no rebuild')
    r.delete(API_ID, 'dev')
    const after = r.table()
    assert.notEqual(after, before)
    expectStage(before.resolve(`${API_ID}.execute-api.localhost`, '/dev/pets'), API_ID, 'dev', '/pets')
    assert.equal(after.resolve(`${API_ID}.execute-api.localhost`, '/dev/pets').kind, 'unknown-stage')
  })
})
