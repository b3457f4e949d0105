import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { apiError, openHarness, type Harness } from './account-harness.ts'

describe('account (handlers)', () => {
  let h: Harness
  beforeEach(async () => {
    h = await openHarness()
  })
  afterEach(async () => h.close())

  it("GetAccount: AWS's default throttle, usage plans on", async () => {
    assert.deepEqual(await h.call('GetAccount'), {
      throttleSettings: { burstLimit: 5000, rateLimit: 10000 },
      features: ['UsagePlans'],
      apiKeyVersion: '4',
    })
  })

  it('UpdateAccount: cloudwatchRoleArn, throttle limits, features; kept across reads', async () => {
    const updated = await h.call('UpdateAccount', {
      body: {
        patchOperations: [
          { op: 'replace', path: '/cloudwatchRoleArn', value: 'arn:aws:iam::123412341234:role/APIGatewayToCloudWatchLogs' },
          { op: 'replace', path: '/throttle/rateLimit', value: '500.5' },
          { op: 'replace', path: '/throttle/burstLimit', value: '1000' },
          { op: 'add', path: '/features', value: 'Other' },
          { op: 'remove', path: '/features', value: 'UsagePlans' },
        ],
      },
    })
    const expected = {
      cloudwatchRoleArn: 'arn:aws:iam::123412341234:role/APIGatewayToCloudWatchLogs',
      throttleSettings: { burstLimit: 1000, rateLimit: 500.5 },
      features: ['Other'],
      apiKeyVersion: '4',
    }
    assert.deepEqual(updated, expected)
    assert.deepEqual(await h.call('GetAccount'), expected)
    const cleared = (await h.call('UpdateAccount', {
      body: { patchOperations: [{ op: 'replace', path: '/cloudwatchRoleArn', value: '' }] },
    })) as Record<string, unknown>
    assert.equal('cloudwatchRoleArn' in cleared, false)
  })

  it('UpdateAccount: bad paths and values leave the account unchanged', async () => {
    const patch = (op: string, path: string, value?: string) => h.call('UpdateAccount', { body: { patchOperations: [{ op, path, value }] } })
    await assert.rejects(patch('replace', '/apiKeyVersion', '5'), apiError('BadRequestException', /^Invalid patch path {2}'\/apiKeyVersion' specified for op 'replace'/))
    await assert.rejects(patch('replace', '/throttle/burstLimit', '1.5'), { name: 'BadRequestException' })
    await assert.rejects(patch('replace', '/throttle/rateLimit', 'fast'), { name: 'BadRequestException' })
    await assert.rejects(patch('copy', '/features'), { name: 'BadRequestException' })
    assert.deepEqual((await h.call('GetAccount')) as unknown, {
      throttleSettings: { burstLimit: 5000, rateLimit: 10000 },
      features: ['UsagePlans'],
      apiKeyVersion: '4',
    })
  })
})
