/** Parameter-mapping expressions: what AWS accepts, what it rejects (in its words), what they read. */
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  compileMappingExpression,
  interpolateStageVariables,
  MappingBodyError,
  MappingExpressionError,
  undefinedStageVariables,
  type MappingSource,
} from '../../src/vtl/aws/mapping-expression.ts'
import { buildTemplateContext } from '../../src/vtl/aws/context.ts'
import { HeaderMap, parseQuery } from '../../src/lib/multi-map.ts'
import { fakeRequestContext } from './aws-request-context.ts'

const headers = HeaderMap.fromRaw(['X-Single', 'one', 'X-Multi', 'a', 'X-Multi', 'b', 'Content-Type', 'application/json'])
const source = (body = '{"petstore":{"pets":[{"name":"rex","age":3},{"name":"tom"}]},"flag":true,"obj":{"k":"v"}}'): MappingSource => ({
  context: buildTemplateContext(fakeRequestContext({ resourcePath: '/pets/{petId}', authorizer: { principalId: 'user-1', tier: 2 } })),
  stageVariables: { host: 'example.com', version: 'v2' },
  request: { pathParameters: { petId: '7', proxy: 'a/b' }, query: parseQuery('q=1&m=x&m=y&Case=Upper'), headers, body },
  integrationResponse: { headers: HeaderMap.fromRaw(['x-app-id', 'app-9', 'item', 'i1', 'item', 'i2']), body: '{"redirect":{"url":"https://example.com/next"},"n":5}' },
})
const evalRequest = (expr: string, s = source()): string | undefined => compileMappingExpression(expr, 'request').evaluate(s)
const evalResponse = (expr: string, s = source()): string | undefined => compileMappingExpression(expr, 'response').evaluate(s)

describe('request side', () => {
  test('path, query string, header', () => {
    assert.equal(evalRequest('method.request.path.petId'), '7')
    assert.equal(evalRequest('method.request.path.proxy'), 'a/b')
    assert.equal(evalRequest('method.request.querystring.q'), '1')
    assert.equal(evalRequest('method.request.header.X-Single'), 'one')
    assert.equal(evalRequest('method.request.header.x-single'), 'one')
  })
  test('single-valued sources give the last value', () => {
    assert.equal(evalRequest('method.request.querystring.m'), 'y')
    assert.equal(evalRequest('method.request.header.X-Multi'), 'b')
  })
  test('multi-valued sources: evaluate joins with commas, evaluateAll gives the list', () => {
    assert.equal(evalRequest('method.request.multivaluequerystring.m'), 'x,y')
    assert.equal(evalRequest('method.request.multivalueheader.X-Multi'), 'a,b')
    assert.deepEqual(compileMappingExpression('method.request.multivaluequerystring.m', 'request').evaluateAll(source()), ['x', 'y'])
  })
  test('query string names are case-sensitive', () => {
    assert.equal(evalRequest('method.request.querystring.Case'), 'Upper')
    assert.equal(evalRequest('method.request.querystring.case'), undefined)
  })
  test('absent parameters are undefined', () => {
    assert.equal(evalRequest('method.request.path.nope'), undefined)
    assert.equal(evalRequest('method.request.path.constructor'), undefined)
    assert.equal(evalRequest('method.request.querystring.nope'), undefined)
    assert.equal(evalRequest('method.request.multivalueheader.nope'), undefined)
  })
  test('the body and JSONPath into it (without the $. prefix)', () => {
    assert.equal(evalRequest('method.request.body'), source().request!.body)
    assert.equal(evalRequest('method.request.body.petstore.pets[0].name'), 'rex')
    assert.equal(evalRequest('method.request.body.petstore.pets[0].age'), '3')
    assert.equal(evalRequest('method.request.body.flag'), 'true')
    assert.equal(evalRequest('method.request.body.obj'), '{"k":"v"}')
    assert.equal(evalRequest('method.request.body.petstore.pets[*].name'), '["rex","tom"]')
    assert.equal(evalRequest('method.request.body.missing'), undefined)
  })
  test('an empty body reads as {}', () => {
    assert.equal(evalRequest('method.request.body', source('')), '{}')
    assert.equal(evalRequest('method.request.body.a', source('')), undefined)
  })
  test('a body that does not look like JSON is {} to a JSONPath', () => {
    assert.equal(evalRequest('method.request.body.a', source('a=1&b=2')), undefined)
    assert.equal(evalRequest('method.request.body', source('a=1&b=2')), 'a=1&b=2')
  })
  test('a body that looks like JSON but is not fails the request', () => {
    const expr = compileMappingExpression('method.request.body.a', 'request')
    assert.throws(() => expr.evaluate(source('{"a":')), (err: unknown) => err instanceof MappingBodyError && err.message === 'Invalid JSON in request body')
  })
  test('context, stage variables, static values', () => {
    assert.equal(evalRequest('context.resourcePath'), '/pets/{petId}')
    assert.equal(evalRequest('context.identity.sourceIp'), '192.0.2.1')
    assert.equal(evalRequest('context.requestTimeEpoch'), '1700000000000')
    assert.equal(evalRequest('context.authorizer.principalId'), 'user-1')
    assert.equal(evalRequest('context.authorizer.tier'), '2')
    assert.equal(evalRequest('context.identity.caller'), undefined)
    assert.equal(evalRequest('context.authorizer.constructor'), undefined)
    assert.equal(evalRequest('stageVariables.host'), 'example.com')
    assert.equal(evalRequest('stageVariables.nope'), undefined)
    assert.equal(evalRequest('stageVariables.constructor'), undefined)
    assert.equal(evalRequest("'application/json'"), 'application/json')
    assert.equal(evalRequest("'a b, c'"), 'a b, c')
    assert.equal(evalRequest("''"), '')
  })
})

