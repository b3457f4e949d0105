/**
 * apigatewayv2 stages and deployments through the SDK: auto-deploy (a new deployment flagged
 * autoDeployed on every change of the API, and the stage pointed at it, announced to the data
 * plane's watchers), CreateDeployment's snapshot, route settings, access logs, AWS's texts.
 */
import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import {
  CreateApiCommand,
  CreateDeploymentCommand,
  CreateRouteCommand,
  CreateStageCommand,
  DeleteAccessLogSettingsCommand,
  DeleteDeploymentCommand,
  DeleteRouteSettingsCommand,
  DeleteStageCommand,
  GetDeploymentCommand,
  GetDeploymentsCommand,
  GetStageCommand,
  GetStagesCommand,
  ResetAuthorizersCacheCommand,
  TagResourceCommand,
  UpdateDeploymentCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-apigatewayv2'
import type { StoreChange } from '../../src/control/store/store.ts'
import type { HttpApiDefinition } from '../../src/model/index.ts'
import { sdkError } from './harness.ts'
import { LAMBDA_ARN, useV2Harness } from './v2-harness.ts'

const h = useV2Harness()

const newApi = async (name: string): Promise<string> => (await h.v2.send(new CreateApiCommand({ Name: name, ProtocolType: 'HTTP' }))).ApiId!

describe('CreateDeployment', () => {
  it('refuses an API without routes with AWS\'s text, then snapshots the API and points the stage named at it', async () => {
    const apiId = await newApi('deploy')
    const error = await sdkError(() => h.v2.send(new CreateDeploymentCommand({ ApiId: apiId })))
    assert.equal(error.name, 'BadRequestException')
    assert.equal(error.message, 'Unable to deploy API because no routes exist in this API')
    await h.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /one' }))
    const stage = await h.v2.send(new CreateStageCommand({ ApiId: apiId, StageName: 'prod' }))
    assert.equal(stage.DeploymentId, undefined)
    assert.deepEqual([stage.AutoDeploy, stage.DefaultRouteSettings, stage.RouteSettings, stage.StageVariables, stage.Tags], [false, { DetailedMetricsEnabled: false }, {}, {}, {}])
    const deployment = await h.v2.send(new CreateDeploymentCommand({ ApiId: apiId, StageName: 'prod', Description: 'first' }))
    assert.match(deployment.DeploymentId!, /^[a-z0-9]{6}$/)
    assert.deepEqual([deployment.AutoDeployed, deployment.DeploymentStatus, deployment.Description], [false, 'DEPLOYED', 'first'])
    assert.equal((await h.v2.send(new GetStageCommand({ ApiId: apiId, StageName: 'prod' }))).DeploymentId, deployment.DeploymentId)
    // the snapshot is the API as it was: a later route is not in it
    await h.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /two' }))
    const snapshot = (await h.portico.store.getDeploymentSnapshot(apiId, deployment.DeploymentId!)) as HttpApiDefinition
    assert.deepEqual(snapshot.routes.map((r) => r.routeKey), ['GET /one'])
    const unknownStage = await sdkError(() => h.v2.send(new CreateDeploymentCommand({ ApiId: apiId, StageName: 'nope' })))
    assert.equal(unknownStage.name, 'NotFoundException')
    assert.equal((await h.v2.send(new GetDeploymentsCommand({ ApiId: apiId }))).Items!.length, 1, 'nothing half-written')
  })

  it('updates a description, refuses to delete a deployment a stage serves, deletes one none does', async () => {
    const apiId = await newApi('deployments')
    await h.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: '$default' }))
    await h.v2.send(new CreateStageCommand({ ApiId: apiId, StageName: 'dev' }))
    const served = await h.v2.send(new CreateDeploymentCommand({ ApiId: apiId, StageName: 'dev' }))
    const spare = await h.v2.send(new CreateDeploymentCommand({ ApiId: apiId }))
    assert.equal((await h.v2.send(new UpdateDeploymentCommand({ ApiId: apiId, DeploymentId: spare.DeploymentId, Description: 'spare' }))).Description, 'spare')
    assert.equal((await h.v2.send(new GetDeploymentCommand({ ApiId: apiId, DeploymentId: spare.DeploymentId }))).Description, 'spare')
    const inUse = await sdkError(() => h.v2.send(new DeleteDeploymentCommand({ ApiId: apiId, DeploymentId: served.DeploymentId })))
    assert.equal(inUse.name, 'BadRequestException')
    await h.v2.send(new DeleteDeploymentCommand({ ApiId: apiId, DeploymentId: spare.DeploymentId }))
    const gone = await sdkError(() => h.v2.send(new GetDeploymentCommand({ ApiId: apiId, DeploymentId: spare.DeploymentId })))
    assert.equal(gone.name, 'NotFoundException')
    assert.equal(gone.message, `Invalid Deployment identifier specified ${spare.DeploymentId}`)
  })
})

