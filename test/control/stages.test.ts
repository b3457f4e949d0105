import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  CreateDeploymentCommand,
  CreateDocumentationVersionCommand,
  CreateStageCommand,
  DeleteStageCommand,
  FlushStageAuthorizersCacheCommand,
  FlushStageCacheCommand,
  GetStageCommand,
  GetStagesCommand,
  UpdateStageCommand,
  type PatchOperation,
} from '@aws-sdk/client-api-gateway'
import { editApi, invoke, rejects, seedApi, useTestPortico } from './stages-harness.ts'

const t = useTestPortico()

const update = (restApiId: string, patchOperations: PatchOperation[], stageName = 'dev') =>
  t.client.send(new UpdateStageCommand({ restApiId, stageName, patchOperations }))

/** An API with deployment `first` serving `{"pets": "<v>"}` and `second` serving `{"second": "<v>"}`. */
async function twoDeployments() {
  const seeded = await seedApi(t.portico)
  const { apiId } = seeded
  const first = await t.client.send(new CreateDeploymentCommand({ restApiId: apiId }))
  await editApi(t.portico, apiId, (d) => {
    d.resources[1]!.resourceMethods!.GET!.methodIntegration!.integrationResponses!['200']!.responseTemplates = { 'application/json': '{"second": "$stageVariables.v"}' }
  })
  const second = await t.client.send(new CreateDeploymentCommand({ restApiId: apiId }))
  return { ...seeded, first: first.id!, second: second.id! }
}

const ALL_PATHS_TEXT =
  '[/deploymentId, /description, /cacheClusterEnabled, /cacheClusterSize, /clientCertificateId, /accessLogSettings, /accessLogSettings/destinationArn, /accessLogSettings/format, /{resourcePath}/{httpMethod}/metrics/enabled, /{resourcePath}/{httpMethod}/logging/dataTrace, /{resourcePath}/{httpMethod}/logging/loglevel, /{resourcePath}/{httpMethod}/throttling/burstLimit/{resourcePath}/{httpMethod}/throttling/rateLimit/{resourcePath}/{httpMethod}/caching/ttlInSeconds, /{resourcePath}/{httpMethod}/caching/enabled, /{resourcePath}/{httpMethod}/caching/dataEncrypted, /{resourcePath}/{httpMethod}/caching/requireAuthorizationForCacheControl, /{resourcePath}/{httpMethod}/caching/unauthorizedCacheControlHeaderStrategy, /*/*/metrics/enabled, /*/*/logging/dataTrace, /*/*/logging/loglevel, /*/*/throttling/burstLimit /*/*/throttling/rateLimit /*/*/caching/ttlInSeconds, /*/*/caching/enabled, /*/*/caching/dataEncrypted, /*/*/caching/requireAuthorizationForCacheControl, /*/*/caching/unauthorizedCacheControlHeaderStrategy, /variables/{variable_name}, /tracingEnabled]'

