import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { PlanRegistry } from '../../src/data/plan-registry.ts'
import { apiIdFromHost, resolveRequest } from '../../src/data/resolve.ts'
import { API_ID, apiDefinition, plan, send, start, useServed } from './fixtures.ts'

describe('resolveRequest', () => {
  const registry = new PlanRegistry()
  const prod = plan(apiDefinition({ '/pets': ['GET'] }))
  registry.set(API_ID, 'prod', prod)

  const cases: Array<[string | undefined, string, string, Record<string, unknown>]> = [
    [`${API_ID}.execute-api.localhost:4566`, '/prod/pets', 'stage', { stageName: 'prod', rawPath: '/pets' }],
    [`${API_ID}.execute-api.us-east-1.amazonaws.com`, '/prod', 'stage', { rawPath: '' }],
    [`${API_ID}.execute-api.localhost`, '/prod/', 'stage', { rawPath: '/' }],
    [`${API_ID.toUpperCase()}.EXECUTE-API.localhost`, '/prod/pets', 'stage', {}],
    [`${API_ID}-vpce-0abc.execute-api.us-east-1.vpce.amazonaws.com`, '/prod/pets', 'stage', {}],
    ['localhost:4566', `/_aws/execute-api/${API_ID}/prod/pets/a%2Fb`, 'stage', { rawPath: '/pets/a%2Fb' }],
    [undefined, `/_aws/execute-api/${API_ID}/prod`, 'stage', { rawPath: '' }],
    ['other.example', `/_aws/execute-api/${API_ID}/prod/`, 'stage', { rawPath: '/' }],
    [`zzzzzzzzzz.execute-api.localhost`, '/prod/pets', 'unknown-api', { apiId: 'zzzzzzzzzz' }],
    ['localhost', '/_aws/execute-api/zzzzzzzzzz/prod/pets', 'unknown-api', {}],
    [`${API_ID}.execute-api.localhost`, '/dev/pets', 'unknown-stage', { stageName: 'dev' }],
    [`${API_ID}.execute-api.localhost`, '/', 'unknown-stage', { stageName: '' }],
    [`${API_ID}.execute-api.localhost`, '/Prod/pets', 'unknown-stage', {}],
    ['localhost', `/_aws/execute-api/${API_ID}`, 'unknown-stage', {}],
    ['localhost', '/prod/pets', 'not-execute-api', {}],
    ['localhost', '/_aws/execute-api/', 'not-execute-api', {}],
    [undefined, '/', 'not-execute-api', {}],
    ['execute-api.localhost', '/prod', 'not-execute-api', {}],
    // the path-style prefix wins over an execute-api Host
    [`${API_ID}.execute-api.localhost`, `/_aws/execute-api/${API_ID}/prod/pets`, 'stage', { rawPath: '/pets' }],
  ]
  for (const [host, path, kind, fields] of cases) {
    test(`${host ?? '(no host)'} ${path} → ${kind}`, () => {
      const r = resolveRequest(registry, host, path)
      assert.equal(r.kind, kind)
      for (const [k, v] of Object.entries(fields)) assert.equal((r as Record<string, unknown>)[k], v)
      if (r.kind === 'stage') assert.equal(r.plan, prod)
    })
  }

  test('apiIdFromHost', () => {
    assert.equal(apiIdFromHost('abc.execute-api.x'), 'abc')
    assert.equal(apiIdFromHost('a.b.execute-api.x'), undefined)
    assert.equal(apiIdFromHost('localhost'), undefined)
  })

  test('an API whose execute-api endpoint is disabled is unknown', () => {
    const reg = new PlanRegistry()
    const def = apiDefinition({ '/pets': ['GET'] })
    def.restApi.disableExecuteApiEndpoint = true
    reg.set(API_ID, 'prod', plan(def))
    assert.equal(resolveRequest(reg, 'localhost', `/_aws/execute-api/${API_ID}/prod/pets`).kind, 'unknown-api')
  })
})

describe('both URL forms over HTTP', () => {
  const running = useServed(() => [plan(apiDefinition({ '/pets': ['GET'], '/pets/{id}': ['GET'] }))])

  test('host-style', async () => {
    const r = await send(running.address.port, { path: '/prod/pets/7', headers: { host: `${API_ID}.execute-api.localhost` } })
    assert.equal(r.status, 200)
    assert.deepEqual(r.json().pathParameters, { id: '7' })
    assert.equal(r.json().path, '/pets/7')
  })

  test('path-style', async () => {
    const r = await send(running.address.port, { path: `/_aws/execute-api/${API_ID}/prod/pets?x=1` })
    assert.equal(r.status, 200)
    assert.equal(r.json().resourcePath, '/pets')
  })

  test('unknown API → 403 Forbidden', async () => {
    const r = await send(running.address.port, { path: '/prod/pets', headers: { host: 'nope123456.execute-api.localhost' } })
    assert.equal(r.status, 403)
    assert.deepEqual(r.json(), { message: 'Forbidden' })
    assert.equal(r.headers['x-amzn-errortype'], 'ForbiddenException')
    assert.ok(r.headers['x-amzn-requestid'])
    assert.ok(r.headers['x-amz-apigw-id'])
  })

  test('unknown stage → 403 Missing Authentication Token', async () => {
    const r = await send(running.address.port, { path: `/_aws/execute-api/${API_ID}/dev/pets` })
    assert.equal(r.status, 403)
    assert.deepEqual(r.json(), { message: 'Missing Authentication Token' })
    assert.equal(r.headers['x-amzn-errortype'], 'MissingAuthenticationTokenException')
  })

  test('neither form → 404 explaining both', async () => {
    const r = await send(running.address.port, { path: '/prod/pets' })
    assert.equal(r.status, 404)
    assert.match(r.json().message, /execute-api.*_aws\/execute-api/s)
    assert.equal(r.headers['content-type'], 'application/json')
  })

  test('unknown resource or verb → 403 Missing Authentication Token through the plan', async () => {
    for (const [method, path] of [['GET', '/nope'], ['DELETE', '/pets'], ['GET', '/pets/1/2']] as const) {
      const r = await send(running.address.port, { method, path: `/_aws/execute-api/${API_ID}/prod${path}` })
      assert.equal(r.status, 403, `${method} ${path}`)
      assert.deepEqual(r.json(), { message: 'Missing Authentication Token' })
      assert.equal(r.headers['x-amzn-errortype'], 'MissingAuthenticationTokenException')
    }
  })
})

test('the root resource answers with and without a trailing slash, in both forms', async () => {
  const running = await start([plan(apiDefinition({ '/': ['GET'] }))])
  try {
    for (const [path, host] of [
      [`/_aws/execute-api/${API_ID}/prod`, undefined],
      [`/_aws/execute-api/${API_ID}/prod/`, undefined],
      ['/prod', `${API_ID}.execute-api.localhost`],
      ['/prod/?a=1', `${API_ID}.execute-api.localhost`],
    ] as const) {
      const r = await send(running.address.port, { path, headers: host ? { host } : {} })
      assert.equal(r.status, 200, path)
      assert.equal(r.json().resourcePath, '/')
    }
  } finally {
    await running.close()
  }
})
