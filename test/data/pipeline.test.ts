import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import diagnostics from 'node:diagnostics_channel'
import { compilePlan } from '../../src/compile/compile.ts'
import type { RequestEndMessage, RequestErrorMessage, RequestStartMessage } from '../../src/data/pipeline.ts'
import type { PipelineStage } from '../../src/gateway/types.ts'
import { API_ID, apiDefinition, noUpstream, plan, send, stage, useServed } from './fixtures.ts'

describe('pipeline', () => {
  const errors: unknown[] = []
  const running = useServed(() => {
    const api = apiDefinition({ '/pets': ['GET', 'POST', 'HEAD'], '/things': ['DELETE'] })
    return [plan(api)]
  }, { hooks: { onError: (e) => errors.push(e) } })

  const call = (method: string, path: string, headers: Record<string, string> = {}) =>
    send(running.address.port, { method, path: `/_aws/execute-api/${API_ID}/prod${path}`, headers })

  test('every response carries x-amzn-RequestId and x-amz-apigw-id', async () => {
    const r = await call('GET', '/pets')
    assert.equal(r.status, 200)
    assert.match(String(r.headers['x-amzn-requestid']), /^[0-9a-f-]{36}$/)
    assert.match(String(r.headers['x-amz-apigw-id']), /^[A-Za-z0-9]{15}=$/)
    assert.equal(r.json().requestId, r.headers['x-amzn-requestid'])
  })

  test('a client-chosen x-amzn-RequestId is honoured; an invalid one is replaced', async () => {
    const ok = await call('GET', '/pets', { 'x-amzn-RequestId': 'client-chosen-1' })
    assert.equal(ok.headers['x-amzn-requestid'], 'client-chosen-1')
    assert.equal(ok.json().requestId, 'client-chosen-1')
    const bad = await call('GET', '/pets', { 'x-amzn-RequestId': 'has spaces in it' })
    assert.notEqual(bad.headers['x-amzn-requestid'], 'has spaces in it')
    const long = await call('GET', '/pets', { 'x-amzn-RequestId': 'a'.repeat(129) })
    assert.notEqual(long.headers['x-amzn-requestid'], 'a'.repeat(129))
  })

  test('X-HTTP-Method-Override selects the method', async () => {
    const r = await call('POST', '/things', { 'X-HTTP-Method-Override': 'delete' })
    assert.equal(r.status, 200)
    assert.equal(r.json().httpMethod, 'DELETE')
    const ignored = await call('POST', '/pets', { 'X-HTTP-Method-Override': 'BREW' })
    assert.equal(ignored.json().httpMethod, 'POST')
  })

  test('HEAD answers without a body', async () => {
    const r = await call('HEAD', '/pets')
    assert.equal(r.status, 200)
    assert.equal(r.body, '')
  })

  test('a stage that throws → 500 Internal server error, logged and published', async () => {
    const published: RequestErrorMessage[] = []
    const listener = (m: unknown) => published.push(m as RequestErrorMessage)
    diagnostics.subscribe('portico:request:error', listener)
    try {
      const before = errors.length
      const r = await call('GET', '/pets', { 'x-test-throw': '1' })
      assert.equal(r.status, 500)
      assert.deepEqual(r.json(), { message: 'Internal server error' })
      assert.equal(r.headers['x-amzn-errortype'], 'InternalServerErrorException')
      assert.ok(r.headers['x-amzn-requestid'])
      assert.equal(errors.length, before + 1)
      assert.equal((errors.at(-1) as Error).message, 'stage exploded')
      assert.equal(published.length, 1)
      assert.equal(published[0]!.ctx.requestId, r.headers['x-amzn-requestid'])
    } finally {
      diagnostics.unsubscribe('portico:request:error', listener)
    }
  })

  test('start and end are published with the status', async () => {
    const starts: RequestStartMessage[] = []
    const ends: RequestEndMessage[] = []
    const onStart = (m: unknown) => starts.push(m as RequestStartMessage)
    const onEnd = (m: unknown) => ends.push(m as RequestEndMessage)
    diagnostics.subscribe('portico:request:start', onStart)
    diagnostics.subscribe('portico:request:end', onEnd)
    try {
      await call('GET', '/pets', { 'x-amzn-RequestId': 'observe-me' })
      await call('GET', '/missing', { 'x-amzn-RequestId': 'observe-me-too' })
      const mine = ends.filter((e) => e.ctx.requestId.startsWith('observe-me'))
      assert.deepEqual(mine.map((e) => [e.ctx.requestId, e.statusCode]), [['observe-me', 200], ['observe-me-too', 403]])
      assert.ok(mine.every((e) => e.durationMs >= 0))
      assert.equal(starts.filter((s) => s.ctx.requestId.startsWith('observe-me')).length, 2)
    } finally {
      diagnostics.unsubscribe('portico:request:start', onStart)
      diagnostics.unsubscribe('portico:request:end', onEnd)
    }
  })
})

describe('answers of every kind', () => {
  const stages: Record<string, PipelineStage[]> = {
    '/sent': [
      function streams(ctx) {
        const body = ctx.sink.stream(201, ['content-type', 'text/plain'])
        body.write(Buffer.from('streamed'))
        body.end()
        return { kind: 'sent', statusCode: 201 }
      },
    ],
    '/silent': [() => undefined],
    '/async-throw': [
      async function fails() {
        await new Promise((r) => setTimeout(r, 5))
        throw new TypeError('late failure')
      },
    ],
    '/throw-after-headers': [
      function half(ctx) {
        ctx.sink.stream(200, []).write(Buffer.from('partial'))
        throw new Error('mid-stream')
      },
    ],
  }
  const running = useServed(() => {
    const api = apiDefinition(Object.fromEntries(Object.keys(stages).map((p) => [p, ['GET']])))
    const p = compilePlan({ snapshot: api, deploymentId: 'd', stage: stage(), upstream: noUpstream, integrations: ({ resource }) => stages[resource.path]! })
    return [p]
  })

  const get = (path: string) => send(running.address.port, { path: `/_aws/execute-api/${API_ID}/prod${path}` })

  test('sent: the stage wrote the response (request ids included)', async () => {
    const r = await get('/sent')
    assert.equal(r.status, 201)
    assert.equal(r.body, 'streamed')
    assert.ok(r.headers['x-amzn-requestid'])
  })

  test('no stage answering is a configuration error (500)', async () => {
    const r = await get('/silent')
    assert.equal(r.status, 500)
    assert.deepEqual(r.json(), { message: 'Internal server error' })
  })

  test('an async exception → 500', async () => {
    const r = await get('/async-throw')
    assert.equal(r.status, 500)
  })

  test('an exception after the headers went out closes the connection', async () => {
    await assert.rejects(get('/throw-after-headers'))
    const r = await get('/sent')
    assert.equal(r.status, 201)
  })
})
