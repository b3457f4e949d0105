import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { HttpApiDefinition, V2Deployment, V2Stage, WebSocketApiDefinition } from '../../src/model/index.ts'
import { type StoreChange, StoreConflictError } from '../../src/control/store/store.ts'
import { deployment, minimalDefinition, stage, storePerCase, type OpenedStore } from './store-fixtures.ts'

export function httpApi(apiId: string, name = `http ${apiId}`): HttpApiDefinition {
  return {
    protocol: 'HTTP',
    api: { apiId, name, protocolType: 'HTTP', createdDate: 1_700_000_000, disableExecuteApiEndpoint: false },
    routes: [],
    integrations: [],
    authorizers: [],
    models: [],
    routeResponses: {},
    integrationResponses: {},
  }
}

/** An HTTP API with one of each part, every optional field that HTTP APIs use filled. */
export function richHttpApi(apiId: string): HttpApiDefinition {
  return {
    protocol: 'HTTP',
    api: {
      apiId,
      name: 'pets ✓',
      protocolType: 'HTTP',
      createdDate: 1_700_000_000,
      routeSelectionExpression: '$request.method $request.path',
      apiKeySelectionExpression: '$request.header.x-api-key',
      disableExecuteApiEndpoint: false,
      ipAddressType: 'ipv4',
      corsConfiguration: { allowOrigins: ['https://example.com'], allowMethods: ['GET'], maxAge: 300, allowCredentials: true },
      tags: { team: 'a' },
    },
    routes: [
      { routeId: 'r1', routeKey: 'GET /pets/{id}', apiKeyRequired: false, authorizationType: 'JWT', authorizerId: 'a1', authorizationScopes: ['read'], target: 'integrations/i1' },
      { routeId: 'r0', routeKey: '$default', apiKeyRequired: false, authorizationType: 'NONE', target: 'integrations/i1', apiGatewayManaged: true },
    ],
    integrations: [
      {
        integrationId: 'i1',
        integrationType: 'HTTP_PROXY',
        integrationUri: 'http://127.0.0.1:9/pets/{id}',
        integrationMethod: 'GET',
        connectionType: 'INTERNET',
        payloadFormatVersion: '1.0',
        timeoutInMillis: 30000,
        requestParameters: { 'append:header.x-from': '$context.requestId' },
        responseParameters: { '404': { 'overwrite:statuscode': '410' } },
        tlsConfig: { serverNameToVerify: 'example.com' },
      },
    ],
    authorizers: [
      { authorizerId: 'a1', name: 'jwt', authorizerType: 'JWT', identitySource: ['$request.header.Authorization'], jwtConfiguration: { issuer: 'https://issuer.example', audience: ['x'] } },
    ],
    models: [{ modelId: 'm1', name: 'Pet', contentType: 'application/json', schema: '{"type":"object"}' }],
    routeResponses: { r1: [{ routeResponseId: 'rr1', routeResponseKey: '$default' }] },
    integrationResponses: { i1: [{ integrationResponseId: 'ir1', integrationResponseKey: '/200/', responseTemplates: {} }] },
  }
}

/** an apigatewayv2 stage, not deployed unless `deploymentId` is given */
export function v2Stage(stageName: string, deploymentId?: string): V2Stage {
  return {
    stageName,
    ...(deploymentId !== undefined && { deploymentId }),
    autoDeploy: false,
    defaultRouteSettings: { detailedMetricsEnabled: false },
    routeSettings: {},
    stageVariables: {},
    createdDate: 1_700_000_100,
    lastUpdatedDate: 1_700_000_100,
  }
}

export function v2Deployment(deploymentId: string, autoDeployed = false): V2Deployment {
  return { deploymentId, autoDeployed, deploymentStatus: 'DEPLOYED', createdDate: 1_700_000_200 }
}

export function webSocketApi(apiId: string): WebSocketApiDefinition {
  return {
    protocol: 'WEBSOCKET',
    api: { apiId, name: `ws ${apiId}`, protocolType: 'WEBSOCKET', createdDate: 1_700_000_000, routeSelectionExpression: '$request.body.action', disableExecuteApiEndpoint: false },
  }
}

