/**
 * TestInvokeAuthorizer driven by the AWS CLI (`aws apigateway test-invoke-authorizer`) against
 * the real local authorizer functions of test/fixtures/e2e/authorizers-app: the client status
 * for each outcome, the returned principal, policy and context, the execution log, and that a
 * test never touches a stage's decision cache; CreateAuthorizer refusing what could not run.
 */
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Portico } from '../../src/main.ts'
import { useHarness } from './harness.ts'
import { serveFile } from '../support/serve-file.ts'
import { awsApigateway, type AwsCliResult } from '../support/aws-cli.ts'

const app = join(import.meta.dirname, '..', 'fixtures', 'e2e', 'authorizers-app')
const dir = mkdtempSync(join(tmpdir(), 'portico-test-invoke-authorizer-'))
let portico: Portico
let apiId: string
const ids = new Map<string, string>()

useHarness(
  { adminAccessKeyId: 'AKIDTESTAUTHORIZER', adminSecretAccessKey: 'test-authorizer-secret' },
  {
    configFile: join(app, 'portico.config.json'),
    setup: async (h) => {
      portico = h.portico
      apiId = (await serveFile(portico, join(app, 'api.yaml'), 'prod')).apiId
      await portico.settled()
      const authorizers = JSON.parse((await aws('get-authorizers', '--rest-api-id', apiId)).stdout) as { items: Array<{ id: string; name: string }> }
      for (const a of authorizers.items) ids.set(a.name, a.id)
    },
  },
)

after(() => {
  rmSync(dir, { recursive: true, force: true })
})

function aws(...args: string[]): Promise<AwsCliResult> {
  return awsApigateway({ endpoint: portico.url, accessKeyId: 'AKIDTESTAUTHORIZER', secretAccessKey: 'test-authorizer-secret', dir }, ...args)
}

async function testInvoke(authorizer: string, ...args: string[]): Promise<Record<string, any>> {
  const result = await aws('test-invoke-authorizer', '--rest-api-id', apiId, '--authorizer-id', ids.get(authorizer)!, ...args)
  assert.equal(result.code, 0, result.stderr)
  return JSON.parse(result.stdout) as Record<string, any>
}

describe('TestInvokeAuthorizer (AWS CLI)', () => {
  it('allowed: 200 with the principal, the policy as JSON text, the context and the log', async () => {
    const out = await testInvoke('token', '--headers', 'Authorization=allow-cli', '--path-with-query-string', '/pets')
    assert.equal(out.clientStatus, 200)
    assert.equal(out.principalId, 'user-allow-cli')
    const policy = JSON.parse(out.policy)
    assert.equal(policy.Statement[0].Effect, 'Allow')
    assert.equal(policy.Statement[0].Resource, `arn:aws:execute-api:us-east-1:123456789012:${apiId}/ESTestInvoke-stage/*`)
    assert.deepEqual(out.authorization.stringKey, ['value'])
    assert.deepEqual(out.authorization.booleanKey, ['true'])
    assert.equal(typeof out.latency, 'number')
    assert.match(out.log, /^Execution log for request [0-9a-f-]{36}\n/)
    assert.match(out.log, /: Starting authorizer: \w+ for request: /)
    assert.match(out.log, /: Incoming identity: \*\*\*\*-cli\n/)
    // secrets stay out of the log: the token in the event and the API key in the answer are masked
    assert.match(out.log, /"authorizationToken":"\*\*\*\*-cli"/)
    assert.match(out.log, /"usageIdentifierKey":"\*\*\*\*0000"/)
    assert.ok(!out.log.includes('"authorizationToken":"allow-cli"'))
    assert.ok(!out.log.includes('key-from-authorizer-0000'))
  })

  it('the client status of each failure', async () => {
    assert.equal((await testInvoke('token', '--headers', 'Authorization=deny')).clientStatus, 403)
    assert.equal((await testInvoke('token', '--headers', 'Authorization=elsewhere')).clientStatus, 403)
    assert.equal((await testInvoke('token', '--headers', 'Authorization=unauthorized')).clientStatus, 401)
    assert.equal((await testInvoke('token')).clientStatus, 401)
    const failed = await testInvoke('token', '--headers', 'Authorization=boom')
    assert.equal(failed.clientStatus, 500)
    assert.match(failed.log, /Execution failed due to configuration error: Authorizer error: boom/)
  })

  it('REQUEST: identity sources from the test request\'s query, headers and stage variables', async () => {
    const out = await testInvoke('request', '--path-with-query-string', '/tenants?token=allow-test', '--headers', 'X-Tenant=t9', '--stage-variables', 'tenantVar=acme')
    assert.equal(out.clientStatus, 200)
    assert.deepEqual(out.authorization.eventHeader, ['t9'])
    assert.deepEqual(out.authorization.eventStageVariable, ['acme'])
    const missing = await testInvoke('request', '--path-with-query-string', '/tenants?token=allow-test', '--headers', 'X-Tenant=t9')
    assert.equal(missing.clientStatus, 401)
  })

  it('does not fill the stage\'s decision cache', async () => {
    const first = await testInvoke('token', '--headers', 'Authorization=allow-nocache')
    const second = await testInvoke('token', '--headers', 'Authorization=allow-nocache')
    assert.ok(Number(second.authorization.calls[0]) > Number(first.authorization.calls[0]))
  })

  it('CreateAuthorizer refuses what the data plane could not run', async () => {
    const uri = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:tokenAuth/invocations'
    const create = (...args: string[]) => aws('create-authorizer', '--rest-api-id', apiId, '--name', 'bad', '--authorizer-uri', uri, ...args)
    const twoHeaders = await create('--type', 'TOKEN', '--identity-source', 'method.request.header.A, method.request.header.B')
    assert.match(twoHeaders.stderr, /BadRequestException.*identity source is one header/)
    const path = await create('--type', 'REQUEST', '--identity-source', 'method.request.path.id')
    assert.match(path.stderr, /BadRequestException.*Invalid identity source specified/)
    const regex = await create('--type', 'TOKEN', '--identity-source', 'method.request.header.Authorization', '--identity-validation-expression', '([a-z')
    assert.match(regex.stderr, /BadRequestException.*Invalid identity validation expression specified/)
  })

  it('NotFoundException for an unknown authorizer', async () => {
    const result = await aws('test-invoke-authorizer', '--rest-api-id', apiId, '--authorizer-id', 'nope00')
    assert.notEqual(result.code, 0)
    assert.match(result.stderr, /NotFoundException.*Invalid Authorizer identifier specified/)
  })
})
