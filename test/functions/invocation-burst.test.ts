/**
 * Issue 14, defect 5: a burst of local Lambda invocations stalled every other route (100
 * concurrent calls to a looping handler: a MOCK route's worst latency 6.9 s) and, on a cold pool,
 * 100 concurrent trivial calls answered 36 × 500 — every environment started in one turn, and
 * past the function's concurrency an invocation was refused at once. Real HTTP through
 * `startPortico`, AWS_PROXY methods to local handlers, a MOCK method beside them.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { Agent, createServer, request, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { loadConfigFile, type ConfigFileContents } from '../../src/config-file.ts'
import { serveFile } from '../support/serve-file.ts'
import type { Portico } from '../../src/main.ts'
import { startHarness, useStarted } from '../control/harness.ts'

const HANDLERS = `
import { get } from 'node:http'
export const loop = async () => { for (;;); }
export const trivial = async () => ({ statusCode: 200, body: 'ok' })
// waits at the test's loopback rendezvous until the test lets it go
export const hold = () => new Promise((resolve, reject) => {
  get(process.env.HOLD_URL, (res) => { res.resume(); res.on('end', () => resolve({ statusCode: 200, body: 'released' })) }).on('error', reject)
})
`

function lambdaMethod(fn: string) {
  const uri = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:${fn}/invocations`
  return { get: { responses: { '200': { description: 'ok' } }, 'x-amazon-apigateway-integration': { type: 'aws_proxy', httpMethod: 'POST', uri } } }
}

const API = {
  openapi: '3.0.1',
  info: { title: 'burst', version: '1' },
  paths: {
    '/loop': lambdaMethod('loop'),
    '/trivial': lambdaMethod('trivial'),
    '/hold': lambdaMethod('hold'),
    '/mock': {
      get: {
        responses: { '200': { description: 'ok' } },
        'x-amazon-apigateway-integration': {
          type: 'mock',
          requestTemplates: { 'application/json': '{"statusCode": 200}' },
          responses: { default: { statusCode: '200', responseTemplates: { 'application/json': '{"mock": true}' } } },
        },
      },
    },
  },
}

interface Served {
  portico: Portico
  get(path: string): Promise<{ status: number; body: string; errorType: string | undefined }>
  close(): Promise<void>
}

/** Portico over a config file of `config` (handlers in the same directory) serving API on stage prod */
async function serve(config: ConfigFileContents): Promise<Served> {
  const dir = mkdtempSync(join(tmpdir(), 'portico-burst-'))
  writeFileSync(join(dir, 'handlers.mjs'), HANDLERS)
  writeFileSync(join(dir, 'portico.config.json'), JSON.stringify(config))
  writeFileSync(join(dir, 'api.json'), JSON.stringify(API))
  const harness = await startHarness({ dataDir: join(dir, 'data') }, { functions: await loadConfigFile({ path: join(dir, 'portico.config.json') }) })
  const { portico } = harness
  const served = await serveFile(portico, join(dir, 'api.json'), 'prod')
  await portico.settled()
  const base = new URL(`${portico.url}/_aws/execute-api/${served.apiId}/prod`)
  // keep-alive connections: once open, a burst's requests arrive together
  const agent = new Agent({ keepAlive: true, maxSockets: 256 })
  const get = (path: string) =>
    new Promise<{ status: number; body: string; errorType: string | undefined }>((resolve, reject) => {
      const req = request({ host: base.hostname, port: base.port, path: `${base.pathname}${path}`, agent }, (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (body += chunk))
        res.on('end', () => resolve({ status: res.statusCode!, body, errorType: res.headers['x-amzn-errortype'] as string | undefined }))
      })
      req.on('error', reject)
      req.end()
    })
  return {
    portico,
    get,
    async close() {
      agent.destroy()
      await harness.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** opens `n` connections to the gateway */
async function connect(served: Served, n: number): Promise<void> {
  const answers = await Promise.all(Array.from({ length: n }, () => served.get('/mock')))
  for (const answer of answers) assert.equal(answer.status, 200)
}

const tally = (statuses: number[]) => statuses.reduce<Record<number, number>>((n, s) => ({ ...n, [s]: (n[s] ?? 0) + 1 }), {})

describe('a burst of local invocations, with the runtime\'s default bounds', () => {
  const served = useStarted(
    () => serve({ functions: { loop: { handler: './handlers.loop', timeout: 5 }, trivial: { handler: './handlers.trivial' } } }),
    (started) => connect(started, 100),
  )

  it('cold pool: 100 concurrent calls to a trivial handler all answer 200', { timeout: 120_000 }, async () => {
    const answers = await Promise.all(Array.from({ length: 100 }, () => served.get('/trivial')))
    assert.deepEqual(tally(answers.map((a) => a.status)), { 200: 100 })
  })

  it('while 100 calls to a looping handler are in flight, a MOCK route keeps answering', { timeout: 120_000 }, async () => {
    let ended = 0
    const loops = Array.from({ length: 100 }, () => served.get('/loop').finally(() => ended++))
    for (let i = 0; i < 20; i++) {
      const answer = await served.get('/mock')
      assert.equal(answer.status, 200)
      assert.equal(answer.body, '{"mock": true}')
    }
    assert.equal(ended, 0, 'the 20 MOCK requests were answered before any looping call ended')
    // each looping call ends: its function's timeout (502), or shed after waiting for concurrency (500)
    const statuses = (await Promise.all(loops)).map((a) => a.status)
    for (const status of statuses) assert.ok(status === 502 || status === 500, JSON.stringify(tally(statuses)))
  })
})

describe('past the runtime\'s concurrency and queue bounds', () => {
  let rendezvous: ReturnType<typeof createServer>
  const held: ServerResponse[] = []
  let arrived: (() => void) | undefined
  let holdUrl = ''
  before(async () => {
    rendezvous = createServer((_req, res) => {
      held.push(res)
      arrived?.()
    })
    await new Promise<void>((resolve) => rendezvous.listen(0, '127.0.0.1', resolve))
    holdUrl = `http://127.0.0.1:${(rendezvous.address() as AddressInfo).port}/`
  })
  const served = useStarted(
    () =>
      serve({
        functions: { hold: { handler: './handlers.hold', timeout: 60, environment: { HOLD_URL: holdUrl } } },
        localRuntime: { concurrentExecutions: 2, maxQueuedInvocations: 3, maxQueueWaitMs: 60_000 },
      }),
    async (started) => {
      await connect(started, 10)
      return () => {
        for (const res of held) res.end()
      }
    },
  )
  after(() => new Promise<void>((resolve) => rendezvous.close(() => resolve())))

  it('answers as AWS does when Lambda throttles: 500 Internal server error; the admitted and queued ones run', { timeout: 120_000 }, async () => {
    const twoHeld = new Promise<void>((resolve) => {
      arrived = () => held.length === 2 && resolve()
    })
    const answers = Array.from({ length: 10 }, () => served.get('/hold'))
    // 2 run and 3 wait, all held: the first 5 answers are the refused ones
    const refused: Array<Awaited<(typeof answers)[number]>> = []
    const fiveRefused = new Promise<void>((resolve) => {
      for (const answer of answers) void answer.then((a) => refused.push(a) === 5 && resolve())
    })
    await Promise.all([fiveRefused, twoHeld])
    for (const answer of refused) {
      assert.equal(answer.status, 500)
      assert.deepEqual(JSON.parse(answer.body), { message: 'Internal server error' })
      assert.equal(answer.errorType, 'InternalServerErrorException')
    }
    assert.equal(held.length, 2, 'no more than concurrentExecutions run')
    // let everything go: the two running, then the three that waited, as they arrive
    arrived = () => {
      for (const res of held.splice(0)) res.end()
    }
    arrived()
    const all = await Promise.all(answers)
    assert.deepEqual(tally(all.map((a) => a.status)), { 200: 5, 500: 5 })
  })
})
