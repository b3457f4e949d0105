import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Model, RequestValidator } from '../../src/model/index.ts'
import { API_ID, apiDefinition, plan, send, start, useServed } from './fixtures.ts'

const validators: RequestValidator[] = [
  { id: 'all', name: 'all', validateRequestBody: true, validateRequestParameters: true },
  { id: 'params', name: 'params', validateRequestBody: false, validateRequestParameters: true },
  { id: 'body', name: 'body', validateRequestBody: true, validateRequestParameters: false },
  { id: 'none', name: 'none', validateRequestBody: false, validateRequestParameters: false },
]

const schema = (s: object) => JSON.stringify({ $schema: 'http://json-schema.org/draft-04/schema#', ...s })
const models: Model[] = [
  {
    id: 'm1',
    name: 'Pet',
    contentType: 'application/json',
    schema: schema({
      type: 'object',
      required: ['name', 'type'],
      properties: {
        name: { type: 'string', minLength: 2 },
        type: { type: 'string', enum: ['dog', 'cat'] },
        age: { type: 'integer', minimum: 0 },
        owner: { $ref: `https://apigateway.amazonaws.com/restapis/${API_ID}/models/Owner` },
        tags: { type: 'array', items: { $ref: '#/definitions/tag' } },
      },
      definitions: { tag: { type: 'string', pattern: '^[a-z]+$' } },
    }),
  },
  { id: 'm2', name: 'Owner', contentType: 'application/json', schema: schema({ type: 'object', required: ['email'], properties: { email: { type: 'string' } } }) },
  { id: 'm3', name: 'Text', contentType: 'text/plain', schema: schema({ type: 'string', maxLength: 3 }) },
]

const requestParameters = {
  'method.request.querystring.limit': true,
  'method.request.header.x-tenant': true,
  'method.request.querystring.optional': false,
  'method.request.path.id': true,
}

