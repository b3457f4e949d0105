/**
 * Issue 14, defect 1: one request could kill the process (`Fatal JavaScript invalid size error`)
 * or hold the event loop for minutes through the JSONPath of a mapping template. Each hostile
 * request must now end in AWS's 500 for a failed template while the process lives and keeps
 * answering. A real `portico serve` in a child process, over HTTP.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { usePorticoServe } from '../support/cli.ts'

/** Only a safety net: each hostile request is answered within about a second once fixed. */
const SAFETY_MS = 20_000

function mock(requestTemplate: string): Record<string, unknown> {
  return {
    responses: { '200': { description: 'ok' } },
    'x-amazon-apigateway-integration': {
      type: 'mock',
      requestTemplates: { 'application/json': requestTemplate },
      responses: { default: { statusCode: '200', responseTemplates: { 'application/json': '{"done": true}' } } },
    },
  }
}

const spec = {
  openapi: '3.0.1',
  info: { title: 'Blowup', version: '1' },
  paths: {
    '/dyn': { post: mock(`#set($p=$input.params('p')){"statusCode": 200, "dyn": $input.json($p)}`) },
    '/ids': { post: mock(`{"statusCode": 200, "ids": $input.json('$..item..id')}`) },
    '/ping': { get: mock('{"statusCode": 200}') },
  },
}

/** `{"a":{"a":…1…}}`, `depth` levels */
function chain(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)
}

/** 900 nested `item`s, each with 100 ids: `$..item..id` lists every id list below every item (about 275 KB) */
function nestedItems(): string {
  const ids = `[${Array.from({ length: 100 }, (_, i) => i).join(',')}]`
  return '{"item":' + `{"id":${ids},"item":`.repeat(900) + '{"x":1}' + '}'.repeat(901)
}

describe('a mapping template cannot kill or freeze the gateway through JSONPath', () => {
  const dir = mkdtempSync(join(tmpdir(), 'portico-blowup-'))
  const file = join(dir, 'blowup.json')
  let base: string

  const server = usePorticoServe([file, '--port', '0', '--data-dir', join(dir, 'data')], {}, {
    prepare: () => {
      writeFileSync(file, JSON.stringify(spec))
      return () => rmSync(dir, { recursive: true, force: true })
    },
    setup: (started) => {
      const apiId = /Blowup \(([a-z0-9]{10})\)/.exec(started.stdout)?.[1]
      assert.ok(apiId, started.stdout)
      base = `${started.url}/_aws/execute-api/${apiId}/dev`
    },
    // a gateway whose event loop is stuck cannot run its SIGTERM handler: SIGKILL it after a grace period
    killAfterMs: 10_000,
  })

  const post = (path: string, body: string): Promise<Response> =>
    fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(SAFETY_MS) })
  const ping = (): Promise<Response> => fetch(base + '/ping', { headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(SAFETY_MS) })

  async function assertAlive(): Promise<void> {
    assert.equal(server.child.exitCode, null, 'the gateway process exited')
    assert.equal(server.child.signalCode, null, 'the gateway process was killed')
    const res = await ping()
    assert.equal(res.status, 200)
    assert.deepEqual(await res.json(), { done: true })
  }

  async function assertTemplateFailure(res: Response): Promise<void> {
    assert.equal(res.status, 500)
    assert.deepEqual(await res.json(), { message: 'Internal server error' })
  }

  it('nested `..` in a dynamic path over a 500-deep body answers 500 after a warm-up, and the process lives', async () => {
    const wide = JSON.stringify(Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, i])))
    for (let i = 0; i < 50; i++) {
      const res = await post(`/dyn?p=${encodeURIComponent('$..*')}`, wide)
      assert.equal(res.status, 200)
      await res.arrayBuffer()
    }
    const [hostile, other] = await Promise.all([post(`/dyn?p=${encodeURIComponent('$..a..a..a..a..a')}`, chain(500)), ping()])
    await assertTemplateFailure(hostile)
    assert.equal(other.status, 200)
    await assertAlive()
  })

  it('a filter regex with nested repetition answers 500 instead of backtracking for minutes', async () => {
    const body = JSON.stringify([{ s: 'a'.repeat(40) + 'b' }])
    const [hostile, other] = await Promise.all([post(`/dyn?p=${encodeURIComponent('$[?(@.s =~ /(a+)+$/)]')}`, body), ping()])
    await assertTemplateFailure(hostile)
    assert.equal(other.status, 200)
    await assertAlive()
  })

  it('a fixed `$..item..id` over a large nested body answers 500, and other requests are answered', async () => {
    const [hostile, other] = await Promise.all([post('/ids', nestedItems()), ping()])
    await assertTemplateFailure(hostile)
    assert.equal(other.status, 200)
    await assertAlive()
    const small = await post('/ids', '{"item": {"id": 1, "item": {"id": 2}}}')
    assert.equal(small.status, 200)
  })
})
