import assert from 'node:assert/strict'
import diagnostics from 'node:diagnostics_channel'
import { describe, it } from 'node:test'
import { apiDefinition, send } from '../data/fixtures.ts'
import { startObserved } from './observe-fixtures.ts'

/** With metrics off and a stage that logs and traces nothing, observe/ costs the request path nothing. */
describe('observe/ turned off', () => {
  it('leaves the plan unobserved and the pipeline events unsubscribed', async () => {
    const end = diagnostics.channel('portico:request:end')
    const start = diagnostics.channel('portico:request:start')
    const o = await startObserved(apiDefinition({ '/a': ['GET'] }), {}, { metricsEnabled: false })
    try {
      const plan = o.running.registry.get('a1b2c3d4e5', 'prod')!
      assert.equal(plan.observe, undefined)
      assert.equal(end.hasSubscribers, false)
      assert.equal(start.hasSubscribers, false)
      assert.equal((await send(o.running.address.port, { path: '/_aws/execute-api/a1b2c3d4e5/prod/a' })).status, 200)
      assert.doesNotMatch((await send(o.running.address.port, { path: '/metrics' })).body, /apigateway_count_total\{/)
    } finally {
      await o.close()
    }
  })

  it('still observes a stage that asks for an access log, without metrics', async () => {
    const o = await startObserved(apiDefinition({ '/a': ['GET'] }), { accessLogSettings: { format: '$context.status', destinationArn: 'arn:portico:stdout' } }, { metricsEnabled: false })
    try {
      assert.equal(diagnostics.channel('portico:request:end').hasSubscribers, true)
      assert.equal(diagnostics.channel('portico:request:start').hasSubscribers, false)
      await send(o.running.address.port, { path: '/_aws/execute-api/a1b2c3d4e5/prod/a' })
      await o.observer.flush()
      assert.equal(o.stdout.text(), '200\n')
      assert.deepEqual([...o.observer.metrics.all()], [])
    } finally {
      await o.close()
    }
    assert.equal(diagnostics.channel('portico:request:end').hasSubscribers, false)
  })
})
