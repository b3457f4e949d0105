/**
 * The account-level operations inside a running Portico (startPortico: every operation family,
 * SigV4 with the generated admin pair), alongside the REST API operations they refer to; the
 * AWS CLI for the commands whose wire forms are unusual (a CSV body, `values` for `items`); and
 * `portico audit` reading what these changes recorded.
 */
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import {
  CreateApiKeyCommand,
  CreateDeploymentCommand,
  CreateRestApiCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  DeleteRestApiCommand,
  GetRestApiCommand,
  GetStageCommand,
  GetTagsCommand,
  GetUsagePlanKeysCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-api-gateway'
import { runCli } from '../../src/cli/main.ts'
import { useTestPortico } from './stages-harness.ts'
import { useAwsCli } from './harness.ts'

const t = useTestPortico()
const { work, aws, awsJson } = useAwsCli(t, 'apigateway', 'portico-account-cli-')

describe('account-level operations in a running Portico', () => {
  let apiId: string
  let planId: string

  it('usage plans and keys refer to a stage made through the REST API operations', async () => {
    const api = await t.client.send(new CreateRestApiCommand({ name: 'planned api' }))
    apiId = api.id!
    const method = { restApiId: apiId, resourceId: api.rootResourceId!, httpMethod: 'GET' }
    await t.client.send(new PutMethodCommand({ ...method, authorizationType: 'NONE', apiKeyRequired: true }))
    await t.client.send(new PutIntegrationCommand({ ...method, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }))
    await t.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod' }))
    const plan = await t.client.send(new CreateUsagePlanCommand({ name: 'gold', apiStages: [{ apiId, stage: 'prod' }], quota: { limit: 100, period: 'DAY' } }))
    planId = plan.id!
    const key = await t.client.send(new CreateApiKeyCommand({ name: 'customer', enabled: true, stageKeys: [{ restApiId: apiId, stageName: 'prod' }] }))
    assert.deepEqual(key.stageKeys, [`${apiId}/prod`])
    await t.client.send(new CreateUsagePlanKeyCommand({ usagePlanId: planId, keyId: key.id!, keyType: 'API_KEY' }))
    assert.deepEqual((await t.client.send(new GetUsagePlanKeysCommand({ usagePlanId: planId }))).items?.map((k) => k.id), [key.id])
    await assert.rejects(
      t.client.send(new CreateUsagePlanCommand({ name: 'bad', apiStages: [{ apiId, stage: 'nope' }] })),
      { name: 'BadRequestException', message: /^Invalid API Stage \{api: [a-z0-9]+, stage: nope\} specified for usageplan [a-z0-9]+$/ },
    )
  })

  it('tags on a REST API and a stage show in GetRestApi and GetStage', async () => {
    const apiArn = `arn:aws:apigateway:us-east-1::/restapis/${apiId}`
    const stageArn = `${apiArn}/stages/prod`
    await t.client.send(new TagResourceCommand({ resourceArn: apiArn, tags: { team: 'platform' } }))
    await t.client.send(new TagResourceCommand({ resourceArn: stageArn, tags: { env: 'prod', tmp: 'x' } }))
    await t.client.send(new UntagResourceCommand({ resourceArn: stageArn, tagKeys: ['tmp'] }))
    assert.deepEqual((await t.client.send(new GetRestApiCommand({ restApiId: apiId }))).tags, { team: 'platform' })
    assert.deepEqual((await t.client.send(new GetStageCommand({ restApiId: apiId, stageName: 'prod' }))).tags, { env: 'prod' })
    assert.deepEqual((await t.client.send(new GetTagsCommand({ resourceArn: stageArn }))).tags, { env: 'prod' })
  })

  it('the AWS CLI imports keys from a CSV file and reads usage', async () => {
    const csv = join(work, 'keys.csv')
    writeFileSync(csv, `Name,key,description,Enabled,usageplanIds\nImported,apikey1234abcdefghij0123456789,An imported key,TRUE,${planId}\n`)
    const imported = await awsJson('import-api-keys', '--body', `fileb://${csv}`, '--format', 'csv')
    assert.equal((imported.ids as string[]).length, 1)
    const keyId = (imported.ids as string[])[0]!
    const key = await awsJson('get-api-key', '--api-key', keyId, '--include-value')
    assert.equal(key.value, 'apikey1234abcdefghij0123456789')
    assert.equal(key.description, 'An imported key')

    await t.portico.store.addUsage(planId, keyId, '2016-08-16', 85)
    const usage = await awsJson('get-usage', '--usage-plan-id', planId, '--start-date', '2016-08-16', '--end-date', '2016-08-17', '--key-id', keyId)
    assert.deepEqual(usage, { usagePlanId: planId, startDate: '2016-08-16', endDate: '2016-08-17', items: { [keyId]: [[85, 15], [0, 100]] } })

    const missing = await aws('get-usage-plan', '--usage-plan-id', 'nope')
    assert.notEqual(missing.code, 0)
    assert.match(missing.stderr, /NotFoundException.*Invalid Usage Plan ID specified/)
  })

  it('deleting the REST API leaves its ARN untaggable', async () => {
    await t.client.send(new DeleteRestApiCommand({ restApiId: apiId }))
    await assert.rejects(t.client.send(new GetTagsCommand({ resourceArn: `arn:aws:apigateway:us-east-1::/restapis/${apiId}` })), {
      name: 'NotFoundException',
    })
  })

  it('portico audit lists the changes with the admin access key, without key values', async () => {
    const out = { text: '', write: (c: string) => ((out.text += c), true) }
    const err = { text: '', write: (c: string) => ((err.text += c), true) }
    const code = await runCli(['audit', '--data-dir', t.portico.config.dataDir, '--json', '--limit', '500'], out as never, err as never)
    assert.equal(code, 0, err.text)
    const entries = out.text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    const operations = entries.map((e) => e.operation)
    for (const op of ['CreateRestApi', 'CreateUsagePlan', 'CreateApiKey', 'CreateUsagePlanKey', 'TagResource', 'UntagResource', 'ImportApiKeys', 'DeleteRestApi']) {
      assert.ok(operations.includes(op), `${op} in ${operations.join(', ')}`)
    }
    assert.ok(entries.every((e) => e.accessKeyId === t.portico.admin.accessKeyId))
    assert.ok(!out.text.includes('apikey1234abcdefghij0123456789'))
  })
})
