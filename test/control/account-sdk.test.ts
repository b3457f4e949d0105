import assert from 'node:assert/strict'
import { X509Certificate } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import {
  APIGatewayClient,
  CreateApiKeyCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  DeleteApiKeyCommand,
  DeleteClientCertificateCommand,
  DeleteUsagePlanCommand,
  DeleteUsagePlanKeyCommand,
  GenerateClientCertificateCommand,
  GetAccountCommand,
  GetApiKeyCommand,
  GetApiKeysCommand,
  GetClientCertificateCommand,
  GetClientCertificatesCommand,
  GetTagsCommand,
  GetUsageCommand,
  GetUsagePlanCommand,
  GetUsagePlanKeyCommand,
  GetUsagePlanKeysCommand,
  GetUsagePlansCommand,
  ImportApiKeysCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAccountCommand,
  UpdateApiKeyCommand,
  UpdateClientCertificateCommand,
  UpdateUsageCommand,
  UpdateUsagePlanCommand,
  paginateGetApiKeys,
} from '@aws-sdk/client-api-gateway'
import { createManagementHandler } from '../../src/control/protocol/management-handler.ts'
import { apiKeyOperations } from '../../src/control/operations/api-keys.ts'
import { usagePlanOperations } from '../../src/control/operations/usage-plans.ts'
import { clientCertificateOperations } from '../../src/control/operations/client-certificates.ts'
import { accountOperations } from '../../src/control/operations/account.ts'
import { tagOperations } from '../../src/control/operations/tags.ts'
import { openHarness, type Harness } from './account-harness.ts'

/**
 * The account-level operations through `@aws-sdk/client-api-gateway` against the real protocol
 * layer (SigV4 verified, routing, JSON, status codes, `x-amzn-ErrorType`).
 */

let h: Harness
let server: Server
let client: APIGatewayClient
const statuses: number[] = []

before(async () => {
  h = await openHarness()
  h.clock.now = Math.floor(Date.now() / 1000)
  await h.seedStage('api0000001', 'prod')
  const handler = createManagementHandler({
    services: h.services,
    operations: [...apiKeyOperations, ...usagePlanOperations, ...clientCertificateOperations, ...accountOperations, ...tagOperations],
    auth: { secretFor: (id) => (id === 'AKIDSDKTEST' ? 'secret' : undefined) },
    onError: (error) => console.error(error),
  })
  server = createServer(handler)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  client = new APIGatewayClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDSDKTEST', secretAccessKey: 'secret' },
    maxAttempts: 1,
  })
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args)
      statuses.push((result.response as { statusCode: number }).statusCode)
      return result
    },
    { step: 'deserialize', name: 'recordStatus' },
  )
})

after(async () => {
  client.destroy()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  await h.close()
})

const lastStatus = () => statuses.at(-1)

async function rejects(promise: Promise<unknown>, name: string, message: string | RegExp, status: number): Promise<void> {
  await assert.rejects(promise, (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(error.name, name)
    if (typeof message === 'string') assert.equal(error.message, message)
    else assert.match(error.message, message)
    assert.equal(error.$metadata?.httpStatusCode, status)
    return true
  })
}

