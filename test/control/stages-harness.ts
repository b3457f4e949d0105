/**
 * Shared set-up for the management-API tests of models, validators, gateway responses,
 * authorizers, deployments, stages, exports and TestInvokeMethod: a real Portico (SQLite in a
 * temp directory, port 0, SigV4 with the generated admin pair) and an SDK client pointed at it.
 * APIs are seeded straight into the store so these tests do not depend on the REST API,
 * resource and method operations.
 */
import assert from 'node:assert/strict'
import type { Portico } from '../../src/main.ts'
import { startHarness, useHarness, type Harness, type SuiteSetup } from './harness.ts'
import type { RestApiDefinition, Integration, Method } from '../../src/model/index.ts'
import { newId } from '../../src/lib/ids.ts'

export type TestPortico = Harness

/** a Portico on 127.0.0.1 with the admin key pair it generates (as `portico serve` without one) */
const SETTINGS = { host: '127.0.0.1', adminAccessKeyId: undefined, adminSecretAccessKey: undefined }

export function startTestPortico(): Promise<TestPortico> {
  return startHarness(SETTINGS)
}

/** startTestPortico for the enclosing suite, `setup` after it started, closed after it (useHarness) */
export function useTestPortico(setup?: SuiteSetup<TestPortico>): TestPortico {
  return useHarness(SETTINGS, { setup })
}

/** A MOCK integration answering 200 with `template` (VTL) as its application/json response. */
export function mockMethod(template: string, extra: Partial<Method> = {}): Method {
  const integration: Integration = {
    type: 'MOCK',
    requestTemplates: { 'application/json': '{"statusCode": 200}' },
    passthroughBehavior: 'WHEN_NO_MATCH',
    timeoutInMillis: 29000,
    integrationResponses: { '200': { statusCode: '200', responseTemplates: { 'application/json': template } } },
  }
  return {
    httpMethod: 'GET',
    authorizationType: 'NONE',
    apiKeyRequired: false,
    methodResponses: { '200': { statusCode: '200', responseModels: { 'application/json': 'Empty' } } },
    methodIntegration: integration,
    ...extra,
  }
}

export interface SeededApi {
  apiId: string
  rootId: string
  petsId: string
  petId: string
  definition: RestApiDefinition
}

/**
 * `GET /` → `{"root": true}`, `GET /pets` → `{"pets": "<stage variable v>"}`,
 * `GET /pets/{petId}` → `{"petId": "<path parameter>"}`, plus an `Empty` model.
 */
export async function seedApi(portico: Portico, name = 'seeded'): Promise<SeededApi> {
  const apiId = newId()
  const rootId = newId()
  const petsId = newId()
  const petId = newId()
  const definition: RestApiDefinition = {
    protocol: 'REST',
    restApi: {
      id: apiId,
      name,
      createdDate: Math.floor(Date.now() / 1000),
      apiKeySource: 'HEADER',
      endpointConfiguration: { types: ['EDGE'] },
      disableExecuteApiEndpoint: false,
      rootResourceId: rootId,
    },
    resources: [
      { id: rootId, path: '/', resourceMethods: { GET: mockMethod('{"root": true}') } },
      { id: petsId, parentId: rootId, pathPart: 'pets', path: '/pets', resourceMethods: { GET: mockMethod('{"pets": "$stageVariables.v"}') } },
      {
        id: petId,
        parentId: petsId,
        pathPart: '{petId}',
        path: '/pets/{petId}',
        resourceMethods: { GET: mockMethod('{"petId": "$input.params(\'petId\')"}', { requestParameters: { 'method.request.path.petId': true } }) },
      },
    ],
    models: [{ id: newId(), name: 'Empty', contentType: 'application/json', schema: '{"$schema":"http://json-schema.org/draft-04/schema#","title":"Empty Schema","type":"object"}' }],
    requestValidators: [],
    gatewayResponses: [],
    authorizers: [],
  }
  await portico.store.saveApi(definition, 0)
  return { apiId, rootId, petsId, petId, definition }
}

/** Rewrites a seeded API's definition in the store (the current version is read first). */
export async function editApi(portico: Portico, apiId: string, edit: (d: RestApiDefinition) => void): Promise<void> {
  const stored = await portico.store.getApi(apiId)
  assert.ok(stored)
  const definition = structuredClone(stored.definition)
  edit(definition)
  await portico.store.saveApi(definition, stored.version)
}

/** GET on the path-style invoke URL, once every announced change is being served. */
export async function invoke(portico: Portico, apiId: string, stage: string, path: string): Promise<{ status: number; body: string }> {
  await portico.settled()
  const res = await fetch(`${portico.url}/_aws/execute-api/${apiId}/${stage}${path}`)
  return { status: res.status, body: await res.text() }
}

/** Runs `fn`, which must fail with AWS's error `name`, HTTP `status` and (when given) `message`. */
export async function rejects(fn: () => Promise<unknown>, name: string, status: number, message?: string | RegExp): Promise<void> {
  try {
    await fn()
  } catch (error) {
    const e = error as Error & { $metadata?: { httpStatusCode?: number } }
    assert.equal(e.name, name, `error name (message: ${e.message})`)
    assert.equal(e.$metadata?.httpStatusCode, status, 'status')
    if (typeof message === 'string') assert.equal(e.message, message)
    else if (message) assert.match(e.message, message)
    return
  }
  assert.fail(`expected ${name}`)
}
