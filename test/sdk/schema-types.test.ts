/**
 * JSON Schema draft-04 → TypeScript: what the type system can say, and the documented fallback
 * to `unknown` for what it cannot (never a crash, whatever the model holds).
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { tsType } from '../../src/sdk/typescript/schema-types.ts'

const name = (model: string) => (model === 'Pet' ? 'Pet' : 'unknown')

describe('schema → TypeScript', () => {
  const cases: Array<[unknown, string]> = [
    [{ type: 'string' }, 'string'],
    [{ type: 'integer', minimum: 1 }, 'number'],
    [{ type: ['string', 'null'] }, 'string | null'],
    [{ enum: ['a', 'b', 1] }, '"a" | "b" | 1'],
    [{ type: 'array', items: { $ref: '#/definitions/Pet' } }, 'Array<Pet>'],
    [{ $ref: 'https://apigateway.amazonaws.com/restapis/x/models/Pet' }, 'Pet'],
    [{ $ref: '#/definitions/Missing' }, 'unknown'],
    [{ type: 'object', required: ['a'], properties: { a: { type: 'string' }, 'b-c': { type: 'boolean' } }, additionalProperties: false }, '{ a: string; "b-c"?: boolean }'],
    [{ type: 'object' }, '{ [key: string]: unknown }'],
    [{ anyOf: [{ type: 'string' }, { type: 'number' }] }, '(string | number)'],
    [{ allOf: [{ $ref: '#/definitions/Pet' }, { type: 'object', properties: { id: { type: 'string' } }, additionalProperties: false }] }, '(Pet & { id?: string })'],
    // what TypeScript cannot express, or is not a schema at all: unknown
    [{ not: { type: 'string' } }, 'unknown'],
    [{ type: 'array', items: [{ type: 'string' }] }, 'Array<unknown>'],
    [{ type: 'tuple' }, 'unknown'],
    ['not a schema', 'unknown'],
    [null, 'unknown'],
    [[1, 2], 'unknown'],
    [{ enum: [{ nested: true }] }, 'unknown'],
  ]
  for (const [schema, expected] of cases) {
    it(`${JSON.stringify(schema)} → ${expected}`, () => assert.equal(tsType(schema, name), expected))
  }

  it('a schema nested past the depth limit ends in unknown instead of recursing on', () => {
    let deep: Record<string, unknown> = { type: 'string' }
    for (let i = 0; i < 100; i++) deep = { type: 'array', items: deep }
    assert.match(tsType(deep, name), /unknown/)
  })
})
