import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  CreateDeploymentCommand,
  CreateStageCommand,
  DeleteDeploymentCommand,
  DeleteStageCommand,
  GetDeploymentCommand,
  GetDeploymentsCommand,
  GetStageCommand,
  GetStagesCommand,
  UpdateDeploymentCommand,
} from '@aws-sdk/client-api-gateway'
import { editApi, invoke, rejects, seedApi, useTestPortico } from './stages-harness.ts'

const t = useTestPortico()

describe('CreateDeployment', () => {
  it('without a stage: 201 with id and createdDate only, serves nothing', async () => {
    const { apiId } = await seedApi(t.portico)
    const res = await t.client.send(new CreateDeploymentCommand({ restApiId: apiId, description: 'first' }))
    assert.equal(res.$metadata.httpStatusCode, 201)
    assert.match(res.id!, /^[a-z0-9]{10}$/)
    assert.ok(res.createdDate instanceof Date)
    assert.equal(res.description, 'first')
    assert.equal(res.apiSummary, undefined)
    assert.equal((await invoke(t.portico, apiId, 'dev', '/pets')).status, 403)
    // an empty stage name creates no stage either
    await t.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: '' }))
    assert.deepEqual((await t.client.send(new GetStagesCommand({ restApiId: apiId }))).item, [])
  })

  it('with stageName: creates the stage, applies stage members, and the invoke URL serves it', async () => {
    const { apiId } = await seedApi(t.portico)
    const res = await t.client.send(
      new CreateDeploymentCommand({
        restApiId: apiId,
        stageName: 'dev',
        stageDescription: 'dev stage',
        variables: { v: 'one' },
        tracingEnabled: true,
        cacheClusterEnabled: true,
      }),
    )
    const stage = await t.client.send(new GetStageCommand({ restApiId: apiId, stageName: 'dev' }))
    assert.equal(stage.deploymentId, res.id)
    assert.equal(stage.description, 'dev stage')
    assert.deepEqual(stage.variables, { v: 'one' })
    assert.equal(stage.tracingEnabled, true)
    assert.equal(stage.cacheClusterEnabled, true)
    assert.equal(stage.cacheClusterSize, '0.5')
    assert.equal(stage.cacheClusterStatus, 'AVAILABLE')
    const served = await invoke(t.portico, apiId, 'dev', '/pets')
    assert.equal(served.status, 200)
    assert.deepEqual(JSON.parse(served.body), { pets: 'one' })
  })

  it('redeploying to a stage serves the new definition', async () => {
    const { apiId } = await seedApi(t.portico)
    await t.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'dev' }))
    assert.deepEqual(JSON.parse((await invoke(t.portico, apiId, 'dev', '/')).body), { root: true })
    await editApi(t.portico, apiId, (d) => {
      d.resources[0]!.resourceMethods!.GET!.methodIntegration!.integrationResponses!['200']!.responseTemplates = { 'application/json': '{"root": "v2"}' }
    })
    await t.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'dev' }))
    assert.deepEqual(JSON.parse((await invoke(t.portico, apiId, 'dev', '/')).body), { root: 'v2' })
  })

  it("refuses an API without methods with AWS's text", async () => {
    const { apiId } = await seedApi(t.portico)
    await editApi(t.portico, apiId, (d) => {
      for (const r of d.resources) delete r.resourceMethods
    })
    await rejects(() => t.client.send(new CreateDeploymentCommand({ restApiId: apiId })), 'BadRequestException', 400, "The REST API doesn't contain any methods")
  })

  it('refuses a method without integration', async () => {
    const { apiId } = await seedApi(t.portico)
    await editApi(t.portico, apiId, (d) => {
      delete d.resources[1]!.resourceMethods!.GET!.methodIntegration
    })
    await rejects(() => t.client.send(new CreateDeploymentCommand({ restApiId: apiId })), 'BadRequestException', 400, /No integration defined for method/)
  })

  it('unknown API: 404 with the account id', async () => {
    await rejects(() => t.client.send(new CreateDeploymentCommand({ restApiId: 'nope123456' })), 'NotFoundException', 404, 'Invalid API identifier specified 123456789012:nope123456')
  })

  it('canary: needs a stage name and an existing stage (AWS texts)', async () => {
    const { apiId } = await seedApi(t.portico)
    await rejects(
      () => t.client.send(new CreateDeploymentCommand({ restApiId: apiId, canarySettings: { percentTraffic: 10 } })),
      'BadRequestException',
      400,
      'Invalid deployment content specified.Non null and non empty stageName must be provided for canary deployment. Provided value is null',
    )
    await rejects(
      () => t.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'non-existing', canarySettings: { percentTraffic: 10 } })),
      'BadRequestException',
      400,
      'Invalid deployment content specified.Stage non-existing must already be created before making a canary release deployment',
    )
  })

  it("canary: the new deployment becomes the stage's canary; the stage keeps serving its own", async () => {
    const { apiId } = await seedApi(t.portico)
    const first = await t.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'dev', variables: { v: 'default' } }))
    const canary = await t.client.send(
      new CreateDeploymentCommand({ restApiId: apiId, stageName: 'dev', canarySettings: { percentTraffic: 50, stageVariableOverrides: { v: 'canary' } } }),
    )
    const stage = await t.client.send(new GetStageCommand({ restApiId: apiId, stageName: 'dev' }))
    assert.equal(stage.deploymentId, first.id)
    assert.deepEqual(stage.canarySettings, { deploymentId: canary.id, percentTraffic: 50, stageVariableOverrides: { v: 'canary' }, useStageCache: false })
  })
})

