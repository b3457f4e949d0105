/**
 * importHttpApi and exportHttpApi on their own: what the management API's tests do not reach
 * (server variables in basepath, the `$default` path's rules, YAML's numeric payload formats,
 * security falling back to the document's), and an export read back.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { exportHttpApi, importHttpApi } from '../../src/openapi/index.ts'

const integration = { type: 'http_proxy', httpMethod: 'ANY', uri: 'https://backend.example', payloadFormatVersion: '1.0' }

function doc(extra: Record<string, unknown> = {}, paths: Record<string, unknown> = { '/a': { get: { 'x-amazon-apigateway-integration': integration } } }): string {
  return JSON.stringify({ openapi: '3.0.1', info: { title: 't' }, paths, ...extra })
}

describe('importHttpApi', () => {
  it('basepath split and prepend resolve the server URL\'s variables', () => {
    const servers = [{ url: 'https://{host}/{basePath}', variables: { host: { default: 'x.example' }, basePath: { default: 'v1/shop' } } }]
    const keys = (basePath: 'prepend' | 'split' | 'ignore') => {
      const result = importHttpApi(doc({ servers }), { now: 1, basePath })
      assert.ok(result.ok)
      return result.definition.routes.map((r) => r.routeKey)
    }
    assert.deepEqual(keys('ignore'), ['GET /a'])
    assert.deepEqual(keys('prepend'), ['GET /v1/shop/a'])
    assert.deepEqual(keys('split'), ['GET /shop/a'])
  })

  it('reads YAML\'s `payloadFormatVersion: 2.0` (a number) as "2.0"', () => {
    const yaml = 'openapi: 3.0.1\ninfo:\n  title: y\npaths:\n  /f:\n    post:\n      x-amazon-apigateway-integration:\n        type: AWS_PROXY\n        uri: arn:aws:lambda:us-east-1:123456789012:function:f\n        payloadFormatVersion: 2.0\n'
    const result = importHttpApi(yaml, { now: 1 })
    assert.ok(result.ok)
    assert.deepEqual(
      [result.definition.integrations[0]!.payloadFormatVersion, result.definition.integrations[0]!.integrationType, result.definition.integrations[0]!.integrationMethod],
      ['2.0', 'AWS_PROXY', 'POST'],
    )
  })

  it('the $default route comes from x-amazon-apigateway-any-method only', () => {
    const result = importHttpApi(doc({}, { '/$default': { get: { 'x-amazon-apigateway-integration': integration } } }), { now: 1 })
    assert.equal(result.ok, false)
    assert.ok(!result.ok && result.errors.some((e) => e.pointer === '/paths/~1$default/get' && /x-amazon-apigateway-any-method/.test(e.message)))
  })

  it('operations without security take the document\'s; a scheme without an authorizer is a warning', () => {
    const components = {
      securitySchemes: {
        jwt: { type: 'oauth2', 'x-amazon-apigateway-authorizer': { type: 'jwt', identitySource: '$request.header.Authorization', jwtConfiguration: { issuer: 'https://i.example' } } },
        plain: { type: 'http', scheme: 'basic' },
      },
    }
    const result = importHttpApi(doc({ components, security: [{ jwt: ['s'] }] }, { '/a': { get: {} }, '/b': { get: { security: [{ plain: [] }] } } }), { now: 1 })
    assert.ok(result.ok)
    assert.deepEqual(result.definition.routes.map((r) => [r.routeKey, r.authorizationType, r.authorizationScopes]), [['GET /a', 'JWT', ['s']], ['GET /b', 'NONE', undefined]])
    assert.equal(result.warnings.length, 2)
    assert.ok(result.warnings.every((w) => /plain/.test(w)))
  })

  it('reimport keeps the id, creation date and tags of the API it replaces', () => {
    const first = importHttpApi(doc(), { now: 100 })
    assert.ok(first.ok)
    first.definition.api.tags = { team: 'a' }
    const second = importHttpApi(doc({ info: { title: 'renamed' } }), { now: 200, existing: first.definition })
    assert.ok(second.ok)
    assert.deepEqual([second.definition.api.apiId, second.definition.api.createdDate, second.definition.api.tags, second.definition.api.name], [first.definition.api.apiId, 100, { team: 'a' }, 'renamed'])
  })
})

describe('exportHttpApi', () => {
  it('writes what importHttpApi reads back', () => {
    const imported = importHttpApi(doc({ 'x-amazon-apigateway-cors': { allowOrigins: ['*'] } }, { '/a/{id}': { get: { operationId: 'getA', 'x-amazon-apigateway-integration': integration } }, '/$default': { 'x-amazon-apigateway-any-method': { 'x-amazon-apigateway-integration': integration } } }), { now: 1 })
    assert.ok(imported.ok)
    const exported = exportHttpApi(imported.definition, { serverUrl: 'http://x.example' })
    const again = importHttpApi(JSON.stringify(exported), { now: 1 })
    assert.ok(again.ok)
    const strip = (d: typeof imported.definition) => ({
      cors: d.api.corsConfiguration,
      routes: d.routes.map((r) => [r.routeKey, r.operationName, d.integrations.find((i) => `integrations/${i.integrationId}` === r.target)?.integrationUri]),
    })
    assert.deepEqual(strip(again.definition), strip(imported.definition))
    assert.deepEqual((exported.paths as Record<string, Record<string, { parameters?: unknown }>>)['/a/{id}']!.get!.parameters, [
      { name: 'id', in: 'path', description: 'Generated path parameter for id', required: true, schema: { type: 'string' } },
    ])
  })
})
