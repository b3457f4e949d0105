import { test } from 'node:test'
import assert from 'node:assert/strict'
import { compilePlan } from '../../src/compile/compile.ts'
import { CompileError } from '../../src/compile/compile-error.ts'
import { API_ID, apiDefinition, echoIntegration, noUpstream, plan, send, stage, start } from '../data/fixtures.ts'

const validators = [
  { id: 'params', validateRequestBody: false, validateRequestParameters: true },
  { id: 'nothing', validateRequestBody: false, validateRequestParameters: false },
]

test('per-method stage lists leave out what does not apply', () => {
  const api = apiDefinition(
    {
      '/a': { GET: {} },
      '/b': { GET: { requestValidatorId: 'nothing', requestParameters: { 'method.request.querystring.q': true } } },
      '/c': { GET: { requestValidatorId: 'params', requestParameters: { 'method.request.querystring.q': false } } },
      '/d': { GET: { requestValidatorId: 'params', requestParameters: { 'method.request.querystring.q': true } } },
    },
    { requestValidators: validators },
  )
  const p = plan(api)
  const names = (path: string) => p.match('GET', path)!.method.stages.map((s) => s.name)
  assert.deepEqual(names('/a'), ['echoIntegration'])
  assert.deepEqual(names('/b'), ['echoIntegration'])
  assert.deepEqual(names('/c'), ['echoIntegration'])
  assert.deepEqual(names('/d'), ['validateRequest', 'echoIntegration'])
})

test('the phases come in AWS\'s order around request validation, each seeing the method and the stage', () => {
  const api = apiDefinition({ '/d': { GET: { requestValidatorId: 'params', requestParameters: { 'method.request.querystring.q': true } } } }, { requestValidators: validators })
  const seen: string[] = []
  const named = (name: string) => {
    const stage = () => undefined
    Object.defineProperty(stage, 'name', { value: name })
    return stage
  }
  const p = compilePlan({
    snapshot: api,
    deploymentId: 'dep9',
    stage: stage('beta', { v: '1' }),
    upstream: noUpstream,
    integrations: echoIntegration,
    phases: {
      access: (input) => {
        seen.push(`${input.method.httpMethod} ${input.resource.path} ${input.stage.stageName} ${input.deploymentId} ${input.stageVariables.v}`)
        return [named('resourcePolicy'), named('authorize')]
      },
      traffic: () => [named('apiKey'), named('throttle')],
      cache: () => [],
    },
  })
  assert.deepEqual(seen, ['GET /d beta dep9 1'])
  assert.deepEqual(
    p.match('GET', '/d')!.method.stages.map((s) => s.name),
    ['resourcePolicy', 'authorize', 'validateRequest', 'apiKey', 'throttle', 'echoIntegration'],
  )
  assert.throws(
    () => compilePlan({ snapshot: api, deploymentId: 'd', stage: stage(), upstream: noUpstream, integrations: echoIntegration, phases: { traffic: () => { throw new Error('bad throttle') } } }),
    (e: Error) => e instanceof CompileError && e.message === 'GET /d: bad throttle',
  )
})

test('the plan carries ids, frozen stage variables and binary media types', () => {
  const api = apiDefinition({ '/': ['GET'] })
  api.restApi.binaryMediaTypes = ['image/png', '*/*']
  const p = plan(api, { stageName: 'beta', deploymentId: 'xyz', variables: { a: '1' } })
  assert.equal(p.apiId, API_ID)
  assert.equal(p.stageName, 'beta')
  assert.equal(p.deploymentId, 'xyz')
  assert.deepEqual(p.stageVariables, { a: '1' })
  assert.ok(Object.isFrozen(p.stageVariables))
  assert.deepEqual(p.binaryMediaTypes, ['image/png', '*/*'])
  const m = p.match('GET', '/')!
  assert.equal(m.method.resourcePath, '/')
  assert.equal(m.method.httpMethod, 'GET')
  assert.equal(m.method.resourceId, 'root')
})

test('compile errors name the resource path and method', () => {
  const failing = apiDefinition({ '/pets/{id}': ['POST'] })
  assert.throws(
    () =>
      compilePlan({
        snapshot: failing,
        deploymentId: 'd',
        stage: stage(),
        upstream: noUpstream,
        integrations: () => {
          throw new Error('Invalid mapping expression specified: nope')
        },
      }),
    (e: Error) => e instanceof CompileError && e.message === 'POST /pets/{id}: Invalid mapping expression specified: nope',
  )
  const noIntegration = apiDefinition({ '/pets': { GET: { methodIntegration: undefined } } })
  assert.throws(() => plan(noIntegration), /GET \/pets: No integration defined for method/)
  const badValidator = apiDefinition({ '/pets': { GET: { requestValidatorId: 'ghost' } } })
  assert.throws(() => plan(badValidator), /GET \/pets: request validator ghost does not exist/)
  const siblings = apiDefinition({ '/x/{a}': ['GET'], '/x/{b}': ['GET'] })
  assert.throws(() => plan(siblings), /only one is allowed/)
  const badResponse = apiDefinition({ '/': ['GET'] }, { gatewayResponses: [{ responseType: 'THROTTLED', responseParameters: { 'nope.header.x': "'a'" }, defaultResponse: false }] })
  assert.throws(() => plan(badResponse), /gateway responses: THROTTLED: invalid response parameter/)
  const badExpression = apiDefinition({ '/': ['GET'] }, { gatewayResponses: [{ responseType: 'THROTTLED', responseParameters: { 'gatewayresponse.header.x': 'integration.response.body' }, defaultResponse: false }] })
  assert.throws(() => plan(badExpression), CompileError)
})

test('with the real integration phase, a MOCK method answers end to end', async () => {
  const api = apiDefinition({
    '/mock': {
      GET: {
        methodIntegration: {
          type: 'MOCK',
          timeoutInMillis: 29_000,
          requestTemplates: { 'application/json': '{"statusCode": 200}' },
          integrationResponses: { '200': { statusCode: '200', responseTemplates: { 'application/json': '{"hello":"$context.stage"}' } } },
        },
        methodResponses: { '200': { statusCode: '200' } },
      },
    },
  })
  const p = compilePlan({ snapshot: api, deploymentId: 'd', stage: stage('live'), upstream: noUpstream })
  const running = await start([p])
  try {
    const r = await send(running.address.port, { path: `/_aws/execute-api/${API_ID}/live/mock` })
    assert.equal(r.status, 200, r.body)
    assert.deepEqual(r.json(), { hello: 'live' })
    assert.ok(r.headers['x-amzn-requestid'])
  } finally {
    await running.close()
  }
})
