/**
 * The README's API key walkthrough with the AWS CLI against `portico serve` processes on Redis
 * counters: a key-required method, a key, a usage plan with a throttle and a quota, 403 without
 * the key, 200 with it, 429 past the burst; then, after a restart (usage flushed on SIGTERM),
 * GetUsage shows the admitted requests, the Redis bucket is still empty, and UpdateUsage sets
 * the remaining quota.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { porticoServe, type RunningServer } from '../support/cli.ts'
import { awsApigateway } from '../support/aws-cli.ts'

const REDIS_URL = process.env.PORTICO_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
const credentials = { accessKeyId: 'AKIAPORTICOLIMITS001', secretAccessKey: 'portico/limits/e2e/secret/000000000000000' }
const work = mkdtempSync(join(tmpdir(), 'portico-plans-cli-'))
const dataDir = join(work, 'data')
const env = { PORTICO_ADMIN_ACCESS_KEY_ID: credentials.accessKeyId, PORTICO_ADMIN_SECRET_ACCESS_KEY: credentials.secretAccessKey }
let server: RunningServer | undefined
after(async () => {
  await server?.stop()
  rmSync(work, { recursive: true, force: true })
})

const serve = () => porticoServe(['--port', '0', '--data-dir', dataDir, '--counters', REDIS_URL], env)

async function aws(...args: string[]): Promise<Record<string, any>> {
  const result = await awsApigateway({ endpoint: server!.url, ...credentials, dir: work }, ...args)
  assert.equal(result.code, 0, result.stderr)
  return result.stdout.trim() === '' ? {} : (JSON.parse(result.stdout) as Record<string, any>)
}

describe('API keys and usage plans with the AWS CLI', () => {
  it('403 without a key, 200 with it, 429 past the burst; usage and quota survive a restart', async () => {
    server = await serve()
    const api = (await aws('create-rest-api', '--name', 'keyed')).id as string
    const root = (await aws('get-resources', '--rest-api-id', api)).items[0].id as string
    const res = (await aws('create-resource', '--rest-api-id', api, '--parent-id', root, '--path-part', 'hello')).id as string
    await aws('put-method', '--rest-api-id', api, '--resource-id', res, '--http-method', 'GET', '--authorization-type', 'NONE', '--api-key-required')
    await aws('put-integration', '--rest-api-id', api, '--resource-id', res, '--http-method', 'GET', '--type', 'MOCK', '--request-templates', '{"application/json":"{\\"statusCode\\": 200}"}')
    await aws('put-method-response', '--rest-api-id', api, '--resource-id', res, '--http-method', 'GET', '--status-code', '200')
    await aws('put-integration-response', '--rest-api-id', api, '--resource-id', res, '--http-method', 'GET', '--status-code', '200', '--response-templates', '{"application/json":"{\\"hello\\": \\"$context.identity.apiKeyId\\"}"}')
    await aws('create-deployment', '--rest-api-id', api, '--stage-name', 'dev')
    const key = await aws('create-api-key', '--name', 'alice', '--enabled')
    const plan = await aws('create-usage-plan', '--name', 'basic', '--api-stages', `apiId=${api},stage=dev`, '--throttle', 'burstLimit=3,rateLimit=0.001', '--quota', 'limit=4,period=MONTH')
    await aws('create-usage-plan-key', '--usage-plan-id', plan.id, '--key-id', key.id, '--key-type', 'API_KEY')

    const invokeUrl = () => `${server!.url}/_aws/execute-api/${api}/dev/hello`
    const url = invokeUrl()
    const without = await fetch(url)
    assert.equal(without.status, 403)
    assert.deepEqual(await without.json(), { message: 'Forbidden' })
    const withKey = await fetch(url, { headers: { 'x-api-key': key.value } })
    assert.deepEqual(await withKey.json(), { hello: key.id })
    const burst = []
    for (let i = 0; i < 3; i++) burst.push((await fetch(url, { headers: { 'x-api-key': key.value } })).status)
    assert.deepEqual(burst, [200, 200, 429], 'a burst of 3')

    assert.equal(await server.stop(), 0)
    server = await serve()
    const today = new Date().toISOString().slice(0, 10)
    const usage = await aws('get-usage', '--usage-plan-id', plan.id, '--start-date', today, '--end-date', today)
    assert.equal(usage.items[key.id][0][0], 3, 'three admitted requests recorded')
    // the bucket lives in Redis: still empty after the restart
    assert.equal((await fetch(invokeUrl(), { headers: { 'x-api-key': key.value } })).status, 429)
    await aws('update-usage', '--usage-plan-id', plan.id, '--key-id', key.id, '--patch-operations', 'op=replace,path=/remaining,value=5')
    const after = await aws('get-usage', '--usage-plan-id', plan.id, '--key-id', key.id, '--start-date', today, '--end-date', today)
    assert.equal(after.items[key.id][0][1], 5)
  })
})
