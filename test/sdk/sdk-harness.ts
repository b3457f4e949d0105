/**
 * A live Portico with local IAM principals and one deployed API that exercises what a generated
 * client must do: path, query and header parameters (GET /pets/{petId}), a signed AWS_IAM call
 * with a validated JSON body model (POST /pets), and an API-key method (GET /keyed). The stage
 * `prod` has an API key in a usage plan; GetSdk output is unzipped into a temp directory.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import {
  CreateApiKeyCommand,
  CreateDocumentationPartCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  GetSdkCommand,
} from '@aws-sdk/client-api-gateway'
import { useStarted, type Harness, type SuiteSetup } from '../control/harness.ts'
import { CAROL, SIGV4_SCHEME, deployApi, startIamHarness } from '../auth/iam-harness.ts'

export const run = promisify(execFile)
export const API_KEY = 'portico-sdk-test-key-0000000001'
export const SIGNER = CAROL

const echo = (template: string) => ({
  type: 'mock',
  requestTemplates: { 'application/json': '{"statusCode": 200}' },
  responses: { default: { statusCode: '200', responseTemplates: { 'application/json': template } } },
})
const ok = { '200': { description: 'ok', schema: { $ref: '#/definitions/Pet' } } }

export const SDK_API = {
  swagger: '2.0',
  info: { title: 'sdk pets', version: '1' },
  securityDefinitions: { ...SIGV4_SCHEME, api_key: { type: 'apiKey', name: 'x-api-key', in: 'header' } },
  'x-amazon-apigateway-request-validators': { body: { validateRequestBody: true, validateRequestParameters: true } },
  paths: {
    '/pets/{petId}': {
      get: {
        parameters: [
          { name: 'petId', in: 'path', required: true, type: 'string' },
          { name: 'color', in: 'query', required: false, type: 'string' },
          { name: 'x-trace', in: 'header', required: true, type: 'string' },
        ],
        responses: ok,
        'x-amazon-apigateway-integration': echo('{"petId": "$input.params(\'petId\')", "color": "$input.params(\'color\')", "trace": "$input.params(\'x-trace\')"}'),
      },
    },
    '/pets': {
      post: {
        security: [{ sigv4: [] }],
        'x-amazon-apigateway-request-validator': 'body',
        consumes: ['application/json'],
        parameters: [{ in: 'body', name: 'Pet', required: true, schema: { $ref: '#/definitions/Pet' } }],
        responses: ok,
        'x-amazon-apigateway-integration': echo('{"caller": "$context.identity.accessKey", "created": true}'),
      },
    },
    '/keyed': {
      get: {
        security: [{ api_key: [] }],
        responses: { '200': { description: 'ok' } },
        'x-amazon-apigateway-integration': echo('{"keyed": true}'),
      },
    },
  },
  definitions: {
    Pet: {
      type: 'object',
      required: ['name'],
      properties: { name: { type: 'string', description: 'What the pet answers to' }, age: { type: 'integer' }, tags: { type: 'array', items: { type: 'string' } } },
    },
  },
}

export interface SdkFixture {
  h: Harness
  apiId: string
  work: string
  close(): Promise<void>
}

export async function startSdkFixture(): Promise<SdkFixture> {
  const h = await startIamHarness()
  const apiId = await deployApi(h.client, SDK_API)
  const key = await h.client.send(new CreateApiKeyCommand({ name: 'sdk', enabled: true, value: API_KEY }))
  const plan = await h.client.send(new CreateUsagePlanCommand({ name: 'sdk', apiStages: [{ apiId, stage: 'prod' }] }))
  await h.client.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId: key.id!, keyType: 'API_KEY' }))
  await h.client.send(
    new CreateDocumentationPartCommand({ restApiId: apiId, location: { type: 'METHOD', path: '/pets/{petId}', method: 'GET' }, properties: JSON.stringify({ summary: 'Fetch one pet' }) }),
  )
  await h.portico.settled()
  const work = mkdtempSync(join(tmpdir(), 'portico-sdk-'))
  return {
    h,
    apiId,
    work,
    async close() {
      rmSync(work, { recursive: true, force: true })
      await h.close()
    },
  }
}

/** startSdkFixture for the enclosing suite, `setup` after it started, closed after it (useStarted) */
export function useSdkFixture(setup?: SuiteSetup<SdkFixture>): SdkFixture {
  return useStarted(startSdkFixture, setup)
}

/** GetSdk through the AWS SDK, unzipped (with the system's unzip) into a new directory under `work`. */
export async function fetchSdk(f: SdkFixture, sdkType: string, parameters: Record<string, string> = {}): Promise<{ dir: string; contentType?: string; disposition?: string }> {
  const out = await f.h.client.send(new GetSdkCommand({ restApiId: f.apiId, stageName: 'prod', sdkType, parameters }))
  const dir = mkdtempSync(join(f.work, `${sdkType}-`))
  const file = join(dir, 'sdk.zip')
  writeFileSync(file, out.body!)
  await run('unzip', ['-q', file, '-d', dir], { timeout: 30_000 })
  return { dir, contentType: out.contentType, disposition: out.contentDisposition }
}
