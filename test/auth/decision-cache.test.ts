/**
 * The authorizer decision cache: hit, miss, expiry and bounds on a controllable clock, first on
 * its own, then through real HTTP with a real local TOKEN authorizer, where stepping the clock
 * past the TTL makes the next request invoke the authorizer again.
 */
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { createDecisionCache, stageScope } from '../../src/auth/decision-cache.ts'
import { createAccessPhase } from '../../src/auth/index.ts'
import type { AuthorizerResult } from '../../src/auth/authorizer-output.ts'
import { createJwksClient } from '../../src/auth/jwks.ts'
import { compilePlan, type IntegrationStagesFactory } from '../../src/compile/compile.ts'
import { resolveConfigFile } from '../../src/config-file.ts'
import { createFunctionInvoker } from '../../src/functions/index.ts'
import type { FunctionInvoker } from '../../src/functions/invoke.ts'
import { compileLambdaUri } from '../../src/integrations/lambda-uri.ts'
import { buildProxyEventV1 } from '../../src/integrations/proxy-event-v1.ts'
import { apiDefinition, noUpstream, send, stage, start, type Running } from '../data/fixtures.ts'

describe('decision cache', () => {
  it('hits until the TTL passes, then misses', () => {
    let now = 0
    const cache = createDecisionCache<string>({ now: () => now })
    assert.equal(cache.get('api/prod', 'k'), undefined)
    cache.set('api/prod', 'k', 'v', 300)
    now = 299_999
    assert.equal(cache.get('api/prod', 'k'), 'v')
    now = 300_000
    assert.equal(cache.get('api/prod', 'k'), undefined)
    assert.equal(cache.size, 0)
  })

  it('keeps stages apart and flushes one stage', () => {
    const cache = createDecisionCache<string>({ now: () => 0 })
    cache.set(stageScope('api', 'prod'), 'k', 'prod', 60)
    cache.set(stageScope('api', 'dev'), 'k', 'dev', 60)
    cache.flush(stageScope('api', 'prod'))
    assert.equal(cache.get(stageScope('api', 'prod'), 'k'), undefined)
    assert.equal(cache.get(stageScope('api', 'dev'), 'k'), 'dev')
  })

  it('is bounded: the least recently used entry goes first', () => {
    const cache = createDecisionCache<number>({ maxEntries: 2, now: () => 0 })
    cache.set('s', 'a', 1, 60)
    cache.set('s', 'b', 2, 60)
    assert.equal(cache.get('s', 'a'), 1)
    cache.set('s', 'c', 3, 60)
    assert.equal(cache.size, 2)
    assert.equal(cache.get('s', 'b'), undefined)
    assert.equal(cache.get('s', 'a'), 1)
    assert.equal(cache.get('s', 'c'), 3)
  })
})

describe('decision cache through real HTTP', () => {
  const app = join(import.meta.dirname, '..', 'fixtures', 'e2e', 'authorizers-app')
  const AUTHORIZER_URI = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:tokenAuth/invocations'
  let now = 1_000_000
  let invoker: FunctionInvoker
  let running: Running

  /** answers with what the authorizer left in the request context */
  const authorizerEcho: IntegrationStagesFactory = () => [
    function authorizerEcho(ctx) {
      return { kind: 'http', statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(ctx.authorizer) }
    },
  ]

  before(async () => {
    invoker = createFunctionInvoker({ config: resolveConfigFile({ functions: { tokenAuth: { handler: './handlers.tokenAuthorizer' } } }, join(app, 'portico.config.json')), accountId: '123456789012', region: 'us-east-1' })
    const api = apiDefinition({ '/a': { GET: { authorizationType: 'CUSTOM', authorizerId: 'auth1' } }, '/b': { GET: { authorizationType: 'CUSTOM', authorizerId: 'auth1' } } })
    api.authorizers = [{ id: 'auth1', name: 'token', type: 'TOKEN', authorizerUri: AUTHORIZER_URI, identitySource: 'method.request.header.Authorization', authorizerResultTtlInSeconds: 60 }]
    const access = createAccessPhase({
      invoker,
      region: 'us-east-1',
      accountId: '123456789012',
      compileUri: compileLambdaUri,
      proxyEvent: (ctx) => buildProxyEventV1(ctx, { isBinary: () => false }),
      cache: createDecisionCache<AuthorizerResult>({ now: () => now }),
      userPools: new Map(),
      jwks: createJwksClient(),
    })
    const plan = compilePlan({ snapshot: api, deploymentId: 'dep1', stage: stage(), upstream: noUpstream, integrations: authorizerEcho, phases: { access } })
    running = await start([plan])
  })

  after(async () => {
    await running?.close()
    await invoker?.close()
  })

  const calls = async (path: string, token: string) => {
    const reply = await send(running.address.port, { path: `/_aws/execute-api/a1b2c3d4e5/prod${path}`, headers: { Authorization: token } })
    assert.ok(reply.status === 200 || reply.status === 403, reply.body)
    return reply.status === 200 ? Number(reply.json().calls) : reply.status
  }

  it('hit within the TTL (for another method too), miss after it', async () => {
    const first = await calls('/a', 'allow-clock')
    assert.equal(await calls('/a', 'allow-clock'), first)
    assert.equal(await calls('/b', 'allow-clock'), first)
    now += 59_000
    assert.equal(await calls('/a', 'allow-clock'), first)
    now += 1_000
    assert.equal(await calls('/a', 'allow-clock'), first + 1)
  })

  it('a cached policy that covers only the first method ARN denies the second', async () => {
    assert.equal(typeof (await calls('/a', 'exact-clock')), 'number')
    assert.equal(await calls('/b', 'exact-clock'), 403)
  })
})
