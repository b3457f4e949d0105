/**
 * Regression: CreateDeployment with a stageName and stage settings (tracingEnabled,
 * cacheClusterEnabled, stageDescription) announced the stage twice, and the data plane compiled
 * and served a plan from the first, which lacked the settings the same call set.
 */
import type { Stage } from '../../src/model/index.ts'
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import diagnostics from 'node:diagnostics_channel'
import { CreateDeploymentCommand } from '@aws-sdk/client-api-gateway'
import { PLAN_LOADED_CHANNEL, type PlanLoadedMessage } from '../../src/data/plan-loader.ts'
import type { StoreChange } from '../../src/control/store/store.ts'
import { seedApi, useTestPortico } from './stages-harness.ts'

const t = useTestPortico()

describe('CreateDeployment with stage settings', () => {
  for (const existing of [false, true]) {
    it(`${existing ? 'on an existing stage' : 'creating the stage'}: one announcement, and every plan served has the settings`, async () => {
      const { apiId } = await seedApi(t.portico)
      if (existing) {
        await t.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod' }))
        await t.portico.settled()
      }
      const loaded: PlanLoadedMessage[] = []
      const announced: StoreChange[] = []
      const onLoaded = (message: unknown) => {
        if ((message as PlanLoadedMessage).apiId === apiId) loaded.push(message as PlanLoadedMessage)
      }
      diagnostics.subscribe(PLAN_LOADED_CHANNEL, onLoaded)
      const unwatch = t.portico.store.watch((change) => {
        if (change.kind === 'stage' && change.apiId === apiId) announced.push(change)
      })
      try {
        const deployment = await t.client.send(
          new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod', tracingEnabled: true, cacheClusterEnabled: true, stageDescription: 'traced' }),
        )
        await t.portico.settled()
        assert.deepEqual(announced, [{ kind: 'stage', apiId, stageName: 'prod', deploymentId: deployment.id }])
      } finally {
        unwatch()
        diagnostics.unsubscribe(PLAN_LOADED_CHANNEL, onLoaded)
      }
      assert.ok(loaded.length > 0, 'the stage was loaded')
      for (const message of loaded) {
        const stage = message.stage as Stage | undefined
        assert.equal(stage?.tracingEnabled, true)
        assert.equal(stage?.cacheClusterEnabled, true)
        assert.equal(stage?.cacheClusterSize, '0.5')
        assert.equal(stage?.description, 'traced')
      }
    })
  }
})
