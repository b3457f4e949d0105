import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { compileEndpointUri } from '../../src/integrations/endpoint-uri.ts'
import { IntegrationConfigError } from '../../src/integrations/errors.ts'
import { compileSelectionPattern } from '../../src/integrations/selection-pattern.ts'
import { mediaTypeOf, requestTemplateSelector, responseTemplateSelector } from '../../src/integrations/template-selection.ts'
import { methodResponseHeaderFate, proxyResponseHeaderFate } from '../../src/integrations/remapped-headers.ts'
import { parseStatusCode } from '../../src/integrations/mock.ts'
import { createUpstreamPools } from '../../src/integrations/upstream-pools.ts'

describe('endpoint URI', () => {
  it('fills placeholders, keeps greedy slashes and appends the query string', () => {
    const c = compileEndpointUri('http://example.com:8080/a/{id}/{proxy}?k={id}', {}, 't', new Set(['proxy']))
    assert.ok(c.ok)
    assert.equal(c.uri.origin, 'http://example.com:8080')
    assert.equal(c.uri.pathAndQuery({ id: 'x y', proxy: 'p/q' }, [['n', 'v&w']]), '/a/x%20y/p/q?k=x%20y&n=v%26w')
    assert.equal(c.uri.pathAndQuery({}, []), '/a/%7Bid%7D/%7Bproxy%7D?k=%7Bid%7D')
  })

  it('interpolates stage variables at compile time', () => {
    const c = compileEndpointUri('https://${stageVariables.host}/v1', { host: 'api.example.com' }, 't')
    assert.ok(c.ok)
    assert.equal(c.uri.origin, 'https://api.example.com')
    assert.equal(c.uri.pathAndQuery({}, []), '/v1')
    const bare = compileEndpointUri('http://example.com', {}, 't')
    assert.ok(bare.ok)
    assert.equal(bare.uri.pathAndQuery({}, [['a', '1']]), '/?a=1')
  })

  it('fails per call for a stage-variable URI without a host, at compile time for a literal one', () => {
    const c = compileEndpointUri('https://${stageVariables.missing}', {}, 't')
    assert.equal(c.ok, false)
    assert.throws(() => compileEndpointUri('not a url', {}, 't'), IntegrationConfigError)
    assert.throws(() => compileEndpointUri(undefined, {}, 't'), IntegrationConfigError)
  })
})

describe('selection patterns', () => {
  it('match the whole status string', () => {
    const re = compileSelectionPattern('4\\d{2}', 't')
    assert.ok(re.test('404'))
    assert.ok(!re.test('4040'))
    assert.ok(!re.test('1404'))
    assert.ok(compileSelectionPattern('.*', 't').test('500'))
    assert.ok(compileSelectionPattern('2\\d{2}|301', 't').test('301'))
    assert.throws(() => compileSelectionPattern('(', 't'), IntegrationConfigError)
  })
})

describe('template selection', () => {
  it('reads only the media type', () => {
    assert.equal(mediaTypeOf('Application/JSON; charset=UTF-8'), 'application/json')
    assert.equal(mediaTypeOf(undefined), 'application/json')
  })

  it('applies passthroughBehavior', () => {
    const some: Array<[string, string]> = [['application/json', 'T']]
    assert.deepEqual(requestTemplateSelector(some, 'WHEN_NO_MATCH').select('text/xml'), { kind: 'passthrough' })
    assert.deepEqual(requestTemplateSelector(some, 'WHEN_NO_TEMPLATES').select('text/xml'), { kind: 'reject' })
    assert.deepEqual(requestTemplateSelector([], 'WHEN_NO_TEMPLATES').select('text/xml'), { kind: 'passthrough' })
    assert.deepEqual(requestTemplateSelector([], 'NEVER').select(undefined), { kind: 'reject' })
    assert.equal(requestTemplateSelector(some, 'NEVER').select(undefined).kind, 'template')
  })

  it('chooses response templates by Accept', () => {
    const s = responseTemplateSelector([
      ['application/xml', 'X'],
      ['application/json', 'J'],
    ])
    assert.equal(s.select(undefined)?.template, 'J')
    assert.equal(s.select('application/xml, application/json')?.template, 'X')
    assert.equal(s.select('image/png')?.template, 'X')
    assert.equal(responseTemplateSelector([]).select('application/json'), undefined)
  })
})

describe('remapped headers', () => {
  it('remaps proxy and method response headers as AWS does', () => {
    assert.deepEqual(proxyResponseHeaderFate('server'), { action: 'rename', name: 'x-amzn-Remapped-Server' })
    assert.deepEqual(proxyResponseHeaderFate('transfer-encoding'), { action: 'drop' })
    assert.deepEqual(proxyResponseHeaderFate('www-authenticate'), { action: 'keep' })
    assert.deepEqual(methodResponseHeaderFate('www-authenticate'), { action: 'rename', name: 'x-amzn-Remapped-WWW-Authenticate' })
    assert.deepEqual(methodResponseHeaderFate('x-custom'), { action: 'keep' })
  })
})

describe('mock statusCode', () => {
  it('parses strict and relaxed JSON', () => {
    assert.equal(parseStatusCode('{"statusCode": 201}'), 201)
    assert.equal(parseStatusCode('{statusCode: 200}'), 200)
    assert.equal(parseStatusCode(' {\n  "statusCode": 500\n}\n'), 500)
    assert.equal(parseStatusCode('{"statusCode": "200"}'), undefined)
    assert.equal(parseStatusCode('{"other": 1}'), undefined)
  })
})

describe('upstream pools', () => {
  it('creates pools lazily and bounds the number of origins', async () => {
    const pools = createUpstreamPools({ connections: 2, maxOrigins: 2 })
    assert.equal(pools.size, 0)
    const a = pools.get('http://127.0.0.1:1')
    assert.equal(pools.get('http://127.0.0.1:1'), a)
    pools.get('http://127.0.0.1:2')
    pools.get('http://127.0.0.1:3')
    assert.equal(pools.size, 2)
    assert.notEqual(pools.get('http://127.0.0.1:1'), a)
    await pools.close()
    assert.throws(() => pools.get('http://127.0.0.1:1'))
  })
})
