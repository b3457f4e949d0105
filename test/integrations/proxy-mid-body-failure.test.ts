/**
 * Issue 14, defect 7: an HTTP_PROXY backend that fails after its head was streamed to the
 * client. The status cannot change any more, so the client's response must be cut off (never a
 * short 200 that looks complete), and the request must count as the 5xx integration failure it
 * is in metrics, the access log and the execution log. And the 10 MB payload limit applies to
 * streamed responses as it does to buffered ones.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import type { Method } from '../../src/model/index.ts'
import { apiDefinition, send } from '../data/fixtures.ts'
import { useObserved } from '../observe/observe-fixtures.ts'

const TEN_MB = 10 * 1024 * 1024
const CHUNK = Buffer.alloc(256 * 1024, 0x61)

let backend: Server

const o = useObserved(async (own) => {
  backend = createServer((req, res) => {
    const url = new URL(req.url!, 'http://backend')
    if (url.pathname === '/reset') {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': '100000' })
      res.write('hello world')
      // after the client has the head and the first bytes
      setTimeout(() => res.socket?.destroy(), Number(url.searchParams.get('after') ?? 50))
      return
    }
    if (url.pathname === '/declared-huge') {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(TEN_MB + 1) })
      // the body never needs to come: the length alone is refused
      res.write(CHUNK)
      return
    }
    if (url.pathname === '/chunked-huge') {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' })
      let sent = 0
      const more = (): void => {
        while (sent <= TEN_MB && !res.destroyed) {
          sent += CHUNK.length
          if (!res.write(CHUNK)) return void res.once('drain', more)
        }
        if (!res.destroyed) res.end()
      }
      more()
      return
    }
    if (url.pathname === '/exactly-ten-mb') {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(TEN_MB) })
      for (let sent = 0; sent < TEN_MB; sent += CHUNK.length) res.write(CHUNK)
      res.end()
      return
    }
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end('fine')
  })
  await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve))
  own({
    close() {
      backend.closeAllConnections()
      return new Promise<void>((resolve) => backend.close(() => resolve()))
    },
  })
  const origin = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`
  const proxy = (path: string): Partial<Method> => ({ methodIntegration: { type: 'HTTP_PROXY', httpMethod: 'GET', uri: `${origin}${path}`, timeoutInMillis: 10_000 } })
  const api = apiDefinition({
    '/reset': { GET: proxy('/reset') },
    '/declared-huge': { GET: proxy('/declared-huge') },
    '/chunked-huge': { GET: proxy('/chunked-huge') },
    '/exactly-ten-mb': { GET: proxy('/exactly-ten-mb') },
    '/fine': { GET: proxy('/fine') },
  })
  return {
    api,
    stage: {
      methodSettings: { '*/*': { loggingLevel: 'ERROR' } as never },
      accessLogSettings: { format: '$context.status $context.error.responseType $context.integration.error', destinationArn: 'arn:portico:stdout' },
    },
    integrations: { real: true },
  }
})

/** How a plain node:http client experiences the response: its status, the bytes it got, and whether it ended cleanly. */
function fetchRaw(path: string): Promise<{ status: number; bytes: number; outcome: 'end' | 'aborted' | 'error' }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: o.running.address.port, path: `/_aws/execute-api/a1b2c3d4e5/prod${path}`, agent: false }, (res) => {
      let bytes = 0
      let settled = false
      const done = (outcome: 'end' | 'aborted' | 'error'): void => {
        if (settled) return
        settled = true
        resolve({ status: res.statusCode!, bytes, outcome })
      }
      res.on('data', (chunk: Buffer) => (bytes += chunk.length))
      res.on('end', () => done(res.complete ? 'end' : 'aborted'))
      res.on('aborted', () => done('aborted'))
      res.on('error', () => done('error'))
    })
    req.on('error', reject)
    req.end()
  })
}

async function fiveHundreds(): Promise<number> {
  const text = (await send(o.running.address.port, { path: '/metrics' })).body
  return Number(/^apigateway_5xx_error_total\{[^}]*\} (\d+)$/m.exec(text)?.[1] ?? 0)
}

function executionLog(): string[] {
  return readFileSync(join(o.dir, 'logs', 'API-Gateway-Execution-Logs_a1b2c3d4e5', 'prod.log'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { message: string }).message)
}

function accessLines(): string[] {
  return o.stdout.text().split('\n').filter((line) => line !== '')
}

describe('HTTP_PROXY: a backend failing after its head was sent', () => {
  it('cuts the client off and counts a 5xx integration failure', async () => {
    const before = await fiveHundreds()
    const seen = await fetchRaw('/reset')
    assert.equal(seen.status, 200, 'the head was already out')
    assert.notEqual(seen.outcome, 'end', `the client must not see a complete response (${seen.bytes} bytes)`)
    assert.ok(seen.bytes < 100_000)
    assert.equal(await fiveHundreds(), before + 1)
    await o.observer.flush()
    assert.ok(
      executionLog().some((m) => /^Execution failed due to a network error communicating with endpoint.*after the response had started with status 200/.test(m)),
      executionLog().join('\n'),
    )
    assert.match(accessLines().at(-1)!, /^500 INTEGRATION_FAILURE \S/)
    // the gateway still serves
    assert.equal((await fetchRaw('/fine')).outcome, 'end')
  })

  it('also when the reset arrives in the turn the head came in', async () => {
    const before = await fiveHundreds()
    const seen = await fetchRaw('/reset?after=0')
    assert.notEqual(seen.outcome, 'end')
    assert.equal(await fiveHundreds(), before + 1)
  })
})

describe('HTTP_PROXY: the 10 MB response limit', () => {
  it('refuses a declared Content-Length over 10 MB before the head, as HTTP does', async () => {
    const reply = await send(o.running.address.port, { path: '/_aws/execute-api/a1b2c3d4e5/prod/declared-huge' })
    assert.equal(reply.status, 500)
    assert.deepEqual(reply.json(), { message: 'Internal server error' })
    await o.observer.flush()
    assert.ok(executionLog().includes(`Execution failed due to an integration error: endpoint response body exceeds ${TEN_MB} bytes`))
  })

  it('cuts off a streamed body without a length once it passes 10 MB, counted as a failure', async () => {
    const before = await fiveHundreds()
    const seen = await fetchRaw('/chunked-huge')
    assert.equal(seen.status, 200)
    assert.notEqual(seen.outcome, 'end')
    assert.ok(seen.bytes <= TEN_MB)
    assert.equal(await fiveHundreds(), before + 1)
  })

  it('streams exactly 10 MB whole', async () => {
    const seen = await fetchRaw('/exactly-ten-mb')
    assert.deepEqual(seen, { status: 200, bytes: TEN_MB, outcome: 'end' })
  })
})