describe('auto-deploy', () => {
  it('a stage with autoDeploy is deployed on creation and after every change of the API, each change announced', async () => {
    const apiId = await newApi('auto')
    await h.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /a' }))
    const seen: StoreChange[] = []
    const unwatch = h.portico.store.watch((change) => seen.push(change))
    try {
      const stage = await h.v2.send(new CreateStageCommand({ ApiId: apiId, StageName: '$default', AutoDeploy: true }))
      assert.ok(stage.DeploymentId)
      assert.equal(stage.LastDeploymentStatusMessage, `Successfully deployed stage with deployment ID '${stage.DeploymentId}'`)
      await h.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /b' }))
      const after = await h.v2.send(new GetStageCommand({ ApiId: apiId, StageName: '$default' }))
      assert.notEqual(after.DeploymentId, stage.DeploymentId)
      const deployments = (await h.v2.send(new GetDeploymentsCommand({ ApiId: apiId }))).Items!
      assert.deepEqual(deployments.map((d) => [d.DeploymentId, d.AutoDeployed, d.Description]), [
        [stage.DeploymentId, true, 'Automatic deployment triggered by changes to the Api configuration'],
        [after.DeploymentId, true, 'Automatic deployment triggered by changes to the Api configuration'],
      ])
      const served = (await h.portico.store.getDeploymentSnapshot(apiId, after.DeploymentId!)) as HttpApiDefinition
      assert.deepEqual(served.routes.map((r) => r.routeKey), ['GET /a', 'GET /b'])
      // tags are not configuration: tagging the API deploys nothing
      await h.v2.send(new TagResourceCommand({ ResourceArn: `arn:aws:apigateway:us-east-1::/apis/${apiId}`, Tags: { a: 'b' } }))
      assert.equal((await h.v2.send(new GetDeploymentsCommand({ ApiId: apiId }))).Items!.length, 2)
    } finally {
      unwatch()
    }
    const stageChanges = seen.filter((c) => c.kind === 'stage' && c.apiId === apiId)
    assert.equal(stageChanges.length, 2)
    assert.ok(stageChanges.every((c) => c.kind === 'stage' && c.stageName === '$default' && c.deploymentId !== undefined))
  })

  it('an API without routes is not auto-deployed; the stage says why', async () => {
    const apiId = await newApi('auto-empty')
    const stage = await h.v2.send(new CreateStageCommand({ ApiId: apiId, StageName: 'dev', AutoDeploy: true }))
    assert.equal(stage.DeploymentId, undefined)
    assert.equal(stage.LastDeploymentStatusMessage, 'Unable to deploy API because no routes exist in this API')
    assert.deepEqual((await h.v2.send(new GetDeploymentsCommand({ ApiId: apiId }))).Items, [])
  })

  it('turning autoDeploy on deploys the API as it is', async () => {
    const apiId = await newApi('auto-on')
    await h.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /a' }))
    await h.v2.send(new CreateStageCommand({ ApiId: apiId, StageName: 'dev' }))
    const on = await h.v2.send(new UpdateStageCommand({ ApiId: apiId, StageName: 'dev', AutoDeploy: true }))
    assert.equal(on.AutoDeploy, true)
    assert.ok(on.DeploymentId)
  })
})

