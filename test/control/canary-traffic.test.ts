/**
 * Canary releases on the data plane: a stage with canarySettings serves `percentTraffic` percent
 * of its requests, chosen at random per request, from the canary's deployment under the stage's
 * variables overlaid by the canary's overrides; `$context.isCanaryRequest` says which; promotion
 * and removal through UpdateStage reach the data plane.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { CreateDeploymentCommand, CreateStageCommand, UpdateStageCommand, type PatchOperation } from '@aws-sdk/client-api-gateway'
import { editApi, seedApi, useTestPortico } from './stages-harness.ts'

const t = useTestPortico()

const TEMPLATE = (release: string) => `{"release": "${release}", "v": "$stageVariables.v", "keep": "$stageVariables.keep", "isCanary": "$context.isCanaryRequest"}`

interface Answer {
  release: string
  v: string
  keep: string
  isCanary: string
}

/** An API whose deployment `stable` and `canary` answer GET /pets with their own release name. */
async function stageWithTwoDeployments(stageName: string) {
  const { apiId } = await seedApi(t.portico)
  const setRelease = (release: string) =>
    editApi(t.portico, apiId, (d) => {
      d.resources[1]!.resourceMethods!.GET!.methodIntegration!.integrationResponses!['200']!.responseTemplates = { 'application/json': TEMPLATE(release) }
    })
  await setRelease('stable')
  const stable = await t.client.send(new CreateDeploymentCommand({ restApiId: apiId }))
  await t.client.send(new CreateStageCommand({ restApiId: apiId, stageName, deploymentId: stable.id!, variables: { v: 'stage', keep: 'kept' } }))
  await setRelease('canary')
  return { apiId, stableId: stable.id! }
}

async function call(apiId: string, stageName: string): Promise<Answer> {
  const res = await fetch(`${t.portico.url}/_aws/execute-api/${apiId}/${stageName}/pets`)
  assert.equal(res.status, 200)
  return JSON.parse(await res.text()) as Answer
}

/** `n` requests, 50 at a time, once every announced change is being served. */
async function calls(apiId: string, stageName: string, n: number): Promise<Answer[]> {
  await t.portico.settled()
  const out: Answer[] = []
  while (out.length < n) out.push(...(await Promise.all(Array.from({ length: Math.min(50, n - out.length) }, () => call(apiId, stageName)))))
  return out
}

const update = (restApiId: string, stageName: string, patchOperations: PatchOperation[]) =>
  t.client.send(new UpdateStageCommand({ restApiId, stageName, patchOperations }))

describe('canary releases on the data plane', () => {
  it('a stage without canary settings has no $context.isCanaryRequest', async () => {
    const { apiId } = await stageWithTwoDeployments('plain')
    const [answer] = await calls(apiId, 'plain', 1)
    assert.equal(answer!.release, 'stable')
    assert.notEqual(answer!.isCanary, 'true')
    assert.notEqual(answer!.isCanary, 'false')
  })

  it('percentTraffic 0: every request is served by the stage deployment, isCanaryRequest false', async () => {
    const { apiId } = await stageWithTwoDeployments('zero')
    await t.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'zero', canarySettings: { percentTraffic: 0, stageVariableOverrides: { v: 'canary' } } }))
    const answers = await calls(apiId, 'zero', 200)
    for (const a of answers) assert.deepEqual(a, { release: 'stable', v: 'stage', keep: 'kept', isCanary: 'false' })
  })

  it('percentTraffic 100: every request is served by the canary with its stage variable overrides, isCanaryRequest true', async () => {
    const { apiId } = await stageWithTwoDeployments('all')
    await t.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'all', canarySettings: { percentTraffic: 100, stageVariableOverrides: { v: 'canary' } } }))
    const answers = await calls(apiId, 'all', 200)
    for (const a of answers) assert.deepEqual(a, { release: 'canary', v: 'canary', keep: 'kept', isCanary: 'true' })
  })

  it('percentTraffic 30: about 30% of 2000 requests go to the canary, each marked as such', async () => {
    const { apiId } = await stageWithTwoDeployments('split')
    await t.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'split', canarySettings: { percentTraffic: 30, stageVariableOverrides: { v: 'canary' } } }))
    const answers = await calls(apiId, 'split', 2000)
    let canary = 0
    for (const a of answers) {
      if (a.release === 'canary') {
        canary++
        assert.deepEqual(a, { release: 'canary', v: 'canary', keep: 'kept', isCanary: 'true' })
      } else assert.deepEqual(a, { release: 'stable', v: 'stage', keep: 'kept', isCanary: 'false' })
    }
    // binomial(2000, 0.3): mean 600, sd 20.5; 440..760 is ±7.8 sd
    assert.ok(canary >= 440 && canary <= 760, `canary served ${canary} of 2000`)
  })

  it('promotion with UpdateStage copy ops serves only the promoted deployment; remove /canarySettings ends the canary', async () => {
    const { apiId } = await stageWithTwoDeployments('promote')
    await t.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'promote', canarySettings: { percentTraffic: 50, stageVariableOverrides: { v: 'canary' } } }))
    const before = await calls(apiId, 'promote', 200)
    assert.ok(before.some((a) => a.release === 'stable') && before.some((a) => a.release === 'canary'))

    // the console's promotion: the canary's deployment and overrides become the stage's, its traffic goes to 0
    const promoted = await update(apiId, 'promote', [
      { op: 'replace', path: '/canarySettings/percentTraffic', value: '0.0' },
      { op: 'copy', from: '/canarySettings/stageVariableOverrides', path: '/variables' },
      { op: 'copy', from: '/canarySettings/deploymentId', path: '/deploymentId' },
    ])
    assert.equal(promoted.deploymentId, promoted.canarySettings?.deploymentId)
    for (const a of await calls(apiId, 'promote', 200)) assert.deepEqual(a, { release: 'canary', v: 'canary', keep: 'kept', isCanary: 'false' })

    // traffic back on the (now identical) canary: still the promoted release
    await update(apiId, 'promote', [{ op: 'replace', path: '/canarySettings/percentTraffic', value: '50' }])
    for (const a of await calls(apiId, 'promote', 100)) assert.equal(a.release, 'canary')

    await update(apiId, 'promote', [{ op: 'remove', path: '/canarySettings' }])
    for (const a of await calls(apiId, 'promote', 100)) {
      assert.equal(a.release, 'canary')
      assert.equal(a.v, 'canary')
      assert.notEqual(a.isCanary, 'true')
      assert.notEqual(a.isCanary, 'false')
    }
  })

  it('lowering percentTraffic to 0 with UpdateStage sends every request back to the stage deployment', async () => {
    const { apiId } = await stageWithTwoDeployments('rollback')
    await t.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'rollback', canarySettings: { percentTraffic: 100 } }))
    for (const a of await calls(apiId, 'rollback', 20)) assert.equal(a.release, 'canary')
    await update(apiId, 'rollback', [{ op: 'replace', path: '/canarySettings/percentTraffic', value: '0' }])
    for (const a of await calls(apiId, 'rollback', 100)) assert.deepEqual(a, { release: 'stable', v: 'stage', keep: 'kept', isCanary: 'false' })
  })
})