describe('GetDeployment(s), UpdateDeployment, DeleteDeployment', () => {
  it('get with ?embed=apisummary, list paged, update the description', async () => {
    const { apiId } = await seedApi(t.portico)
    const ids: string[] = []
    for (let i = 0; i < 3; i++) ids.push((await t.client.send(new CreateDeploymentCommand({ restApiId: apiId, description: `d${i}` }))).id!)
    const plain = await t.client.send(new GetDeploymentCommand({ restApiId: apiId, deploymentId: ids[0] }))
    assert.equal(plain.apiSummary, undefined)
    assert.equal(plain.description, 'd0')
    const embedded = await t.client.send(new GetDeploymentCommand({ restApiId: apiId, deploymentId: ids[0], embed: ['apisummary'] }))
    assert.deepEqual(embedded.apiSummary, {
      '/': { GET: { authorizationType: 'NONE', apiKeyRequired: false } },
      '/pets': { GET: { authorizationType: 'NONE', apiKeyRequired: false } },
      '/pets/{petId}': { GET: { authorizationType: 'NONE', apiKeyRequired: false } },
    })
    const page1 = await t.client.send(new GetDeploymentsCommand({ restApiId: apiId, limit: 2 }))
    assert.deepEqual(
      page1.items!.map((d) => d.id),
      ids.slice(0, 2),
    )
    assert.ok(page1.position)
    const page2 = await t.client.send(new GetDeploymentsCommand({ restApiId: apiId, limit: 2, position: page1.position }))
    assert.deepEqual(
      page2.items!.map((d) => d.id),
      ids.slice(2),
    )
    assert.equal(page2.position, undefined)
    const updated = await t.client.send(
      new UpdateDeploymentCommand({ restApiId: apiId, deploymentId: ids[1], patchOperations: [{ op: 'replace', path: '/description', value: 'renamed' }] }),
    )
    assert.equal(updated.description, 'renamed')
    assert.equal((await t.client.send(new GetDeploymentCommand({ restApiId: apiId, deploymentId: ids[1] }))).description, 'renamed')
    await rejects(
      () => t.client.send(new UpdateDeploymentCommand({ restApiId: apiId, deploymentId: ids[1], patchOperations: [{ op: 'replace', path: '/id', value: 'x' }] })),
      'BadRequestException',
      400,
      "Invalid patch path  '/id' specified for op 'replace'. Must be one of: [/description]",
    )
  })

  it("delete: 400 while a stage points at it (AWS's text), 202 once it is free, then 404", async () => {
    const { apiId } = await seedApi(t.portico)
    const d = await t.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'dev' }))
    await rejects(
      () => t.client.send(new DeleteDeploymentCommand({ restApiId: apiId, deploymentId: d.id })),
      'BadRequestException',
      400,
      'Active stages pointing to this deployment must be moved or deleted',
    )
    await t.client.send(new DeleteStageCommand({ restApiId: apiId, stageName: 'dev' }))
    const deleted = await t.client.send(new DeleteDeploymentCommand({ restApiId: apiId, deploymentId: d.id }))
    assert.equal(deleted.$metadata.httpStatusCode, 202)
    await rejects(() => t.client.send(new GetDeploymentCommand({ restApiId: apiId, deploymentId: d.id })), 'NotFoundException', 404, 'Invalid Deployment identifier specified')
    await rejects(() => t.client.send(new DeleteDeploymentCommand({ restApiId: apiId, deploymentId: d.id })), 'NotFoundException', 404, 'Invalid Deployment identifier specified')
  })

  it("a canary's deployment is in use too", async () => {
    const { apiId } = await seedApi(t.portico)
    const first = await t.client.send(new CreateDeploymentCommand({ restApiId: apiId }))
    const second = await t.client.send(new CreateDeploymentCommand({ restApiId: apiId }))
    await t.client.send(
      new CreateStageCommand({ restApiId: apiId, stageName: 'dev', deploymentId: first.id, canarySettings: { deploymentId: second.id, percentTraffic: 10 } }),
    )
    await rejects(
      () => t.client.send(new DeleteDeploymentCommand({ restApiId: apiId, deploymentId: second.id })),
      'BadRequestException',
      400,
      'Active stages pointing to this deployment must be moved or deleted',
    )
  })
})
