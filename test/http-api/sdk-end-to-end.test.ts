/**
 * End to end through `@aws-sdk/client-apigatewayv2` against a real Portico (management API,
 * SQLite store, plan loader, data plane, function runtime): quick create with a Lambda target
 * serves at once on the auto-deployed `$default` stage; a route, CORS, a named stage and its
 * access log added through the SDK are served as configured.
 */
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, it } from 'node:test'
import { ApiGatewayV2Client, CreateApiCommand, CreateDeploymentCommand, CreateIntegrationCommand, CreateRouteCommand, CreateStageCommand, UpdateApiCommand } from '@aws-sdk/client-apigatewayv2'
import { resolveConfigFile } from '../../src/config-file.ts'
import type { Portico } from '../../src/main.ts'
import { useHarness } from '../control/harness.ts'
import { send } from '../data/fixtures.ts'
import { until } from '../support/until.ts'
import { functionArn } from './harness.ts'

const HANDLERS = fileURLToPath(new URL('../fixtures/http-api/handlers/', import.meta.url))

let dir: string
let portico: Portico
let v2: ApiGatewayV2Client

useHarness({}, {
  functions: resolveConfigFile({ functions: { echo: { handler: join(HANDLERS, 'api.echo') }, bareString: { handler: join(HANDLERS, 'api.bareString') } } }, undefined),
  setup: (h) => {
    dir = h.dir
    portico = h.portico
    v2 = new ApiGatewayV2Client({
      endpoint: portico.url,
      region: 'us-east-1',
      credentials: { accessKeyId: portico.admin.accessKeyId, secretAccessKey: portico.admin.secretAccessKey },
      maxAttempts: 1,
    })
    return () => v2.destroy()
  },
})

function call(apiId: string, method: string, path: string, headers: Record<string, string> = {}) {
  return send(portico.address.port, { method, path, headers: { host: `${apiId}.execute-api.localhost`, ...headers } })
}

describe('an HTTP API built with @aws-sdk/client-apigatewayv2', () => {
  it('quick create serves the Lambda target on $default at once, with payload 2.0', async () => {
    const api = await v2.send(new CreateApiCommand({ Name: 'quick', ProtocolType: 'HTTP', Target: functionArn('bareString') }))
    await portico.settled()
    const r = await call(api.ApiId!, 'GET', '/anything/at/all')
    assert.equal(r.status, 200)
    assert.equal(r.body, 'Hello from Lambda!')
    assert.equal(r.headers['content-type'], 'application/json')
    assert.ok(r.headers['apigw-requestid'])
  })

  it('serves routes, CORS and a named stage as configured, after a deployment', async () => {
    const api = await v2.send(new CreateApiCommand({ Name: 'pets', ProtocolType: 'HTTP', CorsConfiguration: { AllowOrigins: ['https://app.example'], AllowMethods: ['GET'] } }))
    const apiId = api.ApiId!
    const integration = await v2.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: functionArn('echo'), PayloadFormatVersion: '2.0' }))
    await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /pets/{id}', Target: `integrations/${integration.IntegrationId}` }))
    await v2.send(
      new CreateStageCommand({
        ApiId: apiId,
        StageName: 'prod',
        StageVariables: { tier: 'gold' },
        AccessLogSettings: { DestinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:pets-access', Format: '$context.requestId $context.routeKey $context.status $context.stage' },
      }),
    )
    await v2.send(new CreateDeploymentCommand({ ApiId: apiId, StageName: 'prod' }))
    await portico.settled()

    let r = await call(apiId, 'GET', '/prod/pets/7?x=1', { origin: 'https://app.example' })
    assert.equal(r.status, 200)
    const event = r.json()
    assert.deepEqual([event.routeKey, event.rawPath, event.pathParameters, event.stageVariables, event.requestContext.stage], ['GET /pets/{id}', '/prod/pets/7', { id: '7' }, { tier: 'gold' }, 'prod'])
    assert.equal(r.headers['access-control-allow-origin'], 'https://app.example')
    r = await call(apiId, 'OPTIONS', '/prod/pets/7', { origin: 'https://app.example', 'access-control-request-method': 'GET' })
    assert.equal(r.status, 204)
    assert.equal(r.headers['access-control-allow-methods'], 'GET')
    assert.equal((await call(apiId, 'GET', '/prod/cats')).status, 404)
    // a line is written once its answer has ended, which may be after the client read the body
    const file = join(dir, 'logs', 'pets-access.log')
    const lines = await until(async () => {
      await portico.observer.flush()
      const written = existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : []
      return written.length >= 3 ? written : undefined
    }, 'three access log lines')
    assert.deepEqual(
      lines.map((line) => line.split(' ').slice(1).join(' ')),
      ['GET /pets/{id} 200 prod', '- 204 prod', '- 404 prod'],
    )
    assert.equal(lines[0]!.split(' ')[0], event.requestContext.requestId)
    // the same lines, in memory, for the console's live tail (GET /_portico/logs)
    assert.deepEqual(
      portico.observer.accessLogs.list({ apiId, stage: 'prod' }).items.map((i) => i.line),
      lines,
    )

    // a change is served only once deployed (the stage has no autoDeploy)
    await v2.send(new UpdateApiCommand({ ApiId: apiId, CorsConfiguration: { AllowOrigins: ['https://other.example'] } }))
    await portico.settled()
    assert.equal((await call(apiId, 'GET', '/prod/pets/1', { origin: 'https://other.example' })).headers['access-control-allow-origin'], undefined)
    await v2.send(new CreateDeploymentCommand({ ApiId: apiId, StageName: 'prod' }))
    await portico.settled()
    assert.equal((await call(apiId, 'GET', '/prod/pets/1', { origin: 'https://other.example' })).headers['access-control-allow-origin'], 'https://other.example')
  })
})
