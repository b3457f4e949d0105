/** `--vpce-listener` specs: either order, an optional VPC id, the default host, and AWS-shaped ids only. */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { ConfigError, resolveConfig } from '../../src/config.ts'

describe('--vpce-listener', () => {
  it('takes vpce-{id}[/vpc-{id}]=[host:]port in either order, several comma-separated', () => {
    const config = resolveConfig({ vpceListeners: 'vpce-0123abcd=127.0.0.1:4600, 4601=vpce-0fff/vpc-0a1b' }, {})
    assert.deepEqual(config.vpceListeners, [
      { vpceId: 'vpce-0123abcd', host: '127.0.0.1', port: 4600 },
      { vpceId: 'vpce-0fff', vpcId: 'vpc-0a1b', host: '127.0.0.1', port: 4601 },
    ])
    assert.deepEqual(resolveConfig({}, { PORTICO_VPCE_LISTENERS: 'vpce-01=[::1]:4602' }).vpceListeners, [{ vpceId: 'vpce-01', host: '::1', port: 4602 }])
    assert.equal(resolveConfig({}, {}).vpceListeners, undefined)
  })

  it('refuses a malformed spec or a port another listener has', () => {
    for (const bad of ['vpce-01', 'endpoint=4600', 'vpce-01=host:99999', 'vpce-01/subnet-1=4600', 'vpce-01=4600=4601']) {
      assert.throws(() => resolveConfig({ vpceListeners: bad }, {}), ConfigError, bad)
    }
    assert.throws(() => resolveConfig({ port: 4566, vpceListeners: 'vpce-01=4566' }, {}), /must have its own port/)
  })
})

describe('the caller identity through a VPC endpoint', () => {
  it('requestContext.identity of a proxy event and $context.identity carry vpceId and vpcId; absent elsewhere', async () => {
    const { fakeRequestContext } = await import('../vtl/aws-request-context.ts')
    const { callerIdentity } = await import('../../src/vtl/aws/identity.ts')
    const ctx = Object.assign(fakeRequestContext(), { vpce: { vpceId: 'vpce-0aaa', vpcId: 'vpc-0bbb' } })
    const identity = callerIdentity(ctx, { unsetAsNull: false })
    assert.deepEqual([identity['vpceId'], identity['vpcId']], ['vpce-0aaa', 'vpc-0bbb'])
    assert.equal('vpceId' in callerIdentity(fakeRequestContext(), { unsetAsNull: true }), false)
  })
})
