/**
 * Issue 14, defect 2: under load a slow log destination made every write past 256 KB start
 * another flush that waited on the drain (96,083 of them from 800k lines), and the gateway
 * stalled in GC. Now one sender per sink drains a bounded queue; lines past the bound are
 * dropped, counted, reported and exposed as a metric, and lines flow again once the destination
 * recovers. The OTLP exporter had the same flaw (a batch chained per 512 spans, past its queue
 * bound) and the same cure.
 */
import assert from 'node:assert/strict'
import { createHook } from 'node:async_hooks'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { GetRestApisCommand, UpdateStageCommand } from '@aws-sdk/client-api-gateway'
import { DEFAULT_MAX_QUEUED_BYTES, HttpSink } from '../../src/observe/log-sink.ts'
import { OtlpExporter } from '../../src/observe/otlp-exporter.ts'
import type { SpanRecord } from '../../src/observe/trace.ts'
import { ACCESS_KEY_ID, SECRET_ACCESS_KEY, sdkClient } from '../control/harness.ts'
import { porticoServe } from '../support/cli.ts'
import { until } from '../support/until.ts'

const ORDERS = new URL('../fixtures/e2e/orders.yaml', import.meta.url).pathname

/** An HTTP log endpoint that holds every POST until `recover()`, counting lines and concurrent POSTs. */
async function stalledEndpoint(): Promise<{ url: string; lines: () => number; bodies: string[]; posts: () => number; maxConcurrent: () => number; recover(): void; close(): Promise<void> }> {
  let lines = 0
  const bodies: string[] = []
  let posts = 0
  let inFlight = 0
  let maxConcurrent = 0
  let stalled = true
  const held: ServerResponse[] = []
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    posts++
    inFlight++
    maxConcurrent = Math.max(maxConcurrent, inFlight)
    // answered, or given up by the client (its timeout)
    res.on('close', () => inFlight--)
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (c: string) => (body += c))
    req.on('end', () => {
      lines += body.split('\n').length - 1
      bodies.push(body)
      if (stalled) held.push(res)
      else res.end()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ingest`,
    lines: () => lines,
    bodies,
    posts: () => posts,
    maxConcurrent: () => maxConcurrent,
    recover() {
      stalled = false
      for (const res of held.splice(0)) res.end()
    },
    async close() {
      server.closeAllConnections()
      await new Promise<void>((r) => server.close(() => r()))
    },
  }
}


describe('a slow log destination', () => {
  it('costs a bounded queue and dropped lines, not a promise per line; one POST at a time; lines flow again after it recovers', async () => {
    const endpoint = await stalledEndpoint()
    const reports: string[] = []
    const bound = 1024 * 1024
    const sink = new HttpSink(endpoint.url, { maxQueuedBytes: bound, timeoutMs: 60_000, drops: { report: (m) => reports.push(m), everyMs: 60_000 } })
    try {
      const line = 'x'.repeat(99)
      // the first batch goes out and is held; everything after it queues behind it
      sink.write(line)
      const first = sink.flush()
      await until(() => endpoint.posts() === 1, 'the first POST')

      let promises = 0
      const hook = createHook({ init: (_id, type) => void (type === 'PROMISE' && promises++) })
      let maxQueued = 0
      hook.enable()
      for (let i = 0; i < 30_000; i++) {
        sink.write(line)
        if (sink.queuedBytes > maxQueued) maxQueued = sink.queuedBytes
      }
      hook.disable()
      assert.ok(promises < 10, `30,000 writes behind a slow destination made ${promises} promises`)
      assert.ok(maxQueued <= bound, `queued ${maxQueued} bytes, bound ${bound}`)
      // 30,000 lines of 100 bytes into a 1 MiB queue
      assert.equal(sink.dropped, 30_000 - Math.floor(bound / 100))
      assert.equal(reports.length, 1, 'the first drop is reported at once, the rest wait for the interval')
      assert.equal(reports[0], `portico: dropped 1 log line(s) for ${endpoint.url}: 1 with the queue full`)

      endpoint.recover()
      await first
      await sink.flush()
      assert.equal(endpoint.maxConcurrent(), 1, 'one POST in flight at a time')
      assert.equal(endpoint.lines(), 1 + Math.floor(bound / 100), 'the held line, then the queue')
      assert.equal(sink.queuedBytes, 0)

      sink.write('after recovery')
      await sink.flush()
      assert.equal(endpoint.lines(), 2 + Math.floor(bound / 100))
    } finally {
      endpoint.recover()
      await sink.close()
      await endpoint.close()
    }
    assert.equal(reports.length, 2, 'close reports what the interval had not')
    assert.match(reports[1]!, /^portico: dropped \d+ log line\(s\) for http:\/\/127\.0\.0\.1:\d+\/ingest: \d+ with the queue full$/)
    assert.equal(Number(/dropped (\d+)/.exec(reports[1]!)![1]) + 1, 30_000 - Math.floor(bound / 100))
  })

  it('a Portico process under load: requests are answered, drops are counted on /metrics and reported on stderr a few times, not per line', async () => {
    const endpoint = await stalledEndpoint()
    const dir = mkdtempSync(join(tmpdir(), 'portico-slow-log-'))
    const server = await porticoServe(['--port', '0', '--host', '127.0.0.1', '--data-dir', dir, '--stage', 'prod', ORDERS], {
      PORTICO_ADMIN_ACCESS_KEY_ID: ACCESS_KEY_ID,
      PORTICO_ADMIN_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY,
    })
    const client = sdkClient(server.url)
    try {
      const apiId = (await client.send(new GetRestApisCommand({}))).items![0]!.id!
      // 16 KB lines: 262 of them fill the 4 MiB queue
      const format = `$context.requestId ${'x'.repeat(16_000)}`
      const patchOperations = [
        { op: 'replace' as const, path: '/accessLogSettings/destinationArn', value: `arn:portico:${endpoint.url}` },
        { op: 'replace' as const, path: '/accessLogSettings/format', value: format },
      ]
      await client.send(new UpdateStageCommand({ restApiId: apiId, stageName: 'prod', patchOperations }))
      const invoke = async (): Promise<number> => {
        const res = await fetch(`${server.url}/_aws/execute-api/${apiId}/prod/orders/1`)
        await res.arrayBuffer()
        return res.status
      }
      // the stage is recompiled in the background: its first logged request starts the (held) first POST
      for (let i = 0; i < 500 && endpoint.posts() === 0; i++) assert.equal(await invoke(), 200)
      await until(() => endpoint.posts() === 1, 'the first POST')

      const requests = 400
      let next = 0
      const statuses: number[] = []
      await Promise.all(
        Array.from({ length: 10 }, async () => {
          while (next < requests) {
            next++
            statuses.push(await invoke())
          }
        }),
      )
      assert.deepEqual(new Set(statuses), new Set([200]), 'every request answered while the log destination hangs')

      const metrics = await (await fetch(`${server.url}/metrics`)).text()
      const label = `{destination="${endpoint.url}"}`
      const dropped = Number(new RegExp(`^portico_log_lines_dropped_total${label} (\\d+)$`, 'm').exec(metrics)?.[1])
      const queued = Number(new RegExp(`^portico_log_queued_bytes${label} (\\d+)$`, 'm').exec(metrics)?.[1])
      assert.ok(dropped > 0 && dropped < requests, `dropped ${dropped} of ${requests} lines`)
      assert.ok(queued > 0 && queued <= DEFAULT_MAX_QUEUED_BYTES, `queued ${queued} bytes`)
      await until(() => server.stderr.includes('portico: dropped'), 'the first drop report')

      endpoint.recover()
      const before = endpoint.lines()
      for (let i = 0; i < 5; i++) assert.equal(await invoke(), 200)
      await until(() => endpoint.lines() >= before + 5, 'lines after the destination recovered')
      assert.equal(endpoint.maxConcurrent(), 1, 'one POST in flight at a time')
    } finally {
      client.destroy()
      endpoint.recover()
      await server.stop()
      await endpoint.close()
      rmSync(dir, { recursive: true, force: true })
    }
    const reports = server.stderr.split('\n').filter((line) => line.startsWith('portico: dropped'))
    assert.ok(reports.length >= 1 && reports.length <= 3, `a report at once, perhaps one 10 s later, the rest at shutdown, not one per line:\n${server.stderr}`)
    // the held POST may also time out (5 s) on a slow machine: its batch is lost too
    for (const report of reports) assert.match(report, /^portico: dropped \d+ log line\(s\) for http:\/\/127\.0\.0\.1:\d+\/ingest: (\d+ with the queue full|\d+ in failed writes \([^)]*\))(, \d+ in failed writes \([^)]*\))?$/)
  })

  it('a slow OTLP collector: at most maxQueueSize spans wait, one POST at a time, no promise per span', async () => {
    const endpoint = await stalledEndpoint()
    const reports: string[] = []
    const exporter = new OtlpExporter({ url: endpoint.url, timeoutMs: 60_000, drops: { report: (m) => reports.push(m), everyMs: 60_000 } })
    const span = (i: number): SpanRecord => ({ traceId: 'a'.repeat(32), spanId: i.toString(16).padStart(16, '0'), name: 'GET /', kind: 2, startEpochMs: 1, endEpochMs: 2, attributes: {}, failed: false })
    const spansIn = (body: string) => (JSON.parse(body) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: unknown[] }> }> }).resourceSpans[0]!.scopeSpans[0]!.spans.length
    try {
      // a full batch goes out at once and is held
      exporter.export(Array.from({ length: 512 }, (_, i) => span(i)))
      await until(() => endpoint.posts() === 1, 'the first POST')
      let promises = 0
      const hook = createHook({ init: (_id, type) => void (type === 'PROMISE' && promises++) })
      let maxQueued = 0
      hook.enable()
      for (let i = 0; i < 20_000; i++) {
        exporter.export([span(i)])
        if (exporter.queued > maxQueued) maxQueued = exporter.queued
      }
      hook.disable()
      assert.ok(promises < 10, `20,000 exports behind a slow collector made ${promises} promises`)
      assert.ok(maxQueued <= 2048, `${maxQueued} spans queued`)
      assert.equal(exporter.dropped, 20_000 - 2048)
      assert.deepEqual(reports, [`portico: dropped 1 span(s) for the OTLP collector ${endpoint.url}: 1 with the queue full`])

      endpoint.recover()
      await exporter.flush()
      assert.equal(endpoint.maxConcurrent(), 1, 'one POST in flight at a time')
      assert.deepEqual(endpoint.bodies.map(spansIn), [512, 512, 512, 512, 512], 'the held batch, then the queue in batches of 512')
    } finally {
      endpoint.recover()
      await exporter.close()
      await endpoint.close()
    }
    assert.equal(reports.length, 2, 'the rest at close')
  })
})
