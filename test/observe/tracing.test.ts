import assert from 'node:assert/strict'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { resolveConfigFile } from '../../src/config-file.ts'
import { createFunctionInvoker } from '../../src/functions/index.ts'
import { createObserver } from '../../src/observe/observer.ts'
import { buildTemplateContext, formatRequestTime, readContextVariable } from '../../src/vtl/aws/context.ts'
import { functionUri, startAuthorizedApi } from '../auth/harness.ts'
import { apiDefinition, send } from '../data/fixtures.ts'
import { startObserved } from './observe-fixtures.ts'

interface OtlpSpan {
  traceId: string
  spanId: string
  parentSpanId?: string
  name: string
  kind: number
  startTimeUnixNano: string
  endTimeUnixNano: string
  attributes: Array<{ key: string; value: Record<string, unknown> }>
  status: { code: number }
}

/** A stage with tracingEnabled: spans over OTLP/HTTP JSON to a local collector, and trace headers to the backend. */
describe('tracing', () => {
  let collector: Server
  let backend: Server
  const exports: Array<{ path: string; contentType: string | undefined; body: any }> = []
  const backendHeaders: IncomingHttpHeaders[] = []
  let collectorUrl: string
  let backendUrl: string

  before(async () => {
    collector = createServer((req, res) => {
      let body = ''
      req.on('data', (c: Buffer) => (body += c))
      req.on('end', () => {
        exports.push({ path: req.url ?? '', contentType: req.headers['content-type'], body: JSON.parse(body) })
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}')
      })
    })
    backend = createServer((req, res) => {
      backendHeaders.push(req.headers)
      res.writeHead(201).end('made')
    })
    await Promise.all([new Promise<void>((r) => collector.listen(0, '127.0.0.1', r)), new Promise<void>((r) => backend.listen(0, '127.0.0.1', r))])
    collectorUrl = `http://127.0.0.1:${(collector.address() as AddressInfo).port}/v1/traces`
    backendUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}/things`
  })
  after(() => {
    collector.close()
    backend.close()
  })

  it('exports a gateway span and its integration child, continuing the caller trace', async () => {
    const api = apiDefinition({ '/things': { POST: { methodIntegration: { type: 'HTTP_PROXY', httpMethod: 'POST', uri: backendUrl, timeoutInMillis: 29_000 } } } })
    const o = await startObserved(api, { tracingEnabled: true }, { otlp: { url: collectorUrl, scheduleDelayMs: 60_000 } }, { real: true })
    const callerTrace = '4bf92f3577b34da6a3ce929d0e0e4736'
    const callerSpan = '00f067aa0ba902b7'
    try {
      const reply = await send(o.running.address.port, {
        method: 'POST',
        path: '/_aws/execute-api/a1b2c3d4e5/prod/things',
        headers: { traceparent: `00-${callerTrace}-${callerSpan}-01` },
        body: 'x',
      })
      assert.equal(reply.status, 201)
      await o.observer.flush()
    } finally {
      await o.close()
    }
    assert.equal(exports.length, 1)
    assert.equal(exports[0]!.path, '/v1/traces')
    assert.equal(exports[0]!.contentType, 'application/json')
    const resource = exports[0]!.body.resourceSpans[0]
    assert.deepEqual(resource.resource.attributes.find((a: any) => a.key === 'service.name'), { key: 'service.name', value: { stringValue: 'portico' } })
    const spans = resource.scopeSpans[0].spans as OtlpSpan[]
    assert.equal(spans.length, 2)
    const gateway = spans.find((s) => s.kind === 2)!
    const integration = spans.find((s) => s.kind === 3)!
    assert.equal(gateway.traceId, callerTrace)
    assert.equal(gateway.parentSpanId, callerSpan)
    assert.match(gateway.spanId, /^[0-9a-f]{16}$/)
    assert.equal(gateway.name, 'prod POST /things')
    assert.equal(integration.traceId, callerTrace)
    assert.equal(integration.parentSpanId, gateway.spanId)
    assert.notEqual(integration.spanId, gateway.spanId)
    const attr = (s: OtlpSpan, key: string) => s.attributes.find((a) => a.key === key)?.value
    assert.deepEqual(attr(gateway, 'http.response.status_code'), { intValue: '201' })
    assert.deepEqual(attr(gateway, 'http.route'), { stringValue: '/things' })
    assert.deepEqual(attr(integration, 'http.response.status_code'), { intValue: '201' })
    assert.ok(BigInt(gateway.startTimeUnixNano) <= BigInt(integration.startTimeUnixNano))
    assert.ok(BigInt(integration.startTimeUnixNano) <= BigInt(integration.endTimeUnixNano))
    assert.deepEqual(gateway.status, { code: 1 })

    // the backend saw the integration span as its parent, in both header forms
    const seen = backendHeaders.at(-1)!
    assert.equal(seen.traceparent, `00-${callerTrace}-${integration.spanId}-01`)
    assert.equal(seen['x-amzn-trace-id'], `Root=1-${callerTrace.slice(0, 8)}-${callerTrace.slice(8)};Parent=${integration.spanId};Sampled=1`)
  })

  it('starts a trace from X-Amzn-Trace-Id; untraced stages export nothing', async () => {
    const api = apiDefinition({ '/things': { POST: { methodIntegration: { type: 'HTTP_PROXY', httpMethod: 'POST', uri: backendUrl, timeoutInMillis: 29_000 } } } })
    exports.length = 0
    const traced = await startObserved(api, { tracingEnabled: true }, { otlp: { url: collectorUrl, scheduleDelayMs: 60_000 } }, { real: true })
    try {
      await send(traced.running.address.port, { method: 'POST', path: '/_aws/execute-api/a1b2c3d4e5/prod/things', headers: { 'X-Amzn-Trace-Id': 'Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1' } })
      await traced.observer.flush()
    } finally {
      await traced.close()
    }
    const spans = exports[0]!.body.resourceSpans[0].scopeSpans[0].spans as OtlpSpan[]
    assert.ok(spans.every((s) => s.traceId === '5759e988bd862e3fe1be46a994272793'))
    assert.equal(spans.find((s) => s.kind === 2)!.parentSpanId, undefined)

    exports.length = 0
    const untraced = await startObserved(api, {}, { otlp: { url: collectorUrl, scheduleDelayMs: 60_000 } }, { real: true })
    try {
      await send(untraced.running.address.port, { method: 'POST', path: '/_aws/execute-api/a1b2c3d4e5/prod/things', headers: { traceparent: `00-${'1'.repeat(32)}-${'2'.repeat(16)}-01` } })
      await untraced.observer.flush()
    } finally {
      await untraced.close()
    }
    assert.equal(exports.length, 0)
    // the client's own traceparent goes through the proxy unchanged; X-Amzn-Trace-Id is always
    // sent (a new Root here), as AWS does on untraced stages (test/integrations/trace-id-always.test.ts)
    assert.equal(backendHeaders.at(-1)!.traceparent, `00-${'1'.repeat(32)}-${'2'.repeat(16)}-01`)
    assert.match(String(backendHeaders.at(-1)!['x-amzn-trace-id']), /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/)
  })

  it('hands a Lambda proxy function the trace in its event and in _X_AMZN_TRACE_ID', async () => {
    const config = resolveConfigFile({ functions: { trace: { handler: 'trace.handler' } } }, fileURLToPath(new URL('../fixtures/observe/portico.config.json', import.meta.url)))
    const invoker = createFunctionInvoker({ config, accountId: '123456789012', region: 'us-east-1', hotReload: false })
    const uri = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:trace/invocations'
    const api = apiDefinition({ '/fn': { GET: { methodIntegration: { type: 'AWS_PROXY', httpMethod: 'POST', uri, timeoutInMillis: 29_000 } } } })
    exports.length = 0
    const o = await startObserved(api, { tracingEnabled: true }, { otlp: { url: collectorUrl, scheduleDelayMs: 60_000 } }, { real: true, invoker })
    let seen: { header: string; env: string }
    try {
      const reply = await send(o.running.address.port, { path: '/_aws/execute-api/a1b2c3d4e5/prod/fn' })
      assert.equal(reply.status, 200, reply.body)
      seen = reply.json()
      await o.observer.flush()
    } finally {
      await o.close()
      await invoker.close()
    }
    const spans = exports[0]!.body.resourceSpans[0].scopeSpans[0].spans as OtlpSpan[]
    const integration = spans.find((s) => s.kind === 3)!
    const expected = `Root=1-${integration.traceId.slice(0, 8)}-${integration.traceId.slice(8)};Parent=${integration.spanId};Sampled=1`
    assert.deepEqual(seen, { header: expected, env: expected })
  })

  it('lets another phase add a child span of the gateway span (the authorizer hook)', async () => {
    exports.length = 0
    const o = await startObserved(apiDefinition({ '/a': ['GET'] }), { tracingEnabled: true }, { otlp: { url: collectorUrl, scheduleDelayMs: 60_000 } })
    try {
      await send(o.running.address.port, { path: '/_aws/execute-api/a1b2c3d4e5/prod/a', headers: { 'x-span': 'Authorizer' } })
      await o.observer.flush()
    } finally {
      await o.close()
    }
    const spans = exports[0]!.body.resourceSpans[0].scopeSpans[0].spans as OtlpSpan[]
    const gateway = spans.find((s) => s.kind === 2)!
    const authorizer = spans.find((s) => s.name === 'Authorizer')!
    assert.equal(authorizer.parentSpanId, gateway.spanId)
    assert.equal(authorizer.traceId, gateway.traceId)
    assert.equal(BigInt(authorizer.endTimeUnixNano) - BigInt(authorizer.startTimeUnixNano), 2_000_000n)
    assert.deepEqual(authorizer.attributes, [{ key: 'aws.authorizer.type', value: { stringValue: 'TOKEN' } }])
    assert.deepEqual(authorizer.status, { code: 2 })
  })

  it('sends the trace headers on a non-proxy HTTP integration too', async () => {
    const api = apiDefinition({
      '/things': {
        GET: {
          methodIntegration: { type: 'HTTP', httpMethod: 'GET', uri: backendUrl, timeoutInMillis: 29_000, integrationResponses: { '201': { statusCode: '201', selectionPattern: '201' } } },
          methodResponses: { '201': { statusCode: '201' } },
        },
      },
    })
    const o = await startObserved(api, { tracingEnabled: true }, {}, { real: true })
    try {
      const reply = await send(o.running.address.port, { path: '/_aws/execute-api/a1b2c3d4e5/prod/things', headers: { 'X-Amzn-Trace-Id': 'Root=1-5759e988-bd862e3fe1be46a994272793' } })
      assert.equal(reply.status, 201, reply.body)
    } finally {
      await o.close()
    }
    const seen = backendHeaders.at(-1)!
    assert.match(String(seen.traceparent), /^00-5759e988bd862e3fe1be46a994272793-[0-9a-f]{16}-01$/)
    const parent = String(seen.traceparent).split('-')[2]
    assert.equal(seen['x-amzn-trace-id'], `Root=1-5759e988-bd862e3fe1be46a994272793;Parent=${parent};Sampled=1`)
  })

  it("records a Lambda authorizer's call as a child span, with its outcome", async () => {
    exports.length = 0
    const observer = createObserver({
      dataDir: tmpdir(),
      templates: { build: buildTemplateContext, read: readContextVariable, requestTime: formatRequestTime },
      otlp: { url: collectorUrl, scheduleDelayMs: 60_000 },
    })
    const api = await startAuthorizedApi({
      methods: { '/pets': { GET: { authorizationType: 'CUSTOM', authorizerId: 'auth1' } } },
      authorizers: [{ id: 'auth1', name: 'token', type: 'TOKEN', authorizerUri: functionUri('tokenAuth'), identitySource: 'method.request.header.Authorization', authorizerResultTtlInSeconds: 0 }],
      traced: observer.compile,
    })
    try {
      assert.equal((await api.get('/pets', { Authorization: 'allow-1' })).status, 200)
      assert.equal((await api.get('/pets', { Authorization: 'deny-1' })).status, 403)
      await observer.flush()
    } finally {
      await api.close()
      await observer.close()
    }
    const spans = exports.flatMap((e) => e.body.resourceSpans[0].scopeSpans[0].spans as OtlpSpan[])
    const gateways = spans.filter((s) => s.kind === 2)
    const authorizers = spans.filter((s) => s.name === 'Authorizer')
    assert.equal(gateways.length, 2)
    assert.equal(authorizers.length, 2)
    for (const [i, effect] of [[0, 'Allow'], [1, 'Deny']] as const) {
      assert.equal(authorizers[i]!.parentSpanId, gateways[i]!.spanId)
      assert.equal(authorizers[i]!.traceId, gateways[i]!.traceId)
      assert.deepEqual(authorizers[i]!.attributes.find((a) => a.key === 'aws.api_gateway.authorizer.effect')?.value, { stringValue: effect })
    }
    assert.deepEqual(authorizers[1]!.attributes.find((a) => a.key === 'aws.api_gateway.authorizer.status')?.value, { intValue: '403' })
  })
})

