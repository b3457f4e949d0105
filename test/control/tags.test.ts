import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { apiError, openHarness, type Harness } from './account-harness.ts'

const arn = (path: string) => `arn:aws:apigateway:us-east-1::${path}`

describe('tags (handlers)', () => {
  let h: Harness
  beforeEach(async () => {
    h = await openHarness()
    await h.seedStage('api0000001', 'prod')
  })
  afterEach(async () => h.close())

  const tag = (resourceArn: string, tags: Record<string, string>) => h.call('TagResource', { params: { resource_arn: resourceArn }, body: { tags } })
  const untag = (resourceArn: string, tagKeys: string[]) => h.call('UntagResource', { params: { resource_arn: resourceArn }, query: { tagKeys } })
  const get = (resourceArn: string) => h.call('GetTags', { params: { resource_arn: resourceArn } })

  it('tags every kind of resource, on the object itself', async () => {
    const key = (await h.call('CreateApiKey', { body: { tags: { created: 'yes' } } })) as { id: string }
    const plan = (await h.call('CreateUsagePlan', { body: { name: 'p' } })) as { id: string }
    const cert = (await h.call('GenerateClientCertificate', {})) as { clientCertificateId: string }
    const arns = [
      arn('/restapis/api0000001'),
      arn('/restapis/api0000001/stages/prod'),
      arn(`/apikeys/${key.id}`),
      arn(`/usageplans/${plan.id}`),
      arn(`/clientcertificates/${cert.clientCertificateId}`),
    ]
    for (const a of arns) {
      assert.equal(await tag(a, { team: 'platform', env: 'prod' }), undefined)
      assert.equal(await tag(a, { env: 'dev' }), undefined)
      assert.equal(await untag(a, ['team', 'missing']), undefined)
    }
    for (const a of arns.filter((a) => !a.includes('/apikeys/'))) assert.deepEqual(await get(a), { tags: { env: 'dev' } })
    assert.deepEqual(await get(arns[2]!), { tags: { created: 'yes', env: 'dev' } })

    assert.deepEqual((await h.services.store.getApi('api0000001'))?.definition.restApi.tags, { env: 'dev' })
    assert.deepEqual((await h.services.store.getStage('api0000001', 'prod'))?.tags, { env: 'dev' })
    assert.deepEqual((await h.services.store.getUsagePlan(plan.id))?.tags, { env: 'dev' })

    await untag(arns[0]!, ['env'])
    assert.deepEqual(await get(arns[0]!), { tags: {} })
    assert.equal((await h.services.store.getApi('api0000001'))?.definition.restApi.tags, undefined)
  })

  it('unknown resources are 404 with their own texts; malformed ARNs 400', async () => {
    await assert.rejects(get(arn('/restapis/nope')), apiError('NotFoundException', 'Invalid API identifier specified 123456789012:nope'))
    await assert.rejects(get(arn('/restapis/api0000001/stages/nope')), apiError('NotFoundException', 'Invalid stage identifier specified'))
    await assert.rejects(tag(arn('/apikeys/nope'), { a: 'b' }), apiError('NotFoundException', 'Invalid API Key identifier specified'))
    await assert.rejects(untag(arn('/usageplans/nope'), ['a']), apiError('NotFoundException', 'Invalid Usage Plan ID specified'))
    await assert.rejects(get(arn('/clientcertificates/nope')), apiError('NotFoundException', 'Invalid Client Certificate identifier specified'))
    await assert.rejects(get(arn('/domainnames/example.com')), apiError('NotFoundException', 'Invalid domain name identifier specified'))
    await assert.rejects(get('not-an-arn'), apiError('BadRequestException', 'Invalid ARN. ARN is not well formed not-an-arn'))
  })

  it('checks tag keys and values, and 50 tags at most', async () => {
    const a = arn('/restapis/api0000001')
    await assert.rejects(tag(a, { 'aws:reserved': 'x' }), { name: 'BadRequestException' })
    await assert.rejects(tag(a, { ['k'.repeat(129)]: 'x' }), { name: 'BadRequestException' })
    await assert.rejects(tag(a, { k: 'v'.repeat(257) }), { name: 'BadRequestException' })
    await assert.rejects(h.call('TagResource', { params: { resource_arn: a }, body: {} }), { name: 'BadRequestException' })
    await assert.rejects(untag(a, []), { name: 'BadRequestException' })
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']))
    await assert.rejects(tag(a, many), { name: 'BadRequestException' })
    assert.deepEqual(await get(a), { tags: {} })
  })
})
