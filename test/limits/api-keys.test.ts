/**
 * API keys through real HTTP: every way a key is refused (AWS: 403 INVALID_API_KEY,
 * `{"message":"Forbidden"}`), and management changes the data plane enforces at once.
 */
import assert from 'node:assert/strict'
import diagnostics from 'node:diagnostics_channel'
import type { RequestEndMessage } from '../../src/data/pipeline.ts'
import { describe, it } from 'node:test'
import { CreateApiKeyCommand, CreateDeploymentCommand, ImportApiKeysCommand, CreateUsagePlanCommand, CreateUsagePlanKeyCommand, DeleteApiKeyCommand, DeleteUsagePlanKeyCommand, UpdateApiKeyCommand, UpdateStageCommand } from '@aws-sdk/client-api-gateway'
import { keyInPlan, useLimitsPortico } from './harness.ts'

const FORBIDDEN = { status: 403, body: '{"message":"Forbidden"}', errorType: 'ForbiddenException' }

const t = useLimitsPortico()

describe('API key required', () => {
  it('a method without apiKeyRequired answers without a key', async () => {
    assert.equal((await t.call('/')).status, 200)
  })

  it('a key in a plan for this stage passes, on every key-required method', async () => {
    const { value } = await keyInPlan(t)
    assert.deepEqual(await t.call('/pets', value), { status: 200, body: '{"pets": true}', errorType: null })
    assert.equal((await t.call('/pets/7', value)).status, 200)
  })

  it('no x-api-key header: 403 Forbidden', async () => {
    assert.deepEqual(await t.call('/pets'), FORBIDDEN)
  })

  it('an empty or unknown key: 403 Forbidden', async () => {
    assert.deepEqual(await t.call('/pets', ''), FORBIDDEN)
    assert.deepEqual(await t.call('/pets', 'no-such-key-value-0000000000'), FORBIDDEN)
  })

  it('a key that is in no usage plan: 403', async () => {
    const key = await t.client.send(new CreateApiKeyCommand({ name: 'loose', enabled: true }))
    assert.deepEqual(await t.call('/pets', key.value!), FORBIDDEN)
  })

  it("a key whose plan covers another stage, or another API: 403", async () => {
    await t.client.send(new CreateDeploymentCommand({ restApiId: t.apiId, stageName: 'other' }))
    const { value } = await keyInPlan(t, {}, 'other')
    assert.deepEqual(await t.call('/pets', value), FORBIDDEN)
    const key = await t.client.send(new CreateApiKeyCommand({ name: 'elsewhere', enabled: true }))
    const plan = await t.client.send(new CreateUsagePlanCommand({ name: 'no stages' }))
    await t.client.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId: key.id!, keyType: 'API_KEY' }))
    assert.deepEqual(await t.call('/pets', key.value!), FORBIDDEN)
  })

  it('a key created disabled: 403; enabled: 200; disabled again: 403', async () => {
    const { value, keyId } = await keyInPlan(t)
    await t.client.send(new UpdateApiKeyCommand({ apiKey: keyId, patchOperations: [{ op: 'replace', path: '/enabled', value: 'false' }] }))
    assert.deepEqual(await t.call('/pets', value), FORBIDDEN)
    await t.client.send(new UpdateApiKeyCommand({ apiKey: keyId, patchOperations: [{ op: 'replace', path: '/enabled', value: 'true' }] }))
    assert.equal((await t.call('/pets', value)).status, 200)
  })

  it('a key removed from its plan, or deleted: 403 from the next request on', async () => {
    const first = await keyInPlan(t)
    assert.equal((await t.call('/pets', first.value)).status, 200)
    await t.client.send(new DeleteUsagePlanKeyCommand({ usagePlanId: first.planId, keyId: first.keyId }))
    assert.deepEqual(await t.call('/pets', first.value), FORBIDDEN)
    const second = await keyInPlan(t)
    assert.equal((await t.call('/pets', second.value)).status, 200)
    await t.client.send(new DeleteApiKeyCommand({ apiKey: second.keyId }))
    assert.deepEqual(await t.call('/pets', second.value), FORBIDDEN)
  })

  it("a key's value differing in one character or by case is another key: 403", async () => {
    const { value } = await keyInPlan(t)
    const last = value.at(-1)!
    assert.deepEqual(await t.call('/pets', value.slice(0, -1) + (last === 'a' ? 'b' : 'a')), FORBIDDEN)
    if (value.toUpperCase() !== value) assert.deepEqual(await t.call('/pets', value.toUpperCase()), FORBIDDEN)
  })

  it('keys imported from CSV into a plan (ImportApiKeys) pass at once; disabled ones do not', async () => {
    const plan = await t.client.send(new CreateUsagePlanCommand({ name: 'imported', apiStages: [{ apiId: t.apiId, stage: 'prod' }] }))
    const on = 'imported-key-enabled-0123456789'
    const off = 'imported-key-disabled-012345678'
    await t.client.send(new ImportApiKeysCommand({ format: 'csv', body: Buffer.from(`name,key,enabled,usageplanIds\non,${on},TRUE,${plan.id}\noff,${off},FALSE,${plan.id}\n`) }))
    assert.equal((await t.call('/pets', on)).status, 200)
    assert.deepEqual(await t.call('/pets', off), FORBIDDEN)
  })

  it('the integration sees the key in $context.identity.apiKey and apiKeyId', async () => {
    const { value, keyId } = await keyInPlan(t)
    const res = await t.call('POST /pets', value)
    assert.deepEqual(JSON.parse(res.body), { apiKey: value, apiKeyId: keyId })
  })
})

describe('keys never appear in logs', () => {
  it("the execution log masks the key (AWS's usage-plan lines, the method request headers)", async () => {
    await t.client.send(new UpdateStageCommand({
      restApiId: t.apiId,
      stageName: 'prod',
      patchOperations: [{ op: 'replace', path: '/*/*/logging/loglevel', value: 'INFO' }, { op: 'replace', path: '/*/*/logging/dataTrace', value: 'true' }],
    }))
    const { value } = await keyInPlan(t)
    const lines: string[] = []
    const onEnd = (message: unknown) => lines.push(...(message as RequestEndMessage).ctx.log)
    diagnostics.subscribe('portico:request:end', onEnd)
    try {
      assert.equal((await t.call('/pets', value)).status, 200)
      assert.equal((await t.call('/pets', value.slice(0, -1) + '!')).status, 403)
      assert.equal((await t.call('/')).status, 200)
    } finally {
      diagnostics.unsubscribe('portico:request:end', onEnd)
    }
    const log = lines.join('\n')
    const masked = '*'.repeat(value.length - 4) + value.slice(-4)
    assert.ok(!log.includes(value.slice(0, -4)), 'no part of the key before its last four characters')
    assert.ok(log.includes(`Usage Plan check succeeded for API Key ${masked} and API Stage ${t.apiId}/prod`), log)
    assert.match(log, /Method request headers: \{[^}]*x-api-key=\*+/i)
    assert.match(log, /not authorized because method 'GET \/pets' requires API Key/)
    assert.match(log, /API Key authorized because method 'GET \/' does not require API Key/)
  })
})