describe('account-level operations through the AWS SDK', () => {
  it('API keys: create 201, get, list with paging, update, delete 202, errors', async () => {
    const created = await client.send(new CreateApiKeyCommand({ name: 'sdk-key', enabled: true, stageKeys: [{ restApiId: 'api0000001', stageName: 'prod' }], tags: { t: '1' } }))
    assert.equal(lastStatus(), 201)
    assert.equal(created.value?.length, 40)
    assert.deepEqual(created.stageKeys, ['api0000001/prod'])
    assert.ok(created.createdDate instanceof Date)

    const got = await client.send(new GetApiKeyCommand({ apiKey: created.id!, includeValue: true }))
    assert.equal(got.value, created.value)
    assert.equal((await client.send(new GetApiKeyCommand({ apiKey: created.id! }))).value, undefined)

    for (let i = 0; i < 3; i++) await client.send(new CreateApiKeyCommand({ name: `paged-${i}` }))
    const seen: string[] = []
    for await (const page of paginateGetApiKeys({ client, pageSize: 2 }, { nameQuery: 'paged-' })) {
      assert.ok(page.items!.length <= 2)
      seen.push(...page.items!.map((k) => k.name!))
    }
    assert.deepEqual(seen, ['paged-2', 'paged-1', 'paged-0'])
    const valued = await client.send(new GetApiKeysCommand({ includeValues: true, nameQuery: 'sdk' }))
    assert.equal(valued.items?.[0]?.value, created.value)

    const updated = await client.send(
      new UpdateApiKeyCommand({
        apiKey: created.id!,
        patchOperations: [
          { op: 'replace', path: '/name', value: 'renamed' },
          { op: 'remove', path: '/stages', value: 'api0000001/prod' },
        ],
      }),
    )
    assert.equal(updated.name, 'renamed')
    assert.deepEqual(updated.stageKeys, [])
    assert.equal(updated.value, undefined)

    await rejects(client.send(new CreateApiKeyCommand({ value: 'short' })), 'BadRequestException', 'API Key value should be at least 20 characters', 400)
    await rejects(
      client.send(new UpdateApiKeyCommand({ apiKey: created.id!, patchOperations: [{ op: 'replace', path: '/id', value: 'x' }] })),
      'BadRequestException',
      "Invalid patch path  '/id' specified for op 'replace'. Must be one of: [/description, /enabled, /name, /customerId]",
      400,
    )
    await client.send(new DeleteApiKeyCommand({ apiKey: created.id! }))
    assert.equal(lastStatus(), 202)
    await rejects(client.send(new GetApiKeyCommand({ apiKey: created.id! })), 'NotFoundException', 'Invalid API Key identifier specified', 404)
  })

  it('ImportApiKeys: CSV body, 201 with ids', async () => {
    const plan = await client.send(new CreateUsagePlanCommand({ name: 'import-target' }))
    const result = await client.send(
      new ImportApiKeysCommand({
        format: 'csv',
        body: Buffer.from(`Name,key,description,Enabled,usageplanIds\nImported,apikey1234abcdefghij0123456789,An imported key,TRUE,${plan.id}\n`),
      }),
    )
    assert.equal(lastStatus(), 201)
    assert.equal(result.ids?.length, 1)
    const keys = await client.send(new GetUsagePlanKeysCommand({ usagePlanId: plan.id! }))
    assert.deepEqual(keys.items?.map((k) => [k.id, k.name, k.value, k.type]), [[result.ids![0], 'Imported', 'apikey1234abcdefghij0123456789', 'API_KEY']])
    await rejects(
      client.send(new ImportApiKeysCommand({ format: 'csv', failOnWarnings: true, body: Buffer.from('name,key\nx,short\n') })),
      'BadRequestException',
      /API Key value should be at least 20 characters/,
      400,
    )
  })

  it('usage plans, plan keys and usage', async () => {
    const plan = await client.send(
      new CreateUsagePlanCommand({
        name: 'sdk-plan',
        apiStages: [{ apiId: 'api0000001', stage: 'prod' }],
        throttle: { burstLimit: 10, rateLimit: 5 },
        quota: { limit: 1000, period: 'DAY' },
      }),
    )
    assert.equal(lastStatus(), 201)
    assert.deepEqual(plan.apiStages, [{ apiId: 'api0000001', stage: 'prod' }])
    assert.deepEqual(plan.throttle, { burstLimit: 10, rateLimit: 5 })

    const key = await client.send(new CreateApiKeyCommand({ name: 'planned' }))
    const planKey = await client.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId: key.id!, keyType: 'API_KEY' }))
    assert.equal(lastStatus(), 201)
    assert.deepEqual({ ...planKey, $metadata: undefined }, { $metadata: undefined, id: key.id, type: 'API_KEY', value: key.value, name: 'planned' })
    assert.equal((await client.send(new GetUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId: key.id! }))).id, key.id)
    assert.deepEqual((await client.send(new GetUsagePlansCommand({ keyId: key.id! }))).items?.map((p) => p.id), [plan.id])

    const updated = await client.send(
      new UpdateUsagePlanCommand({
        usagePlanId: plan.id!,
        patchOperations: [
          { op: 'replace', path: '/quota/limit', value: '500' },
          { op: 'replace', path: '/apiStages/api0000001:prod/throttle/~1pets/GET/rateLimit', value: '2' },
        ],
      }),
    )
    assert.equal(updated.quota?.limit, 500)
    assert.deepEqual(updated.apiStages?.[0]?.throttle, { '/pets/GET': { rateLimit: 2 } })
    await rejects(
      client.send(new UpdateUsagePlanCommand({ usagePlanId: plan.id!, patchOperations: [{ op: 'add', path: '/apiStages', value: 'api0000001:nope' }] })),
      'NotFoundException',
      `Invalid API Stage {api: api0000001, stage: nope} specified for usageplan ${plan.id}`,
      404,
    )

    const today = new Date(h.clock.now * 1000).toISOString().slice(0, 10)
    await h.services.store.addUsage(plan.id!, key.id!, today, 7)
    const usage = await client.send(new GetUsageCommand({ usagePlanId: plan.id!, startDate: today, endDate: today }))
    assert.equal(usage.usagePlanId, plan.id)
    assert.deepEqual(usage.items, { [key.id!]: [[7, 493]] })
    const extended = await client.send(
      new UpdateUsageCommand({ usagePlanId: plan.id!, keyId: key.id!, patchOperations: [{ op: 'replace', path: '/remaining', value: '900' }] }),
    )
    assert.deepEqual(extended.items, { [key.id!]: [[7, 900]] })

    await client.send(new DeleteUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId: key.id! }))
    assert.equal(lastStatus(), 202)
    await rejects(client.send(new GetUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId: key.id! })), 'NotFoundException', 'Invalid API Key identifier specified', 404)
    await rejects(
      client.send(new DeleteUsagePlanCommand({ usagePlanId: plan.id! })),
      'BadRequestException',
      `Cannot delete Usage Plan ${plan.id} because there are API Stages associated with it, including api0000001:prod`,
      400,
    )
    await client.send(new UpdateUsagePlanCommand({ usagePlanId: plan.id!, patchOperations: [{ op: 'remove', path: '/apiStages', value: 'api0000001:prod' }] }))
    await client.send(new DeleteUsagePlanCommand({ usagePlanId: plan.id! }))
    assert.equal(lastStatus(), 202)
    await rejects(client.send(new GetUsagePlanCommand({ usagePlanId: plan.id! })), 'NotFoundException', 'Invalid Usage Plan ID specified', 404)
  })

  it('client certificates', async () => {
    const cert = await client.send(new GenerateClientCertificateCommand({ description: 'sdk' }))
    assert.equal(lastStatus(), 201)
    assert.ok(new X509Certificate(cert.pemEncodedCertificate!).verify(new X509Certificate(cert.pemEncodedCertificate!).publicKey))
    assert.ok(cert.expirationDate instanceof Date)
    assert.equal((await client.send(new GetClientCertificateCommand({ clientCertificateId: cert.clientCertificateId! }))).description, 'sdk')
    const updated = await client.send(
      new UpdateClientCertificateCommand({ clientCertificateId: cert.clientCertificateId!, patchOperations: [{ op: 'replace', path: '/description', value: 'new' }] }),
    )
    assert.equal(updated.description, 'new')
    assert.ok((await client.send(new GetClientCertificatesCommand({}))).items?.some((c) => c.clientCertificateId === cert.clientCertificateId))
    await client.send(new DeleteClientCertificateCommand({ clientCertificateId: cert.clientCertificateId! }))
    assert.equal(lastStatus(), 202)
    await rejects(
      client.send(new GetClientCertificateCommand({ clientCertificateId: cert.clientCertificateId! })),
      'NotFoundException',
      'Invalid Client Certificate identifier specified',
      404,
    )
  })

  it('account', async () => {
    const account = await client.send(new GetAccountCommand({}))
    assert.deepEqual(account.throttleSettings, { burstLimit: 5000, rateLimit: 10000 })
    assert.deepEqual(account.features, ['UsagePlans'])
    const updated = await client.send(
      new UpdateAccountCommand({
        patchOperations: [
          { op: 'replace', path: '/cloudwatchRoleArn', value: 'arn:aws:iam::123456789012:role/cw' },
          { op: 'replace', path: '/throttle/rateLimit', value: '100' },
        ],
      }),
    )
    assert.equal(updated.cloudwatchRoleArn, 'arn:aws:iam::123456789012:role/cw')
    assert.deepEqual(updated.throttleSettings, { burstLimit: 5000, rateLimit: 100 })
  })

  it('tags: 204s, ARNs in the path', async () => {
    const key = await client.send(new CreateApiKeyCommand({ name: 'tagged' }))
    for (const resourceArn of ['arn:aws:apigateway:us-east-1::/restapis/api0000001/stages/prod', `arn:aws:apigateway:us-east-1::/apikeys/${key.id}`]) {
      await client.send(new TagResourceCommand({ resourceArn, tags: { a: '1', b: '2' } }))
      assert.equal(lastStatus(), 204)
      await client.send(new UntagResourceCommand({ resourceArn, tagKeys: ['a', 'missing'] }))
      assert.equal(lastStatus(), 204)
      assert.deepEqual((await client.send(new GetTagsCommand({ resourceArn }))).tags, { b: '2' })
    }
    await rejects(
      client.send(new GetTagsCommand({ resourceArn: 'arn:aws:apigateway:us-east-1::/restapis/nope' })),
      'NotFoundException',
      'Invalid API identifier specified 123456789012:nope',
      404,
    )
  })

  it('changes land in the audit trail with the caller and without secrets', async () => {
    const entries = await h.services.store.listAudit()
    assert.ok(entries.length > 10)
    assert.ok(entries.every((e) => e.accessKeyId === 'AKIDSDKTEST'))
    assert.ok(entries.some((e) => e.operation === 'CreateUsagePlanKey'))
    assert.ok(!entries.some((e) => e.operation.startsWith('Get')))
    assert.ok(!JSON.stringify(entries).includes('apikey1234abcdefghij0123456789'))
  })
})
