import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { ApiGatewayV2Client, CreateApiCommand, CreateIntegrationCommand, CreateRouteCommand, CreateStageCommand } from '@aws-sdk/client-apigatewayv2'
import { ACCESS_KEY_ID, SECRET_ACCESS_KEY, signedHeaders, useHarness } from '../control/harness.ts'
import { porticoAsync } from '../support/cli.ts'

/**
 * An HTTP API's CloudWatch metrics under AWS's names and dimensions for HTTP APIs
 * ([DG:http-api-metrics]: Count, 4xx, 5xx, Latency, IntegrationLatency, DataProcessed by
 * `ApiId, Stage`, and by `ApiId, Method, Resource, Stage` for a route with detailed metrics),
 * in Prometheus's text (GET /metrics), GetPorticoMetrics and `portico metrics`.
 */
describe('HTTP API metrics', () => {
  const h = useHarness()
  let v2: ApiGatewayV2Client
  let backend: Server
  let apiId: string

  before(async () => {
    // 7 bytes for every answer; /fail answers 502 (a backend's status passes through HTTP_PROXY)
    backend = createServer((req, res) => {
      req.resume()
      req.on('end', () => {
        res.writeHead(req.url === '/fail' ? 502 : 200, { 'content-type': 'text/plain', 'content-length': '7' })
        res.end('answer!')
      })
    })
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve))
    const backendUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`
    v2 = new ApiGatewayV2Client({ endpoint: h.portico.url, region: 'us-east-1', credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY }, maxAttempts: 1 })
    apiId = (await v2.send(new CreateApiCommand({ Name: 'metered', ProtocolType: 'HTTP' }))).ApiId!
    const integration = await v2.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'ANY', IntegrationUri: `${backendUrl}/{proxy}`, PayloadFormatVersion: '1.0' }))
    const target = `integrations/${integration.IntegrationId}`
    await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'POST /items/{proxy+}', Target: target }))
    await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'ANY /{proxy+}', Target: target }))
    await v2.send(
      new CreateStageCommand({
        ApiId: apiId,
        StageName: '$default',
        AutoDeploy: true,
        RouteSettings: { 'POST /items/{proxy+}': { DetailedMetricsEnabled: true } },
      }),
    )
    await h.portico.settled()
    const base = `${h.portico.url}/_aws/execute-api/${apiId}`
    // POST /items/a with 5 body bytes: 5 + 7 processed; GET /ok: 7; GET /fail: a 502 of 7
    for (const [method, path, body] of [['POST', '/items/a', 'hello'], ['GET', '/ok', undefined], ['GET', '/fail', undefined]] as const) {
      await fetch(`${base}${path}`, { method, ...(body !== undefined && { body }) }).then((r) => r.arrayBuffer())
    }
    // nothing matches the root: `ANY /{proxy+}` needs a segment → 404 {"message":"Not Found"}
    await fetch(`${base}/`).then((r) => r.arrayBuffer())
  })
  after(async () => {
    v2.destroy()
    await new Promise((resolve) => backend.close(resolve))
  })

  it('Prometheus: Count, 4xx, 5xx, DataProcessed and the latencies by ApiId and Stage; a detailed route by Method and Resource', async () => {
    const text = await (await fetch(`${h.portico.url}/metrics`)).text()
    const stage = `ApiId="${apiId}",Stage="\\$default"`
    assert.match(text, new RegExp(`^apigateway_count_total\\{${stage}\\} 4$`, 'm'))
    assert.match(text, new RegExp(`^apigateway_4xx_total\\{${stage}\\} 1$`, 'm'))
    assert.match(text, new RegExp(`^apigateway_5xx_total\\{${stage}\\} 1$`, 'm'))
    // 5 + 7 + 7 + 7 + the 404's 23 bytes of {"message":"Not Found"}
    assert.match(text, new RegExp(`^apigateway_data_processed_bytes_total\\{${stage}\\} 49$`, 'm'))
    assert.match(text, new RegExp(`^apigateway_latency_milliseconds_count\\{${stage}\\} 4$`, 'm'))
    assert.match(text, new RegExp(`^apigateway_integration_latency_milliseconds_count\\{${stage}\\} 3$`, 'm'))
    const route = `${stage},Method="POST",Resource="/items/\\{proxy\\+\\}"`
    assert.match(text, new RegExp(`^apigateway_count_total\\{${route}\\} 1$`, 'm'))
    assert.match(text, new RegExp(`^apigateway_data_processed_bytes_total\\{${route}\\} 12$`, 'm'))
    // REST's names and ApiName are not an HTTP API's
    assert.doesNotMatch(text, new RegExp(`^apigateway_4xx_error_total\\{[^}]*${apiId}`, 'm'))
    assert.doesNotMatch(text, new RegExp(`ApiName="metered"`))
    assert.doesNotMatch(text, new RegExp(`Resource="/\\{proxy\\+\\}"`), 'no detailed series where detailedMetricsEnabled is off')
  })

  it('GetPorticoMetrics: the minute history with the HTTP API names, no ApiName; portico metrics prints it', async () => {
    const url = `${h.portico.url}/_portico/metrics?apiId=${apiId}&detailed=true`
    const res = await fetch(url, { headers: await signedHeaders(url, 'GET', '') })
    assert.equal(res.status, 200)
    const { series } = (await res.json()) as { series: Array<Record<string, unknown> & { datapoints: Array<Record<string, number>> }> }
    const total = (s: (typeof series)[number], name: string) => s.datapoints.reduce((n, d) => n + d[name]!, 0)
    const stage = series.find((s) => s.Method === undefined)!
    assert.deepEqual(Object.keys(stage).sort(), ['ApiId', 'Stage', 'datapoints'])
    assert.deepEqual([total(stage, 'Count'), total(stage, '4xx'), total(stage, '5xx'), total(stage, 'DataProcessed')], [4, 1, 1, 49])
    assert.ok(!('4XXError' in stage.datapoints[0]!) && !('CacheHitCount' in stage.datapoints[0]!))
    const route = series.find((s) => s.Method === 'POST')!
    assert.deepEqual([route.Resource, total(route, 'Count')], ['/items/{proxy+}', 1])

    const r = await porticoAsync(['metrics', apiId, '--endpoint-url', h.portico.url], { AWS_ACCESS_KEY_ID: ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY })
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, new RegExp(`^HTTP API ${apiId} stage \\$default$`, 'm'))
    assert.match(r.stdout, /^ {2}MINUTE +COUNT +4XX +5XX +BYTES +SHED +LATENCY AVG\/MAX ms +P50\/P90\/P99 ms +INTEGRATION AVG\/MAX ms$/m)
  })
})
