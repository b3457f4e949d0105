/**
 * Issue 14, overload: with execution logs on, 2,000 connections made the gateway queue work it
 * could not finish (p99 17 s, resets, connect timeouts). The listener now sheds when the process
 * is saturated (data/event-loop-lag.ts): the event loop ran later than its bound while many
 * requests arrived; the shed answer is AWS's throttling answer, 429 `Too Many Requests`, given
 * before the request is read further. Behaviour, not timing: a real `portico serve` under a
 * closed-loop load of requests whose template costs CPU answers every request (200 or 429, never
 * a reset), sheds some, and never sheds one request at a time, before or after the load.
 */
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { porticoServe, type RunningServer } from '../support/cli.ts'

/** A MOCK method whose response template loops 20,000 times: a few ms of CPU per request, so a burst from 100 clients holds the loop well past the 20 ms bound, quiet machine or not. */
const doc = {
  openapi: '3.0.1',
  info: { title: 'Busy', version: '1' },
  paths: {
    '/work': {
      get: {
        responses: { '200': { description: 'ok' } },
        'x-amazon-apigateway-integration': {
          type: 'mock',
          requestTemplates: { 'application/json': '{"statusCode": 200}' },
          responses: { default: { statusCode: '200', responseTemplates: { 'application/json': '#foreach($i in [1..200])#foreach($j in [1..100])#set($x = $j)#end#end{"ok": $x}' } } },
        },
      },
    },
  },
}
const CLIENTS = 100

interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

function get(url: URL, agent: Agent | false): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, timeout: 60_000 }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      res.on('error', reject)
    })
    req.on('timeout', () => req.destroy(Object.assign(new Error('no answer in 60 s'), { code: 'TIMEOUT' })))
    req.on('error', reject)
    req.end()
  })
}

/** `CLIENTS` keep-alive clients, each sending its next request when the last is answered, for at most `rounds` rounds, or until one is shed. */
async function closedLoad(url: URL, rounds: number, untilShed: boolean): Promise<Map<string, number>> {
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS })
  const outcomes = new Map<string, number>()
  const count = (key: string) => outcomes.set(key, (outcomes.get(key) ?? 0) + 1)
  try {
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        for (let round = 0; round < rounds && !(untilShed && outcomes.has('429')); round++) {
          try {
            const r = await get(url, agent)
            count(String(r.status))
            if (r.status === 429) {
              assert.equal(r.body, '{"message":"Too Many Requests"}')
              assert.equal(r.headers['x-amzn-errortype'], 'TooManyRequestsException')
              assert.ok(r.headers['x-amzn-requestid'], 'no x-amzn-RequestId on the shed answer')
              assert.notEqual(r.headers.connection, 'close', 'a shed GET keeps its connection')
            }
          } catch (error) {
            count((error as NodeJS.ErrnoException).code ?? (error as Error).message)
          }
        }
      }),
    )
  } finally {
    agent.destroy()
  }
  return outcomes
}

/** `n` requests one after another: one request at a time never saturates the process. */
async function oneAtATime(url: URL, n: number): Promise<number[]> {
  const statuses: number[] = []
  for (let i = 0; i < n; i++) statuses.push((await get(url, false)).status)
  return statuses
}

const dir = mkdtempSync(join(tmpdir(), 'portico-overload-'))
const servers: RunningServer[] = []

async function serve(maxLagMs: string): Promise<URL> {
  const file = join(dir, 'busy.json')
  writeFileSync(file, JSON.stringify(doc))
  const server = await porticoServe([file, '--port', '0', '--host', '127.0.0.1', '--data-dir', join(dir, `data-${maxLagMs}`), '--stage', 'prod'], { PORTICO_MAX_EVENT_LOOP_LAG_MS: maxLagMs })
  servers.push(server)
  const apiId = /\/_aws\/execute-api\/([a-z0-9]+)\/prod/.exec(server.stdout)?.[1]
  assert.ok(apiId, `no invoke URL in:\n${server.stdout}`)
  return new URL(`${server.url}/_aws/execute-api/${apiId}/prod/work`)
}

describe('overload shedding at the listener', () => {
  after(async () => {
    for (const server of servers) await server.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('sheds with 429 while saturated, answers every request, and serves one request at a time before and after', async () => {
    const url = await serve('20')
    assert.deepEqual(new Set(await oneAtATime(url, 20)), new Set([200]))

    // at most 30 rounds: the first that finds the process saturated has its requests shed
    const outcomes = await closedLoad(url, 30, true)
    assert.deepEqual([...outcomes.keys()].filter((k) => k !== '200' && k !== '429'), [], `only answers, no resets or timeouts: ${JSON.stringify([...outcomes])}`)
    assert.ok((outcomes.get('429') ?? 0) > 0, `nothing shed: ${JSON.stringify([...outcomes])}`)
    assert.ok((outcomes.get('200') ?? 0) > 0, 'nothing admitted')

    // shedding lasts until the loop's next check: the first request after the load may still be shed
    const first: number[] = []
    for (let i = 0; i < 10 && first.at(-1) !== 200; i++) first.push(...(await oneAtATime(url, 1)))
    assert.equal(first.at(-1), 200, `after the load: ${first.join(', ')}`)
    assert.deepEqual(new Set(await oneAtATime(url, 20)), new Set([200]), 'one request at a time after the load')

    // every shed answer is counted, in the stage's series, with its reason
    const shed = (outcomes.get('429') ?? 0) + first.filter((s) => s === 429).length
    const metrics = await (await fetch(new URL('/metrics', url))).text()
    assert.match(metrics, new RegExp(`^portico_shed_requests_total\\{ApiName="Busy",ApiId="[a-z0-9]+",Stage="prod",reason="event-loop-lag"\\} ${shed}$`, 'm'))
    assert.match(metrics, /^portico_shed_requests_total\{[^}]*reason="upstream-busy"\} 0$/m)
  })

  it('PORTICO_MAX_EVENT_LOOP_LAG_MS=0 turns shedding off: the same load is queued, every request admitted', async () => {
    const url = await serve('0')
    const outcomes = await closedLoad(url, 3, false)
    assert.deepEqual([...outcomes], [['200', CLIENTS * 3]])
  })
})
