/**
 * Lambda authorizers end to end, as a user runs them: local handler files declared in a config
 * file (test/fixtures/e2e/authorizers-app), an OpenAPI file with x-amazon-apigateway-authorizer,
 * `startPortico` (through useHarness) + `serveFile`, and real HTTP. Every 401/403/500 AWS gives, the context reaching
 * a Lambda proxy integration and a mapping template, and the decision cache with its flush.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { FlushStageAuthorizersCacheCommand } from '@aws-sdk/client-api-gateway'
import type { Portico } from '../../src/main.ts'
import { serveFile } from '../support/serve-file.ts'
import { sdkClient, useHarness } from '../control/harness.ts'

const app = join(import.meta.dirname, '..', 'fixtures', 'e2e', 'authorizers-app')
let portico: Portico
let base: string
let apiId: string

useHarness({}, {
  configFile: join(app, 'portico.config.json'),
  setup: async (h) => {
    portico = h.portico
    const served = await serveFile(portico, join(app, 'api.yaml'), 'prod', { tenantVar: 'acme' })
    await portico.settled()
    apiId = served.apiId
    base = `${portico.url}/_aws/execute-api/${apiId}/prod`
  },
})

async function call(path: string, headers: Record<string, string> = {}): Promise<{ status: number; errorType: string | null; body: any }> {
  const res = await fetch(`${base}${path}`, { headers })
  const text = await res.text()
  return { status: res.status, errorType: res.headers.get('x-amzn-errortype'), body: text === '' ? undefined : JSON.parse(text) }
}

/** AWS's gateway response: status, x-amzn-ErrorType and `{"message": …}` */
function assertError(res: Awaited<ReturnType<typeof call>>, status: number, errorType: string, message: string | null): void {
  assert.equal(res.status, status)
  assert.equal(res.errorType, errorType)
  assert.deepEqual(res.body, { message })
}

const UNAUTHORIZED = [401, 'UnauthorizedException', 'Unauthorized'] as const

describe('TOKEN authorizer', () => {
  it('allows: principalId and context reach the proxy event stringified, with the authorizer latency', async () => {
    const res = await call('/pets', { Authorization: 'allow-proxy' })
    assert.equal(res.status, 200)
    const authorizer = res.body.authorizer
    assert.equal(authorizer.principalId, 'user-allow-proxy')
    assert.equal(authorizer.stringKey, 'value')
    assert.equal(authorizer.numberKey, '1')
    assert.equal(authorizer.booleanKey, 'true')
    assert.equal(typeof authorizer.integrationLatency, 'number')
  })

  it('allows: $context.authorizer.* in a mapping template', async () => {
    const res = await call('/pets/7', { Authorization: 'allow-template' })
    assert.equal(res.status, 200)
    assert.deepEqual(res.body, { principalId: 'user-allow-template', stringKey: 'value', numberKey: '1', booleanKey: 'true' })
  })

  it('401 Unauthorized without invoking when the token header is missing or empty', async () => {
    for (const headers of [{}, { Authorization: '' }] as Array<Record<string, string>>) {
      assertError(await call('/pets', headers), ...UNAUTHORIZED)
    }
  })

  it('401 without invoking when the token does not match identityValidationExpression', async () => {
    // `unknown token` would make the function throw (500) if it were called
    assertError(await call('/pets', { Authorization: 'NOT VALID' }), ...UNAUTHORIZED)
  })

  it('401 when the function fails with "Unauthorized"', async () => {
    assertError(await call('/pets', { Authorization: 'unauthorized' }), ...UNAUTHORIZED)
  })

  it('403 with an explicit deny', async () => {
    assertError(await call('/pets', { Authorization: 'deny' }), 403, 'AccessDeniedException', 'User is not authorized to access this resource with an explicit deny')
  })

  it('403 when the policy does not cover the method (implicit deny, no resource policy)', async () => {
    assertError(await call('/pets', { Authorization: 'elsewhere' }), 403, 'AccessDeniedException', 'User is not authorized to access this resource')
  })

  for (const [token, what] of [
    ['boom', 'any other function error'],
    ['nested', 'a context value that is an object'],
    ['nopolicy', 'no policyDocument'],
    ['badpolicy', 'an invalid policy'],
    ['slow', 'the function timing out'],
  ] as const) {
    it(`500 AuthorizerConfigurationException for ${what}`, async () => {
      assertError(await call('/pets', { Authorization: token }), 500, 'AuthorizerConfigurationException', null)
    })
  }
})

describe('decision cache', () => {
  it('a second request with the same token is served from the cache; another token is a miss', async () => {
    const first = await call('/pets', { Authorization: 'allow-cached' })
    const second = await call('/pets', { Authorization: 'allow-cached' })
    assert.equal(first.status, 200)
    assert.equal(second.body.authorizer.calls, first.body.authorizer.calls)
    assert.equal(second.body.authorizer.integrationLatency, 0)
    const other = await call('/pets', { Authorization: 'allow-other' })
    assert.ok(Number(other.body.authorizer.calls) > Number(first.body.authorizer.calls))
  })

  it('re-evaluates the cached policy for each method ARN', async () => {
    // `exact` allows only the ARN of the first request; the cached policy then denies /pets/1
    const first = await call('/pets', { Authorization: 'exact-one' })
    assert.equal(first.status, 200)
    const other = await call('/pets/1', { Authorization: 'exact-one' })
    assert.equal(other.status, 403)
    assert.deepEqual(other.body, { message: 'User is not authorized to access this resource' })
    const again = await call('/pets', { Authorization: 'exact-one' })
    assert.equal(again.body.authorizer.calls, first.body.authorizer.calls)
  })

  it('TTL 0 invokes the authorizer on every request', async () => {
    const first = await call('/uncached', { Authorization: 'allow-uncached' })
    const second = await call('/uncached', { Authorization: 'allow-uncached' })
    assert.ok(Number(second.body.authorizer.calls) > Number(first.body.authorizer.calls))
  })

  it('FlushStageAuthorizersCache (SDK) drops the cached decisions', async () => {
    const first = await call('/pets', { Authorization: 'allow-flushed' })
    const client = sdkClient(portico.url)
    try {
      await client.send(new FlushStageAuthorizersCacheCommand({ restApiId: apiId, stageName: 'prod' }))
    } finally {
      client.destroy()
    }
    const second = await call('/pets', { Authorization: 'allow-flushed' })
    assert.ok(Number(second.body.authorizer.calls) > Number(first.body.authorizer.calls))
  })
})

describe('REQUEST authorizer', () => {
  it('gets AWS\'s REQUEST event (headers, stage variables, no body) and allows', async () => {
    const res = await call('/tenants?token=allow-request', { 'X-Tenant': 't1' })
    assert.equal(res.status, 200)
    const authorizer = res.body.authorizer
    assert.equal(authorizer.principalId, 'user-allow-request')
    assert.equal(authorizer.eventType, 'REQUEST')
    assert.equal(authorizer.eventHeader, 't1')
    assert.equal(authorizer.eventStageVariable, 'acme')
    assert.equal(authorizer.eventHasBody, 'false')
  })

  it('401 without invoking when one identity source is missing', async () => {
    // the token would be allowed; the X-Tenant header is missing
    assertError(await call('/tenants?token=allow-request'), ...UNAUTHORIZED)
  })

  it('403 on deny and 401 on Unauthorized', async () => {
    assert.equal((await call('/tenants?token=deny', { 'X-Tenant': 't1' })).status, 403)
    assert.equal((await call('/tenants?token=unauthorized', { 'X-Tenant': 't1' })).status, 401)
  })
})
