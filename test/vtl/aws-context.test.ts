/** `$context` built from the request state, the template variables, and the overrides read back. */
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { buildTemplateContext, formatRequestTime, readOverrides, templateVariables, templateUtil } from '../../src/vtl/aws/index.ts'
import { CONTEXT_VARIABLE_NAMES, readContextVariable } from '../../src/vtl/aws/context.ts'
import { fakeRequestContext } from './aws-request-context.ts'

describe('buildTemplateContext', () => {
  const ctx = fakeRequestContext({
    httpMethod: 'GET',
    path: '/pets/7',
    resourcePath: '/pets/{petId}',
    resourceId: 'res123',
    stageName: 'beta',
    params: { path: { petId: '7' }, header: { 'User-Agent': 'curl/8.0' } },
    apiKey: { id: 'key-id', value: 'MyTestKey' },
  })
  const c = buildTemplateContext(ctx)

  test('request variables', () => {
    assert.equal(c.accountId, '123456789012')
    assert.equal(c.apiId, 'a1b2c3d4e5')
    assert.equal(c.stage, 'beta')
    assert.equal(c.path, '/beta/pets/7')
    assert.equal(c.resourcePath, '/pets/{petId}')
    assert.equal(c.resourceId, 'res123')
    assert.equal(c.httpMethod, 'GET')
    assert.equal(c.protocol, 'HTTP/1.1')
    assert.equal(c.requestId, 'c0ffee00-0000-4000-8000-000000000001')
    assert.equal(c.extendedRequestId, 'AbCdEfGhIjKlMnO=')
    assert.equal(c.domainName, 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com')
    assert.equal(c.domainPrefix, 'a1b2c3d4e5')
    assert.equal(c.deploymentId, 'dep1')
    assert.equal(c.requestTimeEpoch, 1_700_000_000_000)
    assert.equal(c.requestTime, '14/Nov/2023:22:13:20 +0000')
    assert.equal(c.wafResponseCode, null)
    assert.equal(c.webaclArn, null)
    assert.equal(c.awsEndpointRequestId, null)
  })
  test('identity', () => {
    const identity = c.identity as Record<string, unknown>
    assert.equal(identity.sourceIp, '192.0.2.1')
    assert.equal(identity.userAgent, 'curl/8.0')
    assert.equal(identity.apiKey, 'MyTestKey')
    assert.equal(identity.apiKeyId, 'key-id')
    for (const key of ['accountId', 'caller', 'user', 'userArn', 'cognitoIdentityId', 'cognitoIdentityPoolId',
      'cognitoAuthenticationType', 'cognitoAuthenticationProvider', 'principalOrgId', 'clientCert']) {
      assert.equal(identity[key], null, key)
    }
  })
  test('without an API key, identity.apiKey is null', () => {
    const identity = buildTemplateContext(fakeRequestContext()).identity as Record<string, unknown>
    assert.equal(identity.apiKey, null)
    assert.equal(identity.userAgent, null)
  })
  test('overrides start empty; responseOverride has no status key until one is set', () => {
    assert.deepEqual({ ...c.requestOverride }, { header: {}, path: {}, querystring: {} })
    assert.deepEqual(Object.keys(c.responseOverride), ['header'])
  })
  test('accountId and other AWS-side values are options', () => {
    const other = buildTemplateContext(ctx, { accountId: '111122223333', awsEndpointRequestId: 'aws-1', wafResponseCode: 'WAF_ALLOW', identity: { caller: 'AIDA1' } })
    assert.equal(other.accountId, '111122223333')
    assert.equal(other.awsEndpointRequestId, 'aws-1')
    assert.equal(other.wafResponseCode, 'WAF_ALLOW')
    assert.equal((other.identity as Record<string, unknown>).caller, 'AIDA1')
  })
})

describe('CONTEXT_VARIABLE_NAMES', () => {
  test('every name is a key of the built $context (clientCert is null without mTLS)', () => {
    const c = buildTemplateContext(fakeRequestContext({ authorizer: { principalId: 'p' } }))
    for (const name of CONTEXT_VARIABLE_NAMES) {
      const parent = name.includes('.') ? readContextVariable(c, name.slice(0, name.lastIndexOf('.'))) : c
      if (name.startsWith('identity.clientCert.')) continue
      assert.ok(typeof parent === 'object' && parent !== null && Object.hasOwn(parent, name.slice(name.lastIndexOf('.') + 1)), name)
    }
  })
  test('readContextVariable reads own properties only', () => {
    const c = buildTemplateContext(fakeRequestContext())
    assert.equal(readContextVariable(c, 'identity.sourceIp'), '192.0.2.1')
    assert.equal(readContextVariable(c, 'identity.nope'), undefined)
    assert.equal(readContextVariable(c, 'authorizer.constructor'), undefined)
    assert.equal(readContextVariable(c, 'stage.length'), undefined)
  })
})

describe('$context.authorizer', () => {
  test('Lambda authorizer context values are stringified (doc: 1 → "1", true → "true")', () => {
    const c = buildTemplateContext(fakeRequestContext({ authorizer: { principalId: 'user|a1', key: 'value', numKey: 1, boolKey: true, nothing: null } }))
    assert.deepEqual(c.authorizer, { principalId: 'user|a1', key: 'value', numKey: '1', boolKey: 'true', nothing: null })
  })
  test('Cognito claims stay a map', () => {
    const c = buildTemplateContext(fakeRequestContext({ authorizer: { claims: { sub: 'abc', email: 'a@example.com' } } }))
    assert.deepEqual((c.authorizer as Record<string, unknown>).claims, { sub: 'abc', email: 'a@example.com' })
  })
  test('no authorizer: an empty map', () => assert.deepEqual(buildTemplateContext(fakeRequestContext()).authorizer, {}))
})

describe('$context.error', () => {
  test('message, quoted messageString, responseType, validationErrorString', () => {
    const c = buildTemplateContext(fakeRequestContext({
      error: { kind: 'error', type: 'BAD_REQUEST_BODY', message: 'Invalid request body', validationErrorString: '[object has missing required properties (["name"])]' },
    }))
    assert.deepEqual(c.error, {
      message: 'Invalid request body',
      messageString: '"Invalid request body"',
      responseType: 'BAD_REQUEST_BODY',
      validationErrorString: '[object has missing required properties (["name"])]',
    })
  })
  test('a null message quotes as null', () => {
    const c = buildTemplateContext(fakeRequestContext({ error: { kind: 'error', type: 'AUTHORIZER_CONFIGURATION_ERROR', message: null } }))
    assert.equal((c.error as Record<string, unknown>).messageString, 'null')
  })
  test('quotes inside the message are escaped', () => {
    const c = buildTemplateContext(fakeRequestContext({ error: { kind: 'error', type: 'DEFAULT_4XX', message: 'bad "x"' } }))
    assert.equal((c.error as Record<string, unknown>).messageString, '"bad \\"x\\""')
  })
})

describe('formatRequestTime', () => {
  test('CLF in UTC with two-digit day', () => {
    assert.equal(formatRequestTime(Date.UTC(2024, 0, 5, 3, 4, 5)), '05/Jan/2024:03:04:05 +0000')
    assert.equal(formatRequestTime(Date.UTC(1999, 11, 31, 23, 59, 59, 999)), '31/Dec/1999:23:59:59 +0000')
  })
})

describe('templateVariables', () => {
  test('input, util, context, stageVariables', () => {
    const ctx = fakeRequestContext({ body: '{"a":1}', params: { querystring: { q: '1' } } })
    const vars = templateVariables(ctx, '{"a":1}', { s: 'v' })
    assert.equal(vars.input.body, '{"a":1}')
    assert.equal(vars.input.params('q'), '1')
    assert.equal(vars.util, templateUtil)
    assert.equal(vars.context.apiId, 'a1b2c3d4e5')
    assert.deepEqual(vars.stageVariables, { s: 'v' })
  })
  test('the response template reuses the request\'s $context, overrides included', () => {
    const ctx = fakeRequestContext()
    const request = templateVariables(ctx, '', {})
    request.context.responseOverride.status = 444
    const response = templateVariables(ctx, '{"from":"integration"}', {}, request.context)
    assert.equal(response.context.responseOverride.status, 444)
    assert.equal(response.input.body, '{"from":"integration"}')
  })
})

describe('readOverrides', () => {
  test('nothing set', () => {
    assert.deepEqual(readOverrides(buildTemplateContext(fakeRequestContext())), {
      request: { header: {}, querystring: {}, path: {} },
      response: { status: undefined, header: {} },
      conflicts: [],
    })
  })
  test('values become strings; lists become several values; nulls are dropped', () => {
    const c = buildTemplateContext(fakeRequestContext())
    c.requestOverride.header.a = 'x'
    c.requestOverride.header.multi = ['foo', 'bar', null]
    c.requestOverride.querystring.n = 5
    c.requestOverride.querystring.gone = null
    c.requestOverride.path.id = 42
    c.responseOverride.header['Content-Type'] = 'text/plain'
    c.responseOverride.status = '201'
    assert.deepEqual(readOverrides(c), {
      request: { header: { a: ['x'], multi: ['foo', 'bar'] }, querystring: { n: ['5'] }, path: { id: '42' } },
      response: { status: 201, header: { 'Content-Type': ['text/plain'] } },
      conflicts: [],
    })
  })
  test('a status that is not a number is ignored', () => {
    const c = buildTemplateContext(fakeRequestContext())
    c.responseOverride.status = 'teapot'
    assert.equal(readOverrides(c).response.status, undefined)
  })
  test('setting one parameter twice is a conflict (AWS answers 5XX)', () => {
    const c = buildTemplateContext(fakeRequestContext())
    c.requestOverride.header.h = '1'
    c.requestOverride.header.h = '2'
    c.requestOverride.header.other = '1'
    c.responseOverride.status = 400
    c.responseOverride.status = 500
    const o = readOverrides(c)
    assert.deepEqual(o.conflicts, ['requestOverride.header.h', 'responseOverride.status'])
    assert.deepEqual(o.request.header, { h: ['2'], other: ['1'] })
    assert.equal(o.response.status, 500)
  })
})