describe('response side', () => {
  test('integration response headers and body (doc example: redirect.url → location)', () => {
    assert.equal(evalResponse('integration.response.body.redirect.url'), 'https://example.com/next')
    assert.equal(evalResponse('integration.response.header.x-app-id'), 'app-9')
    assert.equal(evalResponse('integration.response.multivalueheader.item'), 'i1,i2')
    assert.equal(evalResponse('integration.response.header.item'), 'i2')
    assert.equal(evalResponse('integration.response.body'), '{"redirect":{"url":"https://example.com/next"},"n":5}')
    assert.equal(evalResponse('integration.response.body.n'), '5')
  })
  test('a response body that looks like JSON but is not: 500', () => {
    const s = source()
    s.integrationResponse = { headers: new HeaderMap(), body: '[1,' }
    assert.throws(() => evalResponse('integration.response.body.a', s), (err: unknown) => err instanceof MappingBodyError && err.side === 'response')
  })
  test('static, context and stage variables work here too', () => {
    assert.equal(evalResponse("'*'"), '*')
    assert.equal(evalResponse('stageVariables.version'), 'v2')
    assert.equal(evalResponse('context.requestId'), 'c0ffee00-0000-4000-8000-000000000001')
  })
})

describe('gateway responses', () => {
  test('method request parameters (doc: x-request-path ← method.request.path.petId)', () => {
    assert.equal(compileMappingExpression('method.request.path.petId', 'gatewayResponse').evaluate(source()), '7')
    assert.equal(compileMappingExpression('method.request.header.X-Single', 'gatewayResponse').evaluate(source()), 'one')
    assert.equal(compileMappingExpression("'a.b.c'", 'gatewayResponse').evaluate(source()), 'a.b.c')
  })
})

describe('invalid expressions, in AWS\'s words', () => {
  const invalid = (expr: string, side: 'request' | 'response' | 'gatewayResponse' = 'request'): void => {
    assert.throws(
      () => compileMappingExpression(expr, side),
      (err: unknown) =>
        err instanceof MappingExpressionError &&
        err.message === `Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: ${expr}]`,
      expr,
    )
  }
  test('the AWS-recorded case: a bare word', () => invalid('true'))
  test('unquoted or half-quoted static values', () => {
    invalid('application/json')
    invalid("'unterminated")
    invalid("'")
  })
  test('unknown sources and locations', () => {
    invalid('method.request.cookie.a')
    invalid('method.request.path')
    invalid('method.request.path.')
    invalid('method.request.path.bad name')
    invalid('method.request.path.a/b')
    invalid('request.header.a')
    invalid('$input.params(\'a\')')
    invalid('stageVariables.')
    invalid('stageVariables.a-b')
    invalid('context.nope')
    invalid('context.identity')
    invalid('context.authorizer')
  })
  test('sources from the other side', () => {
    invalid('integration.response.header.a', 'request')
    invalid('method.request.header.a', 'response')
    invalid('method.request.body', 'gatewayResponse')
    invalid('integration.response.body.a', 'gatewayResponse')
    invalid('integration.response.statuscode', 'response')
  })
  test('a JSONPath outside the dialect', () => {
    invalid('method.request.body.a[')
    invalid('integration.response.body.a.length()', 'response')
  })
  test('an undeclared method request parameter', () => {
    const declaredParameters = new Set(['method.request.path.petId', 'method.request.querystring.q', 'method.request.header.X-Multi'])
    assert.equal(compileMappingExpression('method.request.path.petId', 'request', { declaredParameters }).evaluate(source()), '7')
    assert.equal(compileMappingExpression('method.request.multivaluequerystring.q', 'request', { declaredParameters }).evaluate(source()), '1')
    assert.equal(compileMappingExpression('method.request.multivalueheader.X-Multi', 'request', { declaredParameters }).evaluate(source()), 'a,b')
    assert.throws(
      () => compileMappingExpression('method.request.path.proxy', 'request', { declaredParameters }),
      (err: unknown) =>
        err instanceof MappingExpressionError &&
        err.message === 'Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression parameter specified: method.request.path.proxy]',
    )
  })
})

describe('interpolateStageVariables', () => {
  const vars = { url: 'example.com', fn: 'HelloWorld', alias: 'beta' }
  test('the documented URI forms', () => {
    assert.equal(interpolateStageVariables('http://${stageVariables.url}', vars), 'http://example.com')
    assert.equal(interpolateStageVariables('http://${stageVariables.url}/resource/operation', vars), 'http://example.com/resource/operation')
    assert.equal(interpolateStageVariables('http://api.${stageVariables.url}/x?q=${stageVariables.alias}', vars), 'http://api.example.com/x?q=beta')
    assert.equal(
      interpolateStageVariables('arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.fn}:${stageVariables.alias}/invocations', vars),
      'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:HelloWorld:beta/invocations',
    )
    assert.equal(interpolateStageVariables("http://${stageVariables['url']}/", vars), 'http://example.com/')
  })
  test('other ${…} and path templates are left alone', () => {
    assert.equal(interpolateStageVariables('http://example.com/{petId}/${context.stage}', vars), 'http://example.com/{petId}/${context.stage}')
  })
  test('an undefined variable becomes empty, and is reported', () => {
    assert.equal(interpolateStageVariables('http://${stageVariables.host}/x', vars), 'http:///x')
    assert.deepEqual(undefinedStageVariables('http://${stageVariables.host}/${stageVariables.url}/${stageVariables.host}', vars), ['host'])
    assert.deepEqual(undefinedStageVariables('http://${stageVariables.url}', vars), [])
  })
  test('no prototype lookups', () => assert.equal(interpolateStageVariables('${stageVariables.constructor}', vars), ''))
})
