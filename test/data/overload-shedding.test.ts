/**
 * Issue 14, overload: with execution logs on, 2,000 connections made the gateway queue work it
 * could not finish (p99 17 s, resets, connect timeouts). The listener now sheds when the process
 * is saturated (data/event-loop-lag.ts): the event loop ran later than its bound while many
 * requests arrived; the shed answer is AWS's throttling answer, 429 `Too Many Requests`, given
 * before the request is read further. Behaviour, not timing: under a closed-loop load of
 * CPU-bound requests every request is answered (200 or 429, never a reset), some are shed, and
 * one request at a time is never shed, before or after.
 */
import { after, afterEach, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Agent } from 'node:http'
import { compilePlan, type IntegrationStagesFactory } from '../../src/compile/compile.ts'
import type { PipelineStage } from '../../src/gateway/types.ts'
import { API_ID, apiDefinition, noUpstream, send, stage, start, type Running } from './fixtures.ts'

/** Burns `x-busy-ms` of CPU on the event loop, as a costly template or a logged request does, then answers 200. */
const busyIntegration: IntegrationStagesFactory = () => [
  function busy(ctx) {
    const until = performance.now() + Number(ctx.headers.get('x-busy-ms') ?? 0)
    while (performance.now() < until);
    return { kind: 'http', statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: '{"ok":true}' }
  } satisfies PipelineStage,
]

const busyPlan = () => compilePlan({ snapshot: apiDefinition({ '/work': ['GET'] }), deploymentId: 'dep1', stage: stage(), upstream: noUpstream, integrations: busyIntegration })
const path = `/_aws/execute-api/${API_ID}/prod/work`
const CLIENTS = 100

/**
 * `CLIENTS` keep-alive clients, each sending its next request when the last is answered, for
 * `rounds` rounds, or until one is shed when `untilShed`; every outcome is counted.
 */
async function closedLoad(running: Running, rounds: number, untilShed: boolean): Promise<Map<string, number>> {
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS })
  const outcomes = new Map<string, number>()
  const count = (key: string) => outcomes.set(key, (outcomes.get(key) ?? 0) + 1)
  try {
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        for (let round = 0; round < rounds && !(untilShed && outcomes.has('429')); round++) {
          try {
            const r = await send(running.address.port, { path, headers: { 'x-busy-ms': '3' }, agent })
            count(String(r.status))
            if (r.status === 429) {
              assert.deepEqual(r.json(), { message: 'Too Many Requests' })
              assert.equal(r.headers['x-amzn-errortype'], 'TooManyRequestsException')
              assert.ok(r.headers['x-amzn-requestid'], 'no x-amzn-RequestId on the shed answer')
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
async function oneAtATime(running: Running, n: number): Promise<number[]> {
  const statuses: number[] = []
  for (let i = 0; i < n; i++) statuses.push((await send(running.address.port, { path, headers: { 'x-busy-ms': '1' } })).status)
  return statuses
}

describe('overload shedding at the listener', () => {
  let running: Running | undefined
  afterEach(async () => {
    await running?.close()
    running = undefined
  })
  after(() => running?.close())

  it('sheds with 429 while saturated, answers every request, and serves normally before and after', async () => {
    running = await start([busyPlan()], { limits: { maxEventLoopLagMs: 50 } })
    assert.deepEqual(new Set(await oneAtATime(running, 40)), new Set([200]))

    // at most 30 rounds: the first that finds the process saturated has its requests shed
    const outcomes = await closedLoad(running, 30, true)
    assert.deepEqual([...outcomes.keys()].filter((k) => k !== '200' && k !== '429'), [], `only answers, no resets or timeouts: ${JSON.stringify([...outcomes])}`)
    assert.ok((outcomes.get('429') ?? 0) > 0, `nothing shed: ${JSON.stringify([...outcomes])}`)
    assert.ok((outcomes.get('200') ?? 0) > 0, 'nothing admitted')

    // the load is over: shedding lasts until the next check, so one request at a time gets through again
    const first = await oneAtATime(running, 1)
    const statuses = first[0] === 200 ? first : [...first, ...(await oneAtATime(running, 1))]
    assert.equal(statuses.at(-1), 200, `after the load: ${statuses.join(', ')}`)
    assert.deepEqual(new Set(await oneAtATime(running, 40)), new Set([200]))
  })

  it('0 turns shedding off: the same load is queued, every request admitted', async () => {
    running = await start([busyPlan()], { limits: { maxEventLoopLagMs: 0 } })
    const outcomes = await closedLoad(running, 4, false)
    assert.deepEqual([...outcomes], [['200', CLIENTS * 4]])
  })
})
