/**
 * Issue 14: under a starved event loop, Node's keep-alive timer closed connections whose next
 * request was already waiting unread. An idle keep-alive socket's timer is due in the loop's
 * timers phase, which runs before the poll phase that would read the request: a loop busy past
 * the timeout (a load, a long render) wakes to the timer first and Node destroys the socket, so
 * the client's request — sent in time — gets a reset. The listener now closes an idle socket one
 * turn later, and only if nothing arrived on it meanwhile (data/server.ts, closeIdleSocket).
 *
 * The loop is starved here by the test itself (a synchronous spin in this process, which also
 * runs the gateway); the request is in the kernel's buffer before the spin begins. Asserted: the
 * answer, not a time.
 */
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { connect, type Socket } from 'node:net'
import { API_ID, apiDefinition, plan, useServed } from './fixtures.ts'

const PREFIX = `/_aws/execute-api/${API_ID}/prod`
/** Node closes an idle keep-alive socket this long after the answer: the setting plus its own 1 s buffer */
const KEEP_ALIVE_MS = 100
const NODE_BUFFER_MS = 1_000

/** A raw keep-alive connection that collects what the server sends and whether it closed. */
function client(port: number): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    let text = ''
    const socket = connect(port, '127.0.0.1', () => resolve({ socket, received: () => text, closed }))
    const closed = new Promise<void>((done) => socket.once('close', () => done()))
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')))
    socket.on('error', () => {})
    socket.once('error', reject)
  })
}

/** resolves when `read()` holds `count` complete answers (each ends with the MOCK body), or the socket closed */
function answers(c: Awaited<ReturnType<typeof client>>, count: number): Promise<number> {
  const n = () => c.received().split('HTTP/1.1 ').length - 1
  return new Promise((resolve) => {
    const check = (): void => {
      if (n() >= count && c.received().endsWith('}')) return resolve(n())
    }
    c.socket.on('data', check)
    void c.closed.then(() => resolve(n()))
    check()
  })
}

/** blocks this process's event loop for `ms`: what a saturated gateway's loop does to its timers */
function starve(ms: number): void {
  const until = performance.now() + ms
  while (performance.now() < until);
}

describe('keep-alive under a starved event loop', () => {
  const running = useServed(() => [plan(apiDefinition({ '/pets': ['GET'] }))], { limits: { keepAliveTimeoutMs: KEEP_ALIVE_MS } })

  test('a request sent before the keep-alive timeout is answered even when the loop wakes after it', async () => {
    const c = await client(running.address.port)
    try {
      c.socket.write(`GET ${PREFIX}/pets HTTP/1.1\r\nHost: x\r\n\r\n`)
      assert.equal(await answers(c, 1), 1)
      // the second request reaches the kernel now; the loop only wakes after the socket's timer is due
      c.socket.write(`GET ${PREFIX}/pets HTTP/1.1\r\nHost: x\r\n\r\n`)
      starve(KEEP_ALIVE_MS + NODE_BUFFER_MS + 500)
      const got = await answers(c, 2)
      assert.equal(got, 2, `the second request was dropped with its connection: ${JSON.stringify(c.received())}`)
      assert.match(c.received().split('HTTP/1.1 ')[2]!, /^200 /)
    } finally {
      c.socket.destroy()
    }
  })

  test('an idle keep-alive connection is still closed', async () => {
    const c = await client(running.address.port)
    c.socket.write(`GET ${PREFIX}/pets HTTP/1.1\r\nHost: x\r\n\r\n`)
    assert.equal(await answers(c, 1), 1)
    await c.closed
    assert.equal(c.socket.destroyed, true)
  })
})
