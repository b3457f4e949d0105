/**
 * Issue 14, defect 4: calls to a backend whose connections are all busy. A call still waiting
 * for a connection answers 504 at its deadline (not when a connection frees), and a call that
 * cannot get one in time is shed at once with 503 instead of being held until it times out.
 * Real data plane, real observer, a real backend that holds requests until the test lets go.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { createUpstreamPools, type UpstreamPoolOptions, type UpstreamPools } from '../../src/integrations/index.ts'
import type { Integration, Method } from '../../src/model/index.ts'
import { ConfigError, resolveConfig } from '../../src/config.ts'
import { apiDefinition, send, type Reply } from '../data/fixtures.ts'
import { startObserved, type Observed } from '../observe/observe-fixtures.ts'
import { until } from '../support/until.ts'

const SAFETY_MS = 5_000

let backend: Server
let origin: string
/** requests the backend holds until letGo() */
let held: ServerResponse[] = []
let received = 0
let answered = 0
let holding = true

function ok(res: ServerResponse): void {
  if (!res.destroyed) res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}')
}

before(async () => {
  backend = createServer((req, res) => {
    received++
    res.once('finish', () => answered++)
    const url = new URL(req.url!, 'http://backend')
    if (url.pathname === '/sleep') setTimeout(() => ok(res), Number(url.searchParams.get('ms')))
    else if (holding) held.push(res)
    else ok(res)
  })
  await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`
})
after(() => {
  backend.closeAllConnections()
  return new Promise<void>((resolve) => backend.close(() => resolve()))
})

function resetBackend(): void {
  held = []
  received = 0
  answered = 0
  holding = true
}

/** answers every held request, and every later one at once */
function letGo(): void {
  holding = false
  for (const res of held) ok(res)
  held = []
}


const method = (type: 'HTTP' | 'HTTP_PROXY', path: string, timeoutInMillis: number): Partial<Method> => ({
  methodResponses: { '200': { statusCode: '200' } },
  methodIntegration: {
    type,
    httpMethod: 'GET',
    uri: `${origin}${path}`,
    timeoutInMillis,
    ...(type === 'HTTP' && { integrationResponses: { '200': { statusCode: '200' } } }),
  } as Integration,
})

async function gateway(options: UpstreamPoolOptions): Promise<{ o: Observed; pools: UpstreamPools }> {
  const api = apiDefinition({
    '/hold': { GET: method('HTTP_PROXY', '/hold', 3_000) },
    '/hold-http': { GET: method('HTTP', '/hold', 3_000) },
    '/sleep': { GET: method('HTTP_PROXY', '/sleep', 3_000) },
    '/sleep-http': { GET: method('HTTP', '/sleep?ms=500', 3_000) },
    '/long': { GET: method('HTTP_PROXY', '/hold', 20_000) },
    '/short': { GET: method('HTTP_PROXY', '/hold', 300) },
    '/short-http': { GET: method('HTTP', '/hold', 300) },
  })
  const pools = createUpstreamPools(options)
  const o = await startObserved(api, { methodSettings: { '*/*': { loggingLevel: 'ERROR' } as never } }, {}, { real: true, upstream: pools })
  return { o, pools }
}

function get(o: Observed, path: string): Promise<Reply> {
  return send(o.running.address.port, { path: `/_aws/execute-api/a1b2c3d4e5/prod${path}` })
}

async function fiveHundreds(o: Observed): Promise<number> {
  const text = (await send(o.running.address.port, { path: '/metrics' })).body
  return Number(/^apigateway_5xx_error_total\{[^}]*\} (\d+)$/m.exec(text)?.[1] ?? 0)
}

async function shedTotal(o: Observed, reason: string): Promise<number> {
  const text = (await send(o.running.address.port, { path: '/metrics' })).body
  return Number(new RegExp(`^portico_shed_requests_total\\{[^}]*,reason="${reason}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? -1)
}

function executionLog(o: Observed): string[] {
  return readFileSync(join(o.dir, 'logs', 'API-Gateway-Execution-Logs_a1b2c3d4e5', 'prod.log'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { message: string }).message)
}

/**
 * Sends `count` requests at once and resolves once every one of them is decided: the backend
 * holds `connections` of them, the rest either wait for a connection or have been answered.
 * Each answer notes whether the backend had let go yet.
 */
async function burst(o: Observed, pools: UpstreamPools, path: string, count: number, connections: number) {
  const answers: Array<{ reply: Reply; afterLetGo: boolean }> = []
  const calls = Array.from({ length: count }, async () => {
    const reply = await get(o, path)
    answers.push({ reply, afterLetGo: !holding })
    return reply
  })
  const load = () => pools.get(origin).load
  await until(() => held.length === connections && load().running === connections && connections + load().waiting + answers.length === count, 'every call to be admitted or answered', { timeoutMs: SAFETY_MS })
  return { answers, waiting: load().waiting, calls }
}

describe('calls to a backend whose connections are all busy', () => {
  it('a call waiting for a connection answers 504 at its deadline, while the backend still holds the only connection', async () => {
    resetBackend()
    const { o } = await gateway({ connections: 1 })
    try {
      const long = get(o, '/long')
      await until(() => held.length === 1, 'the backend to hold /long', { timeoutMs: SAFETY_MS })
      const short = await Promise.race([get(o, '/short'), new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), SAFETY_MS))])
      assert.ok(short !== undefined, '/short must answer at its 300 ms deadline, not when /long lets its connection go')
      assert.equal(short.status, 504)
      assert.deepEqual(short.json(), { message: 'Endpoint request timed out' })
      const shortHttp = await Promise.race([get(o, '/short-http'), new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), SAFETY_MS))])
      assert.ok(shortHttp !== undefined, 'the HTTP integration too answers at its deadline')
      assert.equal(shortHttp.status, 504)
      assert.equal(received, 1, '/short and /short-http never reached the backend')
      assert.equal(answered, 0, 'the backend was still holding /long')
      letGo()
      assert.equal((await long).status, 200)
    } finally {
      letGo()
      await o.close()
    }
  })

  it('past the queue bound, calls are shed at once with 503, counted and logged as integration failures; admitted calls succeed', async () => {
    resetBackend()
    const { o, pools } = await gateway({ connections: 2, maxQueue: 3 })
    try {
      const { answers, waiting, calls } = await burst(o, pools, '/hold', 20, 2)
      // every shed answer came while the backend held both connections and had answered nothing
      assert.equal(waiting, 3)
      assert.equal(answers.length, 15)
      assert.equal(received, 2)
      assert.equal(answered, 0)
      for (const { reply } of answers) {
        assert.equal(reply.status, 503)
        assert.deepEqual(reply.json(), { message: 'Service Unavailable' })
        assert.equal(reply.headers['x-amzn-errortype'], 'ServiceUnavailableException')
      }
      letGo()
      const all = await Promise.all(calls)
      assert.equal(all.filter((r) => r.status === 200).length, 5)
      assert.equal(received, 5)
      assert.equal(await fiveHundreds(o), 15)
      assert.equal(await shedTotal(o, 'upstream-busy'), 15)
      assert.equal(o.observer.metrics.history({ apiId: 'a1b2c3d4e5', stage: 'prod' })[0]!.datapoints.reduce((n, d) => n + d.ShedCount, 0), 15)
      await o.observer.flush()
      const shedLines = executionLog(o).filter((m) => m.startsWith('Execution failed due to an integration error: no connection to'))
      assert.equal(shedLines.length, 15)
      assert.match(shedLines[0]!, /all 2 connections are busy and 3 calls already wait for one/)
    } finally {
      letGo()
      await o.close()
    }
  })

  it('a call that could not end before its timeout is shed at once; the ones that can are admitted and succeed', async () => {
    resetBackend()
    holding = false
    const { o, pools } = await gateway({ connections: 2 })
    try {
      // two calls teach the origin how long a call holds a connection (600 ms or a little more)
      for (let i = 0; i < 2; i++) assert.equal((await get(o, '/sleep?ms=600')).status, 200)
      resetBackend()
      // with 2 connections each held ~600 ms, a 3 s timeout leaves room for at most 7 waiting
      // calls (each ~300 ms further back); the queue bound (1024) is far away
      const { answers, waiting, calls } = await burst(o, pools, '/hold-http', 20, 2)
      assert.ok(waiting >= 1 && waiting <= 7, `${waiting} calls wait`)
      assert.equal(answers.length, 18 - waiting)
      assert.ok(answers.every(({ reply }) => reply.status === 503), JSON.stringify(answers.map(({ reply }) => reply.status)))
      assert.equal(received, 2)
      assert.equal(answered, 0)
      letGo()
      const all = await Promise.all(calls)
      // the two held calls held their connections longer than 600 ms (the time the burst took):
      // once they end, the origin expects longer holds and may shed waiting calls that can no
      // longer end in time; every other waiting call is sent and succeeds
      const ok = all.filter((r) => r.status === 200).length
      assert.equal(ok + all.filter((r) => r.status === 503).length, 20, JSON.stringify(all.map((r) => r.status)))
      assert.ok(ok >= 2, `${ok} answered 200`)
      assert.equal(received, ok)
      assert.equal(answers.filter(({ reply, afterLetGo }) => reply.status === 503 && !afterLetGo).length, 18 - waiting, 'the calls shed at once')
      await o.observer.flush()
      assert.match(executionLog(o).find((m) => m.includes('no connection to'))!, /past its 3000 ms timeout/)
    } finally {
      letGo()
      await o.close()
    }
  })
})