describe('CreateStage, GetStage(s), DeleteStage', () => {
  it("creates with AWS's shape (201), lists, filters by deployment, deletes (202)", async () => {
    const { apiId, first, second } = await twoDeployments()
    // a stage's documentation version must exist
    await t.client.send(new CreateDocumentationVersionCommand({ restApiId: apiId, documentationVersion: 'v1' }))
    const created = await t.client.send(
      new CreateStageCommand({ restApiId: apiId, stageName: 'dev', deploymentId: first, description: 'my stage', variables: { v: 'a' }, documentationVersion: 'v1' }),
    )
    assert.equal(created.$metadata.httpStatusCode, 201)
    const { $metadata, createdDate, lastUpdatedDate, ...shape } = created
    void $metadata
    assert.ok(createdDate instanceof Date && lastUpdatedDate instanceof Date)
    assert.deepEqual(shape, {
      stageName: 'dev',
      deploymentId: first,
      description: 'my stage',
      cacheClusterEnabled: false,
      cacheClusterStatus: 'NOT_AVAILABLE',
      methodSettings: {},
      variables: { v: 'a' },
      documentationVersion: 'v1',
      tracingEnabled: false,
    })
    assert.deepEqual(JSON.parse((await invoke(t.portico, apiId, 'dev', '/pets')).body), { pets: 'a' })
    await t.client.send(new CreateStageCommand({ restApiId: apiId, stageName: 'prod', deploymentId: second }))
    const all = await t.client.send(new GetStagesCommand({ restApiId: apiId }))
    assert.deepEqual(
      all.item!.map((s) => s.stageName),
      ['dev', 'prod'],
    )
    const filtered = await t.client.send(new GetStagesCommand({ restApiId: apiId, deploymentId: second }))
    assert.deepEqual(
      filtered.item!.map((s) => s.stageName),
      ['prod'],
    )
    await rejects(() => t.client.send(new CreateStageCommand({ restApiId: apiId, stageName: 'dev', deploymentId: first })), 'ConflictException', 409, 'Stage already exists')
    await rejects(
      () => t.client.send(new CreateStageCommand({ restApiId: apiId, stageName: 'x', deploymentId: 'missing' })),
      'NotFoundException',
      404,
      'Invalid Deployment identifier specified',
    )
    const deleted = await t.client.send(new DeleteStageCommand({ restApiId: apiId, stageName: 'dev' }))
    assert.equal(deleted.$metadata.httpStatusCode, 202)
    assert.equal((await invoke(t.portico, apiId, 'dev', '/pets')).status, 403)
    await rejects(() => t.client.send(new GetStageCommand({ restApiId: apiId, stageName: 'dev' })), 'NotFoundException', 404, 'Invalid Stage identifier specified')
    await rejects(() => t.client.send(new DeleteStageCommand({ restApiId: apiId, stageName: 'dev' })), 'NotFoundException', 404, 'Invalid Stage identifier specified')
  })

  it('a canary given at creation defaults to the stage deployment; an unknown canary deployment is refused', async () => {
    const { apiId, first, second } = await twoDeployments()
    const created = await t.client.send(
      new CreateStageCommand({ restApiId: apiId, stageName: 'dev', deploymentId: first, canarySettings: { percentTraffic: 40, stageVariableOverrides: { v: 'c' } } }),
    )
    assert.deepEqual(created.canarySettings, { deploymentId: first, percentTraffic: 40, stageVariableOverrides: { v: 'c' }, useStageCache: false })
    const other = await t.client.send(new CreateStageCommand({ restApiId: apiId, stageName: 'two', deploymentId: first, canarySettings: { deploymentId: second } }))
    assert.equal(other.canarySettings?.deploymentId, second)
    await rejects(
      () => t.client.send(new CreateStageCommand({ restApiId: apiId, stageName: 'three', deploymentId: first, canarySettings: { deploymentId: 'deploy' } })),
      'BadRequestException',
      400,
      'Deployment id does not exist',
    )
  })

  it('FlushStageCache and FlushStageAuthorizersCache: 202 for a stage, 404 otherwise', async () => {
    const { apiId, first } = await twoDeployments()
    await t.client.send(new CreateStageCommand({ restApiId: apiId, stageName: 'dev', deploymentId: first }))
    assert.equal((await t.client.send(new FlushStageCacheCommand({ restApiId: apiId, stageName: 'dev' }))).$metadata.httpStatusCode, 202)
    assert.equal((await t.client.send(new FlushStageAuthorizersCacheCommand({ restApiId: apiId, stageName: 'dev' }))).$metadata.httpStatusCode, 202)
    await rejects(() => t.client.send(new FlushStageCacheCommand({ restApiId: apiId, stageName: 'nope' })), 'NotFoundException', 404, 'Invalid Stage identifier specified')
  })
})

