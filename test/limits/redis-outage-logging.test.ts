/**
 * Issue 14, defect 9 (part): during a Redis outage every failed request wrote a stack trace to
 * stderr (7,746 lines in 16 s). Now each Redis the gateway uses logs the outage when it starts
 * and when it ends, counts the failed commands on /metrics, and requests are served as before:
 * 500 for Redis counters (fail closed), a miss for the Redis response cache (fail open).
 * A redis-server of the test's own on a free loopback port is stopped and started again; the
 * machine's Redis on 6379 is not touched.
 */
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { GetRestApisCommand, UpdateStageCommand } from '@aws-sdk/client-api-gateway'
import { ACCESS_KEY_ID, SECRET_ACCESS_KEY, sdkClient } from '../control/harness.ts'
import { closedPort } from '../support/closed-port.ts'
import { porticoServe, type RunningServer } from '../support/cli.ts'

const ORDERS = new URL('../fixtures/e2e/orders.yaml', import.meta.url).pathname
const env = { PORTICO_ADMIN_ACCESS_KEY_ID: ACCESS_KEY_ID, PORTICO_ADMIN_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY }
const work = mkdtempSync(join(tmpdir(), 'portico-redis-outage-'))
const servers: RunningServer[] = []
let redis: ChildProcess | undefined

after(async () => {
  for (const server of servers) await server.stop()
  await stopRedis()
  rmSync(work, { recursive: true, force: true })
})

/** redis-server on `port`, without persistence; resolves once it answers PING. */
async function startRedis(port: number): Promise<void> {
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' })
  for (let i = 0; i < 100; i++) {
    if (await pings(port)) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`redis-server did not answer on ${port}`)
}

async function stopRedis(): Promise<void> {
  const server = redis
  redis = undefined
  if (!server || server.exitCode !== null || server.signalCode !== null) return
  server.kill('SIGTERM')
  await once(server, 'exit')
}

function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write('PING\r\n'))
    socket.setTimeout(1000, () => socket.destroy())
    socket.once('data', (data) => {
      socket.destroy()
      resolve(data.toString().startsWith('+PONG'))
    })
    socket.once('error', () => resolve(false))
    socket.once('close', () => resolve(false))
  })
}

/** `portico serve` on its own data directory, serving orders.yaml on stage prod. */
async function serve(name: string, ...flags: string[]): Promise<{ server: RunningServer; apiId: string }> {
  const server = await porticoServe(['--port', '0', '--host', '127.0.0.1', '--data-dir', join(work, name), '--stage', 'prod', ...flags, ORDERS], env)
  servers.push(server)
  const client = sdkClient(server.url)
  const apiId = (await client.send(new GetRestApisCommand({}))).items![0]!.id!
  client.destroy()
  return { server, apiId }
}

async function statuses(server: RunningServer, apiId: string, count: number): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < count; i++) {
    const res = await fetch(`${server.url}/_aws/execute-api/${apiId}/prod/orders/${i}`)
    await res.arrayBuffer()
    out.push(res.status)
  }
  return out
}

async function metric(server: RunningServer, series: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text()
  const line = text.split('\n').find((l) => l.startsWith(`${series} `))
  assert.ok(line, `${series} on /metrics`)
  return Number(line.slice(series.length + 1))
}

describe('a Redis outage while serving', () => {
  it('is logged when it starts and when it ends, counted on /metrics, and served as before: 500 for counters, misses for the cache', { timeout: 120_000 }, async () => {
    const port = await closedPort()
    const url = `redis://127.0.0.1:${port}`
    await startRedis(port)
    const counted = await serve('counters', '--counters', url)
    const cached = await serve('cache', '--cache', url)
    const client = sdkClient(cached.server.url)
    await client.send(
      new UpdateStageCommand({
        restApiId: cached.apiId,
        stageName: 'prod',
        patchOperations: [
          { op: 'replace', path: '/cacheClusterEnabled', value: 'true' },
          { op: 'replace', path: '/*/*/caching/enabled', value: 'true' },
        ],
      }),
    )
    client.destroy()
    assert.deepEqual(new Set(await statuses(counted.server, counted.apiId, 3)), new Set([200]))
    assert.deepEqual(new Set(await statuses(cached.server, cached.apiId, 3)), new Set([200]))
    const quiet = { counters: counted.server.stderr.length, cache: cached.server.stderr.length }

    await stopRedis()
    const requests = 60
    assert.deepEqual(new Set(await statuses(counted.server, counted.apiId, requests)), new Set([500]), 'counters fail closed')
    assert.deepEqual(new Set(await statuses(cached.server, cached.apiId, requests)), new Set([200]), 'the cache fails open')
    const during = { counters: counted.server.stderr.slice(quiet.counters), cache: cached.server.stderr.slice(quiet.cache) }
    assert.equal(during.counters.trim().split('\n').length, 1, `one line, not one per request:\n${during.counters.slice(0, 2000)}`)
    // the reason is the client's: the connection closing, or the first command finding it closed
    assert.match(during.counters, new RegExp(`^portico: Redis counters at ${url} is unavailable \\(.+\\): requests answer 500 Internal server error until it is back\\n$`))
    assert.equal(during.cache.trim().split('\n').length, 1, `one line, not one per request:\n${during.cache.slice(0, 2000)}`)
    assert.match(during.cache, new RegExp(`^portico: the response cache's Redis at ${url}/? is unavailable \\(.+\\): requests are served as cache misses until it is back\\n$`))

    assert.equal(await metric(counted.server, 'portico_redis_up{use="counters"}'), 0)
    assert.ok((await metric(counted.server, 'portico_redis_command_failures_total{use="counters"}')) >= requests)
    assert.equal(await metric(cached.server, 'portico_redis_up{use="cache"}'), 0)
    // each request's lookup fails, and so does storing its answer
    assert.ok((await metric(cached.server, 'portico_redis_command_failures_total{use="cache"}')) >= requests)

    await startRedis(port)
    let back = false
    for (let i = 0; i < 100 && !back; i++) {
      back = (await statuses(counted.server, counted.apiId, 1))[0] === 200
      if (!back) await new Promise((r) => setTimeout(r, 100))
    }
    assert.ok(back, 'counters admit again once Redis is back')
    assert.equal(await metric(counted.server, 'portico_redis_up{use="counters"}'), 1)
    assert.match(counted.server.stderr.slice(quiet.counters), /\nportico: Redis counters at redis:\/\/127\.0\.0\.1:\d+ is back after \d+\.\d s; \d+ command\(s\) failed meanwhile\n$/)
    for (let i = 0; i < 100 && (await metric(cached.server, 'portico_redis_up{use="cache"}')) === 0; i++) {
      await statuses(cached.server, cached.apiId, 1)
      await new Promise((r) => setTimeout(r, 100))
    }
    assert.match(cached.server.stderr.slice(quiet.cache), /\nportico: the response cache's Redis at \S+ is back after \d+\.\d s; \d+ command\(s\) failed meanwhile\n$/)
  })
})
