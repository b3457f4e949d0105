/**
 * Issue 14, defect 6: a body nested 5,000 levels deep sent to a method whose request validator
 * checks the body answered 500 (ajv validates a recursive model by recursion, one call per level
 * of the body). It is now `400 {"message":"Invalid request body"}` whatever the model, as for any
 * body that fails validation; bodies up to 1,000 levels are validated as before.
 */
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Model, RequestValidator } from '../../src/model/index.ts'
import { API_ID, apiDefinition, plan, send, useServed } from './fixtures.ts'

const uri = (name: string) => `https://apigateway.amazonaws.com/restapis/${API_ID}/models/${name}`
const models: Model[] = [
  { id: 'm1', name: 'Tree', contentType: 'application/json', schema: JSON.stringify({ type: 'object', properties: { children: { type: 'array', items: { $ref: uri('Tree') } } } }) },
  { id: 'm2', name: 'Anything', contentType: 'application/json', schema: JSON.stringify({ type: 'object' }) },
]
const validators: RequestValidator[] = [{ id: 'body', name: 'body', validateRequestBody: true, validateRequestParameters: false }]

/** `{"children":[{"children":[…]}]}` nested to exactly `depth` levels of JSON. */
function tree(depth: number): string {
  const pairs = Math.floor((depth - 1) / 2)
  const inner = depth % 2 === 0 ? '{"children":[]}' : '{}'
  return '{"children":['.repeat(pairs) + inner + ']}'.repeat(pairs)
}

describe('deeply nested request bodies to a validated method', () => {
  const running = useServed(() => {
    const api = apiDefinition(
      {
        '/tree': { POST: { requestValidatorId: 'body', requestModels: { 'application/json': 'Tree' } } },
        '/anything': { POST: { requestValidatorId: 'body', requestModels: { 'application/json': 'Anything' } } },
        '/plain': ['GET'],
      },
      { models, requestValidators: validators },
    )
    return [plan(api)]
  })

  const post = (path: string, body: string) => send(running.address.port, { method: 'POST', path: `/_aws/execute-api/${API_ID}/prod${path}`, headers: { 'content-type': 'application/json' }, body })

  test('5,000 levels against a recursive model: 400 Invalid request body, and the server keeps serving', async () => {
    const r = await post('/tree', tree(5_000))
    assert.equal(r.status, 400)
    assert.deepEqual(r.json(), { message: 'Invalid request body' })
    assert.equal(r.headers['x-amzn-errortype'], 'BadRequestException')
    const other = await send(running.address.port, { path: `/_aws/execute-api/${API_ID}/prod/plain` })
    assert.equal(other.status, 200)
  })

  test('5,000 levels against a model that would accept any object: 400 as well', async () => {
    const r = await post('/anything', tree(5_000))
    assert.equal(r.status, 400)
    assert.deepEqual(r.json(), { message: 'Invalid request body' })
  })

  test('up to 1,000 levels are validated; 1,001 are refused', async () => {
    assert.equal((await post('/tree', tree(1_000))).status, 200)
    assert.equal((await post('/anything', tree(1_000))).status, 200)
    const over = await post('/tree', tree(1_001))
    assert.equal(over.status, 400)
    assert.deepEqual(over.json(), { message: 'Invalid request body' })
  })
})
