/**
 * Lambda (REQUEST) authorizers on HTTP API routes through the real function runtime: payload 2.0
 * with simple responses and with IAM policies, payload 1.0, 401 without invoking when an
 * identity source is missing, `Unauthorized` → 401, deny → 403, a malformed answer → 500, the
 * context delivered to the integration, and results cached by identity source.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createHttpApiAccessPhase } from '../../src/auth/http-api-access.ts'
import { createDecisionCache } from '../../src/auth/decision-cache.ts'
import type { HttpApiLambdaDecision } from '../../src/auth/http-api-lambda-authorizer.ts'
import { createJwksClient } from '../../src/auth/jwks.ts'
import type { FunctionInvoker } from '../../src/functions/index.ts'
import { httpApiLambdaEvent } from '../../src/integrations/http-api/index.ts'
import { compileLambdaUri } from '../../src/integrations/lambda-uri.ts'
import { createUpstreamPools, type UpstreamPools } from '../../src/integrations/index.ts'
import type { V2Authorizer } from '../../src/model/index.ts'
import { send, useServed } from '../data/fixtures.ts'
import { ACCOUNT, functionArn, handlerRuntime, httpApi, httpPlan, HTTP_API_ID, lambda, REGION } from './harness.ts'

let invoker: FunctionInvoker
let upstream: UpstreamPools

const authorizer = (authorizerId: string, fn: string, extra: Partial<V2Authorizer>): V2Authorizer => ({
  authorizerId,
  name: authorizerId,
  authorizerType: 'REQUEST',
  authorizerUri: functionArn(fn),
  identitySource: ['$request.header.x-token'],
  authorizerPayloadFormatVersion: '2.0',
  ...extra,
})

const gw = useServed(async (own) => {
  invoker = own(handlerRuntime())
  upstream = own(createUpstreamPools({ connections: 2 }))
  const api = httpApi(
    { 'GET /simple': lambda('echo'), 'GET /simple/again': lambda('echo'), 'GET /policy/{id}': lambda('echo'), 'GET /v1': lambda('echo', { payloadFormatVersion: '1.0' }) },
    {
      authorizers: [
        authorizer('simple', 'authSimple', { enableSimpleResponses: true, authorizerResultTtlInSeconds: 300 }),
        authorizer('policy', 'authPolicy', {}),
        authorizer('policy1', 'authPolicy', { authorizerPayloadFormatVersion: '1.0', identitySource: ['$request.header.x-token', '$request.querystring.q'] }),
      ],
    },
  )
  const use = { 'GET /simple': 'simple', 'GET /simple/again': 'simple', 'GET /policy/{id}': 'policy', 'GET /v1': 'policy1' } as Record<string, string>
  for (const route of api.routes) Object.assign(route, { authorizationType: 'CUSTOM', authorizerId: use[route.routeKey] })
  const access = createHttpApiAccessPhase({
    jwks: createJwksClient(),
    lambda: {
      invoker,
      compileUri: compileLambdaUri,
      event: (ctx, version) => httpApiLambdaEvent(ctx, version, undefined, ACCOUNT),
      cache: createDecisionCache<HttpApiLambdaDecision>(),
      region: REGION,
      accountId: ACCOUNT,
    },
  })
  return [httpPlan(api, '$default', { upstream, invoker, phases: { access } })]
})

function get(path: string, headers: Record<string, string> = {}) {
  return send(gw.address.port, { path, headers: { host: gw.host, ...headers } })
}

describe('Lambda authorizer, payload 2.0', () => {
  it('with simple responses: allows, hands the context to the integration, and caches by identity source across routes', async () => {
    const first = await get('/simple', { 'x-token': 'let-me-in' })
    assert.equal(first.status, 200)
    const lambdaContext = first.json().requestContext.authorizer.lambda
    assert.deepEqual([lambdaContext.user, lambdaContext.level, lambdaContext.roles], ['u1', 3, ['a', 'b']])
    const event = lambdaContext.event
    assert.deepEqual([event.version, event.type, event.routeKey, event.identitySource], ['2.0', 'REQUEST', 'GET /simple', ['let-me-in']])
    assert.equal(event.routeArn, `arn:aws:execute-api:${REGION}:${ACCOUNT}:${HTTP_API_ID}/$default/GET/simple`)
    assert.equal(event.headers['x-token'], 'let-me-in')
    assert.ok(!('body' in event))
    const again = await get('/simple/again', { 'x-token': 'let-me-in' })
    assert.equal(again.json().requestContext.authorizer.lambda.calls, lambdaContext.calls, 'the cached answer, not a new call')
  })

  it('with simple responses: isAuthorized false → 403 Forbidden; a missing identity source → 401 without invoking', async () => {
    let r = await get('/simple', { 'x-token': 'wrong' })
    assert.equal(r.status, 403)
    assert.equal(r.body, '{"message":"Forbidden"}')
    r = await get('/simple')
    assert.equal(r.status, 401)
    assert.equal(r.body, '{"message":"Unauthorized"}')
  })

  it('with an IAM policy: Allow on the route ARN passes, Deny → 403, Unauthorized → 401, garbage → 500', async () => {
    const ok = await get('/policy/7', { 'x-token': 'allow' })
    assert.equal(ok.status, 200)
    assert.deepEqual(ok.json().requestContext.authorizer, { lambda: { tier: 'gold', n: 1 } })
    for (const [token, status, body] of [
      ['deny', 403, '{"message":"Forbidden"}'],
      ['unauthorized', 401, '{"message":"Unauthorized"}'],
      ['garbage', 500, '{"message":"Internal Server Error"}'],
    ] as const) {
      const r = await get('/policy/7', { 'x-token': token })
      assert.equal(r.status, status, token)
      assert.equal(r.body, body, token)
    }
  })
})

describe('Lambda authorizer, payload 1.0', () => {
  it('gets REST’s REQUEST event with the identities joined, and its context reaches a 1.0 event flattened', async () => {
    const r = await get('/v1?q=second', { 'x-token': 'allow' })
    assert.equal(r.status, 200)
    const authorizer = r.json().requestContext.authorizer
    assert.deepEqual([authorizer.tier, authorizer.n, authorizer.principalId], ['gold', '1', 'user-7'])
    assert.equal(typeof authorizer.integrationLatency, 'number')
    assert.equal((await get('/v1?q=second', { 'x-token': 'deny' })).status, 403)
    assert.equal((await get('/v1', { 'x-token': 'allow' })).status, 401, 'the query string source is missing')
  })
})