describe('stages', () => {
  let apiId: string
  before(async () => {
    apiId = await newApi('stages')
    await h.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /pets' }))
  })

  it('keeps route settings, variables and access logs; partial updates keep the rest', async () => {
    const created = await h.v2.send(
      new CreateStageCommand({
        ApiId: apiId,
        StageName: 'beta',
        Description: 'b',
        StageVariables: { backend: 'b.example' },
        DefaultRouteSettings: { ThrottlingBurstLimit: 10, ThrottlingRateLimit: 5.5 },
        RouteSettings: { 'GET /pets': { DetailedMetricsEnabled: true } },
        AccessLogSettings: { DestinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:x', Format: '$context.requestId $context.status' },
        Tags: { team: 'a' },
      }),
    )
    assert.deepEqual(created.DefaultRouteSettings, { DetailedMetricsEnabled: false, ThrottlingBurstLimit: 10, ThrottlingRateLimit: 5.5 })
    assert.deepEqual(created.RouteSettings, { 'GET /pets': { DetailedMetricsEnabled: true } })
    assert.deepEqual(created.Tags, { team: 'a' })
    const updated = await h.v2.send(new UpdateStageCommand({ ApiId: apiId, StageName: 'beta', Description: 'changed' }))
    assert.equal(updated.Description, 'changed')
    assert.deepEqual(updated.StageVariables, { backend: 'b.example' })
    assert.equal(updated.AccessLogSettings?.Format, '$context.requestId $context.status')
    await h.v2.send(new DeleteRouteSettingsCommand({ ApiId: apiId, StageName: 'beta', RouteKey: 'GET /pets' }))
    await h.v2.send(new DeleteAccessLogSettingsCommand({ ApiId: apiId, StageName: 'beta' }))
    const read = await h.v2.send(new GetStageCommand({ ApiId: apiId, StageName: 'beta' }))
    assert.deepEqual(read.RouteSettings, {})
    assert.equal(read.AccessLogSettings, undefined)
    assert.ok(read.LastUpdatedDate instanceof Date)
    await h.v2.send(new ResetAuthorizersCacheCommand({ ApiId: apiId, StageName: 'beta' }))
    assert.deepEqual((await h.v2.send(new GetStagesCommand({ ApiId: apiId }))).Items!.map((s) => s.StageName), ['beta'])
    await h.v2.send(new DeleteStageCommand({ ApiId: apiId, StageName: 'beta' }))
    assert.deepEqual((await h.v2.send(new GetStagesCommand({ ApiId: apiId }))).Items, [])
  })

  it('refuses with AWS\'s texts where known', async () => {
    const cases: Array<[() => Promise<unknown>, string, RegExp | string]> = [
      [() => h.v2.send(new CreateStageCommand({ ApiId: apiId, StageName: 'x', RouteSettings: { 'GET /some-route': {} } })), 'NotFoundException', 'Unable to find Route by key GET /some-route within the provided RouteSettings'],
      [() => h.v2.send(new CreateStageCommand({ ApiId: apiId, StageName: 'bad name' })), 'BadRequestException', /Stage name only allows/],
      [() => h.v2.send(new CreateStageCommand({ ApiId: apiId, StageName: 'x', DeploymentId: 'nope12' })), 'NotFoundException', 'Invalid Deployment identifier specified nope12'],
      [() => h.v2.send(new CreateStageCommand({ ApiId: apiId, StageName: 'x', DefaultRouteSettings: { LoggingLevel: 'INFO' } })), 'BadRequestException', 'Execution logs are not supported on protocolType HTTP'],
      [() => h.v2.send(new CreateStageCommand({ ApiId: apiId, StageName: 'x', AccessLogSettings: { Format: '$context.status' } })), 'BadRequestException', /must contain at least \$context\.requestId/],
      [() => h.v2.send(new CreateStageCommand({ ApiId: apiId, StageName: 'x', StageVariables: { 'a-b': 'c' } })), 'BadRequestException', /Stage variable name/],
      [() => h.v2.send(new GetStageCommand({ ApiId: apiId, StageName: 'nope' })), 'NotFoundException', 'Invalid stage identifier specified nope'],
      [() => h.v2.send(new ResetAuthorizersCacheCommand({ ApiId: apiId, StageName: 'nope' })), 'NotFoundException', 'Invalid stage identifier specified nope'],
    ]
    for (const [send, name, message] of cases) {
      const error = await sdkError(send)
      assert.equal(error.name, name, error.message)
      if (typeof message === 'string') assert.equal(error.message, message)
      else assert.match(error.message, message)
    }
    assert.deepEqual((await h.v2.send(new GetStagesCommand({ ApiId: apiId }))).Items, [], 'nothing half-written')
    await h.v2.send(new CreateStageCommand({ ApiId: apiId, StageName: 'once' }))
    assert.equal((await sdkError(() => h.v2.send(new CreateStageCommand({ ApiId: apiId, StageName: 'once' })))).name, 'ConflictException')
  })

  it('quick create\'s $default stage cannot be changed or deleted', async () => {
    const quick = await h.v2.send(new CreateApiCommand({ Name: 'managed-stage', ProtocolType: 'HTTP', Target: LAMBDA_ARN }))
    for (const send of [
      () => h.v2.send(new UpdateStageCommand({ ApiId: quick.ApiId, StageName: '$default', Description: 'x' })),
      () => h.v2.send(new DeleteStageCommand({ ApiId: quick.ApiId, StageName: '$default' })),
    ]) {
      const error = await sdkError(send)
      assert.equal(error.name, 'BadRequestException')
      assert.match(error.message, /managed by API Gateway/)
    }
  })
})