describe('UpdateStage', () => {
  it('rollback: replace /deploymentId changes what the invoke URL serves; an unknown id is refused', async () => {
    const { apiId, first, second } = await twoDeployments()
    await t.client.send(new CreateStageCommand({ restApiId: apiId, stageName: 'dev', deploymentId: second, variables: { v: 'x' } }))
    assert.deepEqual(JSON.parse((await invoke(t.portico, apiId, 'dev', '/pets')).body), { second: 'x' })
    const rolled = await update(apiId, [{ op: 'replace', path: '/deploymentId', value: first }])
    assert.equal(rolled.deploymentId, first)
    assert.deepEqual(JSON.parse((await invoke(t.portico, apiId, 'dev', '/pets')).body), { pets: 'x' })
    await rejects(() => update(apiId, [{ op: 'replace', path: '/deploymentId', value: 'nope' }]), 'BadRequestException', 400, 'Deployment id does not exist')
  })

  it('stage variables: add, replace, remove — and templates see them', async () => {
    const { apiId, first } = await twoDeployments()
    await t.client.send(new CreateStageCommand({ restApiId: apiId, stageName: 'dev', deploymentId: first }))
    let stage = await update(apiId, [
      { op: 'add', path: '/variables/v', value: 'one' },
      { op: 'replace', path: '/variables/w', value: 'two' },
    ])
    assert.deepEqual(stage.variables, { v: 'one', w: 'two' })
    assert.deepEqual(JSON.parse((await invoke(t.portico, apiId, 'dev', '/pets')).body), { pets: 'one' })
    stage = await update(apiId, [{ op: 'replace', path: '/variables/v', value: 'changed' }])
    assert.deepEqual(JSON.parse((await invoke(t.portico, apiId, 'dev', '/pets')).body), { pets: 'changed' })
    stage = await update(apiId, [
      { op: 'remove', path: '/variables/v' },
      { op: 'remove', path: '/variables/w' },
    ])
    assert.equal(stage.variables, undefined)
    assert.deepEqual(JSON.parse((await invoke(t.portico, apiId, 'dev', '/pets')).body), { pets: '' })
  })

  it('plain members: description, tracing, cache cluster, access logs', async () => {
    const { apiId, first } = await twoDeployments()
    await t.client.send(new CreateStageCommand({ restApiId: apiId, stageName: 'dev', deploymentId: first }))
    const stage = await update(apiId, [
      { op: 'replace', path: '/description', value: 'new' },
      { op: 'replace', path: '/tracingEnabled', value: 'true' },
      { op: 'replace', path: '/cacheClusterEnabled', value: 'true' },
      { op: 'replace', path: '/cacheClusterSize', value: '1.6' },
      { op: 'replace', path: '/accessLogSettings/destinationArn', value: 'arn:aws:logs:us-east-1:123456789012:log-group:g' },
      { op: 'replace', path: '/accessLogSettings/format', value: '$context.requestId' },
    ])
    assert.equal(stage.description, 'new')
    assert.equal(stage.tracingEnabled, true)
    assert.equal(stage.cacheClusterEnabled, true)
    assert.equal(stage.cacheClusterSize, '1.6')
    assert.deepEqual(stage.accessLogSettings, { destinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:g', format: '$context.requestId' })
    await rejects(
      () => update(apiId, [{ op: 'replace', path: '/accessLogSettings/other', value: 'x' }]),
      'BadRequestException',
      400,
      'Invalid accessLogSettings path. Must be one of : [/accessLogSettings/destinationArn, /accessLogSettings/format]',
    )
    await rejects(() => update(apiId, [{ op: 'replace', path: '/accessLogSettings/format', value: '' }]), 'BadRequestException', 400, 'Access Log value must not be empty')
    await rejects(
      () => update(apiId, [{ op: 'replace', path: '/accessLogSettings/format', value: '$context.httpMethod $context.requestIdentity' }]),
      'BadRequestException',
      400,
      "Access Log format must include either $context.requestId or $context.extendedRequestId : '$context.httpMethod $context.requestIdentity'",
    )
    await rejects(
      () => update(apiId, [{ op: 'replace', path: '/accessLogSettings/format', value: '{"id":"$context.requestId",\n"s":"$context.status"}' }]),
      'BadRequestException',
      400,
      'Access Log format must be single line, new line character is allowed only at end of the format: \'{"id":"$context.requestId",\n"s":"$context.status"}\'',
    )
    // a newline at the very end is allowed, and the extended id alone is enough
    const ended = await update(apiId, [{ op: 'replace', path: '/accessLogSettings/format', value: '$context.extendedRequestId $context.status\n' }])
    assert.equal(ended.accessLogSettings?.format, '$context.extendedRequestId $context.status\n')
    await rejects(
      () => update(apiId, [{ op: 'remove', path: '/accessLogSettings/destinationArn' }]),
      'BadRequestException',
      400,
      'Cannot remove method setting accessLogSettings/destinationArn because there is no method setting for this method ',
    )
    const removed = await update(apiId, [{ op: 'remove', path: '/accessLogSettings' }])
    assert.equal(removed.accessLogSettings, undefined)
  })

  it("method settings: AWS's keys and defaults, new keys start from */*, remove */*", async () => {
    const { apiId, first } = await twoDeployments()
    await t.client.send(new CreateStageCommand({ restApiId: apiId, stageName: 'dev', deploymentId: first }))
    await rejects(() => update(apiId, [{ op: 'remove', path: '/*/*' }]), 'BadRequestException', 400, 'Cannot remove method setting */* because there is no method setting for this method ')
    const stage = await update(apiId, [
      { op: 'replace', path: '/*/*/throttling/burstLimit', value: '123' },
      { op: 'replace', path: '/*/*/caching/enabled', value: 'true' },
      { op: 'replace', path: '/pets/GET/throttling/burstLimit', value: '124' },
      { op: 'replace', path: '/pets/{petId}/GET/logging/loglevel', value: 'INFO' },
      { op: 'replace', path: '/pets/{petId}/GET/throttling/rateLimit', value: '2.5' },
      { op: 'replace', path: '/~1/GET/metrics/enabled', value: 'true' },
    ])
    const common = {
      cacheDataEncrypted: false,
      cacheTtlInSeconds: 300,
      cachingEnabled: true,
      dataTraceEnabled: false,
      metricsEnabled: false,
      requireAuthorizationForCacheControl: true,
      throttlingBurstLimit: 123,
      throttlingRateLimit: 10000,
      unauthorizedCacheControlHeaderStrategy: 'SUCCEED_WITH_RESPONSE_HEADER',
    }
    // keys as AWS shows them: the path text as written (the root is `~1/GET`); an unset log level is not shown
    assert.deepEqual(stage.methodSettings, {
      '*/*': common,
      'pets/GET': { ...common, throttlingBurstLimit: 124 },
      'pets/{petId}/GET': { ...common, loggingLevel: 'INFO', throttlingRateLimit: 2.5 },
      '~1/GET': { ...common, metricsEnabled: true },
    })
    const afterRemove = await update(apiId, [
      { op: 'remove', path: '/*/*' },
      { op: 'remove', path: '/pets/GET' },
      { op: 'remove', path: '/~1/GET' },
    ])
    assert.deepEqual(Object.keys(afterRemove.methodSettings!), ['pets/{petId}/GET'])
    // a key created with no */* starts from AWS's defaults
    const fresh = await update(apiId, [{ op: 'replace', path: '/pets/POST/caching/enabled', value: 'false' }])
    assert.deepEqual(fresh.methodSettings!['pets/POST'], { ...common, cachingEnabled: false, throttlingBurstLimit: 5000 })
    await rejects(() => update(apiId, [{ op: 'replace', path: '/*/*/caching/ttlInSeconds', value: '4000' }]), 'BadRequestException', 400)
  })

  it("invalid paths answer AWS's full list", async () => {
    const { apiId, first } = await twoDeployments()
    await t.client.send(new CreateStageCommand({ restApiId: apiId, stageName: 'dev', deploymentId: first }))
    for (const path of ['/documentation_version', '/tags/tag1', '/canarySettings/badPath']) {
      await rejects(() => update(apiId, [{ op: 'replace', path, value: '1' }]), 'BadRequestException', 400, `Invalid method setting path: ${path}. Must be one of: ${ALL_PATHS_TEXT}`)
    }
    // a failing operation leaves the stage as it was
    await rejects(
      () =>
        update(apiId, [
          { op: 'replace', path: '/description', value: 'changed' },
          { op: 'replace', path: '/nope', value: '1' },
        ]),
      'BadRequestException',
      400,
    )
    assert.equal((await t.client.send(new GetStageCommand({ restApiId: apiId, stageName: 'dev' }))).description, undefined)
  })

  it('canary: created by a replace, promoted with copy ops, removed', async () => {
    const { apiId, first, second } = await twoDeployments()
    await t.client.send(new CreateStageCommand({ restApiId: apiId, stageName: 'dev', deploymentId: first, variables: { v: 'stable', keep: 'k' } }))
    await rejects(
      () => update(apiId, [{ op: 'copy', from: '/canarySettings/deploymentId', path: '/deploymentId' }]),
      'BadRequestException',
      400,
      'Promotion not available. Canary does not exist.',
    )
    let stage = await update(apiId, [{ op: 'replace', path: '/canarySettings/percentTraffic', value: '25' }])
    assert.deepEqual(stage.canarySettings, { deploymentId: first, percentTraffic: 25, useStageCache: false })
    stage = await update(apiId, [
      { op: 'replace', path: '/canarySettings/deploymentId', value: second },
      { op: 'replace', path: '/canarySettings/stageVariableOverrides/v', value: 'canary' },
    ])
    assert.deepEqual(stage.canarySettings, { deploymentId: second, percentTraffic: 25, stageVariableOverrides: { v: 'canary' }, useStageCache: false })
    await rejects(
      () => update(apiId, [{ op: 'replace', path: '/canarySettings/deploymentId', value: 'nope' }]),
      'BadRequestException',
      400,
      'Deployment id does not exist',
    )
    await rejects(() => update(apiId, [{ op: 'add', path: '/canarySettings/deploymentId', value: second }]), 'BadRequestException', 400, 'Invalid add operation with path: /canarySettings/deploymentId')
    await rejects(
      () => update(apiId, [{ op: 'remove', path: '/canarySettings/stageVariableOverrides' }]),
      'BadRequestException',
      400,
      'Cannot remove method setting canarySettings/stageVariableOverrides because there is no method setting for this method ',
    )
    await rejects(
      () => update(apiId, [{ op: 'copy', from: '/variables', path: '/canarySettings/stageVariableOverrides' }]),
      'BadRequestException',
      400,
      'Invalid copy operation with path: /canarySettings/stageVariableOverrides and from /variables. Valid copy:path are [/deploymentId, /variables] and valid copy:from are [/canarySettings/deploymentId, /canarySettings/stageVariableOverrides]',
    )
    // promotion, as the console does it
    stage = await update(apiId, [
      { op: 'replace', path: '/canarySettings/percentTraffic', value: '0.0' },
      { op: 'copy', from: '/canarySettings/stageVariableOverrides', path: '/variables' },
      { op: 'copy', from: '/canarySettings/deploymentId', path: '/deploymentId' },
    ])
    assert.equal(stage.deploymentId, second)
    assert.deepEqual(stage.variables, { v: 'canary', keep: 'k' })
    assert.deepEqual(stage.canarySettings, { deploymentId: second, percentTraffic: 0, stageVariableOverrides: { v: 'canary' }, useStageCache: false })
    assert.deepEqual(JSON.parse((await invoke(t.portico, apiId, 'dev', '/pets')).body), { second: 'canary' })
    stage = await update(apiId, [{ op: 'remove', path: '/canarySettings' }])
    assert.equal(stage.canarySettings, undefined)
    assert.equal((await t.client.send(new GetStageCommand({ restApiId: apiId, stageName: 'dev' }))).canarySettings, undefined)
  })

  it('concurrent updates of one stage all land', async () => {
    const { apiId, first } = await twoDeployments()
    await t.client.send(new CreateStageCommand({ restApiId: apiId, stageName: 'dev', deploymentId: first }))
    const names = Array.from({ length: 20 }, (_, i) => `v${i}`)
    await Promise.all(names.map((n) => update(apiId, [{ op: 'replace', path: `/variables/${n}`, value: n }])))
    const stage = await t.client.send(new GetStageCommand({ restApiId: apiId, stageName: 'dev' }))
    assert.deepEqual(Object.keys(stage.variables ?? {}).sort(), [...names].sort())
  })

  it('every change is announced on the change feed', async () => {
    const { apiId, first, second } = await twoDeployments()
    const seen: Array<string | undefined> = []
    const unsubscribe = t.portico.store.watch((c) => {
      if (c.kind === 'stage' && c.apiId === apiId) seen.push(c.deploymentId)
    })
    try {
      await t.client.send(new CreateStageCommand({ restApiId: apiId, stageName: 'dev', deploymentId: first }))
      await update(apiId, [{ op: 'replace', path: '/deploymentId', value: second }])
      await update(apiId, [{ op: 'replace', path: '/variables/v', value: '1' }])
      await t.client.send(new DeleteStageCommand({ restApiId: apiId, stageName: 'dev' }))
    } finally {
      unsubscribe()
    }
    assert.deepEqual(seen, [first, second, second, undefined])
  })
})