/** APIs of every protocol in one store: REST, HTTP and WebSocket definitions, one namespace of ids. */
export function storeProtocolsContract(name: string, open: () => Promise<OpenedStore>): void {
  describe(`Store contract (protocols): ${name}`, () => {
    const store = storePerCase(open)

    it('round-trips HTTP and WebSocket definitions, read by their protocol', async () => {
      assert.equal(await store.saveApi(httpApi('http000001')), 1)
      assert.equal(await store.saveApi(webSocketApi('ws00000001')), 1)
      assert.equal(await store.saveApi(httpApi('http000001', 'renamed'), 1), 2)
      assert.deepEqual(await store.getApi('http000001', 'HTTP'), { definition: httpApi('http000001', 'renamed'), version: 2 })
      assert.deepEqual(await store.getApi('ws00000001', 'WEBSOCKET'), { definition: webSocketApi('ws00000001'), version: 1 })
      // REST unless asked: the REST API reads (apigateway v1) do not see them
      assert.equal(await store.getApi('http000001'), undefined)
      assert.equal(await store.getApi('http000001', 'WEBSOCKET'), undefined)
      assert.equal((await store.getApi('ws00000001', 'REST')), undefined)
      assert.deepEqual(await store.listRestApis(), [])
      assert.equal(await store.getRestApi('http000001'), undefined)
      assert.equal(await store.getRestApi('ws00000001'), undefined)
      assert.deepEqual((await store.listV2Apis()).map((api) => [api.apiId, api.name]), [['http000001', 'renamed'], ['ws00000001', 'ws ws00000001']])
    })

    it('an id belongs to one API, whatever the protocol', async () => {
      await store.saveApi(minimalDefinition('same000001'))
      await assert.rejects(store.saveApi(httpApi('same000001')), StoreConflictError)
      await store.saveApi(httpApi('same000002'))
      await assert.rejects(store.saveApi(minimalDefinition('same000002')), StoreConflictError)
      assert.deepEqual((await store.getApi('same000001'))?.definition, minimalDefinition('same000001'))
      assert.deepEqual((await store.getApi('same000002', 'HTTP'))?.definition, httpApi('same000002'))
    })

    it('deployments and stages of an HTTP API; every protocol\'s stages listed for the data plane', async () => {
      await store.saveApi(minimalDefinition('rest000001'))
      await store.createDeployment('rest000001', deployment('d1'), minimalDefinition('rest000001'), stage('prod', 'd1'))
      await store.saveApi(httpApi('http000002'))
      await store.createDeployment('http000002', deployment('d1'), httpApi('http000002'), stage('$default', 'd1'))
      assert.deepEqual(await store.getDeploymentSnapshot('http000002', 'd1'), httpApi('http000002'))
      assert.deepEqual(await store.getDeploymentSnapshot('rest000001', 'd1'), minimalDefinition('rest000001'))
      assert.deepEqual(
        (await store.listAllStages()).map((s) => [s.apiId, s.stage.stageName]),
        [['rest000001', 'prod'], ['http000002', '$default']],
      )
    })

    it('deleteApi deletes only an API of the protocol asked (REST unless given)', async () => {
      await store.saveApi(httpApi('http000003'))
      await store.createDeployment('http000003', deployment('d1'), httpApi('http000003'), stage('$default', 'd1'))
      assert.equal(await store.deleteApi('http000003'), false)
      assert.ok(await store.getApi('http000003', 'HTTP'))
      assert.equal(await store.deleteApi('http000003', 'HTTP'), true)
      assert.equal(await store.getApi('http000003', 'HTTP'), undefined)
      assert.deepEqual(await store.listAllStages(), [])
    })

    it('round-trips an HTTP API with every part, and replaces them whole', async () => {
      await store.saveApi(richHttpApi('rich000001'))
      assert.deepEqual(await store.getApi('rich000001', 'HTTP'), { definition: richHttpApi('rich000001'), version: 1 })
      const fewer: HttpApiDefinition = { ...richHttpApi('rich000001'), routes: [], routeResponses: {} }
      await store.saveApi(fewer, 1)
      assert.deepEqual((await store.getApi('rich000001', 'HTTP'))?.definition, fewer)
      await store.createDeployment('rich000001', v2Deployment('d1'), richHttpApi('rich000001'))
      assert.deepEqual(await store.getDeploymentSnapshot('rich000001', 'd1'), richHttpApi('rich000001'))
    })

    it('apigatewayv2 stages and deployments, read by their protocol', async () => {
      await store.saveApi(httpApi('v2st000001'))
      await store.saveApi(minimalDefinition('rest000009'))
      // a stage may exist before any deployment
      await store.putStage('v2st000001', v2Stage('$default'))
      assert.deepEqual(await store.getStage('v2st000001', '$default', 'HTTP'), v2Stage('$default'))
      assert.deepEqual(await store.getAnyStage('v2st000001', '$default'), { apiId: 'v2st000001', protocol: 'HTTP', stage: v2Stage('$default') })
      await store.createDeployment('v2st000001', v2Deployment('d1', true), httpApi('v2st000001'), v2Stage('$default', 'd1'))
      await store.putStage('v2st000001', v2Stage('beta', 'd1'))
      assert.deepEqual(await store.listStages('v2st000001', 'HTTP'), [v2Stage('$default', 'd1'), v2Stage('beta', 'd1')])
      assert.deepEqual(await store.getDeployment('v2st000001', 'd1', 'HTTP'), v2Deployment('d1', true))
      assert.deepEqual(await store.listDeployments('v2st000001', 'HTTP'), [v2Deployment('d1', true)])
      await store.updateDeployment('v2st000001', { ...v2Deployment('d1', true), description: 'changed' })
      assert.equal((await store.getDeployment('v2st000001', 'd1', 'HTTP'))?.description, 'changed')
      await assert.rejects(store.deleteDeployment('v2st000001', 'd1'), StoreConflictError)
      // asked for another protocol, an API's stages and deployments are not there
      assert.equal(await store.getStage('v2st000001', '$default', 'REST'), undefined)
      assert.deepEqual(await store.listStages('v2st000001', 'WEBSOCKET'), [])
      assert.equal(await store.getDeployment('v2st000001', 'd1', 'REST'), undefined)
      assert.deepEqual(await store.listDeployments('rest000009', 'HTTP'), [])
      assert.equal(await store.getAnyStage('v2st000001', 'nope'), undefined)
      assert.deepEqual(
        (await store.listAllStages()).map((s) => [s.apiId, s.protocol, s.stage.stageName, s.stage.deploymentId]),
        [['v2st000001', 'HTTP', '$default', 'd1'], ['v2st000001', 'HTTP', 'beta', 'd1']],
      )
      assert.equal(await store.deleteStage('v2st000001', 'beta'), true)
      await store.putStage('v2st000001', v2Stage('$default'))
      assert.equal(await store.deleteDeployment('v2st000001', 'd1'), true)
    })

    it('announces apigatewayv2 stage changes: not deployed, deployed, deleted', async () => {
      await store.saveApi(httpApi('v2wa000001'))
      const seen: StoreChange[] = []
      const unwatch = store.watch((change) => seen.push(change))
      try {
        await store.putStage('v2wa000001', v2Stage('dev'))
        await store.createDeployment('v2wa000001', v2Deployment('d1'), httpApi('v2wa000001'), v2Stage('dev', 'd1'))
        await store.deleteStage('v2wa000001', 'dev')
      } finally {
        unwatch()
      }
      assert.deepEqual(seen, [
        { kind: 'stage', apiId: 'v2wa000001', stageName: 'dev', deploymentId: undefined },
        { kind: 'stage', apiId: 'v2wa000001', stageName: 'dev', deploymentId: 'd1' },
        { kind: 'stage', apiId: 'v2wa000001', stageName: 'dev', deploymentId: undefined },
      ])
    })
  })
}
