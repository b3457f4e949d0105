/**
 * Documentation inheritance as AWS's developer guide describes it: a part with default location
 * fields documents every more specific entity of its type without a part of its own; path by
 * prefix, method and status code exactly unless `*`, the most specific part wins.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { DocumentationIndex } from '../../src/model/documentation-inheritance.ts'
import { normaliseLocation } from '../../src/model/documentation-location.ts'
import type { DocumentationPart, DocumentationPartLocation } from '../../src/model/index.ts'

const parts: DocumentationPart[] = [
  ['api', { type: 'API' }],
  ['res-pets', { type: 'RESOURCE', path: '/pets' }],
  ['method-any', { type: 'METHOD' }],
  ['method-pets', { type: 'METHOD', path: '/pets' }],
  ['method-pets-post', { type: 'METHOD', path: '/pets', method: 'POST' }],
  ['resp-400', { type: 'RESPONSE', statusCode: '400' }],
  ['resp-pets-400', { type: 'RESPONSE', path: '/pets', statusCode: '400' }],
  ['resp-pets-get', { type: 'RESPONSE', path: '/pets', method: 'GET' }],
  ['query-limit', { type: 'QUERY_PARAMETER', name: 'limit' }],
  ['query-limit-pets-get', { type: 'QUERY_PARAMETER', path: '/pets', method: 'GET', name: 'limit' }],
  ['header-pets', { type: 'RESPONSE_HEADER', path: '/pets', name: 'x-next' }],
  ['body', { type: 'REQUEST_BODY', method: 'POST' }],
  ['model', { type: 'MODEL', name: 'Pet' }],
].map(([id, location]) => ({ id: id as string, location: normaliseLocation(location as Record<string, unknown>), properties: '{}' }))

const index = new DocumentationIndex(parts)
const entity = (l: Record<string, string>) => normaliseLocation(l) as DocumentationPartLocation

// [entity, the part that documents it (undefined: none)]
const TABLE: Array<[Record<string, string>, string | undefined]> = [
  [{ type: 'API' }, 'api'],
  [{ type: 'RESOURCE', path: '/pets' }, 'res-pets'],
  [{ type: 'RESOURCE', path: '/pets/{id}' }, undefined], // RESOURCE parts are not inherited by children
  [{ type: 'METHOD', path: '/', method: 'GET' }, 'method-any'],
  [{ type: 'METHOD', path: '/owners', method: 'GET' }, 'method-any'],
  [{ type: 'METHOD', path: '/pets', method: 'GET' }, 'method-pets'],
  [{ type: 'METHOD', path: '/pets/{id}', method: 'DELETE' }, 'method-pets'], // path by prefix
  [{ type: 'METHOD', path: '/petshop', method: 'GET' }, 'method-any'], // whole segments only
  [{ type: 'METHOD', path: '/pets', method: 'POST' }, 'method-pets-post'],
  [{ type: 'METHOD', path: '/pets/{id}', method: 'POST' }, 'method-pets-post'],
  [{ type: 'RESPONSE', path: '/owners', method: 'GET', statusCode: '400' }, 'resp-400'],
  [{ type: 'RESPONSE', path: '/owners', method: 'GET', statusCode: '200' }, undefined],
  [{ type: 'RESPONSE', path: '/pets/{id}', method: 'PUT', statusCode: '400' }, 'resp-pets-400'],
  // path beats status code: the /pets part with `*` status wins over the root one with 400
  [{ type: 'RESPONSE', path: '/pets', method: 'GET', statusCode: '200' }, 'resp-pets-get'],
  [{ type: 'RESPONSE', path: '/pets', method: 'GET', statusCode: '400' }, 'resp-pets-400'], // then the exact status code
  [{ type: 'QUERY_PARAMETER', path: '/owners', method: 'GET', name: 'limit' }, 'query-limit'],
  [{ type: 'QUERY_PARAMETER', path: '/pets', method: 'GET', name: 'limit' }, 'query-limit-pets-get'],
  [{ type: 'QUERY_PARAMETER', path: '/pets', method: 'GET', name: 'offset' }, undefined], // name exactly
  [{ type: 'RESPONSE_HEADER', path: '/pets/{id}', method: 'GET', statusCode: '200', name: 'x-next' }, 'header-pets'],
  [{ type: 'REQUEST_BODY', path: '/pets', method: 'POST' }, 'body'],
  [{ type: 'REQUEST_BODY', path: '/pets', method: 'PUT' }, undefined],
  [{ type: 'MODEL', name: 'Pet' }, 'model'],
  [{ type: 'MODEL', name: 'Pets' }, undefined],
]

describe('documentation inheritance', () => {
  for (const [location, expected] of TABLE) {
    it(`${JSON.stringify(location)} → ${expected ?? 'none'}`, () => {
      assert.equal(index.find(entity(location))?.id, expected)
    })
  }

  it('a text that is not a JSON object documents as a description', async () => {
    const { parseProperties } = await import('../../src/model/documentation-inheritance.ts')
    assert.deepEqual(parseProperties('plain words'), { description: 'plain words' })
    assert.deepEqual(parseProperties('{"summary":"s"}'), { summary: 's' })
  })
})
