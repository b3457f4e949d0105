import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { before, describe, it } from 'node:test'
import { CreateDeploymentCommand, ImportRestApiCommand, UpdateStageCommand } from '@aws-sdk/client-api-gateway'
import { ACCESS_KEY_ID, SECRET_ACCESS_KEY, signedHeaders, useHarness } from '../control/harness.ts'
import { porticoAsync } from '../support/cli.ts'
import { until } from '../support/until.ts'

const ORDERS = readFileSync(new URL('../fixtures/e2e/orders.yaml', import.meta.url))

/** Metrics and access logs configured through the management API (AWS SDK), on a real Portico. */
describe('observability through the management API', () => {
  const h = useHarness()
  let apiId: string

  before(async () => {
    apiId = (await h.client.send(new ImportRestApiCommand({ body: ORDERS })))!.id!
    await h.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod' }))
    await h.client.send(
      new UpdateStageCommand({
        restApiId: apiId,
        stageName: 'prod',
        patchOperations: [
          { op: 'replace', path: '/accessLogSettings/destinationArn', value: 'arn:aws:logs:us-east-1:123456789012:log-group:orders-access' },
          { op: 'replace', path: '/accessLogSettings/format', value: '$context.requestId $context.httpMethod $context.resourcePath $context.status' },
          { op: 'replace', path: '/*/*/metrics/enabled', value: 'true' },
        ],
      }),
    )
    await h.portico.settled()
    for (const path of ['/orders/1', '/orders/2', '/nope']) await fetch(`${h.portico.url}/_aws/execute-api/${apiId}/prod${path}`).then((r) => r.arrayBuffer())
  })

  it('serves Prometheus metrics on GET /metrics, with detailed series once metrics/enabled is set', async () => {
    const res = await fetch(`${h.portico.url}/metrics`)
    assert.equal(res.status, 200)
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/)
    const text = await res.text()
    assert.match(text, new RegExp(`^apigateway_count_total\\{ApiName="Orders",ApiId="${apiId}",Stage="prod"\\} 3$`, 'm'))
    assert.match(text, new RegExp(`^apigateway_4xx_error_total\\{ApiName="Orders",ApiId="${apiId}",Stage="prod"\\} 1$`, 'm'))
    assert.match(text, new RegExp(`^apigateway_count_total\\{ApiName="Orders",ApiId="${apiId}",Stage="prod",Method="GET",Resource="/orders/\\{orderId\\}"\\} 2$`, 'm'))
  })

  it('writes the access log to the log group file under the data directory', async () => {
    // a line is written once its answer has ended, which may be after the client read the body
    const file = join(h.dir, 'logs', 'orders-access.log')
    const lines = await until(async () => {
      await h.portico.observer.flush()
      const written = existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : []
      return written.length >= 3 ? written : undefined
    }, 'three access log lines')
    assert.equal(lines.length, 3)
    assert.match(lines[0]!, /^[0-9a-f-]{36} GET \/orders\/\{orderId\} 200$/)
    assert.match(lines[2]!, /^[0-9a-f-]{36} GET - 403$/)
  })

  it('GetPorticoMetrics returns the minute history; bad input gets an AWS-shaped error', async () => {
    const url = `${h.portico.url}/_portico/metrics?apiId=${apiId}&stage=prod`
    const res = await fetch(url, { headers: await signedHeaders(url, 'GET', '') })
    assert.equal(res.status, 200)
    const body = (await res.json()) as { resolution: number; series: Array<{ ApiName: string; datapoints: Array<{ Count: number }> }> }
    assert.equal(body.resolution, 60)
    assert.equal(body.series.length, 1)
    assert.equal(body.series[0]!.ApiName, 'Orders')
    assert.equal(body.series[0]!.datapoints.reduce((n, d) => n + d.Count, 0), 3)

    const bad = `${h.portico.url}/_portico/metrics?from=yesterday`
    const refused = await fetch(bad, { headers: await signedHeaders(bad, 'GET', '') })
    assert.equal(refused.status, 400)
    assert.equal(refused.headers.get('x-amzn-errortype'), 'BadRequestException')
    assert.deepEqual(await refused.json(), { message: 'Invalid from: yesterday. Use an ISO 8601 time or epoch milliseconds' })
    assert.equal((await fetch(`${h.portico.url}/_portico/metrics`)).status, 403)

    // CloudWatch's Period: a day's datapoints in 5-minute periods, the same requests counted once
    const coarse = `${url}&period=300`
    const periods = (await (await fetch(coarse, { headers: await signedHeaders(coarse, 'GET', '') })).json()) as typeof body
    assert.equal(periods.resolution, 300)
    assert.equal(periods.series[0]!.datapoints.reduce((n, d) => n + d.Count, 0), 3)
    assert.ok(periods.series[0]!.datapoints.length <= body.series[0]!.datapoints.length)
    const odd = `${url}&period=90`
    const oddPeriod = await fetch(odd, { headers: await signedHeaders(odd, 'GET', '') })
    assert.equal(oddPeriod.status, 400)
    assert.deepEqual(await oddPeriod.json(), { message: 'Invalid period: 90. Use a multiple of 60 seconds, at most 86400' })
  })

  it('portico metrics prints each stage per minute', async () => {
    const r = await porticoAsync(['metrics', apiId, '--endpoint-url', h.portico.url], { AWS_ACCESS_KEY_ID: ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY })
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, new RegExp(`^Orders \\(${apiId}\\) stage prod$`, 'm'))
    assert.match(r.stdout, /^ {2}MINUTE +COUNT +4XX +5XX +CACHE HIT +CACHE MISS +SHED +LATENCY AVG\/MAX ms +P50\/P90\/P99 ms +INTEGRATION AVG\/MAX ms$/m)
    assert.match(r.stdout, /^ {2}\d{4}-\d\d-\d\d \d\d:\d\d +3 +1 +0 +0 +0 +0 +[\d.]+\/[\d.]+ +[\d.]+\/[\d.]+\/[\d.]+ /m)
  })
})
