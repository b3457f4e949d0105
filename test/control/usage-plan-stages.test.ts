/**
 * Usage plans and the API stages they serve, through the SDK (issue 19, item 4):
 * - one plan per API stage per key, wherever a key and a plan come together: CreateUsagePlanKey
 *   (AWS's text), UpdateUsagePlan adding a stage, ImportApiKeys' usageplanIds;
 * - DeleteStage and DeleteRestApi take the stage out of every plan, as AWS does;
 * - GetUsage pages through the keys with `limit` and `position`.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  CreateApiKeyCommand,
  CreateDeploymentCommand,
  CreateRestApiCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  DeleteRestApiCommand,
  DeleteStageCommand,
  GetResourcesCommand,
  GetUsageCommand,
  GetUsagePlanCommand,
  ImportApiKeysCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  UpdateUsagePlanCommand,
} from '@aws-sdk/client-api-gateway'
import { sdkError, useHarness } from './harness.ts'

let apiId: string

const h = useHarness({}, {
  setup: async () => {
    apiId = (await h.client.send(new CreateRestApiCommand({ name: 'planned' }))).id!
    const root = (await h.client.send(new GetResourcesCommand({ restApiId: apiId }))).items![0]!.id!
    await h.client.send(new PutMethodCommand({ restApiId: apiId, resourceId: root, httpMethod: 'GET', authorizationType: 'NONE' }))
    await h.client.send(new PutIntegrationCommand({ restApiId: apiId, resourceId: root, httpMethod: 'GET', type: 'MOCK' }))
    for (const stageName of ['prod', 'dev', 'test']) await h.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName }))
  },
})

const shared = (planId: string, keyId: string, stage: string) =>
  `Usage Plan ${planId} cannot be added because API Key ${keyId} cannot reference multiple Usage Plans with the same API Stage: ${apiId}:${stage}`

describe('usage plans and the stages they serve', () => {
  it('one plan per API stage per key: CreateUsagePlanKey, UpdateUsagePlan and ImportApiKeys', async () => {
    const prod = (await h.client.send(new CreateUsagePlanCommand({ name: 'prod', apiStages: [{ apiId, stage: 'prod' }] }))).id!
    const dev = (await h.client.send(new CreateUsagePlanCommand({ name: 'dev', apiStages: [{ apiId, stage: 'dev' }] }))).id!
    const alsoProd = (await h.client.send(new CreateUsagePlanCommand({ name: 'also-prod', apiStages: [{ apiId, stage: 'prod' }] }))).id!
    const key = (await h.client.send(new CreateApiKeyCommand({ name: 'k', enabled: true, value: 'key-value-0000000000001' }))).id!
    await h.client.send(new CreateUsagePlanKeyCommand({ usagePlanId: prod, keyId: key, keyType: 'API_KEY' }))
    await h.client.send(new CreateUsagePlanKeyCommand({ usagePlanId: dev, keyId: key, keyType: 'API_KEY' }))
    const refused = await sdkError(() => h.client.send(new CreateUsagePlanKeyCommand({ usagePlanId: alsoProd, keyId: key, keyType: 'API_KEY' })))
    assert.deepEqual([refused.name, refused.message], ['BadRequestException', shared(alsoProd, key, 'prod')])

    const widened = await sdkError(() => h.client.send(new UpdateUsagePlanCommand({ usagePlanId: dev, patchOperations: [{ op: 'add', path: '/apiStages', value: `${apiId}:prod` }] })))
    assert.deepEqual([widened.name, widened.message], ['BadRequestException', shared(dev, key, 'prod')])
    assert.deepEqual((await h.client.send(new GetUsagePlanCommand({ usagePlanId: dev }))).apiStages, [{ apiId, stage: 'dev' }])

    const csv = `name,key,usageplanIds\nimported,key-value-0000000000002,"${prod},${alsoProd}"\n`
    const imported = await sdkError(() => h.client.send(new ImportApiKeysCommand({ body: Buffer.from(csv), format: 'csv' })))
    assert.equal(imported.name, 'BadRequestException')
    assert.match(imported.message, new RegExp(`cannot reference multiple Usage Plans with the same API Stage: ${apiId}:prod$`))
    // the existing key, by value, already in `prod`
    const again = await sdkError(() => h.client.send(new ImportApiKeysCommand({ body: Buffer.from(`name,key,usageplanIds\nk,key-value-0000000000001,${alsoProd}\n`), format: 'csv' })))
    assert.deepEqual([again.name, again.message], ['BadRequestException', shared(alsoProd, key, 'prod')])
  })

  it('GetUsage pages through the keys with limit and position', async () => {
    const plan = (await h.client.send(new CreateUsagePlanCommand({ name: 'paged', apiStages: [{ apiId, stage: 'test' }] }))).id!
    const keys: string[] = []
    for (let i = 0; i < 3; i++) {
      const id = (await h.client.send(new CreateApiKeyCommand({ name: `paged-${i}`, enabled: true }))).id!
      await h.client.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan, keyId: id, keyType: 'API_KEY' }))
      keys.push(id)
    }
    const day = new Date().toISOString().slice(0, 10)
    const seen: string[] = []
    let position: string | undefined
    let pages = 0
    do {
      const page = await h.client.send(new GetUsageCommand({ usagePlanId: plan, startDate: day, endDate: day, limit: 2, ...(position && { position }) }))
      const ids = Object.keys(page.items ?? {})
      assert.ok(ids.length <= 2)
      seen.push(...ids)
      position = page.position
      pages++
    } while (position !== undefined && pages < 5)
    assert.equal(pages, 2)
    assert.deepEqual(seen.sort(), [...keys].sort())
  })

  it('DeleteStage and DeleteRestApi take the stage out of every plan', async () => {
    const plan = (await h.client.send(new CreateUsagePlanCommand({ name: 'both', apiStages: [{ apiId, stage: 'test' }, { apiId, stage: 'dev' }] }))).id!
    await h.client.send(new DeleteStageCommand({ restApiId: apiId, stageName: 'test' }))
    assert.deepEqual((await h.client.send(new GetUsagePlanCommand({ usagePlanId: plan }))).apiStages, [{ apiId, stage: 'dev' }])
    await h.client.send(new DeleteRestApiCommand({ restApiId: apiId }))
    assert.deepEqual((await h.client.send(new GetUsagePlanCommand({ usagePlanId: plan }))).apiStages, [])
  })
})
