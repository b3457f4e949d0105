/**
 * `$context.identity` and the proxy event's `requestContext.identity` describe the same caller
 * (vtl/aws/identity.ts builds both): every field the event has, `$context` has with the same
 * value; `$context` adds only what the developer guide lists as null when absent and AWS-recorded
 * events leave out (`apiKey`/`apiKeyId` without a key, `clientCert` without mutual TLS).
 */
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { buildProxyEventV1 } from '../../src/integrations/proxy-event-v1.ts'
import { buildTemplateContext } from '../../src/vtl/aws/context.ts'
import { fakeRequestContext } from './aws-request-context.ts'
import type { RequestContext } from '../../src/gateway/types.ts'

const NULL_WHEN_ABSENT = new Set(['apiKey', 'apiKeyId', 'clientCert'])

function assertAgree(ctx: RequestContext): void {
  const event = buildProxyEventV1(ctx, { isBinary: () => false }).requestContext.identity
  const template = buildTemplateContext(ctx).identity as Record<string, unknown>
  for (const [key, value] of Object.entries(event)) assert.deepEqual(template[key], value, `$context.identity.${key}`)
  for (const key of Object.keys(template)) {
    if (key in event) continue
    assert.ok(NULL_WHEN_ABSENT.has(key), `$context.identity.${key} is not in the proxy event`)
    assert.equal(template[key], null, key)
  }
}

describe('the proxy event and $context agree on the caller', () => {
  test('an anonymous request', () => {
    const ctx = fakeRequestContext({ params: { header: { 'User-Agent': 'curl/8.0' } } })
    assertAgree(ctx)
    assert.equal((buildTemplateContext(ctx).identity as Record<string, unknown>).accessKey, null)
  })

  test('a request with an API key', () => {
    assertAgree(fakeRequestContext({ apiKey: { id: 'key-id', value: 'MyTestKey' } }))
  })

  test('an AWS_IAM caller', () => {
    const ctx = fakeRequestContext()
    ctx.identity = { accessKey: 'AKIAALICE00000000001', accountId: '123456789012', caller: 'AIDAALICE', user: 'AIDAALICE', userArn: 'arn:aws:iam::123456789012:user/alice' }
    assertAgree(ctx)
    assert.equal((buildTemplateContext(ctx).identity as Record<string, unknown>).accessKey, 'AKIAALICE00000000001')
  })
})