describe('request validation', () => {
  const running = useServed(() => {
    const api = apiDefinition(
      {
        '/pets/{id}': {
          GET: { requestValidatorId: 'params', requestParameters },
          PUT: { requestValidatorId: 'none', requestParameters },
          PATCH: { requestValidatorId: 'body', requestParameters, requestModels: { 'application/json': 'Pet' } },
        },
        '/pets': {
          POST: { requestValidatorId: 'all', requestParameters: { 'method.request.header.x-tenant': true }, requestModels: { 'application/json': 'Pet', 'text/plain': 'Text' } },
          PUT: { requestValidatorId: 'body', requestModels: { $default: 'Owner' } },
        },
      },
      { models, requestValidators: validators },
    )
    return [plan(api)]
  })

  const call = (method: string, path: string, headers: Record<string, string> = {}, body?: string) =>
    send(running.address.port, { method, path: `/_aws/execute-api/${API_ID}/prod${path}`, headers, body })

  test('missing required parameters are listed in one message, sorted by their method.request key', async () => {
    const r = await call('GET', '/pets/1')
    assert.equal(r.status, 400)
    assert.deepEqual(r.json(), { message: 'Missing required request parameters: [x-tenant, limit]' })
    assert.equal(r.headers['x-amzn-errortype'], 'BadRequestException')
  })

  test('a blank value counts as missing', async () => {
    const r = await call('GET', '/pets/1?limit=', { 'x-tenant': '  ' })
    assert.deepEqual(r.json(), { message: 'Missing required request parameters: [x-tenant, limit]' })
  })

  test('all present → the integration runs', async () => {
    const r = await call('GET', '/pets/1?limit=5', { 'X-Tenant': 't' })
    assert.equal(r.status, 200)
  })

  test('a validator that checks nothing leaves validation out', async () => {
    const r = await call('PUT', '/pets/1')
    assert.equal(r.status, 200)
  })

  test('a body-only validator ignores parameters', async () => {
    const r = await call('PATCH', '/pets/1', { 'content-type': 'application/json' }, '{"name":"Rex","type":"dog"}')
    assert.equal(r.status, 200)
  })

  test('parameters are checked before the body', async () => {
    const r = await call('POST', '/pets', { 'content-type': 'application/json' }, '{}')
    assert.deepEqual(r.json(), { message: 'Missing required request parameters: [x-tenant]' })
  })

  const bodies: Array<[string, string, string | undefined]> = [
    ['{"name":"Rex","type":"dog"}', 'application/json', undefined],
    ['{"name":"Rex","type":"dog","owner":{"email":"a@b"},"tags":["good"]}', 'application/json; charset=utf-8', undefined],
    ['{}', 'application/json', '[object has missing required properties (["name","type"])]'],
    ['', 'application/json', '[object has missing required properties (["name","type"])]'],
    ['{"name":"Rex","type":"bird"}', 'application/json', '[instance value ("bird") not found in enum (possible values: ["dog","cat"])]'],
    ['{"name":"R","type":"dog"}', 'application/json', '[string "R" is too short (length: 1, required minimum: 2)]'],
    ['{"name":"Rex","type":"dog","age":1.5}', 'application/json', '[instance type (number) does not match any allowed primitive type (allowed: ["integer"])]'],
    ['{"name":"Rex","type":"dog","age":-1}', 'application/json', '[numeric instance is lower than the required minimum (minimum: 0, found: -1)]'],
    ['{"name":"Rex","type":"dog","owner":{}}', 'application/json', '[object has missing required properties (["email"])]'],
    ['{"name":"Rex","type":"dog","tags":["UP"]}', 'application/json', '[ECMA 262 regex "^[a-z]+$" does not match input string "UP"]'],
    ['{"name":1}', 'application/json', '[object has missing required properties (["type"]), instance type (integer) does not match any allowed primitive type (allowed: ["string"])]'],
    ['"ab"', 'text/plain', undefined],
    ['"abcd"', 'text/plain', '[string "abcd" is too long (length: 4, maximum allowed: 3)]'],
    ['{"name":"Rex","type":"dog"}', 'application/xml', undefined],
  ]
  for (const [body, contentType, expected] of bodies) {
    test(`POST ${contentType} ${JSON.stringify(body)} → ${expected ?? 'valid'}`, async () => {
      const r = await call('POST', '/pets', { 'content-type': contentType, 'x-tenant': 't' }, body)
      if (expected === undefined) {
        assert.equal(r.status, 200, r.body)
        return
      }
      assert.equal(r.status, 400)
      assert.deepEqual(r.json(), { message: 'Invalid request body' })
      assert.equal(r.headers['x-amzn-errortype'], 'BadRequestException')
      assert.equal(await validationString(body, contentType), expected)
    })
  }

  test('a body that is not JSON is an invalid body', async () => {
    const r = await call('POST', '/pets', { 'content-type': 'application/json', 'x-tenant': 't' }, '{"name":')
    assert.equal(r.status, 400)
    assert.deepEqual(r.json(), { message: 'Invalid request body' })
  })

  test('no Content-Type is treated as application/json; $default catches other types', async () => {
    const r = await call('POST', '/pets', { 'x-tenant': 't' }, '{"name":"Rex"}')
    assert.equal(r.status, 400)
    const d = await call('PUT', '/pets', { 'content-type': 'application/x-anything' }, '{"email":"x"}')
    assert.equal(d.status, 200)
    const e = await call('PUT', '/pets', { 'content-type': 'application/x-anything' }, '{}')
    assert.equal(e.status, 400)
  })

  /** the same request rendered through a template that exposes validationErrorString */
  async function validationString(body: string, contentType: string): Promise<string> {
    const api = apiDefinition(
      { '/pets': { POST: { requestValidatorId: 'body', requestModels: { 'application/json': 'Pet', 'text/plain': 'Text' } } } },
      {
        models,
        requestValidators: validators,
        gatewayResponses: [
          { responseType: 'BAD_REQUEST_BODY', responseTemplates: { 'application/json': '$context.error.validationErrorString' }, defaultResponse: false },
        ],
      },
    )
    const other = await start([plan(api)])
    try {
      const r = await send(other.address.port, { method: 'POST', path: `/_aws/execute-api/${API_ID}/prod/pets`, headers: { 'content-type': contentType }, body })
      return r.body
    } finally {
      await other.close()
    }
  }
})

describe('validation compile errors', () => {
  test('an unknown model or unresolvable $ref names the method', async () => {
    const { plan: compile } = await import('./fixtures.ts')
    const api = apiDefinition({ '/pets': { POST: { requestValidatorId: 'body', requestModels: { 'application/json': 'Nope' } } } }, { requestValidators: validators })
    assert.throws(() => compile(api), /POST \/pets: model Nope does not exist/)
    const broken = apiDefinition(
      { '/pets': { POST: { requestValidatorId: 'body', requestModels: { 'application/json': 'Bad' } } } },
      { requestValidators: validators, models: [{ id: 'b', name: 'Bad', contentType: 'application/json', schema: schema({ $ref: '#/definitions/missing' }) }] },
    )
    assert.throws(() => compile(broken), /POST \/pets: model Bad/)
    const notJson = apiDefinition({ '/pets': { POST: { requestValidatorId: 'body', requestModels: { 'application/json': 'X' } } } }, {
      requestValidators: validators,
      models: [{ id: 'x', name: 'X', contentType: 'application/json', schema: '{nope' }],
    })
    assert.throws(() => compile(notJson), /model X: schema is not valid JSON/)
  })
})