describe('a burst before any call to the backend has ended', () => {
  // 16 calls at once to a backend that answers each after 500 ms, behind 2 connections, with a
  // 3 s timeout: nothing is known of the backend when they come, so 14 wait. When the first
  // ends, the origin learns that a call holds a connection ~500 ms: the calls that would get one
  // too late to end within 3 s are shed then with 503 (and any whose turn comes with less than a
  // hold of its time left), instead of waiting into a 504 (before this, 6 answered 504 at 3 s).
  for (const [kind, path] of [['HTTP_PROXY', '/sleep?ms=500'], ['HTTP', '/sleep-http']] as const) {
    it(`${kind}: the waiting calls that can no longer end in time are shed with 503 when the first call ends; none waits into a 504`, async () => {
      resetBackend()
      holding = false
      const { o } = await gateway({ connections: 2 })
      try {
        const replies = await Promise.all(Array.from({ length: 16 }, () => get(o, path)))
        const statuses = replies.map((r) => r.status)
        const ok = statuses.filter((s) => s === 200).length
        const shed = replies.filter((r) => r.status === 503)
        assert.equal(ok + shed.length, 16, `only 200 and 503: ${JSON.stringify(statuses)}`)
        assert.ok(shed.length >= 1 && ok >= 2, JSON.stringify(statuses))
        for (const reply of shed) assert.deepEqual(reply.json(), { message: 'Service Unavailable' })
        assert.equal(received, ok, 'no shed call reached the backend')
        assert.equal(await shedTotal(o, 'upstream-busy'), shed.length)
        await o.observer.flush()
        const shedLines = executionLog(o).filter((m) => m.includes('no connection to'))
        assert.equal(shedLines.length, shed.length)
        for (const line of shedLines) assert.match(line, /its turn for a connection came with \d+ ms of its timeout left|past its \d+ ms timeout \(what is left of it\)/)
      } finally {
        await o.close()
      }
    })
  }
})

describe('upstream configuration', () => {
  it('defaults to 128 connections and 1024 waiting calls per origin, set by PORTICO_UPSTREAM_CONNECTIONS and PORTICO_UPSTREAM_QUEUE', () => {
    assert.deepEqual([resolveConfig({}, {}).upstreamConnections, resolveConfig({}, {}).upstreamQueue], [128, 1024])
    const config = resolveConfig({}, { PORTICO_UPSTREAM_CONNECTIONS: '8', PORTICO_UPSTREAM_QUEUE: '0' })
    assert.deepEqual([config.upstreamConnections, config.upstreamQueue], [8, 0])
    assert.throws(() => resolveConfig({}, { PORTICO_UPSTREAM_CONNECTIONS: '0' }), (e: Error) => e instanceof ConfigError && /PORTICO_UPSTREAM_CONNECTIONS must be a whole number ≥ 1/.test(e.message))
    assert.throws(() => resolveConfig({}, { PORTICO_UPSTREAM_QUEUE: '-1' }), /PORTICO_UPSTREAM_QUEUE must be a whole number ≥ 0/)
    assert.throws(() => resolveConfig({}, { PORTICO_UPSTREAM_QUEUE: 'many' }), ConfigError)
  })
})
