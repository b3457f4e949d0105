/** The registry's canary choice, with Math.random pinned: which plan `get` hands out, and when it draws. */
import { describe, it, afterEach, mock } from 'node:test'
import assert from 'node:assert/strict'
import { PlanRegistry } from '../../src/data/plan-registry.ts'
import type { RuntimePlan } from '../../src/gateway/types.ts'

const plan = (deploymentId: string, isCanaryRequest?: boolean): RuntimePlan =>
  ({ apiId: 'api', stageName: 'prod', deploymentId, stageVariables: {}, binaryMediaTypes: [], isCanaryRequest }) as unknown as RuntimePlan

afterEach(() => mock.restoreAll())

describe('PlanRegistry canary releases', () => {
  it('a stage without a canary never draws a random number', () => {
    const random = mock.method(Math, 'random', () => 0)
    const registry = new PlanRegistry()
    registry.set('api', 'prod', plan('stable'))
    assert.equal(registry.get('api', 'prod')!.deploymentId, 'stable')
    assert.equal(random.mock.callCount(), 0)
  })

  it('percentTraffic 0 stores no canary: nothing drawn, the stage plan served', () => {
    const random = mock.method(Math, 'random', () => 0)
    const registry = new PlanRegistry()
    registry.set('api', 'prod', plan('stable', false), { plan: plan('canary', true), percentTraffic: 0 })
    assert.equal(registry.plans('api', 'prod')!.canary, undefined)
    assert.equal(registry.get('api', 'prod')!.deploymentId, 'stable')
    assert.equal(random.mock.callCount(), 0)
  })

  it('one draw per request: below percentTraffic/100 the canary, at or above it the stage plan', () => {
    let next = 0
    const random = mock.method(Math, 'random', () => next)
    const registry = new PlanRegistry()
    registry.set('api', 'prod', plan('stable', false), { plan: plan('canary', true), percentTraffic: 30 })
    for (const [draw, expected] of [[0, 'canary'], [0.2999, 'canary'], [0.3, 'stable'], [0.9999, 'stable']] as const) {
      next = draw
      assert.equal(registry.get('api', 'prod')!.deploymentId, expected, `draw ${draw}`)
    }
    assert.equal(random.mock.callCount(), 4)
  })

  it('percentTraffic 100 serves the canary whatever the draw', () => {
    mock.method(Math, 'random', () => 0.999999)
    const registry = new PlanRegistry()
    registry.set('api', 'prod', plan('stable', false), { plan: plan('canary', true), percentTraffic: 100 })
    assert.equal(registry.get('api', 'prod')!.deploymentId, 'canary')
  })

  it('setting the stage again without a canary ends it', () => {
    mock.method(Math, 'random', () => 0)
    const registry = new PlanRegistry()
    registry.set('api', 'prod', plan('stable', false), { plan: plan('canary', true), percentTraffic: 100 })
    registry.set('api', 'prod', plan('promoted'))
    assert.equal(registry.get('api', 'prod')!.deploymentId, 'promoted')
    assert.equal(registry.plans('api', 'prod')!.canary, undefined)
  })
})
