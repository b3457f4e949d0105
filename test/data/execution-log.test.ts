import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import diagnostics from 'node:diagnostics_channel'
import { compilePlan } from '../../src/compile/compile.ts'
import type { RequestEndMessage } from '../../src/data/pipeline.ts'
import type { MethodSetting } from '../../src/model/index.ts'
import { API_ID, apiDefinition, noUpstream, send, stage, useServed } from './fixtures.ts'

const logging: MethodSetting = {
  metricsEnabled: false,
  loggingLevel: 'INFO',
  dataTraceEnabled: true,
  throttlingBurstLimit: 5000,
  throttlingRateLimit: 10000,
  cachingEnabled: false,
  cacheTtlInSeconds: 300,
  cacheDataEncrypted: false,
  requireAuthorizationForCacheControl: true,
  unauthorizedCacheControlHeaderStrategy: 'SUCCEED_WITH_RESPONSE_HEADER',
}

const mock = {
  GET: {
    methodResponses: { '200': { statusCode: '200' } },
    methodIntegration: {
      type: 'MOCK' as const,
      timeoutInMillis: 29_000,
      requestTemplates: { 'application/json': '{"statusCode": 200}' },
      integrationResponses: { '200': { statusCode: '200', responseTemplates: { 'application/json': '{"ok": true}' } } },
    },
  },
}

/** The execution log is kept only when the stage's methodSettings ask for it. */
describe('execution log', () => {
  const logs: string[][] = []
  const onEnd = (message: unknown): void => {
    logs.push([...(message as RequestEndMessage).ctx.log])
  }

  const running = useServed(
    () => {
      const api = apiDefinition({ '/pets/{id}': mock })
      const logged = compilePlan({ snapshot: api, deploymentId: 'dep1', stage: { ...stage('logged'), methodSettings: { '*/*': logging } }, upstream: noUpstream })
      const quiet = compilePlan({ snapshot: api, deploymentId: 'dep1', stage: stage('quiet'), upstream: noUpstream })
      return [logged, quiet]
    },
    {},
    () => {
      diagnostics.subscribe('portico:request:end', onEnd)
      return () => diagnostics.unsubscribe('portico:request:end', onEnd)
    },
  )

  test('lists AWS execution-log lines when methodSettings enable logging', async () => {
    logs.length = 0
    const r = await send(running.address.port, { path: `/_aws/execute-api/${API_ID}/logged/pets/7?q=1`, headers: { 'x-trace': 'yes' } })
    assert.equal(r.status, 200)
    const log = logs[0]!
    assert.ok(log.includes('Method request path: {id=7}'), log.join('\n'))
    assert.ok(log.includes('Method request query string: {q=1}'), log.join('\n'))
    assert.ok(log.some((line) => line.startsWith('Method request headers: {') && line.includes('x-trace=yes')), log.join('\n'))
    assert.ok(log.includes('Endpoint response status: 200 (MOCK)'), log.join('\n'))
    assert.ok(log.includes('Method response body after transformations: {"ok": true}'), log.join('\n'))
    assert.equal(log[log.length - 1], 'Method completed with status: 200')
  })

  test('keeps no lines when logging is off', async () => {
    logs.length = 0
    const r = await send(running.address.port, { path: `/_aws/execute-api/${API_ID}/quiet/pets/7` })
    assert.equal(r.status, 200)
    assert.deepEqual(logs[0], [])
  })
})
